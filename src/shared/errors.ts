/**
 * Typed errors that cross every boundary (IPC, WebSocket, CLI `--json`).
 *
 * A code is stable (scripts and tests match on it); the message says what happened in words a
 * school IT person understands; the hint says what to do next. `where` pins the place (file,
 * line, row, column, table) when there is one.
 */
export interface StudioErrorShape {
  code: ErrorCode;
  message: string;
  hint: string;
  where?: ErrorLocation;
  details?: Record<string, unknown>;
}

/** Where a problem was found, as precisely as the source allows. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  row?: number;
  column?: string | number;
  table?: string;
  field?: string;
}

/** Every stable error code the studio emits. Add, never rename. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'NO_PROJECT_OPEN',
  'PROJECT_NOT_FOUND',
  'PROJECT_UNREADABLE',
  'PROJECT_EXISTS',
  'PROJECT_NOT_STUDIO_FILE',
  'PROJECT_CORRUPT',
  'PROJECT_TOO_NEW',
  'PROJECT_IN_USE',
  'PROJECT_READ_ONLY',
  'CONNECTION_NOT_FOUND',
  'CONNECTION_FAILED',
  'SOURCE_NOT_FOUND',
  'SOURCE_UNSUPPORTED',
  'STREAM_NOT_FOUND',
  'MAPPING_NOT_FOUND',
  'MAPPING_INVALID',
  'RUN_NOT_FOUND',
  'RUN_ALREADY_ACTIVE',
  'RUN_FAILED',
  'NOTHING_TO_ROLL_BACK',
  'REJECT_NOT_FOUND',
  'NOTHING_TO_RERUN',
  'TARGET_UNREACHABLE',
  'TARGET_AUTH_FAILED',
  'TARGET_REJECTED',
  'PORT_IN_USE',
  'USAGE',
  'CANCELLED',
  'INTERNAL',
  'ASSESSMENT_NOT_FOUND',
  'ASSESSMENT_NOT_READY',
  'ASSESSMENT_ALREADY_ACTIVE',
  'RESOURCES_MISSING',
  'TARGET_UNKNOWN_ENTITY',
  'TARGET_NOT_FOUND',
  'TARGET_CONFLICT',
  'TARGET_RATE_LIMITED',
  'TARGET_UNAVAILABLE',
  'EMBEDDED_TARGET_UNAVAILABLE',
  'SOURCE_ENCODING',
  'SOURCE_CORRUPT',
  'SOURCE_TIMEOUT',
  'SOURCE_UNSAFE',
  'SOURCE_AUTH_FAILED',
  'SOURCE_ENCRYPTED',
  'SOURCE_CHANGED',
  'COLUMN_NOT_FOUND',
  'SOURCE_PERMISSION_DENIED',
  'SOURCE_TLS_FAILED',
  'FILE_EXISTS',
  'VAULT_KEY_MISSING',
  'VAULT_KEY_UNREADABLE',
  'VAULT_KEY_PERMISSIONS',
  'VAULT_KEY_LOCKED',
  'VAULT_WRONG_PASSPHRASE',
  'VAULT_NEEDS_REENTRY',
  'VAULT_SECRET_NOT_SET',
  'VAULT_SECRET_DAMAGED',
  'AUDIT_EXPORT_FAILED',
  'SOURCE_QUERY_FAILED',
  'REPORT_PRINTER_MISSING',
  'REPORT_PRINT_FAILED',
  'SIGNATURE_INVALID',
  'TARGET_TIMEOUT',
  'FIX_NOT_ADOPTABLE',
  'TARGET_PROFILE_INVALID',
  'SANDBOX_ADMIN_UNAVAILABLE',
  'MESSAGE_TOO_LARGE',
  'TOO_MANY_CALLS',
  /** A file or folder nobody picked in this session (security: the API reads only what a person chose). */
  'SOURCE_NOT_GRANTED',
  /** The studio's own key, project, sandbox or configuration files: never readable as a source. */
  'SOURCE_PROTECTED',
  'CROSSWALK_NOT_FOUND',
  'MIGRATION_PLAN_INVALID',
  /** A school-year rollover that cannot be applied yet: none previewed, already applied, or blocked by problems (each with its place and fix). */
  'ROLLOVER_NOT_READY',
  /** The target or the rollover rules changed between the preview and the apply: preview again. */
  'ROLLOVER_STALE',
  /** A sync schedule that cannot be used: a bad cron expression, an unknown time zone, a blackout window out of order. */
  'SCHEDULE_INVALID',
  /** An Academia Pro event (webhook or events feed) about an entity the studio does not know: reported, never applied. */
  'EVENT_UNKNOWN_ENTITY',
  /** A REST source kept answering 429 / asked to wait longer than the connection allows. */
  'SOURCE_RATE_LIMITED',
  /** A REST source's paging came back to a page it had already given (a repeating cursor or next link). */
  'SOURCE_PAGING_LOOP',
  /** A REST source answered JSON that is not the shape expected (no records list where recordPath says). */
  'SOURCE_UNEXPECTED_SHAPE',
  /** A sync definition that does not fit the project's mappings or the target's model. */
  'SYNC_INVALID',
  'SYNC_NOT_FOUND',
  /** Kept for callers that knew it: two-way syncs run now (issue 19 point 4), so it is no longer raised. */
  'SYNC_TWO_WAY_UNSUPPORTED',
  /** A two-way conflict id the project does not hold. */
  'SYNC_CONFLICT_NOT_FOUND',
  /** Deciding a conflict that is already applied (or decided by a policy). */
  'SYNC_CONFLICT_CLOSED',
  /** Writing values back into the legacy source failed (the transaction was rolled back). */
  'SYNC_WRITE_BACK_FAILED',
  /** Approving a run that is not held, or a category it does not hold. */
  'SYNC_NOT_HELD',
  /** Outgoing webhooks and alert email (issue 20). */
  'WEBHOOK_URL_INVALID',
  'WEBHOOK_NOT_FOUND',
  'WEBHOOK_DELIVERY_NOT_FOUND',
  'SMTP_NOT_CONFIGURED',
  'SMTP_AUTH_FAILED',
  'SMTP_RECIPIENT_REFUSED',
  'SMTP_UNREACHABLE',
  'SMTP_FAILED',
  /** monitoring.acknowledge / resolve / alertHistory with an id no alert has. */
  'ALERT_NOT_FOUND',
  /** projects.personExport / personErase: the project holds nothing under that entity and key. */
  'PERSON_NOT_FOUND',
  /** A report schedule that cannot be used (cron, time zone, folder not granted, no destination…): `where.field` names it. */
  'REPORT_SCHEDULE_INVALID',
  'REPORT_SCHEDULE_NOT_FOUND',
  /** A scheduled report could not be written to its folder (gone, not writable). */
  'REPORT_DELIVERY_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error class the engine throws on purpose. Anything else is reported as INTERNAL. */
export class StudioError extends Error implements StudioErrorShape {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly where?: ErrorLocation;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, hint: string, extra: { where?: ErrorLocation; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'StudioError';
    this.code = code;
    this.hint = hint;
    this.where = extra.where;
    this.details = extra.details;
  }

  toJSON(): StudioErrorShape {
    const shape: StudioErrorShape = { code: this.code, message: this.message, hint: this.hint };
    if (this.where) shape.where = this.where;
    if (this.details) shape.details = this.details;
    return shape;
  }
}

/** Turns anything thrown into the wire shape, hiding stack traces and internals. */
export function toErrorShape(err: unknown): StudioErrorShape {
  if (err instanceof StudioError) return err.toJSON();
  if (isErrorShape(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL',
    message: `Something unexpected went wrong: ${message}`,
    hint: 'Try again; if it keeps happening, send the log (Settings → Logs) to your support contact.',
  };
}

export function isErrorShape(value: unknown): value is StudioErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string' && typeof v.hint === 'string';
}

/** Rebuilds a StudioError on the client side of a boundary so callers can `instanceof` it. */
export function fromErrorShape(shape: StudioErrorShape): StudioError {
  return new StudioError(shape.code, shape.message, shape.hint, { where: shape.where, details: shape.details });
}
