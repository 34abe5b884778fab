import { trimMeta } from '../../../../shared/transforms/trim';
import { defineTransform, ok } from './define';
import { eachText } from './values';

export const trim = defineTransform(trimMeta, (value) => ok(eachText(value, (s) => s.trim())));
