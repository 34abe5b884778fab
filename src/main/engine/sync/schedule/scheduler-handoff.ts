import { StudioError, type StudioErrorShape } from '../../../../shared/errors';
import { appRunsSyncSchedules } from '../../project/app-names';
import type { LockOwner } from '../../project/project-lock';

/** What `sync <project> --job NAME` tells when it cannot open the project because someone holds it. */
export interface SchedulerHandoff {
  /** True when the holder is the studio (desktop or web host), whose own scheduler runs the job. */
  studioRunsJob: boolean;
  holder: LockOwner;
  /** PROJECT_IN_USE (exit 5) with words for this case and `details: {holder, job, studioRunsJob}`; nothing was touched. */
  error: StudioErrorShape;
}

/**
 * The rule for scheduled CLI jobs (issue 19, item 6): while the studio has the project open, the
 * OS scheduler's `academia-studio sync <project> --job NAME` exits 5 without touching anything,
 * and the studio's own scheduler runs the job at its run times instead (the same schedule, held
 * in the project). The project lock already refuses the second opener with PROJECT_IN_USE
 * naming the holder; this tells the studio from another command (an earlier job still running,
 * a person's `run`), for the message. Null when `error` is not PROJECT_IN_USE.
 */
export function schedulerHandoff(error: unknown, job: string): SchedulerHandoff | null {
  if (!isInUse(error)) return null;
  const holder = error.details?.holder as LockOwner | undefined;
  if (!holder || typeof holder.app !== 'string') return null;
  const studioRunsJob = appRunsSyncSchedules(holder.app);
  const who = `${holder.app} (process ${holder.pid}, user ${holder.user} on ${holder.host}, since ${holder.since})`;
  const shaped = studioRunsJob
    ? new StudioError('PROJECT_IN_USE', `The sync job "${job}" was not run here: ${who} has the project open, and its own scheduler runs the job at its scheduled times.`, 'Nothing to do: the open studio runs the job. To run it from this command instead, close the project in the studio.', { details: { holder, job, studioRunsJob } })
    : new StudioError('PROJECT_IN_USE', `The sync job "${job}" was not run: the project is in use by ${who}.`, 'Another command is working on the project (perhaps the previous run of this job); the next scheduled run will try again. If that process is gone for good, delete the .lock file beside the project.', { details: { holder, job, studioRunsJob } });
  return { studioRunsJob, holder, error: shaped.toJSON() };
}

function isInUse(error: unknown): error is StudioErrorShape {
  return typeof error === 'object' && error !== null && (error as StudioErrorShape).code === 'PROJECT_IN_USE';
}
