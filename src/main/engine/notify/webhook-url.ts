import { StudioError } from '../../../shared/errors';

/**
 * Checks a webhook endpoint's address: http or https only, with a host, no credentials in it
 * (they would travel in every log line; the signature is how a receiver knows the sender).
 * Anything else is WEBHOOK_URL_INVALID with what to type instead.
 */
export function checkWebhookUrl(raw: string): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(value, 'it is not a web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(value, `it uses ${url.protocol.replace(/:$/, '')}, and webhooks are sent over http or https only`);
  if (!url.hostname) throw invalid(value, 'it has no host');
  if (url.username || url.password) throw invalid(value, 'it carries a user name or password, which would be written in every delivery log');
  return url.toString();
}

function invalid(value: string, why: string): StudioError {
  return new StudioError('WEBHOOK_URL_INVALID', `The webhook address "${value}" cannot be used: ${why}.`, 'Enter the receiver\'s address starting with https:// (or http:// on a local network), e.g. https://hooks.example.org/academia.', {
    where: { field: 'url' },
  });
}
