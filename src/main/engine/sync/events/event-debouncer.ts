import type { JobGate } from '../schedule/job-gate';
import { systemClock, type ScheduleClock } from '../schedule/schedule-clock';
import type { SyncTrigger } from '../schedule/schedule-log';

export type EventSource = 'webhook' | 'feed';

export interface EventDebouncerOptions {
  /** The same gate as the scheduler's, so an event-driven run never overlaps a scheduled one. */
  gate: JobGate;
  clock?: ScheduleClock;
  /** How long a job's events must stay quiet before its run starts (default 5 s). */
  quietMs?: number;
  /** The longest a steady stream of events can put a run off (default 60 s). */
  maxWaitMs?: number;
}

interface Pending {
  count: number;
  sources: Set<EventSource>;
  firstAt: number;
  cancel: () => void;
}

/**
 * Turns bursts of events into one sync run per job: a roster import on the Academia Pro side
 * sends hundreds of record events in a few seconds, and one run handles them all. A job's run
 * starts once its events have been quiet for `quietMs`, or `maxWaitMs` after the first, whichever
 * comes first; if the job is running then, exactly one more run follows it (JobGate).
 */
export class EventDebouncer {
  private readonly clock: ScheduleClock;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly pending = new Map<string, Pending>();
  private stopped = false;

  constructor(private readonly options: EventDebouncerOptions) {
    this.clock = options.clock ?? systemClock;
    this.quietMs = options.quietMs ?? 5_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
  }

  /** One more event for `job`. */
  push(job: string, source: EventSource): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const before = this.pending.get(job);
    before?.cancel();
    const entry: Pending = { count: (before?.count ?? 0) + 1, sources: before?.sources ?? new Set(), firstAt: before?.firstAt ?? now, cancel: () => {} };
    entry.sources.add(source);
    const fireAt = Math.min(now + this.quietMs, entry.firstAt + this.maxWaitMs);
    entry.cancel = this.clock.schedule(fireAt - now, () => this.fire(job));
    this.pending.set(job, entry);
  }

  /** Jobs with events waiting for their quiet time. */
  waiting(): string[] {
    return [...this.pending.keys()];
  }

  /** Drops what is waiting (the project is closing: the next run of each job reads the changes anyway). */
  stop(): void {
    this.stopped = true;
    for (const p of this.pending.values()) p.cancel();
    this.pending.clear();
  }

  private fire(job: string): void {
    const entry = this.pending.get(job);
    if (!entry) return;
    this.pending.delete(job);
    const trigger: SyncTrigger = { kind: 'events', count: entry.count, sources: [...entry.sources].sort(), firstAt: new Date(entry.firstAt).toISOString() };
    this.options.gate.startOrFollow(job, trigger);
  }
}
