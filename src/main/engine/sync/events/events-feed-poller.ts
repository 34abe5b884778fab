import type { EventPage, TargetEvent } from '../../../../academia-api/wire-types';
import { toErrorShape } from '../../../../shared/errors';
import { systemClock, type ScheduleClock } from '../schedule/schedule-clock';
import type { ScheduleLog } from '../schedule/schedule-log';
import type { EventRouter } from './event-router';

/** Where the feed's cursor is kept between polls (and, wired to the project file, between sessions). */
export interface FeedCursorStore {
  load(): string | null | Promise<string | null>;
  save(cursor: string): void | Promise<void>;
}

/** A cursor kept in memory only. */
export function memoryCursorStore(initial: string | null = null): FeedCursorStore & { readonly cursor: string | null } {
  let cursor = initial;
  return {
    get cursor() {
      return cursor;
    },
    load: () => cursor,
    save: (c) => {
      cursor = c;
    },
  };
}

export interface EventsFeedPollerOptions {
  /** One page of `GET /api/v1/events` after a cursor (TargetEvents.page of the target's client). */
  page: (after: string | undefined) => Promise<EventPage>;
  router: EventRouter;
  cursor?: FeedCursorStore;
  clock?: ScheduleClock;
  log?: ScheduleLog;
  /** Time between the end of one poll and the start of the next (default 60 s). */
  intervalMs?: number;
  /** Pages read in one poll at most (default 20); the rest waits for the next poll. */
  maxPagesPerPoll?: number;
  /**
   * With no stored cursor: false (default) starts at the end of the feed, because what happened
   * before is the first sync's to read, not the events'; true hands every event from the oldest.
   */
  fromStart?: boolean;
}

export interface PollResult {
  events: number;
  queued: number;
  refused: number;
  cursor: string | null;
  /** False when the poll failed (logged; the cursor did not move). */
  ok: boolean;
}

/**
 * Polls the target's events feed where webhooks cannot reach the studio (a laptop behind the
 * school's NAT): page by page from the stored cursor, each event handed to the router (and so
 * debounced into one run per job, as webhook deliveries are), the cursor saved after each page.
 * Polls never overlap: the next is armed when one ends. A failing poll is logged and tried again
 * at the next interval from the same cursor.
 */
export class EventsFeedPoller {
  private readonly clock: ScheduleClock;
  private readonly log: ScheduleLog;
  private readonly cursor: FeedCursorStore;
  private readonly intervalMs: number;
  private cancelTimer: (() => void) | null = null;
  private polling: Promise<PollResult> | null = null;
  private stopped = false;

  constructor(private readonly options: EventsFeedPollerOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? (() => {});
    this.cursor = options.cursor ?? memoryCursorStore();
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  /** Polls now, then every interval until stopped. */
  start(): void {
    this.stopped = false;
    this.arm(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.polling?.catch(() => undefined);
  }

  /** One poll (the one in progress, if any). */
  pollOnce(): Promise<PollResult> {
    this.polling ??= this.poll().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.cancelTimer = this.clock.schedule(delayMs, async () => {
      this.cancelTimer = null;
      await this.pollOnce();
      this.arm(this.intervalMs);
    });
  }

  private async poll(): Promise<PollResult> {
    const result: PollResult = { events: 0, queued: 0, refused: 0, cursor: null, ok: true };
    try {
      let cursor = (await this.cursor.load()) ?? undefined;
      const skipHistory = cursor === undefined && !this.options.fromStart;
      const maxPages = skipHistory ? Infinity : (this.options.maxPagesPerPoll ?? 20);
      for (let pages = 0; pages < maxPages && !this.stopped; pages++) {
        const page = await this.options.page(cursor);
        if (!skipHistory) this.hand(page.data, result);
        cursor = page.nextCursor;
        await this.cursor.save(cursor);
        if (!page.hasMore) break;
      }
      result.cursor = cursor ?? null;
    } catch (err) {
      const error = toErrorShape(err);
      result.ok = false;
      this.log({ at: new Date(this.clock.now()).toISOString(), job: null, kind: 'feed-failed', level: 'warning', message: `The events feed could not be read: ${error.message} It is read again in ${Math.round(this.intervalMs / 1000)} s from where it stopped.`, error });
    }
    return result;
  }

  private hand(events: TargetEvent[], result: PollResult): void {
    for (const event of events) {
      result.events++;
      const routed = this.options.router.route(event, 'feed');
      if (routed.outcome === 'queued') result.queued++;
      if (routed.outcome === 'unknown-entity') result.refused++;
    }
  }
}
