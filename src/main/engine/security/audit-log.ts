import { StudioError } from '../../../shared/errors';
import type { SqliteDatabase } from '../project/open-database';
import { currentActor } from './actor';
import { writeAuditExport, type AuditExportFormat, type AuditExportResult } from './audit-export';
import { AUDIT_GENESIS_HASH, auditEntryHash, verifyAuditChain, type AuditEntry, type AuditVerifyResult } from './audit-chain';
import { maskSecrets, maskSummary } from './masking';

/** What a service gives to record one action. */
export interface AuditInput {
  /** `<area>.<verb>` in lower case: `connection.add`, `vault.set`, `run.start`, `audit.export`. */
  action: string;
  /** What it was done to: `connection:<id>`, a secret's name, `run:<id>`, `project`. */
  object: string;
  /** What changed, in words. Masked before it is stored (secrets and personal data). */
  summary?: string;
  /** Personal values in the summary to mask wherever they appear (a student's name, an id number). */
  personal?: readonly string[];
}

/** Which entries {@link AuditLog.list} returns (newest first). */
export interface AuditFilter {
  /** Exact action, or a prefix ending in `*` (`vault.*`). */
  action?: string;
  /** Exact object, or a prefix ending in `*` (`connection:*`). */
  object?: string;
  /** Entries written at or after this time. */
  since?: string | Date;
  /** Entries written before this time. */
  until?: string | Date;
  /** Entries with a lower sequence number than this (paging backwards). */
  beforeSeq?: number;
  /** At most this many (default 200, at most 10 000). */
  limit?: number;
}

export interface AuditLogOptions {
  now?: () => Date;
  /** Defaults to the OS user and host of this process. */
  actor?: string;
}

type AuditRow = { seq: number; at: string; actor: string; action: string; object: string; summary: string; prev_hash: string; hash: string };

const ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const MAX_OBJECT_LENGTH = 300;

/**
 * The project's audit trail: an append-only, SHA-256-chained table in the project file. Every
 * service records its changes through {@link append}; {@link verify} proves no entry was changed,
 * removed or moved since.
 */
export class AuditLog {
  private readonly actor: string;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: AuditLogOptions = {},
  ) {
    this.actor = options.actor ?? currentActor();
  }

  /**
   * Appends one entry in its own transaction (or inside the caller's, when one is open, so the
   * entry commits with the change it describes). A crash leaves the entry whole or absent.
   */
  append(input: AuditInput): AuditEntry {
    if (typeof input.action !== 'string' || !ACTION_PATTERN.test(input.action)) {
      throw new StudioError('BAD_REQUEST', `"${String(input.action)}" is not an audit action (expected area.verb, e.g. connection.add).`, 'This is a bug in the caller; report it to support.');
    }
    const object = maskSecrets(String(input.object ?? '')).slice(0, MAX_OBJECT_LENGTH);
    const summary = maskSummary(input.summary ?? '', { personal: input.personal });
    const at = (this.options.now?.() ?? new Date()).toISOString();
    return this.db
      .transaction((): AuditEntry => {
        const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
        const head = this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
        // Continue after whichever is further on: if entries were removed from the end, the new
        // entry leaves a visible gap instead of hiding the removal.
        const from = head && (!last || head.seq > last.seq) ? head : last;
        const entry = { seq: (from?.seq ?? 0) + 1, at, actor: this.actor, action: input.action, object, summary, prevHash: from?.hash ?? AUDIT_GENESIS_HASH };
        const full: AuditEntry = { ...entry, hash: auditEntryHash(entry) };
        this.db
          .prepare('INSERT INTO audit_log (seq, at, actor, action, object, summary, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(full.seq, full.at, full.actor, full.action, full.object, full.summary, full.prevHash, full.hash);
        this.db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(full.seq, full.hash);
        return full;
      })
      .immediate();
  }

  /** Checks the whole chain; reads entry by entry, so a long trail is not held in memory. */
  verify(): AuditVerifyResult {
    return this.db.transaction(() => verifyAuditChain(this.iterate(), this.head()))();
  }

  /** Entries matching the filter, newest first. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['action', filter.action],
      ['object', filter.object],
    ] as const) {
      if (value === undefined || value === '') continue;
      if (value.endsWith('*')) {
        const prefix = value.slice(0, -1);
        where.push(`substr(${column}, 1, ?) = ?`);
        params.push(prefix.length, prefix);
      } else {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    if (filter.since !== undefined) {
      where.push('at >= ?');
      params.push(isoOf(filter.since, 'since'));
    }
    if (filter.until !== undefined) {
      where.push('at < ?');
      params.push(isoOf(filter.until, 'until'));
    }
    if (filter.beforeSeq !== undefined) {
      where.push('seq < ?');
      params.push(filter.beforeSeq);
    }
    const limit = Math.max(1, Math.min(10_000, Math.floor(filter.limit ?? 200)));
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...params) as AuditRow[]).map(toEntry);
  }

  /** Number of entries in the trail. */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  /**
   * Writes the whole trail to `file` as CSV or JSON (the JSON carries the verification result and
   * can be re-checked with {@link verifyAuditChain}). Written aside and renamed into place.
   */
  export(format: AuditExportFormat, file: string): AuditExportResult {
    return this.db.transaction(() => writeAuditExport(format, file, this.iterate(), this.head()))();
  }

  /** All entries in sequence order, read lazily. */
  *iterate(): Generator<AuditEntry> {
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) yield toEntry(row);
  }

  private head(): { seq: number; hash: string } | null {
    return (this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined) ?? null;
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, object: r.object, summary: r.summary, prevHash: r.prev_hash, hash: r.hash };
}

function isoOf(value: string | Date, name: string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new StudioError('BAD_REQUEST', `"${String(value)}" is not a date and time (filter "${name}").`, 'Give it as ISO 8601, e.g. 2025-09-01 or 2025-09-01T08:00:00+02:00.');
  }
  return d.toISOString();
}
