import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';

/**
 * The staging hash of a record: SHA-256 hex of its canonical JSON. Stored in `staged_rows` and
 * compared by the next run (unchanged / updated) and a dry run's prediction, so its bytes must
 * never change meaning (see `shared/canonical-json.ts`).
 */
export function hashRecord(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
