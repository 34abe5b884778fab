import { regexExtractMeta } from '../../../../shared/transforms/regex-extract';
import { compileUserRegex } from '../../../../shared/transforms/user-regex';
import { defineTransform, fail, ok } from './define';
import { eachFallible } from './values';

/** re2js only (linear time); a pattern it cannot read fails the row with RE2's words. */
export const regexExtract = defineTransform(regexExtractMeta, (value, t) => {
  let re;
  try {
    re = compileUserRegex(t.pattern, t.ignoreCase ?? false);
  } catch (err) {
    return fail((err as Error).message);
  }
  const group = t.group ?? 0;
  if (!Number.isInteger(group) || group < 0 || group > re.groupCount()) return fail(`The pattern has ${re.groupCount()} group(s), so group ${group} cannot be kept.`);
  return eachFallible(value, (v) => {
    if (typeof v !== 'string') return ok(v === undefined ? null : v);
    const m = re.matcher(v);
    if (m.find()) return ok(m.group(group));
    const fallback = t.fallback ?? 'null';
    if (fallback === 'reject') return fail(`The pattern ${JSON.stringify(t.pattern)} finds nothing in "${v.length > 60 ? `${v.slice(0, 60)}…` : v}".`);
    return ok(fallback === 'keep' ? v : null);
  });
});
