import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SmtpSettings, SmtpTlsMode } from '../../../../shared/model/notify';
import { SecretField } from '../../components/SecretField';
import { useTranslation } from '../../i18n';
import type { SmtpInput } from '../../stores/notifications-store';
import { useNotificationsStore } from '../../stores/StudioProvider';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';

const TLS_MODES: SmtpTlsMode[] = ['none', 'starttls', 'tls'];

interface Draft {
  host: string;
  port: string;
  tls: SmtpTlsMode;
  user: string;
  from: string;
  to: string;
  allowSelfSigned: boolean;
}

const draftOf = (s: SmtpSettings | null): Draft =>
  s
    ? { host: s.host, port: String(s.port), tls: s.tls, user: s.user ?? '', from: s.from, to: s.to.join(', '), allowSelfSigned: s.allowSelfSigned }
    : { host: '', port: '587', tls: 'starttls', user: '', from: '', to: '', allowSelfSigned: false };

/** The draft as the service takes it, or null while something required is missing. */
function settingsOf(d: Draft): SmtpInput | null {
  const port = Number(d.port);
  const to = d.to.split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (d.host.trim() === '' || !Number.isInteger(port) || port < 1 || port > 65_535 || d.from.trim().length < 3 || to.length === 0) return null;
  return { host: d.host.trim(), port, tls: d.tls, user: d.user.trim() === '' ? null : d.user.trim(), from: d.from.trim(), to, allowSelfSigned: d.allowSelfSigned };
}

/**
 * The SMTP server alert email goes through. The password is its own box (SecretField: never in
 * React state) and is saved with the settings shown; "Send test email" uses the saved settings.
 */
export function SmtpCard() {
  const { t } = useTranslation();
  const smtp = useNotificationsStore((s) => s.smtp);
  const busy = useNotificationsStore((s) => s.busy);
  const lastTest = useNotificationsStore((s) => s.lastTest);
  const saveSmtp = useNotificationsStore((s) => s.saveSmtp);
  const testSmtp = useNotificationsStore((s) => s.testSmtp);
  const [draft, setDraft] = useState<Draft>(() => draftOf(smtp?.settings ?? null));
  const [tried, setTried] = useState(false);
  const ids = { host: useId(), port: useId(), tls: useId(), user: useId(), from: useId(), to: useId() };

  useEffect(() => {
    setDraft(draftOf(smtp?.settings ?? null));
  }, [smtp]);

  const settings = settingsOf(draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (settings) void saveSmtp(settings);
  };
  const passwordHelp =
    smtp?.passwordStatus === 'set' ? t('notifications.smtp.passwordSet') : smtp?.passwordStatus === 'needs-reentry' ? t('notifications.smtp.passwordNeedsReentry') : t('notifications.smtp.passwordMissing');
  const tested = lastTest?.kind === 'smtp' ? lastTest.result : null;

  return (
    <Card title={t('notifications.smtp.title')} testId="smtp-card">
      <p className="field-help">{t('notifications.smtp.help')}</p>
      <form className="form" onSubmit={submit} aria-label={t('notifications.smtp.form')} noValidate>
        <label htmlFor={ids.host}>{t('notifications.smtp.host')}</label>
        <input id={ids.host} className="input" dir="ltr" value={draft.host} onChange={(e) => edit({ host: e.target.value })} />
        <label htmlFor={ids.port}>{t('notifications.smtp.port')}</label>
        <input id={ids.port} className="input input-number" type="number" min={1} max={65_535} value={draft.port} onChange={(e) => edit({ port: e.target.value })} />
        <label htmlFor={ids.tls}>{t('notifications.smtp.tls')}</label>
        <select id={ids.tls} value={draft.tls} onChange={(e) => edit({ tls: e.target.value as SmtpTlsMode })}>
          {TLS_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`notifications.smtp.tlsModes.${m}`)}
            </option>
          ))}
        </select>
        <label htmlFor={ids.user}>{t('notifications.smtp.user')}</label>
        <input id={ids.user} className="input" dir="ltr" autoComplete="off" value={draft.user} onChange={(e) => edit({ user: e.target.value })} />
        <label htmlFor={ids.from}>{t('notifications.smtp.from')}</label>
        <input id={ids.from} className="input" dir="ltr" value={draft.from} onChange={(e) => edit({ from: e.target.value })} />
        <label htmlFor={ids.to}>{t('notifications.smtp.to')}</label>
        <input id={ids.to} className="input" dir="ltr" value={draft.to} onChange={(e) => edit({ to: e.target.value })} />
        <label className="checkbox">
          <input type="checkbox" checked={draft.allowSelfSigned} onChange={(e) => edit({ allowSelfSigned: e.target.checked })} />
          {t('notifications.smtp.allowSelfSigned')}
        </label>
        {tried && !settings && (
          <p className="field-error" role="alert">
            {t('notifications.smtp.invalid')}
          </p>
        )}
        <div className="inline-field">
          <Button type="submit" variant="primary" busy={busy === 'smtp'} disabled={busy !== null} testId="smtp-save">
            {t('notifications.smtp.save')}
          </Button>
          <Button busy={busy === 'smtp-test'} disabled={busy !== null || !smtp?.settings} onClick={() => void testSmtp()} testId="smtp-test">
            {t('notifications.smtp.test')}
          </Button>
        </div>
      </form>
      {tested && (
        <p role="status" className="field-help" data-testid="smtp-test-result">
          {t('notifications.smtp.testResult', { to: tested.accepted.join(', '), ms: tested.durationMs })}
        </p>
      )}
      <SecretField
        label={t('notifications.smtp.password')}
        ariaLabel={t('notifications.smtp.passwordForm')}
        help={passwordHelp}
        submitLabel={t('notifications.smtp.savePassword')}
        busy={busy !== null || !settings}
        saving={busy === 'smtp'}
        onSubmit={(password) => (settings ? saveSmtp({ ...settings, password }) : Promise.resolve(false))}
      />
    </Card>
  );
}
