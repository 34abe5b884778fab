import { defineTransformMeta } from './define';

/** UTF-8 text that was read as Windows-1252 ("JosÃ©") is read again as UTF-8 ("José"). */
export const fixMojibakeMeta = defineTransformMeta({
  kind: 'fixMojibake',
  label: 'Repair accents',
  description: 'Undoes UTF-8 text read as Windows-1252 ("JosÃ©" → "José"); clean text, Hebrew and Arabic are left as they are.',
  category: 'clean-up',
  params: {},
  outputType: 'same',
  // It needs the characters exactly as read, so it runs before every other clean-up.
  cleanupRank: () => 0,
});
