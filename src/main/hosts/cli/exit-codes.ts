import type { StudioErrorShape } from '../../../shared/errors';

/** Exit codes scripts rely on (docs/conventions.md). */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  completedWithRejects: 3,
  heldForApproval: 4,
  projectInUse: 5,
} as const;

export function exitCodeForError(error: StudioErrorShape): number {
  if (error.code === 'USAGE') return EXIT.usage;
  if (error.code === 'PROJECT_IN_USE') return EXIT.projectInUse;
  return EXIT.failed;
}
