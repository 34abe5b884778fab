import { emptyToNullMeta } from '../../../../shared/transforms/empty-to-null';
import { defineTransform, ok } from './define';

/** Empty or blank text, and an empty list, become null; anything else is kept. */
export const emptyToNull = defineTransform(emptyToNullMeta, (value) => {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === 'string' && value.trim() === '') return ok(null);
  if (Array.isArray(value) && value.length === 0) return ok(null);
  return ok(value);
});
