import './settings.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Spinner } from '../../components/Spinner';
import type { ThemePreference } from '../../stores/settings-store';
import { useProjectStore, useSettingsStore } from '../../stores/StudioProvider';
import { AboutCard } from './AboutCard';
import { TargetProfileCard } from './TargetProfileCard';

const THEMES: { value: ThemePreference; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'Same as the system' },
];

export const BATCH_SIZE_MIN = 1;
export const BATCH_SIZE_MAX = 500;

export function SettingsScreen() {
  const hasProject = useProjectStore((s) => s.project !== null);
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Settings</h1>
          <p className="screen-subtitle">Preferences are kept in the project file, so they travel with it.</p>
        </div>
      </header>
      <div className="settings-layout">
        <div className="stack">
          <AppearanceCard />
          {hasProject ? <ProjectSettingsCard /> : <p className="card muted">Open a project to change its privacy and run settings.</p>}
        </div>
        <div className="stack">
          {hasProject && <TargetProfileCard />}
          <AboutCard />
        </div>
      </div>
    </div>
  );
}

function AppearanceCard() {
  const theme = useSettingsStore((s) => s.theme);
  const setTheme = useSettingsStore((s) => s.setTheme);
  const name = useId();
  return (
    <section className="card" aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`} className="card-title">
        Appearance
      </h2>
      <fieldset className="plain-fieldset">
        <legend className="field-label">Theme</legend>
        <div className="radio-group">
          {THEMES.map((t) => (
            <label key={t.value} className="radio">
              <input type="radio" name={name} value={t.value} checked={theme === t.value} onChange={() => void setTheme(t.value)} />
              {t.label}
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}

function ProjectSettingsCard() {
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
        <Spinner /> Loading settings…
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
    <form className="card form" onSubmit={onSubmit} aria-label="Project settings">
      <h2 className="card-title">Privacy</h2>
      <label className="checkbox" htmlFor={ids.mask}>
        <input
          id={ids.mask}
          type="checkbox"
          checked={settings.maskPersonalData}
          onChange={(e) => void update({ maskPersonalData: e.target.checked })}
          aria-describedby={ids.maskHelp}
        />
        Mask personal data
      </label>
      <p id={ids.maskHelp} className="field-help">
        Names, addresses, birth dates and other text are hidden in grids until you choose Reveal. Identifiers and codes stay visible.
      </p>
      <h2 className="card-title">Runs</h2>
      <label htmlFor={ids.batch}>Batch size</label>
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
          Save
        </button>
      </div>
      {!batchValid && (
        <p id={ids.batchError} className="field-error">
          Enter a whole number from {BATCH_SIZE_MIN} to {BATCH_SIZE_MAX}.
        </p>
      )}
      <p id={ids.batchHelp} className="field-help">
        Records sent to Academia Pro per request ({BATCH_SIZE_MIN}–{BATCH_SIZE_MAX}). Smaller batches are gentler on a slow or rate-limited service.
      </p>
    </form>
  );
}
