import { z } from 'zod';
import { defineTransformMeta, remark } from './define';

/**
 * Phone numbers in E.164 (`+447700900123`): punctuation goes, `00` becomes `+`, and a national
 * number (leading 0, or none) gets the school's country code. A text with too few or too many
 * digits (7–15 after the country code) is not a phone number.
 */
export const normalizePhoneMeta = defineTransformMeta({
  kind: 'normalizePhone',
  label: 'Tidy phone numbers',
  description: 'Writes phone numbers as +<country><number> (E.164): spaces, dashes and brackets go, 00 becomes +, a national number gets the default country code.',
  category: 'clean-up',
  params: {
    /** Country calling code without + (44, 1, 33). */
    countryCode: z.string().describe('Default country code'),
    /** What a text that is no phone number becomes: no value (default), the text as it is, or a rejected row. */
    fallback: z.enum(['null', 'keep', 'reject']).optional().describe('Not a phone number'),
  },
  outputType: 'text',
  check: (t) => (/^[1-9]\d{0,2}$/.test(t.countryCode.replace(/^\+/, '')) ? [] : [remark('countryCode', `"${t.countryCode}" is not a country calling code.`, 'Type the code without +, for example 44 for the UK or 1 for the US.')]),
});
