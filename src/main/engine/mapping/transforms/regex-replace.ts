import { regexReplaceMeta } from '../../../../shared/transforms/regex-replace';
import { compileUserRegex } from '../../../../shared/transforms/user-regex';
import { defineTransform, fail, ok } from './define';
import { eachText } from './values';

/** re2js only (linear time); `$1`… bring groups back, `$$` is a dollar sign. */
export const regexReplace = defineTransform(regexReplaceMeta, (value, t) => {
  try {
    const re = compileUserRegex(t.pattern, t.ignoreCase ?? false);
    return ok(eachText(value, (s) => re.matcher(s).replaceAll(t.replacement)));
  } catch (err) {
    return fail(`The replacement cannot be made: ${(err as Error).message}`);
  }
});
