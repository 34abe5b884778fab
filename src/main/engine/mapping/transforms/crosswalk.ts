import { crosswalkMeta, crosswalkTable } from '../../../../shared/transforms/crosswalk';
import { defineTransform, fail, ok, type TransformResult } from './define';
import { eachFallible } from './values';

export const crosswalk = defineTransform(crosswalkMeta, (value, t, ctx) => {
  const table = crosswalkTable(t, ctx);
  if (table === null) {
    return fail(t.crosswalk === undefined ? 'The crosswalk names no table.' : `The project has no crosswalk named "${t.crosswalk}".`);
  }
  return eachFallible(value, (v) => translate(v, table, t.fallback ?? 'keep'));
});

function translate(value: unknown, table: Readonly<Record<string, string>>, fallback: 'keep' | 'null' | 'reject'): TransformResult {
  // A missing value is looked up as the empty code, so a crosswalk can say what "blank" means.
  const key = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  if (Object.hasOwn(table, key)) return ok(table[key]);
  // Legacy codes drift in case and padding ("m", " F "); a loose match is still the same code.
  const loose = key.trim().toLowerCase();
  for (const code of Object.keys(table)) {
    if (code.trim().toLowerCase() === loose) return ok(table[code]);
  }
  if (fallback === 'null') return ok(null);
  if (fallback === 'reject') {
    const known = Object.keys(table).map((k) => (k === '' ? '(blank)' : k));
    return fail(`"${key}" has no entry in the crosswalk (known codes: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}).`);
  }
  return ok(value === undefined ? null : value);
}
