import { StudioError } from '../../../../shared/errors';
import type { SyncEventSettingsInput } from '../../../../shared/model/sync-events';

/**
 * `sync define`'s event-driven flags (docs/cli.md): `--events-webhook [HOST:]PORT` (the receiver's
 * address; loopback when HOST is left out, 0 for a free port), `--events-path PATH`,
 * `--events-feed SECONDS` (poll the target's events feed) and `--webhook-secret-stdin` (the signing
 * secret, piped in; or APSTUDIO_SYNC_WEBHOOK_SECRET).
 */
export const EVENT_OPTIONS = {
  'events-webhook': { type: 'string' },
  'events-path': { type: 'string' },
  'events-feed': { type: 'string' },
  'webhook-secret-stdin': { type: 'boolean' },
} as const;

export interface EventFlags {
  webhook?: string;
  path?: string;
  feed?: string;
}

export function eventOptions(values: Record<string, unknown>): EventFlags {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  return { webhook: str('events-webhook'), path: str('events-path'), feed: str('events-feed') };
}

/** The flags as a definition's `events` (undefined: none given, not event-driven). */
export function eventSettingsFrom(flags: EventFlags): SyncEventSettingsInput | undefined {
  if (flags.path !== undefined && flags.webhook === undefined) throw new StudioError('USAGE', '--events-path needs --events-webhook.', 'Give the receiver its address too, e.g. --events-webhook 8741 --events-path /hooks/sis.');
  if (flags.webhook === undefined && flags.feed === undefined) return undefined;
  const events: SyncEventSettingsInput = {};
  if (flags.webhook !== undefined) {
    // HOST:PORT, [IPv6]:PORT or PORT alone.
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(flags.webhook) ?? /^()()(\d+)$/.exec(flags.webhook);
    if (!m) throw new StudioError('USAGE', `--events-webhook ${flags.webhook} is not [HOST:]PORT.`, 'E.g. --events-webhook 8741 (loopback), --events-webhook 0.0.0.0:8741 (every network), or port 0 for a free one.');
    const host = m[1] || m[2] || undefined;
    events.webhook = { ...(host ? { host } : {}), port: Number(m[3]), ...(flags.path !== undefined ? { path: flags.path } : {}) };
  }
  if (flags.feed !== undefined) {
    const seconds = Number(flags.feed);
    if (!Number.isInteger(seconds)) throw new StudioError('USAGE', `--events-feed ${flags.feed} is not a number of seconds.`, 'E.g. --events-feed 60 polls the events feed every minute.');
    events.feed = { intervalSeconds: seconds };
  }
  return events;
}
