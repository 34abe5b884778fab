import { CircleAlert, X } from 'lucide-react';
import type { ErrorLocation } from '../../../shared/errors';
import { t as translate, useTranslation } from '../i18n';
import { useToastStore } from '../stores/StudioProvider';
import { MappingLink, mentionsMappingScreen } from '../features/mapping/MappingLink';

/** "file students.csv, row 12, column birth_date": the place a problem was found. */
export function describeLocation(where: ErrorLocation | undefined): string | null {
  if (!where) return null;
  const parts: string[] = [];
  if (where.file) parts.push(translate('toast.place.file', { value: where.file }));
  if (where.table) parts.push(translate('toast.place.table', { value: where.table }));
  if (where.line !== undefined) parts.push(translate('toast.place.line', { value: where.line }));
  if (where.row !== undefined) parts.push(translate('toast.place.row', { value: where.row }));
  if (where.column !== undefined) parts.push(translate('toast.place.column', { value: where.column }));
  if (where.field) parts.push(translate('toast.place.field', { value: where.field }));
  return parts.length > 0 ? parts.join(translate('toast.place.separator')) : null;
}

/**
 * Errors from the engine: code, what happened, where, and what to do next. Each goes away on
 * its own after a while (not while the pointer or the keyboard focus is on it), when the same
 * call later succeeds, and when another project is opened.
 */
export function ToastArea() {
  const { t } = useTranslation();
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  const hold = useToastStore((s) => s.hold);
  const release = useToastStore((s) => s.release);
  return (
    <section className="toast-area" aria-label={t('app.notifications')}>
      {toasts.map((toast) => {
        const location = describeLocation(toast.error.where);
        return (
          <div
            key={toast.id}
            className="toast toast-error"
            role="alert"
            data-testid="error-toast"
            onMouseEnter={() => hold(toast.id)}
            onMouseLeave={() => release(toast.id)}
            onFocus={() => hold(toast.id)}
            onBlur={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) release(toast.id);
            }}
          >
            <CircleAlert aria-hidden="true" size={20} className="toast-icon" />
            <div className="toast-body">
              <div className="toast-heading">
                {toast.action && <span className="toast-action">{t('toast.failed', { action: toast.action })}</span>}
                <code className="toast-code">{toast.error.code}</code>
                {toast.repeats > 1 && <span className="toast-repeats">{t('toast.repeats', { count: toast.repeats })}</span>}
              </div>
              <p className="toast-message" dir="auto">
                {toast.error.message}
              </p>
              {location && <p className="toast-where">{t('toast.where', { location })}</p>}
              <p className="toast-hint" dir="auto">
                <strong>{t('toast.whatToDo')}</strong>
                {toast.error.hint}
              </p>
              {(mentionsMappingScreen(toast.error.hint) || mentionsMappingScreen(toast.error.message)) && (
                <MappingLink focus={{ stream: toast.error.where?.table, field: toast.error.where?.field, column: toast.error.where?.column === undefined ? undefined : String(toast.error.where.column) }} />
              )}
            </div>
            <button type="button" className="btn btn-icon btn-ghost" aria-label={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
              <X aria-hidden="true" size={16} />
            </button>
          </div>
        );
      })}
    </section>
  );
}
