import { CircleAlert, X } from 'lucide-react';
import type { ErrorLocation } from '../../../shared/errors';
import { useToastStore } from '../stores/StudioProvider';

/** "file students.csv, row 12, column birth_date": the place a problem was found. */
export function describeLocation(where: ErrorLocation | undefined): string | null {
  if (!where) return null;
  const parts: string[] = [];
  if (where.file) parts.push(`file ${where.file}`);
  if (where.table) parts.push(`table ${where.table}`);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column ${where.column}`);
  if (where.field) parts.push(`field ${where.field}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** Errors from the engine: code, what happened, where, and what to do next. They stay until dismissed. */
export function ToastArea() {
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <section className="toast-area" aria-label="Notifications">
      {toasts.map((toast) => {
        const location = describeLocation(toast.error.where);
        return (
          <div key={toast.id} className="toast toast-error" role="alert" data-testid="error-toast">
            <CircleAlert aria-hidden="true" size={20} className="toast-icon" />
            <div className="toast-body">
              <div className="toast-heading">
                {toast.action && <span className="toast-action">{toast.action} failed</span>}
                <code className="toast-code">{toast.error.code}</code>
                {toast.repeats > 1 && <span className="toast-repeats">×{toast.repeats}</span>}
              </div>
              <p className="toast-message" dir="auto">
                {toast.error.message}
              </p>
              {location && <p className="toast-where">Where: {location}</p>}
              <p className="toast-hint" dir="auto">
                <strong>What to do: </strong>
                {toast.error.hint}
              </p>
            </div>
            <button type="button" className="btn btn-icon btn-ghost" aria-label="Dismiss this message" onClick={() => dismiss(toast.id)}>
              <X aria-hidden="true" size={16} />
            </button>
          </div>
        );
      })}
    </section>
  );
}
