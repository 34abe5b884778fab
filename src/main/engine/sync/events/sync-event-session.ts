import type { EventPage, TargetEvent } from '../../../../academia-api/wire-types';
import { toErrorShape } from '../../../../shared/errors';
import type { FeedStatus, LastSyncEvent, ReceiverStatus, SyncEventSettings, SyncEventsOverview, SyncWebhookSettings } from '../../../../shared/model/sync-events';
import type { JobGate } from '../schedule/job-gate';
import { systemClock, type ScheduleClock } from '../schedule/schedule-clock';
import type { ScheduleLog, ScheduleLogEntry } from '../schedule/schedule-log';
import { EventDebouncer, type EventSource } from './event-debouncer';
import { EventRouter } from './event-router';
import { EventsFeedPoller, type FeedCursorStore } from './events-feed-poller';
import { startSyncWebhookReceiver, type RunningWebhookReceiver } from './webhook-server';

/** An event-driven sync job as the event machinery sees it. */
export interface EventJob {
  name: string;
  entities: readonly string[];
  events: SyncEventSettings;
}

export interface SyncEventSessionOptions {
  /** The open project's event-driven jobs (read again at each refresh). */
  jobs: () => readonly EventJob[] | Promise<readonly EventJob[]>;
  /** Whether the target's model has the entity: an event about another one is refused and reported. */
  knownEntity: (entity: string) => boolean;
  /** The scheduler's gate: an event-driven run never overlaps another run of the job, however started. */
  gate: JobGate;
  /** The job's signing secret from the vault (throws when it cannot be read). */
  secret: (job: string) => Promise<string>;
  secretStatus: (job: string) => Promise<ReceiverStatus['secretStatus']>;
  /** One page of the target's events feed, and where its cursor is kept (per target, in the project file). */
  feed: { page: (after: string | undefined) => Promise<EventPage>; cursor: FeedCursorStore };
  /** Events to leave alone, with the reason (the echo of the studio's own pushes). */
  ignore?: (event: TargetEvent) => string | null;
  /** Told of each event routed to a job (the project file keeps the last one). */
  recordEvent?: (job: string, event: LastSyncEvent) => void;
  clock?: ScheduleClock;
  log?: ScheduleLog;
  /** Debouncing (EventDebouncer's defaults: 5 s quiet, at most 60 s). */
  quietMs?: number;
  maxWaitMs?: number;
}

interface Receiver {
  settings: SyncWebhookSettings;
  running: RunningWebhookReceiver | null;
  state: ReceiverStatus['state'];
  error: ReceiverStatus['error'];
  refused: number;
  lastRefusal: ReceiverStatus['lastRefusal'];
}

const KEPT_REFUSALS = 50;

/**
 * The event machinery of one open project (issue 19, item 7): one router and debouncer for every
 * event-driven job, a webhook receiver per job that has one (bound where its settings say,
 * loopback by default; started once the job's signing secret is in the vault), and one poller of
 * the target's events feed for all jobs that poll it (at the shortest interval they ask for, from
 * the cursor kept in the project file). `refresh` brings them in step with the definitions;
 * `stop` closes everything (the project is closing).
 */
export class SyncEventSession {
  private readonly clock: ScheduleClock;
  private readonly log: ScheduleLog;
  readonly debouncer: EventDebouncer;
  readonly router: EventRouter;
  private jobs: readonly EventJob[] = [];
  private readonly receivers = new Map<string, Receiver>();
  private poller: { intervalSeconds: number; poller: EventsFeedPoller } | null = null;
  private feedState: Pick<FeedStatus, 'lastPollAt' | 'ok' | 'error'> = { lastPollAt: null, ok: null, error: null };
  private readonly refusals: SyncEventsOverview['refusals'] = [];
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SyncEventSessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => {});
    this.debouncer = new EventDebouncer({ gate: options.gate, clock: this.clock, quietMs: options.quietMs, maxWaitMs: options.maxWaitMs });
    this.router = new EventRouter({
      jobsForEntity: (entity) => (options.knownEntity(entity) ? this.jobs.filter((j) => j.entities.includes(entity)).map((j) => j.name) : null),
      debouncer: this.debouncer,
      clock: this.clock,
      log: (entry) => this.note(entry, null),
      ignore: options.ignore,
      onQueued: (event, source, entity, jobs) => {
        const last: LastSyncEvent = { id: event.id, type: event.type, entity, source, at: this.iso() };
        for (const job of jobs) options.recordEvent?.(job, last);
      },
    });
  }

  /** Starts, stops or restarts receivers and the poller to match the jobs as they are now. Calls are serialised. */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.apply());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.refreshing;
    this.debouncer.stop();
    await this.poller?.poller.stop();
    this.poller = null;
    await Promise.all([...this.receivers.values()].map((r) => r.running?.close()));
    for (const r of this.receivers.values()) {
      r.running = null;
      r.state = 'stopped';
    }
  }

  /** Where each job's receiver and the feed stand (last events are the caller's: they live in the project file). */
  async status(): Promise<{ jobs: { job: string; receiver: ReceiverStatus | null; feed: FeedStatus | null; waiting: boolean }[]; refusals: SyncEventsOverview['refusals'] }> {
    const waiting = new Set(this.debouncer.waiting());
    const cursor = this.poller ? await this.options.feed.cursor.load() : null;
    const jobs = await Promise.all(
      this.jobs.map(async (job) => {
        const r = this.receivers.get(job.name);
        const receiver: ReceiverStatus | null = r
          ? {
              state: r.state,
              ...r.settings,
              url: r.running?.url ?? null,
              secretStatus: await this.options.secretStatus(job.name).catch(() => 'needs-reentry' as const),
              error: r.error,
              refused: r.refused,
              lastRefusal: r.lastRefusal,
            }
          : null;
        const feed: FeedStatus | null = job.events.feed ? { intervalSeconds: job.events.feed.intervalSeconds, cursor, ...this.feedState } : null;
        return { job: job.name, receiver, feed, waiting: waiting.has(job.name) };
      }),
    );
    return { jobs, refusals: [...this.refusals] };
  }

  private async apply(): Promise<void> {
    if (this.stopped) return;
    this.jobs = [...(await this.options.jobs())];
    await this.applyReceivers();
    await this.applyPoller();
  }

  private async applyReceivers(): Promise<void> {
    const wanted = new Map(this.jobs.filter((j) => j.events.webhook).map((j) => [j.name, j.events.webhook as SyncWebhookSettings]));
    for (const [name, r] of [...this.receivers]) {
      const settings = wanted.get(name);
      if (settings && sameReceiver(settings, r.settings) && r.state === 'listening') continue;
      await r.running?.close();
      this.receivers.delete(name);
    }
    for (const [name, settings] of wanted) {
      if (this.receivers.has(name) || this.stopped) continue;
      const r: Receiver = { settings, running: null, state: 'stopped', error: null, refused: 0, lastRefusal: null };
      this.receivers.set(name, r);
      if ((await this.options.secretStatus(name).catch(() => 'needs-reentry')) !== 'set') {
        r.state = 'waiting-for-secret';
        continue;
      }
      try {
        r.running = await startSyncWebhookReceiver({
          router: this.router,
          secret: () => this.options.secret(name),
          host: settings.host,
          port: settings.port,
          path: settings.path,
          clock: this.clock,
          log: (entry) => {
            if (entry.kind === 'event-refused') {
              r.refused++;
              r.lastRefusal = { at: entry.at, message: entry.message };
            }
            this.note({ ...entry, job: entry.job ?? name }, 'webhook');
          },
        });
        r.state = 'listening';
        this.note({ at: this.iso(), job: name, kind: 'receiver-started', level: 'info', message: `The webhook receiver of "${name}" listens at ${r.running.url}.` }, null);
      } catch (err) {
        const error = toErrorShape(err);
        r.state = 'failed';
        r.error = { code: error.code, message: error.message, hint: error.hint };
        this.note({ at: this.iso(), job: name, kind: 'receiver-failed', level: 'error', message: `The webhook receiver of "${name}" is not running: ${error.message}`, error }, null);
      }
    }
  }

  private async applyPoller(): Promise<void> {
    const intervals = this.jobs.map((j) => j.events.feed?.intervalSeconds).filter((s): s is number => s !== undefined);
    const wanted = intervals.length ? Math.min(...intervals) : null;
    if (this.poller && this.poller.intervalSeconds === wanted) return;
    await this.poller?.poller.stop();
    this.poller = null;
    if (wanted === null || this.stopped) return;
    const poller = new EventsFeedPoller({
      page: async (after) => {
        try {
          const page = await this.options.feed.page(after);
          this.feedState = { lastPollAt: this.iso(), ok: true, error: null };
          return page;
        } catch (err) {
          this.feedState = { lastPollAt: this.iso(), ok: false, error: toErrorShape(err).message };
          throw err;
        }
      },
      router: this.router,
      cursor: this.options.feed.cursor,
      clock: this.clock,
      log: (entry) => this.note(entry, 'feed'),
      intervalMs: wanted * 1000,
    });
    this.poller = { intervalSeconds: wanted, poller };
    poller.start();
  }

  /** Passes a log line on, keeping refusals for the status. */
  private note(entry: ScheduleLogEntry, source: EventSource | null): void {
    if (entry.kind === 'event-refused') {
      const from = source ?? ((entry.error?.details as { source?: EventSource } | undefined)?.source ?? 'webhook');
      this.refusals.push({ at: entry.at, source: from, job: entry.job, message: entry.message, code: entry.error?.code ?? null });
      if (this.refusals.length > KEPT_REFUSALS) this.refusals.shift();
    }
    try {
      this.log(entry);
    } catch {
      // A log sink that fails must not stop the events.
    }
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function sameReceiver(a: SyncWebhookSettings, b: SyncWebhookSettings): boolean {
  return a.host === b.host && a.port === b.port && a.path === b.path;
}
