import { defaultValueMeta } from '../../../../shared/transforms/default-value';
import { defineTransform, ok } from './define';
import { isBlank } from './values';

export const defaultValue = defineTransform(defaultValueMeta, (value, t) => ok(isBlank(value) ? t.value : value));
