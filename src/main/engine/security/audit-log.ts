import { StudioError } from '../../../shared/errors';
import type { SqliteDatabase } from '../../../platform/open-sqlite';
import { currentActor } from './actor';
import { writeAuditExport, type AuditExportFormat, type AuditExportResult } from './audit-export';
import { AUDIT_GENESIS_HASH, auditEntryHash, auditEntryMac, verifyAuditChain, type AuditEntry, type AuditVerifyResult } from './audit-chain';
import { isProjectId, type AuditCheckpoint, type AuditCheckpoints } from './audit-checkpoint';
import type { AuditKeys } from './audit-key';
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
  /**
   * The user's audit keys (from the vault's keyring, see audit-key.ts). With them every new entry
   * carries a MAC and {@link AuditLog.verify} checks the MACs; without them (a copy opened by
   * someone without the key) only the hash chain is checked. {@link AuditLog.useKeys} sets them
   * later, once the key store is unlocked.
   */
  keys?: AuditKeys | null;
  /** Where the head is checkpointed outside the file (per project id); null: no checkpoint. */
  checkpoints?: AuditCheckpoints | null;
  /** Says when a checkpoint could not be written (the entry itself is committed). Defaults to a process warning. */
  warn?: (message: string) => void;
}

type AuditRow = { seq: number; at: string; actor: string; action: string; object: string; summary: string; prev_hash: string; hash: string; mac?: string | null; mac_key?: string | null };

const ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const MAX_OBJECT_LENGTH = 300;

/**
 * The project's audit trail: an append-only, SHA-256-chained table in the project file, each
 * entry also MAC'd under the user's audit key (kept outside the file), and its head checkpointed
 * outside the file too. Every service records its changes through {@link append}; {@link verify}
 * proves no entry was changed, removed or moved since, even by someone who recomputed the hashes.
 */
export class AuditLog {
  private readonly actor: string;
  private keys: AuditKeys | null;
  private readonly checkpoints: AuditCheckpoints | null;
  private shape: { mac: boolean; projectId: string | null } | null = null;
  private checkpointPending = false;
  private warnedCheckpoint = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: AuditLogOptions = {},
  ) {
    this.actor = options.actor ?? currentActor();
    this.keys = options.keys ?? null;
    this.checkpoints = options.checkpoints ?? null;
  }

  /** Starts MAC'ing new entries (and checking MACs) with these keys: once the key store is unlocked. */
  useKeys(keys: AuditKeys | null): void {
    this.keys = keys;
  }

  /** The audit keys in use (to write a keyed entry into a copy of the project, say). */
  get auditKeys(): AuditKeys | null {
    return this.keys;
  }

  /** Whether new entries get a MAC (the audit key is held and the file has the MAC columns). */
  get isKeyed(): boolean {
    return this.keys !== null && this.fileShape().mac;
  }

  /** The project's id (meta `projectId`), bound into every MAC; null in a file without one. */
  get projectId(): string | null {
    return this.fileShape().projectId;
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
    const appended = this.db
      .transaction((): AuditEntry => {
        const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
        const head = this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
        // Continue after whichever is further on: if entries were removed from the end, the new
        // entry leaves a visible gap instead of hiding the removal.
        const from = head && (!last || head.seq > last.seq) ? head : last;
        const entry = { seq: (from?.seq ?? 0) + 1, at, actor: this.actor, action: input.action, object, summary, prevHash: from?.hash ?? AUDIT_GENESIS_HASH };
        const full: AuditEntry = { ...entry, hash: auditEntryHash(entry) };
        const shape = this.fileShape();
        if (shape.mac) {
          const key = this.keys?.current ?? null;
          full.mac = key ? auditEntryMac(key.key, shape.projectId, entry) : null;
          full.macKey = key ? key.id : null;
          this.db
            .prepare('INSERT INTO audit_log (seq, at, actor, action, object, summary, prev_hash, hash, mac, mac_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
            .run(full.seq, full.at, full.actor, full.action, full.object, full.summary, full.prevHash, full.hash, full.mac, full.macKey);
        } else {
          this.db
            .prepare('INSERT INTO audit_log (seq, at, actor, action, object, summary, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(full.seq, full.at, full.actor, full.action, full.object, full.summary, full.prevHash, full.hash);
        }
        this.db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(full.seq, full.hash);
        return full;
      })
      .immediate();
    this.scheduleCheckpoint();
    return appended;
  }

  /**
   * Checks the whole chain, the MACs (with the keys) and the checkpoint kept outside the file;
   * reads entry by entry, so a long trail is not held in memory.
   */
  verify(): AuditVerifyResult {
    return this.db.transaction(() => verifyAuditChain(this.iterate(), this.head(), this.verifyOptions()))();
  }

  /** The checkpoint kept outside the file for this project, if there is one. */
  checkpoint(): AuditCheckpoint | null {
    return this.checkpoints?.read(this.projectId) ?? null;
  }

  /**
   * Moves the checkpoint outside the file to the newest COMMITTED entry. Appends call it by
   * themselves (right away, or once the caller's transaction is over); it is public for hosts that
   * want it written before they exit. Never moves the checkpoint onto a trail that does not pass
   * through it: a trail cut short or rewritten keeps being reported, and is not made to look
   * whole by the next append.
   */
  writeCheckpoint(): void {
    this.checkpointPending = false;
    const projectId = this.projectId;
    if (!this.checkpoints || !this.db.open || !isProjectId(projectId)) return;
    if (this.db.inTransaction) {
      // Still inside the caller's transaction: what it appended may yet roll back.
      this.scheduleCheckpoint(true);
      return;
    }
    try {
      const last = this.db.prepare(`SELECT seq, hash${this.fileShape().mac ? ', mac, mac_key' : ''} FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as AuditRow | undefined;
      if (!last) return;
      const previous = this.checkpoints.read(projectId);
      if (previous) {
        if (previous.entries > last.seq) return;
        const there = this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(previous.entries) as string | undefined;
        if (there !== previous.hash) return;
        if (previous.entries === last.seq) return;
      }
      this.checkpoints.write({ projectId, entries: last.seq, hash: last.hash, mac: last.mac ?? null, macKey: last.mac_key ?? null, updatedAt: (this.options.now?.() ?? new Date()).toISOString() });
    } catch (err) {
      if (this.warnedCheckpoint) return;
      this.warnedCheckpoint = true;
      const message = `The audit checkpoint of this project could not be written in ${this.checkpoints.dir} (${err instanceof Error ? err.message : String(err)}); the audit trail itself is saved, but cutting entries off its end would go unnoticed until it is.`;
      (this.options.warn ?? ((m: string) => process.emitWarning(m, { code: 'APSTUDIO_AUDIT_CHECKPOINT' })))(message);
    }
  }

  private scheduleCheckpoint(later = false): void {
    if (!this.checkpoints) return;
    if (!later && !this.db.inTransaction) {
      this.writeCheckpoint();
      return;
    }
    if (this.checkpointPending) return;
    this.checkpointPending = true;
    // better-sqlite3 transactions are synchronous: by the next turn the caller's has committed or rolled back.
    setImmediate(() => {
      if (this.checkpointPending) this.writeCheckpoint();
    }).unref?.();
  }

  private verifyOptions() {
    return { projectId: this.projectId, keys: this.keys, checkpoint: this.checkpoint() };
  }

  /** Whether the file has the MAC columns (migration 5) and the project's id; read once. */
  private fileShape(): { mac: boolean; projectId: string | null } {
    if (!this.shape) {
      const columns = this.db.prepare('PRAGMA table_info(audit_log)').all() as { name: string }[];
      const hasMeta = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
      const id = hasMeta ? ((this.db.prepare("SELECT value FROM meta WHERE key = 'projectId'").pluck().get() as string | undefined) ?? null) : null;
      this.shape = { mac: columns.some((c) => c.name === 'mac'), projectId: id };
    }
    return this.shape;
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
    return this.db.transaction(() => writeAuditExport(format, file, this.iterate(), this.head(), this.verifyOptions()))();
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
  const e: AuditEntry = { seq: r.seq, at: r.at, actor: r.actor, action: r.action, object: r.object, summary: r.summary, prevHash: r.prev_hash, hash: r.hash };
  if (r.mac !== undefined) {
    e.mac = r.mac;
    e.macKey = r.mac_key ?? null;
  }
  return e;
}

function isoOf(value: string | Date, name: string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new StudioError('BAD_REQUEST', `"${String(value)}" is not a date and time (filter "${name}").`, 'Give it as ISO 8601, e.g. 2025-09-01 or 2025-09-01T08:00:00+02:00.');
  }
  return d.toISOString();
}
