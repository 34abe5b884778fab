import './settings.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Spinner } from '../../components/Spinner';
import { useTranslation } from '../../i18n';
import type { ThemePreference } from '../../stores/settings-store';
import { useProjectStore, useSettingsStore } from '../../stores/StudioProvider';
import { AboutCard } from './AboutCard';
import { HealthCheckCard } from './HealthCheckCard';
import { GoNoGoCard } from './GoNoGoCard';
import { NotificationsCards } from './NotificationsCards';
import { PersonRequestsCard } from './PersonRequestsCard';
import { TargetProfileCard } from './TargetProfileCard';

const THEMES: ThemePreference[] = ['light', 'dark', 'system'];

export const BATCH_SIZE_MIN = 1;
export const BATCH_SIZE_MAX = 500;

export function SettingsScreen() {
  const { t } = useTranslation();
  const hasProject = useProjectStore((s) => s.project !== null);
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>{t('settings.title')}</h1>
          <p className="screen-subtitle">{t('settings.subtitle')}</p>
        </div>
      </header>
      <div className="settings-layout">
        <div className="stack">
          <AppearanceCard />
          {hasProject ? <ProjectSettingsCard /> : <p className="card muted">{t('settings.noProject')}</p>}
          {hasProject && <HealthCheckCard />}
          {hasProject && <PersonRequestsCard />}
        </div>
        <div className="stack">
          {hasProject && <TargetProfileCard />}
          {hasProject && <GoNoGoCard />}
          <AboutCard />
        </div>
      </div>
      {hasProject && (
        <div className="stack settings-notifications">
          <NotificationsCards />
        </div>
      )}
    </div>
  );
}

function AppearanceCard() {
  const { t } = useTranslation();
  const theme = useSettingsStore((s) => s.theme);
  const setTheme = useSettingsStore((s) => s.setTheme);
  const name = useId();
  return (
    <section className="card" aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`} className="card-title">
        {t('settings.appearance')}
      </h2>
      <fieldset className="plain-fieldset">
        <legend className="field-label">{t('settings.theme')}</legend>
        <div className="radio-group">
          {THEMES.map((value) => (
            <label key={value} className="radio">
              <input type="radio" name={name} value={value} checked={theme === value} onChange={() => void setTheme(value)} />
              {t(`shell.theme.${value}`)}
            </label>
          ))}
        </div>
        <p className="field-help">{t('settings.themeHelp')}</p>
      </fieldset>
    </section>
  );
}

function ProjectSettingsCard() {
  const { t } = useTranslation();
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const saving = useSettingsStore((s) => s.saving);
  const [batchSize, setBatchSize] = useState('');
  const ids = { mask: useId(), maskHelp: useId(), batch: useId(), batchHelp: useId(), batchError: useId() };

  useEffect(() => {
    if (settings) setBatchSize(String(settings.batchSize));
  }, [settings]);

  if (!settings) {
    return (
      <div className="card panel-loading">
        <Spinner /> {t('settings.loading')}
      </div>
    );
  }

  const parsed = Number(batchSize);
  const batchValid = Number.isInteger(parsed) && parsed >= BATCH_SIZE_MIN && parsed <= BATCH_SIZE_MAX;
  const batchChanged = batchValid && parsed !== settings.batchSize;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (batchChanged) void update({ batchSize: parsed });
  };

  return (
    <form className="card form" onSubmit={onSubmit} aria-label={t('settings.form')}>
      <h2 className="card-title">{t('settings.privacy')}</h2>
      <label className="checkbox" htmlFor={ids.mask}>
        <input
          id={ids.mask}
          type="checkbox"
          checked={settings.maskPersonalData}
          onChange={(e) => void update({ maskPersonalData: e.target.checked })}
          aria-describedby={ids.maskHelp}
        />
        {t('settings.mask')}
      </label>
      <p id={ids.maskHelp} className="field-help">
        {t('settings.maskHelp')}
      </p>
      <h2 className="card-title">{t('settings.runs')}</h2>
      <label htmlFor={ids.batch}>{t('settings.batchSize')}</label>
      <div className="inline-field">
        <input
          id={ids.batch}
          className="input input-number"
          type="number"
          min={BATCH_SIZE_MIN}
          max={BATCH_SIZE_MAX}
          step={1}
          value={batchSize}
          onChange={(e) => setBatchSize(e.target.value)}
          aria-invalid={!batchValid}
          aria-describedby={`${ids.batchHelp}${batchValid ? '' : ` ${ids.batchError}`}`}
        />
        <button type="submit" className="btn" disabled={!batchChanged || saving}>
          {saving && <Spinner />}
          {t('settings.save')}
        </button>
      </div>
      {!batchValid && (
        <p id={ids.batchError} className="field-error">
          {t('settings.batchError', { min: BATCH_SIZE_MIN, max: BATCH_SIZE_MAX })}
        </p>
      )}
      <p id={ids.batchHelp} className="field-help">
        {t('settings.batchHelp', { min: BATCH_SIZE_MIN, max: BATCH_SIZE_MAX })}
      </p>
    </form>
  );
}
