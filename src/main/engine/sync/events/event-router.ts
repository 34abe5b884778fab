import type { TargetEvent } from '../../../../academia-api/wire-types';
import { StudioError, type StudioErrorShape } from '../../../../shared/errors';
import { systemClock, type ScheduleClock } from '../schedule/schedule-clock';
import type { ScheduleLog } from '../schedule/schedule-log';
import type { EventDebouncer, EventSource } from './event-debouncer';

/**
 * The sync jobs an event about `entity` concerns: a list (maybe empty: no job syncs it), or null
 * when the entity is unknown (not an entity of the target's model), which is reported, never
 * applied.
 */
export type JobsForEntity = (entity: string) => readonly string[] | null;

export type RouteOutcome =
  | { outcome: 'queued'; entity: string; jobs: string[] }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'duplicate' }
  | { outcome: 'unknown-entity'; entity: string; error: StudioErrorShape };

export interface EventRouterOptions {
  jobsForEntity: JobsForEntity;
  debouncer: EventDebouncer;
  clock?: ScheduleClock;
  log?: ScheduleLog;
  /** Events to leave alone (e.g. the echo of the studio's own pushes); logged as ignored. */
  ignore?: (event: TargetEvent) => string | null;
  /** How many event ids are remembered to recognise one seen twice (webhook and feed, or a retried delivery). */
  rememberIds?: number;
  /** Told of every event handed to jobs (after the debouncer has it): the engine keeps each job's last event. */
  onQueued?: (event: TargetEvent, source: EventSource, entity: string, jobs: readonly string[]) => void;
}

/**
 * Where the webhook receiver and the events-feed poller hand their events: it finds the entity
 * (`data.entity` of record, attachment and bulk events), the jobs that sync it, and hands each job
 * to the debouncer. The same event seen twice counts once.
 */
export class EventRouter {
  private readonly clock: ScheduleClock;
  private readonly log: ScheduleLog;
  private readonly seen = new Set<string>();
  private readonly refused = new Map<string, RouteOutcome>();
  private readonly remember: number;

  constructor(private readonly options: EventRouterOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => {});
    this.remember = options.rememberIds ?? 10_000;
  }

  route(event: TargetEvent, source: EventSource): RouteOutcome {
    // A refused event stays refused when it comes again (a retried delivery), reported once.
    const refusedBefore = this.refused.get(event.id);
    if (refusedBefore) return refusedBefore;
    if (this.seen.has(event.id)) return { outcome: 'duplicate' };
    const at = new Date(this.clock.now()).toISOString();
    const entity = typeof event.data?.entity === 'string' ? event.data.entity : null;
    const ignoredWhy = this.options.ignore?.(event) ?? (entity === null ? `a ${event.type} event names no entity` : null);
    const jobs = entity === null ? [] : this.options.jobsForEntity(entity);
    if (jobs === null && !ignoredWhy) {
      const error = new StudioError('EVENT_UNKNOWN_ENTITY', `Event ${event.id} (${event.type}, from the ${source}) is about "${entity}", an entity the studio does not know; it was not applied.`, "Check the target's API version and the project's target profile: the sender may speak a newer API than the studio, or the event is not from this school's Academia Pro.", {
        where: { field: 'data.entity' },
        details: { eventId: event.id, type: event.type, entity, source },
      }).toJSON();
      this.log({ at, job: null, kind: 'event-refused', level: 'error', message: error.message, error });
      const outcome: RouteOutcome = { outcome: 'unknown-entity', entity: entity as string, error };
      this.refused.set(event.id, outcome);
      if (this.refused.size > this.remember) this.refused.delete(this.refused.keys().next().value as string);
      return outcome;
    }
    this.markSeen(event.id);
    if (ignoredWhy) {
      this.log({ at, job: null, kind: 'event-ignored', level: 'info', message: `Event ${event.id} (${event.type}, from the ${source}) starts no sync: ${ignoredWhy}.` });
      return { outcome: 'ignored', reason: ignoredWhy };
    }
    if (!jobs || jobs.length === 0) {
      const reason = `no sync job syncs ${entity}`;
      this.log({ at, job: null, kind: 'event-ignored', level: 'info', message: `Event ${event.id} (${event.type}, from the ${source}) starts no sync: ${reason}.` });
      return { outcome: 'ignored', reason };
    }
    for (const job of jobs) this.options.debouncer.push(job, source);
    try {
      this.options.onQueued?.(event, source, entity as string, jobs);
    } catch {
      // Keeping the last event is a convenience for screens; the run it asked for is queued anyway.
    }
    return { outcome: 'queued', entity: entity as string, jobs: [...jobs] };
  }

  private markSeen(id: string): void {
    this.seen.add(id);
    if (this.seen.size > this.remember) this.seen.delete(this.seen.values().next().value as string);
  }
}
