import { constantMeta } from '../../../../shared/transforms/constant';
import { defineTransform, ok } from './define';

/** The same value whatever came in (even nothing). */
export const constant = defineTransform(constantMeta, (_value, t) => ok(t.value));
