import { createHash } from 'node:crypto';

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

/**
 * Walks a chain in sequence order and names the first entry that breaks it: a missing sequence
 * number (removed), a hash that does not match the entry (changed, or moved to another place),
 * or a link to a previous hash that is not the one before it. `head` is the last sequence number
 * and hash recorded beside the log; it catches entries removed from the end.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>, head: { seq: number; hash: string } | null = null): AuditVerifyResult {
  let count = 0;
  let expected = 1;
  let prev = AUDIT_GENESIS_HASH;
  let bad: { seq: number; reason: string } | null = null;
  for (const e of entries) {
    count++;
    if (bad) continue;
    if (e.seq !== expected) {
      bad = e.seq > expected ? { seq: expected, reason: `entry ${expected} is missing (removed from the log)` } : { seq: e.seq, reason: `entry ${e.seq} is out of order` };
    } else if (auditEntryHash(e) !== e.hash) {
      bad = { seq: e.seq, reason: `entry ${e.seq} was changed after it was written (or moved from another place)` };
    } else if (e.prevHash !== prev) {
      bad = { seq: e.seq, reason: `entry ${e.seq} does not follow from entry ${e.seq - 1} (one of them was replaced)` };
    }
    prev = e.hash;
    expected = e.seq + 1;
  }
  const last = expected - 1;
  if (!bad && head) {
    if (head.seq > last) bad = { seq: last + 1, reason: `entries ${last + 1} to ${head.seq} were removed from the end of the log` };
    else if (head.seq === last && head.hash !== prev) bad = { seq: last, reason: `entry ${last} is not the entry the log recorded as its last one` };
    else if (head.seq < last) bad = { seq: head.seq + 1, reason: `entries from ${head.seq + 1} on were added outside the studio` };
  }
  return { valid: bad === null, entries: count, firstBadEntry: bad?.seq ?? null, reason: bad?.reason ?? null };
}
