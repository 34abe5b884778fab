import { signPayload, SIGNATURE_HEADER } from '../../../academia-api/webhook-signature';
import type { WebhookAttemptOutcome } from '../../../shared/model/notify';

/** What one attempt needs: where, how, the bytes, and the secret to sign them with. */
export interface WebhookRequest {
  url: string;
  method: 'POST' | 'PUT';
  contentType: string;
  body: Buffer;
  event: string;
  deliveryId: string;
  secret: string;
  timeoutMs: number;
  /** Seconds since the epoch for the signature's `t`. */
  nowSeconds: number;
}

export interface WebhookAttemptResult {
  outcome: WebhookAttemptOutcome;
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
}

/** How much of a refusal's body is kept in the attempt log (receivers often say why). */
const MAX_ERROR_TEXT = 300;

/**
 * Sends one delivery attempt, signed (`Academia-Signature: t=…,v1=…` over `"<t>.<raw body>"`,
 * docs/conventions.md). Never throws: every way it can go wrong is an outcome. A receiver that
 * does not answer within `timeoutMs` is abandoned (`timeout`); redirects are not followed (a 3xx
 * is a failed attempt: a POST must not silently become a GET somewhere else).
 */
export async function sendWebhook(request: WebhookRequest, fetchImpl: typeof fetch = fetch): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const res = await fetchImpl(request.url, {
      method: request.method,
      headers: {
        'Content-Type': request.contentType,
        'User-Agent': 'AcademiaStudio-Webhooks/1',
        [SIGNATURE_HEADER]: signPayload(request.body, request.secret, request.nowSeconds),
        'Academia-Event': request.event,
        'Academia-Delivery': request.deliveryId,
      },
      body: new Uint8Array(request.body),
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { outcome: 'delivered', httpStatus: res.status, durationMs: elapsed(), error: null };
    const said = text.trim().replace(/\s+/g, ' ').slice(0, MAX_ERROR_TEXT);
    return { outcome: 'http', httpStatus: res.status, durationMs: elapsed(), error: said || res.statusText || null };
  } catch (err) {
    if (controller.signal.aborted) return { outcome: 'timeout', httpStatus: null, durationMs: elapsed(), error: `No answer within ${request.timeoutMs} ms; the attempt was abandoned.` };
    return { outcome: 'network', httpStatus: null, durationMs: elapsed(), error: networkMessage(err) };
  } finally {
    clearTimeout(timer);
  }
}

function networkMessage(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') return 'The receiver refused the connection (nothing listens at that address and port).';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The receiver\'s host name could not be found.';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'The receiver dropped the connection before answering.';
  if (code && /CERT|TLS|SSL/i.test(code)) return `The receiver's TLS certificate was refused (${code}).`;
  return cause?.message ?? (err as Error)?.message ?? String(err);
}
