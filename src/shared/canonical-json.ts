/**
 * The studio's one canonical JSON: object keys sorted at every depth (by UTF-16 code unit, as
 * `Array.prototype.sort` does), `undefined` members dropped, everything else exactly as
 * `JSON.stringify` writes it. Two values that mean the same thing give the same text whatever
 * order their keys were built in, so they give the same hash.
 *
 * Three things rest on these bytes and must keep them: the staging hash of every staged record
 * (`staged_rows.row_hash` / `pushed_hash`, compared by the next run and by a dry run's
 * prediction), the `Idempotency-Key` of every pushed batch (a resumed run must send the key its
 * first attempt sent), and the sandbox's stored record fingerprints. So the rules here are the
 * union of the two functions they used before (`pipeline/canonical-json.ts` and
 * `target/canonical-json.ts`), which agreed on every value either of them was ever given:
 *
 * - An object with its own `toJSON` (a `Date`, a Node `Buffer`) is left whole to
 *   `JSON.stringify`, which calls `toJSON`; its keys are not sorted. (The staging hash always did
 *   this; the old target copy would have sorted a Buffer's indices, but it only ever saw records
 *   parsed back from JSON, which hold no Buffers.)
 * - `undefined`, functions and symbols in an array become `null`, as `JSON.stringify` writes them.
 *
 * It lives in `src/shared` (no Node built-ins) so the engine, the sandbox and the renderer all
 * reach the same function; the SHA-256 over it stays with its callers (`node:crypto`).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    const v = source[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
