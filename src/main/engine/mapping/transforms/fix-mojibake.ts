import { fixMojibakeMeta } from '../../../../shared/transforms/fix-mojibake';
import { fixMojibake as repair } from '../../values/cp1252';
import { defineTransform, ok } from './define';
import { eachText } from './values';

export const fixMojibake = defineTransform(fixMojibakeMeta, (value) => ok(eachText(value, repair)));
