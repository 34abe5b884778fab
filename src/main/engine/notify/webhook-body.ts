import type { WebhookContentType } from '../../../shared/model/notify';

/** What every delivery carries, whatever its content type. */
export interface WebhookEnvelope {
  /** The event's id: the same for every endpoint and every redelivery, so a receiver can drop repeats. */
  id: string;
  event: string;
  occurredAt: string;
  data: unknown;
}

/**
 * Writes the body once, when the delivery is queued: every attempt and redelivery sends the same
 * bytes, and the signature is over those bytes (`"<t>.<raw body>"`), whichever content type.
 *
 * - `json`: the envelope as JSON.
 * - `xml`: `<webhook id event occurredAt><data>…</data></webhook>`; objects become elements
 *   (a key that is not an XML name becomes `<entry key="…">`), arrays `<item>`s, null an empty
 *   element with `nil="true"`.
 * - `form-data`: multipart/form-data with the fields `id`, `event`, `occurredAt` and `data`
 *   (JSON), the boundary derived from the event id so the body is the same every time.
 */
export function encodeWebhookBody(contentType: WebhookContentType, envelope: WebhookEnvelope): { body: Buffer; contentType: string } {
  if (contentType === 'json') return { body: Buffer.from(JSON.stringify(envelope), 'utf8'), contentType: 'application/json; charset=utf-8' };
  if (contentType === 'xml') {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<webhook id="${escapeXml(envelope.id)}" event="${escapeXml(envelope.event)}" occurredAt="${escapeXml(envelope.occurredAt)}">${element('data', envelope.data)}</webhook>\n`;
    return { body: Buffer.from(xml, 'utf8'), contentType: 'application/xml; charset=utf-8' };
  }
  const boundary = `academia-${envelope.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
  const fields: [string, string][] = [
    ['id', envelope.id],
    ['event', envelope.event],
    ['occurredAt', envelope.occurredAt],
    ['data', JSON.stringify(envelope.data ?? null)],
  ];
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n${name === 'data' ? 'Content-Type: application/json; charset=utf-8\r\n' : ''}\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: unknown): string {
  const open = XML_NAME.test(name) && !/^xml/i.test(name) ? name : null;
  const tag = open ?? 'entry';
  const attrs = open ? '' : ` key="${escapeXml(name)}"`;
  if (value === null || value === undefined) return `<${tag}${attrs} nil="true"/>`;
  if (Array.isArray(value)) return `<${tag}${attrs}>${value.map((v) => element('item', v)).join('')}</${tag}>`;
  if (typeof value === 'object') return `<${tag}${attrs}>${Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join('')}</${tag}>`;
  return `<${tag}${attrs}>${escapeXml(String(value))}</${tag}>`;
}

function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than making the document invalid.
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
