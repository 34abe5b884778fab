import { z } from 'zod';
import { defineTransformMeta } from './define';

/** E-mail addresses trimmed, `mailto:` and display names removed, lower-cased; one that is no address falls back. */
export const normalizeEmailMeta = defineTransformMeta({
  kind: 'normalizeEmail',
  label: 'Tidy e-mail addresses',
  description: 'Trims e-mail addresses, drops "mailto:" and a display name ("Ann <ann@x.org>"), lower-cases them; text that is no address becomes no value, stays or rejects the row.',
  category: 'clean-up',
  params: {
    fallback: z.enum(['null', 'keep', 'reject']).optional().describe('Not an address'),
  },
  outputType: 'text',
});
