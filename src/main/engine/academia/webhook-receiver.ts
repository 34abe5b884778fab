import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '../../../academia-api/webhook-signature';
import type { ProblemDetails, TargetEvent } from '../../../academia-api/wire-types';

/** A delivery that passed every check. */
export interface ReceivedDelivery {
  event: TargetEvent;
  /** Academia-Delivery-Id (the same id again means a retry of a delivery already seen). */
  deliveryId: string | null;
  /** The signature's timestamp, unix seconds. */
  signedAt: number;
}

/** The outcome of checking one incoming delivery: the event, or the answer to send back. */
export type DeliveryCheck = { ok: true; delivery: ReceivedDelivery } | { ok: false; status: 400 | 401 | 415; problem: ProblemDetails };

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks an incoming webhook delivery the way a receiver should, before trusting anything in
 * it: the signature over the raw body (Academia-Signature, at most `toleranceSeconds` old), then
 * the content type and the JSON. A refusal comes with the problem details to answer (401 for a
 * signature, 415 / 400 for the body), so the sender logs a clear reason and retries.
 */
export function checkWebhookDelivery(headers: HeaderBag, rawBody: string | Uint8Array, secret: string, nowSeconds: number, options: { toleranceSeconds?: number; problemBase?: string; instance?: string } = {}): DeliveryCheck {
  const base = options.problemBase ?? 'https://academia-pro.example/problems/';
  const refuse = (status: 400 | 401 | 415, slug: string, title: string, detail: string): DeliveryCheck => ({
    ok: false,
    status,
    problem: { type: `${base}${slug}`, title, status, detail, ...(options.instance ? { instance: options.instance } : {}) },
  });
  const check = verifySignature(header(headers, SIGNATURE_HEADER), rawBody, secret, nowSeconds, options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS);
  if (!check.valid) return refuse(401, `signature-${check.reason}`, 'Bad signature', check.message);
  const type = (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return refuse(415, 'unsupported-media-type', 'Unsupported media type', 'A delivery is JSON (Content-Type: application/json).');
  let event: TargetEvent;
  try {
    event = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8')) as TargetEvent;
  } catch (err) {
    return refuse(400, 'malformed-json', 'Bad request', `The body is not valid JSON: ${(err as Error).message}`);
  }
  if (!event || typeof event !== 'object' || typeof event.id !== 'string' || typeof event.type !== 'string') {
    return refuse(400, 'not-an-event', 'Bad request', 'The body is not an event (id and type are required).');
  }
  return { ok: true, delivery: { event, deliveryId: header(headers, 'academia-delivery-id'), signedAt: check.timestamp } };
}

function header(headers: HeaderBag, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
  }
  return null;
}
