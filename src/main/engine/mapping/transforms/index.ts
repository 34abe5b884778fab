import type { FieldTransform } from '../../../../shared/model/mapping';
import type { TransformLookup } from '../../../../shared/transforms/define';
import { fail, type TransformResult } from './define';
import { engineTransform } from './registry';

export type { TransformResult } from './define';
export { isAllCapsText, titleCase } from './title-case';

/**
 * Applies transforms in order to one source value. Pure: the same value, transforms and row give
 * the same answer, and nothing is changed in place. The first failing transform stops the chain.
 *
 * Conventions every kind keeps (./values.ts):
 * - null and undefined pass through as null (except `constant`, `concat` and `crosswalk`, which
 *   can produce a value from nothing);
 * - text transforms leave numbers, booleans and binary values alone (`padStart` and `crosswalk`
 *   read numbers as their decimal text, so 123 can become "000123" or a code);
 * - after `split`, text transforms act on each item of the list.
 *
 * `lookup` finds the project's named crosswalks; a mapping read from the project already carries
 * their tables (src/main/engine/project/mappings-repo.ts), so callers rarely need it.
 */
export function applyTransforms(value: unknown, transforms: readonly FieldTransform[], row: Record<string, unknown>, lookup: TransformLookup = {}): TransformResult {
  let current: unknown = value === undefined ? null : value;
  const ctx = { ...lookup, row };
  for (const t of transforms) {
    const impl = engineTransform(t.kind);
    if (!impl) return fail(`Unknown transform "${(t as { kind: string }).kind}".`);
    const result = impl.apply(current, t, ctx);
    if (!result.ok) return result;
    current = result.value;
  }
  return { ok: true, value: current };
}
