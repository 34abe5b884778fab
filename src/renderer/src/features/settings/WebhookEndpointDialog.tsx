import { useId, useState, type FormEvent } from 'react';
import { WEBHOOK_CONTENT_TYPES, WEBHOOK_EVENT_KINDS, type WebhookContentType, type WebhookEndpointInfo, type WebhookEventKind } from '../../../../shared/model/notify';
import { useTranslation } from '../../i18n';
import type { EndpointInput } from '../../stores/notifications-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';

const DEFAULT_RETRY = { count: 3, intervalsSeconds: [30, 120, 600] };

/** An address the engine will take: http or https with a host (the engine checks the rest). */
export const looksLikeWebhookUrl = (value: string) => /^https?:\/\/[^/\s]+/i.test(value.trim());

/** "30, 120, 600" → [30, 120, 600]; null unless 1–10 whole numbers of 1 to 86400 seconds. */
export function parseIntervals(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const values = parts.map(Number);
  return values.length >= 1 && values.length <= 10 && values.every((v) => Number.isInteger(v) && v >= 1 && v <= 86_400) ? values : null;
}

/**
 * Adds a webhook endpoint or edits one. The form checks the obvious (an http(s) address, an
 * event, a sane retry policy) so a slip is said here; the engine's own checks (WEBHOOK_URL_INVALID)
 * come back as the toast they already become, and the dialog stays open to fix the address.
 */
export function WebhookEndpointDialog({ editing, onClose, onSubmit }: { editing: WebhookEndpointInfo | null; onClose(): void; onSubmit(input: EndpointInput): Promise<boolean> }) {
  const { t } = useTranslation();
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? 'https://');
  const [method, setMethod] = useState<'POST' | 'PUT'>(editing?.method ?? 'POST');
  const [contentType, setContentType] = useState<WebhookContentType>(editing?.contentType ?? 'json');
  const [events, setEvents] = useState<WebhookEventKind[]>(editing?.events ?? []);
  const [retryCount, setRetryCount] = useState(String((editing?.retry ?? DEFAULT_RETRY).count));
  const [intervals, setIntervals] = useState((editing?.retry ?? DEFAULT_RETRY).intervalsSeconds.join(', '));
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const ids = { name: useId(), url: useId(), urlHelp: useId(), method: useId(), contentType: useId(), count: useId(), intervals: useId(), retryHelp: useId(), form: useId() };

  const count = Number(retryCount);
  const parsedIntervals = parseIntervals(intervals);
  const urlOk = looksLikeWebhookUrl(url);
  const retryOk = Number.isInteger(count) && count >= 0 && count <= 10 && parsedIntervals !== null;
  const valid = name.trim() !== '' && urlOk && events.length > 0 && retryOk;

  const toggle = (kind: WebhookEventKind, on: boolean) => setEvents((current) => (on ? WEBHOOK_EVENT_KINDS.filter((k) => k === kind || current.includes(k)) : current.filter((k) => k !== kind)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!valid || saving) return;
    setSaving(true);
    const saved = await onSubmit({ name: name.trim(), url: url.trim(), method, contentType, events, retry: { count, intervalsSeconds: parsedIntervals! }, enabled });
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <Dialog
      open
      title={editing ? t('notifications.form.editTitle', { name: editing.name }) : t('notifications.form.addTitle')}
      onClose={onClose}
      testId="webhook-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('notifications.form.cancel')}</Button>
          <Button variant="primary" type="submit" form={ids.form} busy={saving} testId="webhook-save">
            {editing ? t('notifications.form.save') : t('notifications.form.add')}
          </Button>
        </>
      }
    >
      <form id={ids.form} className="form stack" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={ids.name}>{t('notifications.form.name')}</label>
        <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={tried && name.trim() === ''} />
        <label htmlFor={ids.url}>{t('notifications.form.url')}</label>
        <input id={ids.url} className="input mono" dir="ltr" value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={tried && !urlOk} aria-describedby={ids.urlHelp} />
        <p id={ids.urlHelp} className={tried && !urlOk ? 'field-error' : 'field-help'} role={tried && !urlOk ? 'alert' : undefined}>
          {tried && !urlOk ? t('notifications.form.urlError') : t('notifications.form.urlHelp')}
        </p>
        <div className="inline-field">
          <label htmlFor={ids.method}>{t('notifications.form.method')}</label>
          <select id={ids.method} value={method} onChange={(e) => setMethod(e.target.value as 'POST' | 'PUT')}>
            <option value="POST">POST</option>
            <option value="PUT">PUT</option>
          </select>
          <label htmlFor={ids.contentType}>{t('notifications.form.contentType')}</label>
          <select id={ids.contentType} value={contentType} onChange={(e) => setContentType(e.target.value as WebhookContentType)}>
            {WEBHOOK_CONTENT_TYPES.map((c) => (
              <option key={c} value={c}>
                {t(`notifications.form.contentTypes.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="plain-fieldset">
          <legend className="field-label">{t('notifications.form.events')}</legend>
          {WEBHOOK_EVENT_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" checked={events.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} />
              {t(`notifications.eventKinds.${kind}`)}
            </label>
          ))}
          {tried && events.length === 0 && (
            <p className="field-error" role="alert">
              {t('notifications.form.eventsError')}
            </p>
          )}
        </fieldset>
        <label htmlFor={ids.count}>{t('notifications.form.retryCount')}</label>
        <input id={ids.count} className="input input-number" type="number" min={0} max={10} step={1} value={retryCount} onChange={(e) => setRetryCount(e.target.value)} aria-invalid={tried && !retryOk} />
        <label htmlFor={ids.intervals}>{t('notifications.form.retryIntervals')}</label>
        <input id={ids.intervals} className="input" value={intervals} onChange={(e) => setIntervals(e.target.value)} aria-invalid={tried && !retryOk} aria-describedby={ids.retryHelp} />
        <p id={ids.retryHelp} className={tried && !retryOk ? 'field-error' : 'field-help'} role={tried && !retryOk ? 'alert' : undefined}>
          {tried && !retryOk ? t('notifications.form.retryError') : t('notifications.form.retryHelp')}
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('notifications.form.enabled')}
        </label>
      </form>
    </Dialog>
  );
}
