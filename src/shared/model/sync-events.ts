/**
 * Event-driven syncs (issue 19, item 7): a sync definition's `events` settings, and what the
 * studio says about its receiver and feed while the project is open. A definition with `events`
 * runs when Academia Pro says something changed (signed webhook deliveries to the studio's
 * receiver, or its events feed polled), debounced into one run; it may have a cron schedule too.
 */

/** Where the studio listens for Academia Pro's webhook deliveries for this sync. */
export interface SyncWebhookSettings {
  /** The address to bind: `127.0.0.1` (default, this computer only) or one the user chooses (`0.0.0.0`, the school network's). */
  host: string;
  /** 0: a free port, chosen at each start (fine behind a tunnel that is told the port; register a fixed one in Academia Pro). */
  port: number;
  /** Where deliveries are POSTed (default `/academia/events`). */
  path: string;
}

/** Polling the target's events feed (`GET /api/v1/events`), where webhooks cannot reach the studio. */
export interface SyncFeedSettings {
  /** Seconds between the end of one poll and the start of the next (10–86400; default 60). */
  intervalSeconds: number;
}

/** A definition's event settings as stored: at least one of the two. */
export interface SyncEventSettings {
  webhook: SyncWebhookSettings | null;
  feed: SyncFeedSettings | null;
}

/** What `syncs.define` / `update` take: the missing parts get their defaults. */
export interface SyncEventSettingsInput {
  webhook?: Partial<SyncWebhookSettings> | null;
  feed?: Partial<SyncFeedSettings> | null;
}

/** A definition's event settings in a few words ("webhook receiver on 127.0.0.1:8741/academia/events and events feed every 60 s"). */
export function describeEventSettings(events: SyncEventSettings | null | undefined): string {
  if (!events) return 'not event-driven';
  const parts: string[] = [];
  if (events.webhook) parts.push(`webhook receiver on ${events.webhook.host.includes(':') ? `[${events.webhook.host}]` : events.webhook.host}:${events.webhook.port || 'a free port'}${events.webhook.path}`);
  if (events.feed) parts.push(`events feed every ${events.feed.intervalSeconds} s`);
  return parts.join(' and ');
}

export const DEFAULT_RECEIVER_HOST = '127.0.0.1';
export const DEFAULT_RECEIVER_PATH = '/academia/events';
export const DEFAULT_FEED_INTERVAL_SECONDS = 60;

/**
 * Where a sync's webhook receiver stands: `listening` (at `url`), `waiting-for-secret` (no
 * signing secret in the vault yet: nothing listens until it is set), `failed` (it could not
 * listen: `error` says why), `stopped` (the project is not open in the studio, or the CLI).
 */
export type ReceiverState = 'listening' | 'waiting-for-secret' | 'failed' | 'stopped';

export interface ReceiverStatus {
  state: ReceiverState;
  host: string;
  port: number;
  path: string;
  /** Where to register the webhook in Academia Pro (the port really bound); null unless listening. */
  url: string | null;
  secretStatus: 'set' | 'missing' | 'needs-reentry';
  error: { code: string; message: string; hint: string } | null;
  /** Deliveries refused since the project was opened (bad or missing signature, replayed timestamp, too large, not an event). */
  refused: number;
  lastRefusal: { at: string; message: string } | null;
}

export interface FeedStatus {
  intervalSeconds: number;
  /** Where the next poll reads from (stored in the project file; null: the first poll starts at the end of the feed). */
  cursor: string | null;
  lastPollAt: string | null;
  /** Whether the last poll read the feed (null: none yet). */
  ok: boolean | null;
  error: string | null;
}

/** The last event that started (or joined) a run of the sync, kept in the project file. */
export interface LastSyncEvent {
  id: string;
  type: string;
  entity: string;
  source: 'webhook' | 'feed';
  at: string;
}

export interface SyncEventStatus {
  job: string;
  receiver: ReceiverStatus | null;
  feed: FeedStatus | null;
  lastEvent: LastSyncEvent | null;
  /** Events routed to this sync, ever (kept with the last event). */
  eventsReceived: number;
  /** Events waiting for their quiet time before the sync's run starts. */
  waiting: boolean;
}

/** `syncs.events`: every event-driven sync of the open project, and the events refused lately. */
export interface SyncEventsOverview {
  /** True while the studio (not the CLI) runs the project's receivers and feed. */
  running: boolean;
  jobs: SyncEventStatus[];
  /** The last refusals (bad signature, replay, unknown entity…), newest last, at most 50. */
  refusals: { at: string; source: 'webhook' | 'feed'; job: string | null; message: string; code: string | null }[];
}
