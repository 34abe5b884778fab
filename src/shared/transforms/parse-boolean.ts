import { z } from 'zod';
import { defineTransformMeta } from './define';

/** Words legacy systems use for yes and no, compared trimmed and in any case. */
export const DEFAULT_TRUE_WORDS = ['y', 'yes', 'true', 't', '1', 'x', 'on', '-1', 'ja', 'oui', 'si', 'sí'] as const;
export const DEFAULT_FALSE_WORDS = ['n', 'no', 'false', 'f', '0', 'off', 'nein', 'non'] as const;

/** Yes/no flags ("Y", "X", "-1", "Oui") become true or false; blank becomes no value. */
export const parseBooleanMeta = defineTransformMeta({
  kind: 'parseBoolean',
  label: 'Read yes/no',
  description: 'Reads yes/no flags (Y/N, X, 1/0, -1 from Access, True/False, Oui/Non) as true or false; a word it does not know rejects the row.',
  category: 'convert',
  params: {
    trueWords: z.array(z.string()).optional().describe('Words for yes'),
    falseWords: z.array(z.string()).optional().describe('Words for no'),
  },
  outputType: 'boolean',
  check: (t) => {
    const yes = new Set((t.trueWords ?? DEFAULT_TRUE_WORDS).map((w) => w.trim().toLowerCase()));
    const both = (t.falseWords ?? DEFAULT_FALSE_WORDS).filter((w) => yes.has(w.trim().toLowerCase()));
    return both.map((w) => ({ severity: 'error' as const, place: 'falseWords', message: `"${w}" is both a word for yes and a word for no.`, hint: 'Keep it in one list only.' }));
  },
});
