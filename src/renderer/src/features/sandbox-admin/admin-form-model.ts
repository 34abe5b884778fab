import type { ThrottleExceptionRequest } from '../../stores/sandbox-admin-store';

/** The largest limits the engine takes (its request schema). */
export const MAX_PER_MINUTE = 1_000_000;
export const MAX_PER_HOUR = 100_000_000;
export const MAX_REASON = 500;

/** A whole number from 1 to `max`, or the sentence that says what to type instead. */
export function limitProblem(raw: string, what: string, max: number): string | null {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(value) || value < 1 || value > max) return `Enter the ${what} as a whole number from 1 to ${max.toLocaleString('en')}.`;
  return null;
}

/** Per-minute and per-hour limits as typed; the hourly one cannot sensibly be below the per-minute one. */
export function limitsProblems(perMinute: string, perHour: string): { perMinute?: string; perHour?: string } {
  const problems: { perMinute?: string; perHour?: string } = {};
  const minute = limitProblem(perMinute, 'requests per minute', MAX_PER_MINUTE);
  const hour = limitProblem(perHour, 'requests per hour', MAX_PER_HOUR);
  if (minute) problems.perMinute = minute;
  if (hour) problems.perHour = hour;
  if (!minute && !hour && Number(perHour) < Number(perMinute)) problems.perHour = 'The hourly limit is below the per-minute one; make it at least as large.';
  return problems;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment as a `datetime-local` input's value (local time, to the minute). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO timestamp; null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A date input's value (`YYYY-MM-DD`) as the ISO timestamp of that local midnight; null when empty or not a date. */
export function fromDateInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = new Date(`${value}T00:00`).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The throttle-exception form as typed. */
export interface ExceptionFields {
  clientId: string;
  perMinute: string;
  perHour: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

export type ExceptionErrors = Partial<Record<keyof ExceptionFields, string>>;

/** A migration window: starting now (to the minute), four hours long. */
export const DEFAULT_WINDOW_HOURS = 4;

export function defaultExceptionFields(now: number, clientId: string, limits: { perMinute: number; perHour: number } | null): ExceptionFields {
  const start = Math.floor(now / 60_000) * 60_000;
  return {
    clientId,
    // A migration window usually wants headroom: twice the default rule's limits as a start.
    perMinute: limits ? String(limits.perMinute * 2) : '',
    perHour: limits ? String(limits.perHour * 2) : '',
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(start + DEFAULT_WINDOW_HOURS * 3_600_000),
    reason: '',
  };
}

export function validateException(fields: ExceptionFields, now: number): ExceptionErrors {
  const errors: ExceptionErrors = { ...limitsProblems(fields.perMinute, fields.perHour) };
  if (fields.clientId === '') errors.clientId = 'Choose the API client the exception is for.';
  const starts = fromLocalInput(fields.startsAt);
  const ends = fromLocalInput(fields.endsAt);
  if (!starts) errors.startsAt = 'Enter when the window starts.';
  if (!ends) errors.endsAt = 'Enter when the window ends.';
  else if (starts && Date.parse(ends) <= Date.parse(starts)) errors.endsAt = 'The window must end after it starts.';
  else if (Date.parse(ends) <= now) errors.endsAt = 'This window is already over; choose an end in the future.';
  if (fields.reason.length > MAX_REASON) errors.reason = `Keep the reason under ${MAX_REASON} characters.`;
  return errors;
}

/** The request for `sandboxAdmin.createThrottleException` (call only when the form is valid). */
export function toExceptionRequest(fields: ExceptionFields): ThrottleExceptionRequest {
  const reason = fields.reason.trim();
  return {
    clientId: fields.clientId,
    perMinute: Number(fields.perMinute),
    perHour: Number(fields.perHour),
    startsAt: fromLocalInput(fields.startsAt)!,
    endsAt: fromLocalInput(fields.endsAt)!,
    ...(reason ? { reason } : {}),
  };
}
