import { splitMeta } from '../../../../shared/transforms/split';
import { defineTransform, ok } from './define';

/** Text becomes the list of its trimmed, non-empty items (null when none); other values pass through. */
export const split = defineTransform(splitMeta, (value, t) => {
  if (typeof value !== 'string') return ok(value === undefined ? null : value);
  const items = value
    .split(t.separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return ok(items.length ? items : null);
});
