import { collapseSpacesMeta } from '../../../../shared/transforms/collapse-spaces';
import { defineTransform, ok } from './define';
import { eachText } from './values';

export const collapseSpaces = defineTransform(collapseSpacesMeta, (value) => ok(eachText(value, (s) => s.replace(/\s+/gu, ' '))));
