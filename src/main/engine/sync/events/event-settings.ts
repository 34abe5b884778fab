import { isIP } from 'node:net';
import { StudioError } from '../../../../shared/errors';
import { DEFAULT_FEED_INTERVAL_SECONDS, DEFAULT_RECEIVER_HOST, DEFAULT_RECEIVER_PATH, type SyncEventSettings, type SyncEventSettingsInput } from '../../../../shared/model/sync-events';

/** Polling more often than this asks the target for nothing but rate-limit trouble. */
export const MIN_FEED_INTERVAL_SECONDS = 10;
export const MAX_FEED_INTERVAL_SECONDS = 86_400;

/** A host name as a bind address may be one (`localhost`, `studio.school.lan`). */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const URL_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;

/**
 * A definition's event settings as stored (null: not event-driven): the receiver on loopback at
 * `/academia/events` unless told otherwise, the feed every minute. Refused with SYNC_INVALID,
 * naming the field: settings that name neither a receiver nor a feed, an address that is neither
 * an IP address nor a host name, a port outside 0–65535, a path that is not a URL path, an
 * interval outside 10 s – 1 day.
 */
export function normaliseEventSettings(input: SyncEventSettingsInput | null | undefined): SyncEventSettings | null {
  if (!input) return null;
  const webhook = input.webhook
    ? { host: (input.webhook.host ?? DEFAULT_RECEIVER_HOST).trim(), port: input.webhook.port ?? 0, path: input.webhook.path ?? DEFAULT_RECEIVER_PATH }
    : null;
  const feed = input.feed ? { intervalSeconds: input.feed.intervalSeconds ?? DEFAULT_FEED_INTERVAL_SECONDS } : null;
  if (!webhook && !feed) throw invalid('events', 'The event settings name neither a webhook receiver nor the events feed.', 'Give a receiver (its address and port), the feed (its interval), or both; or leave the events out for a sync that is not event-driven.');
  if (webhook) {
    if (!isIP(webhook.host) && !HOST_NAME.test(webhook.host)) {
      throw invalid('events.webhook.host', `"${webhook.host}" is not an address the receiver can listen on.`, 'Give an IP address of this computer (127.0.0.1 keeps the receiver to this computer; 0.0.0.0 listens on every network) or its host name.');
    }
    if (!Number.isInteger(webhook.port) || webhook.port < 0 || webhook.port > 65_535) {
      throw invalid('events.webhook.port', `${webhook.port} is not a port.`, 'Give a port from 1 to 65535 (the one registered in Academia Pro), or 0 for a free one chosen at each start.');
    }
    if (!URL_PATH.test(webhook.path) || webhook.path.length > 200) {
      throw invalid('events.webhook.path', `"${webhook.path}" is not a URL path.`, `Give a path starting with "/", such as ${DEFAULT_RECEIVER_PATH}.`);
    }
  }
  if (feed && (!Number.isInteger(feed.intervalSeconds) || feed.intervalSeconds < MIN_FEED_INTERVAL_SECONDS || feed.intervalSeconds > MAX_FEED_INTERVAL_SECONDS)) {
    throw invalid('events.feed.intervalSeconds', `Polling the events feed every ${feed.intervalSeconds} s is not allowed.`, `Give a whole number of seconds from ${MIN_FEED_INTERVAL_SECONDS} to ${MAX_FEED_INTERVAL_SECONDS} (one day); 60 is usual.`);
  }
  return { webhook, feed };
}

/** Words for a definition's event settings (audit lines, the CLI): shared with the CLI and screens. */
export { describeEventSettings } from '../../../../shared/model/sync-events';

function invalid(field: string, message: string, hint: string): StudioError {
  return new StudioError('SYNC_INVALID', message, hint, { where: { field } });
}
