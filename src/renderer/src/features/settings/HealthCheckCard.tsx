import { useEffect, useId, useState, type FormEvent } from 'react';
import { Spinner } from '../../components/Spinner';
import { useTranslation } from '../../i18n';
import { useSettingsStore } from '../../stores/StudioProvider';

export const HEALTH_MINUTES_MIN = 0;
export const HEALTH_MINUTES_MAX = 1440;
/** What the engine does when the project says nothing (engine/monitoring/health-schedule.ts). */
const DEFAULT_HEALTH_MINUTES = 5;

/** How often the open project's target and sources are checked (docs/monitoring.md, "Health checks"). */
export function HealthCheckCard() {
  const { t } = useTranslation();
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const saving = useSettingsStore((s) => s.saving);
  const [minutes, setMinutes] = useState('');
  const ids = { input: useId(), help: useId(), error: useId() };
  const stored = settings?.healthCheckMinutes ?? DEFAULT_HEALTH_MINUTES;

  useEffect(() => {
    if (settings) setMinutes(String(settings.healthCheckMinutes ?? DEFAULT_HEALTH_MINUTES));
  }, [settings]);

  if (!settings) return null;
  const parsed = Number(minutes);
  const valid = minutes.trim() !== '' && Number.isInteger(parsed) && parsed >= HEALTH_MINUTES_MIN && parsed <= HEALTH_MINUTES_MAX;
  const changed = valid && parsed !== stored;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (changed) void update({ healthCheckMinutes: parsed });
  };

  return (
    <form className="card form" onSubmit={onSubmit} aria-label={t('settings.health.title')} data-testid="health-check-settings">
      <h2 className="card-title">{t('settings.health.title')}</h2>
      <label htmlFor={ids.input}>{t('settings.health.minutes')}</label>
      <div className="inline-field">
        <input
          id={ids.input}
          className="input input-number"
          type="number"
          min={HEALTH_MINUTES_MIN}
          max={HEALTH_MINUTES_MAX}
          step={1}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          aria-invalid={!valid}
          aria-describedby={`${ids.help}${valid ? '' : ` ${ids.error}`}`}
        />
        <button type="submit" className="btn" disabled={!changed || saving}>
          {saving && <Spinner />}
          {t('settings.health.save')}
        </button>
      </div>
      {!valid && (
        <p id={ids.error} className="field-error">
          {t('settings.health.error', { min: HEALTH_MINUTES_MIN, max: HEALTH_MINUTES_MAX })}
        </p>
      )}
      <p id={ids.help} className="field-help">
        {t('settings.health.help')}
      </p>
    </form>
  );
}
