import { useId } from 'react';
import { useTranslation } from '../../i18n';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';

/**
 * The signing secret the studio made for a new endpoint, shown this one time: it lives only in
 * the caller's state while this dialog is open, and closing it forgets it.
 */
export function WebhookSecretDialog({ name, secret, onClose }: { name: string; secret: string; onClose(): void }) {
  const { t } = useTranslation();
  const ids = { input: useId(), hint: useId() };
  return (
    <Dialog
      open
      title={t('notifications.secret.title', { name })}
      description={t('notifications.secret.body')}
      onClose={onClose}
      testId="webhook-secret-dialog"
      initialFocus="input"
      footer={
        <Button variant="primary" onClick={onClose} testId="webhook-secret-done">
          {t('notifications.secret.done')}
        </Button>
      }
    >
      <label htmlFor={ids.input}>{t('notifications.secret.label')}</label>
      <input id={ids.input} className="input mono" dir="ltr" readOnly value={secret} onFocus={(e) => e.currentTarget.select()} aria-describedby={ids.hint} data-testid="webhook-secret" />
      <p id={ids.hint} className="field-help">
        {t('notifications.secret.copyHint')}
      </p>
    </Dialog>
  );
}
