import { randomBytes } from 'node:crypto';
import { EVENT_TYPES, toApiEvent } from './event-log';
import type { Handler, HandlerRequest, SandboxServices } from './handler-context';
import type { SandboxAnswer } from './problem';
import { badParameter, encodeCursor, notFound, readCursor, readJsonBody, readLimit, withIdempotency } from './request-helpers';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type StoredDelivery, type StoredWebhook } from './webhook-store';

/** Webhooks (x-handler webhook-…) and the events feed (x-handler events). */
export const webhookHandlers: Record<string, Handler> = {
  'webhook-create': createWebhook,
  'webhook-list': (services, request) => ({ status: 200, body: { data: services.webhooks.list(clientOf(request)).map(toApiWebhook) } }),
  'webhook-get': (services, request) => withWebhook(services, request, (w) => ({ status: 200, body: toApiWebhook(w) })),
  'webhook-delete': deleteWebhook,
  'webhook-test': testWebhook,
  'webhook-deliveries': listDeliveries,
  events: listEvents,
};

interface WebhookRequest {
  url: string;
  events: string[];
  secret?: string;
  description?: string;
  active?: boolean;
  retryPolicy?: Partial<RetryPolicy>;
}

function createWebhook(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const parsed = readJsonBody(services.problems, request.contract, request);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.value as WebhookRequest;
  return withIdempotency(services, request, body, () => {
    const webhook: StoredWebhook = {
      id: `whk_${randomBytes(10).toString('hex')}`,
      clientId: clientOf(request),
      url: body.url,
      events: body.events.includes('*') ? ['*'] : [...body.events],
      secret: body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      description: body.description ?? null,
      active: body.active ?? true,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, ...body.retryPolicy },
      createdAt: services.clock(),
    };
    services.webhooks.create(webhook);
    services.dispatcher.registered(webhook);
    return { status: 201, body: { ...toApiWebhook(webhook), secret: webhook.secret }, headers: { Location: `${services.baseUrl()}/api/${request.contract.version}/webhooks/${webhook.id}` } };
  });
}

function deleteWebhook(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withWebhook(services, request, (w) => {
    services.webhooks.remove(w.id, services.clock());
    services.dispatcher.removed(w.id);
    return { status: 204 };
  });
}

function testWebhook(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withWebhook(services, request, (w) =>
    services.store.transaction(() => {
      const event = services.events.append('webhook.test', null, { webhookId: w.id });
      const delivery = services.dispatcher.deliverTo(w, event);
      return { status: 202, body: { event: toApiEvent(event), deliveryId: delivery.id } };
    }),
  );
}

function listDeliveries(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  return withWebhook(services, request, (w) => {
    const before = readCursor(services, request);
    if (typeof before !== 'number') return before;
    const limit = readLimit(services, request, request.contract.limits.defaultPageSize, request.contract.limits.maxPageSize);
    if (typeof limit !== 'number') return limit;
    const page = services.webhooks.deliveries(w.id, before === 0 ? null : before, limit);
    const last = page.rows[page.rows.length - 1];
    return { status: 200, body: { data: page.rows.map((d) => toApiDelivery(services, d)), nextCursor: page.more && last ? encodeCursor(last.seq) : null, total: page.total } };
  });
}

function listEvents(services: SandboxServices, request: HandlerRequest): SandboxAnswer {
  const after = readCursor(services, request, 'after');
  if (typeof after !== 'number') return after;
  const limits = request.contract.limits;
  const limit = readLimit(services, request, limits.defaultPageSize, limits.maxEventsPage);
  if (typeof limit !== 'number') return limit;
  const typesText = request.query.get('types');
  let types: string[] | null = null;
  if (typesText) {
    types = typesText.split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length) return badParameter(services, request, 'types', `Unknown event type(s): ${unknown.join(', ')}. Known: ${EVENT_TYPES.join(', ')}.`);
  }
  const page = services.events.page(after, limit, types);
  const last = page.events[page.events.length - 1];
  return { status: 200, body: { data: page.events.map(toApiEvent), nextCursor: encodeCursor(last ? last.seq : after), hasMore: page.more } };
}

function clientOf(request: HandlerRequest): string {
  return (request.principal as NonNullable<HandlerRequest['principal']>).clientId;
}

/** Runs `fn` with the caller's webhook named by the path, or answers 404. */
function withWebhook(services: SandboxServices, request: HandlerRequest, fn: (w: StoredWebhook) => SandboxAnswer): SandboxAnswer {
  const w = services.webhooks.get(request.params.webhookId);
  if (!w || w.clientId !== request.principal?.clientId) return notFound(services, request, 'webhook-not-found', `There is no webhook "${request.params.webhookId}" of this client.`);
  return fn(w);
}

function toApiWebhook(w: StoredWebhook): Record<string, unknown> {
  return { id: w.id, url: w.url, events: w.events, description: w.description, active: w.active, retryPolicy: w.retryPolicy, createdAt: new Date(w.createdAt).toISOString() };
}

function toApiDelivery(services: SandboxServices, d: StoredDelivery): Record<string, unknown> {
  const event = services.events.bySeq(d.eventSeq);
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: event?.id ?? '',
    eventType: event?.type ?? 'webhook.test',
    status: d.status,
    attempts: d.attempts.map((a) => ({ ...a, attemptedAt: new Date(a.attemptedAt).toISOString() })),
    nextAttemptAt: d.nextAttemptAt === null ? null : new Date(d.nextAttemptAt).toISOString(),
    createdAt: new Date(d.createdAt).toISOString(),
  };
}
