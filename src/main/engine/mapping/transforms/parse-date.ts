import { parseDateMeta } from '../../../../shared/transforms/parse-date';
import { readDate } from '../../values/date-formats';
import { defineTransform, fail } from './define';
import { eachFallible } from './values';

export const parseDate = defineTransform(parseDateMeta, (value, t) => {
  try {
    return eachFallible(value, (v) => readDate(v, t.formats, t.sentinels));
  } catch (err) {
    return fail((err as Error).message);
  }
});
