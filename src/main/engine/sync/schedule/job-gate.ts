import { toErrorShape } from '../../../../shared/errors';
import type { ScheduleClock } from './schedule-clock';
import type { ScheduleLog, SyncJobRunner, SyncTrigger } from './schedule-log';

/**
 * One door for every run of a sync job, whatever asked for it (the schedule, a webhook, the
 * events feed), so a job never runs twice at once. A scheduled tick that finds the job running is
 * refused (the caller logs it: the next tick comes anyway); events that arrive during a run ask for
 * exactly one follow-up run after it (their changes may have come after the run read its source),
 * however many arrive — never a queue.
 */
export class JobGate {
  private readonly running = new Map<string, Promise<void>>();
  private readonly followUps = new Map<string, SyncTrigger>();
  private readonly controller = new AbortController();

  constructor(
    private readonly run: SyncJobRunner,
    private readonly clock: ScheduleClock,
    private readonly log: ScheduleLog,
  ) {}

  isRunning(job: string): boolean {
    return this.running.has(job);
  }

  /** Starts a run unless the job is running (then false, nothing started) or the gate is closed. */
  tryStart(job: string, trigger: SyncTrigger): boolean {
    if (this.running.has(job) || this.controller.signal.aborted) return false;
    // Started on the next microtask, so the job counts as running before the runner sees it.
    const done = Promise.resolve()
      .then(() => this.execute(job, trigger))
      .finally(() => {
        this.running.delete(job);
        const next = this.followUps.get(job);
        this.followUps.delete(job);
        if (next && !this.controller.signal.aborted) this.tryStart(job, next);
      });
    this.running.set(job, done);
    return true;
  }

  /** Starts a run now, or asks for one run after the current one (merging with a follow-up already asked for); nothing once closed. */
  startOrFollow(job: string, trigger: SyncTrigger): 'started' | 'follow-up' | 'closed' {
    if (this.controller.signal.aborted) return 'closed';
    if (this.tryStart(job, trigger)) return 'started';
    const earlier = this.followUps.get(job);
    this.followUps.set(job, earlier ? mergeTriggers(earlier, trigger) : trigger);
    if (!earlier) this.log({ at: this.at(), job, kind: 'follow-up', level: 'info', message: `The sync job "${job}" is running; the changes that arrived meanwhile get one more run when it ends.`, trigger });
    return 'follow-up';
  }

  /** Resolves when no run is in progress (follow-ups included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Refuses new runs, aborts the running ones' signal and waits for them to end. */
  async close(): Promise<void> {
    this.controller.abort();
    this.followUps.clear();
    await this.idle();
  }

  private async execute(job: string, trigger: SyncTrigger): Promise<void> {
    this.log({ at: this.at(), job, kind: 'run-started', level: 'info', message: `The sync job "${job}" started (${describeTrigger(trigger)}).`, trigger });
    try {
      await this.run(job, trigger, this.controller.signal);
      this.log({ at: this.at(), job, kind: 'run-finished', level: 'info', message: `The sync job "${job}" finished.`, trigger });
    } catch (err) {
      const error = toErrorShape(err);
      this.log({ at: this.at(), job, kind: 'run-failed', level: 'error', message: `The sync job "${job}" failed: ${error.message}`, trigger, error });
    }
  }

  private at(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** Words for a trigger, for log lines. */
export function describeTrigger(trigger: SyncTrigger): string {
  if (trigger.kind === 'schedule') return `scheduled for ${trigger.dueAt}`;
  if (trigger.kind === 'catch-up') return `one catch-up run for ${trigger.missed} missed run${trigger.missed === 1 ? '' : 's'} since ${trigger.firstMissedAt}`;
  return `${trigger.count} event${trigger.count === 1 ? '' : 's'} from ${trigger.sources.join(' and ')}`;
}

function mergeTriggers(a: SyncTrigger, b: SyncTrigger): SyncTrigger {
  if (a.kind === 'events' && b.kind === 'events') {
    return { kind: 'events', count: a.count + b.count, sources: [...new Set([...a.sources, ...b.sources])], firstAt: a.firstAt < b.firstAt ? a.firstAt : b.firstAt };
  }
  return a;
}
