import { createHash, hash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';

/**
 * The staging hash of a record: SHA-256 hex of its canonical JSON. Stored in `staged_rows` and
 * compared by the next run (unchanged / updated) and a dry run's prediction, so its bytes must
 * never change meaning (see `shared/canonical-json.ts`).
 */
export function hashRecord(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * A record's canonical JSON and its staging hash, made together: staging stores the very bytes
 * it hashed, so each record is serialised once (`crypto.hash` is the one-shot SHA-256, cheaper
 * than a Hash object for small inputs; same digest as {@link hashRecord}).
 */
export function canonicalRecord(value: unknown): { json: string; hash: string } {
  const json = canonicalJson(value);
  return { json, hash: hash('sha256', json, 'hex') };
}
