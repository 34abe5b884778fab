import { CASE_MODES, changeCaseMeta } from '../../../../shared/transforms/change-case';
import { defineTransform, ok } from './define';
import { titleCase } from './title-case';
import { eachText } from './values';

export const changeCase = defineTransform(changeCaseMeta, (value, t) => ok(eachText(value, CASE[t.mode])));

const CASE: Record<(typeof CASE_MODES)[number], (s: string) => string> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  title: titleCase,
  // The first letter capital, the rest lower case: "PEANUT ALLERGY" → "Peanut allergy".
  sentence: (s) => s.toLowerCase().replace(/\p{Ll}/u, (c) => c.toUpperCase()),
};
