import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The `prev_hash` of the first entry: a fixed value, so a chain cannot be started over unnoticed. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** One audit entry as stored and exported. */
export interface AuditEntry {
  seq: number;
  /** ISO 8601 time the entry was written. */
  at: string;
  /** Who: OS user and host, `user@host`. */
  actor: string;
  /** What kind of change, `<area>.<verb>`: `connection.add`, `vault.set`, `run.start`… */
  action: string;
  /** What it was done to: `connection:<id>`, a secret's name, a run id… */
  object: string;
  /** What changed, masked (no secret, personal data masked). */
  summary: string;
  prevHash: string;
  hash: string;
  /**
   * HMAC-SHA256 of the entry under the user's audit key (audit-key.ts), lower-case hex; null (or
   * absent) on entries written before the audit was keyed. Not covered by `hash`.
   */
  mac?: string | null;
  /** Id of the audit key `mac` is under (first 16 hex digits of its SHA-256). */
  macKey?: string | null;
}

/** The result of checking a chain (`academia-studio audit verify`). */
export interface AuditVerifyResult {
  valid: boolean;
  /** How many entries were read. */
  entries: number;
  /** Sequence number of the first entry that was changed, removed or moved; null when valid. */
  firstBadEntry: number | null;
  /** In words, what is wrong with that entry; null when valid. */
  reason: string | null;
  /**
   * Whether the entries' MACs were checked: true when the verifier holds the audit key of every
   * keyed entry and at least one entry is keyed (or the trail is empty). False for a copy opened
   * without the key (another user or computer) or a trail from before the audit was keyed: then
   * only the hash chain (and the head) could be checked.
   */
  keyed: boolean;
  /** Entries before the first keyed one (written before the audit was keyed), checked by hash only. */
  unkeyed: number;
  /** Keyed entries whose MAC could not be checked: their audit key is not this user's. */
  unchecked: number;
  /** Whether a checkpoint kept outside the project file was compared. */
  checkpoint: boolean;
}

/** What, besides the hash chain, {@link verifyAuditChain} checks when it is given it. */
export interface AuditVerifyOptions {
  /** The project's id (meta `projectId`): bound into every MAC. */
  projectId?: string | null;
  /** The verifier's audit keys; null or absent: MACs cannot be checked (`keyed: false`). */
  keys?: { get(id: string): { key: Buffer } | null } | null;
  /** The checkpoint kept outside the file (audit-checkpoint.ts): the trail must reach it and pass through it. */
  checkpoint?: { entries: number; hash: string; mac?: string | null } | null;
}

/**
 * The exact bytes an entry's hash covers: a JSON array in a fixed order, behind a version tag.
 * JSON escaping makes the serialization unambiguous whatever the fields contain. Documented in
 * docs/security.md so anyone can re-check an exported trail without the studio.
 */
export function canonicalAuditBytes(e: Omit<AuditEntry, 'hash'>): Buffer {
  return Buffer.from(`academia-studio audit v1\n${JSON.stringify([e.seq, e.at, e.actor, e.action, e.object, e.summary, e.prevHash])}`, 'utf8');
}

export function auditEntryHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalAuditBytes(e)).digest('hex');
}

/** Prefix of the bytes an entry's MAC covers (docs/security.md, "The MAC"). */
const AUDIT_MAC_PREFIX = 'academia-studio audit mac v1\n';

/**
 * The exact bytes an entry's MAC covers: the prefix, the project's id as a JSON string (so an
 * entry cannot be moved into another project, and changing the project's id is noticed), a newline,
 * then the entry's hash input ({@link canonicalAuditBytes}), which includes the previous hash.
 */
export function canonicalAuditMacBytes(projectId: string | null, e: Omit<AuditEntry, 'hash'>): Buffer {
  return Buffer.concat([Buffer.from(`${AUDIT_MAC_PREFIX}${JSON.stringify(projectId ?? '')}\n`, 'utf8'), canonicalAuditBytes(e)]);
}

/** Lower-case hex HMAC-SHA256 of an entry under an audit key (audit-key.ts). */
export function auditEntryMac(key: Buffer, projectId: string | null, e: Omit<AuditEntry, 'hash'>): string {
  return createHmac('sha256', key).update(canonicalAuditMacBytes(projectId, e)).digest('hex');
}

export function auditMacMatches(key: Buffer, projectId: string | null, e: AuditEntry): boolean {
  if (typeof e.mac !== 'string' || !/^[0-9a-f]{64}$/.test(e.mac)) return false;
  return timingSafeEqual(Buffer.from(auditEntryMac(key, projectId, e), 'hex'), Buffer.from(e.mac, 'hex'));
}

/**
 * Walks a chain in sequence order and names the first entry that breaks it: a missing sequence
 * number (removed), a hash that does not match the entry (changed, or moved to another place), a
 * link to a previous hash that is not the one before it, a MAC that does not match (changed and
 * re-hashed by someone without the audit key), or a missing MAC after keyed entries (stripped).
 * `head` is the last sequence number and hash recorded beside the log; it catches entries removed
 * from the end. `options.checkpoint`, kept outside the file, catches the end cut off together with
 * the head moved back, and a rewrite of everything up to it.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>, head: { seq: number; hash: string } | null = null, options: AuditVerifyOptions = {}): AuditVerifyResult {
  const projectId = options.projectId ?? null;
  const keys = options.keys ?? null;
  const checkpoint = options.checkpoint ?? null;
  let count = 0;
  let expected = 1;
  let prev = AUDIT_GENESIS_HASH;
  let bad: { seq: number; reason: string } | null = null;
  let firstKeyed: number | null = null;
  let unkeyed = 0;
  let checked = 0;
  let unchecked = 0;
  let atCheckpoint: { hash: string; mac: string | null } | null = null;
  for (const e of entries) {
    count++;
    if (bad) continue;
    const mac = typeof e.mac === 'string' && e.mac !== '' ? e.mac : null;
    if (e.seq !== expected) {
      bad = e.seq > expected ? { seq: expected, reason: `entry ${expected} is missing (removed from the log)` } : { seq: e.seq, reason: `entry ${e.seq} is out of order` };
    } else if (auditEntryHash(e) !== e.hash) {
      bad = { seq: e.seq, reason: `entry ${e.seq} was changed after it was written (or moved from another place)` };
    } else if (e.prevHash !== prev) {
      bad = { seq: e.seq, reason: `entry ${e.seq} does not follow from entry ${e.seq - 1} (one of them was replaced)` };
    } else if (mac === null && firstKeyed !== null) {
      bad = { seq: e.seq, reason: `entry ${e.seq} carries no MAC although entry ${firstKeyed} before it does (its MAC was removed, or it was added outside the studio)` };
    } else if (mac !== null) {
      firstKeyed ??= e.seq;
      const key = typeof e.macKey === 'string' ? keys?.get(e.macKey) : null;
      if (!key) unchecked++;
      else if (auditMacMatches(key.key, projectId, e)) checked++;
      else bad = { seq: e.seq, reason: `entry ${e.seq} was changed after it was written: its hashes were recomputed, but its MAC under the audit key no longer matches` };
    } else {
      unkeyed++;
    }
    if (checkpoint && e.seq === checkpoint.entries) atCheckpoint = { hash: e.hash, mac };
    prev = e.hash;
    expected = e.seq + 1;
  }
  const last = expected - 1;
  if (!bad && head) {
    if (head.seq > last) bad = { seq: last + 1, reason: `entries ${last + 1} to ${head.seq} were removed from the end of the log` };
    else if (head.seq === last && head.hash !== prev) bad = { seq: last, reason: `entry ${last} is not the entry the log recorded as its last one` };
    else if (head.seq < last) bad = { seq: head.seq + 1, reason: `entries from ${head.seq + 1} on were added outside the studio` };
  }
  if (!bad && checkpoint) {
    if (checkpoint.entries > last) {
      bad = { seq: last + 1, reason: `the log ends at entry ${last}, but the checkpoint kept outside the project file records ${checkpoint.entries} entries: entries were cut off its end (or this file is an older copy of the project)` };
    } else if (atCheckpoint?.hash !== checkpoint.hash) {
      bad = { seq: checkpoint.entries, reason: `entry ${checkpoint.entries} is not the entry the checkpoint kept outside the project file records: the trail up to it was rewritten (or this file is another copy of the project)` };
    } else if (typeof checkpoint.mac === 'string' && atCheckpoint.mac !== checkpoint.mac) {
      // Stripping every MAC leaves the hashes alone but would make a keyed trail look unkeyed.
      bad = { seq: checkpoint.entries, reason: `entry ${checkpoint.entries} no longer carries the MAC the checkpoint kept outside the project file records (the MACs were removed or replaced)` };
    }
  }
  const keyed = keys !== null && unchecked === 0 && (checked > 0 || count === 0);
  return { valid: bad === null, entries: count, firstBadEntry: bad?.seq ?? null, reason: bad?.reason ?? null, keyed, unkeyed, unchecked, checkpoint: checkpoint !== null };
}
