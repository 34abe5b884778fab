import { padStartMeta } from '../../../../shared/transforms/pad-start';
import { defineTransform, fail, ok } from './define';
import { eachScalar } from './values';

export const padStart = defineTransform(padStartMeta, (value, t) => {
  if (!Number.isInteger(t.length) || t.length < 0 || t.char.length === 0) return fail(`padStart needs a whole length and a fill character (got ${t.length} and "${t.char}").`);
  return ok(eachScalar(value, (s) => s.padStart(t.length, t.char)));
});
