import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiDocumentContract, OperationContract, TargetApiStatus, TargetApiVersion } from '../academia-api/contract';
import type { FaultPlan } from './faults';
import type { SandboxServices } from './handler-context';
import { problemAnswer, type SandboxAnswer } from './problem';
import { readJsonBody } from './request-helpers';
import type { StoredClient } from './sandbox-store';
import { DEFAULT_RULE_ID, type ThrottleException } from './throttle-policy';
import type { VersionState } from './version-registry';

/** One request to the admin API, resolved to its operation in the admin document. */
export interface AdminRequest {
  operation: OperationContract;
  document: ApiDocumentContract;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer | null;
}

export type AdminHandler = (services: SandboxServices, request: AdminRequest) => SandboxAnswer;

/**
 * The admin side of API_MANAGEMENT (academia-pro-admin-v1.json): endpoints, versions and their
 * status, API clients and their scopes, throttle rules and exceptions, per-endpoint monitoring,
 * and the fault profile (so a person can make the sandbox fail and watch an alert fire and resolve).
 */
export const adminHandlers: Record<string, AdminHandler> = {
  'admin-info': (s) => ({
    status: 200,
    body: { name: 'Academia Pro sandbox', startedAt: iso(s.startedAt), apiVersions: [...s.contracts.keys()], productionVersion: s.versions.production(), faults: s.faults.describe(), clients: s.store.clients().filter((c) => !c.revokedAt).length },
  }),
  'admin-endpoints': listEndpoints,
  'admin-versions': (s) => ({ status: 200, body: { data: s.versions.list().map(toApiVersion) } }),
  'admin-version-change': changeVersion,
  'admin-clients': (s) => ({ status: 200, body: { data: s.store.clients().map((c) => toApiClient(s, c)) } }),
  'admin-client-create': createClient,
  'admin-client-get': (s, r) => withClient(s, r, (c) => ({ status: 200, body: toApiClient(s, c) })),
  'admin-client-change': changeClient,
  'admin-client-revoke': revokeClient,
  'admin-rules': (s) => ({ status: 200, body: { data: s.throttle.listRules() } }),
  'admin-rule-create': createRule,
  'admin-rule-change': changeRule,
  'admin-rule-delete': deleteRule,
  'admin-exceptions': (s) => ({ status: 200, body: { data: s.throttle.listExceptions().map((e) => toApiException(s, e)) } }),
  'admin-exception-create': createException,
  'admin-exception-delete': (s, r) => (s.throttle.removeException(r.params.exceptionId) ? { status: 204 } : notFound(s, r, 'exception-not-found', `There is no throttle exception "${r.params.exceptionId}".`)),
  'admin-faults': (s) => ({ status: 200, body: toFaultProfile(s) }),
  'admin-faults-change': changeFaults,
  'admin-monitoring': (s) => {
    const data = s.monitor.stats();
    const totals = data.reduce((t, e) => ({ calls: t.calls + e.calls, errors: t.errors + e.errors, rateLimited: t.rateLimited + e.rateLimited }), { calls: 0, errors: 0, rateLimited: 0 });
    return { status: 200, body: { since: iso(s.monitor.startedAt), totals, data } };
  },
};

function listEndpoints(services: SandboxServices): SandboxAnswer {
  const seen = new Set<string>();
  const data: Record<string, unknown>[] = [];
  for (const [version, contract] of services.contracts) {
    for (const op of contract.operations) {
      const key = `${op.method} ${op.pathTemplate}`;
      if (seen.has(key)) continue;
      seen.add(key);
      data.push({ operationId: op.operationId, method: op.method.toUpperCase(), path: op.pathTemplate, apiVersion: version, tags: op.tags, scopes: op.scopes, summary: op.summary });
    }
  }
  return { status: 200, body: { data } };
}

function changeVersion(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  const body = readJsonBody(services.problems, request.document, request);
  if (!body.ok) return body.answer;
  const change = body.value as { status: Exclude<TargetApiStatus, 'Retired'>; sunsetAt?: string };
  const version = request.params.version as TargetApiVersion;
  if (!services.versions.get(version)) return notFound(services, request, 'version-not-found', `The sandbox does not serve API version ${version}; it serves ${[...services.contracts.keys()].join(', ')}.`);
  return { status: 200, body: toApiVersion(services.versions.setStatus(version, change.status, change.sunsetAt ? Date.parse(change.sunsetAt) : undefined)) };
}

function changeFaults(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  const body = readJsonBody(services.problems, request.document, request);
  if (!body.ok) return body.answer;
  const change = body.value as Required<FaultPlan>;
  services.faults.set({ serverError: change.serverError, timeout: change.timeout, reset: change.reset, burst429: change.burst429, latencyMs: change.latencyMs, down: change.down });
  return { status: 200, body: toFaultProfile(services) };
}

function toFaultProfile(services: SandboxServices): Record<string, unknown> {
  const p = services.faults.plan;
  return { serverError: p.serverError, timeout: p.timeout, reset: p.reset, burst429: p.burst429, latencyMs: Math.round(p.latencyMs), down: p.down === true, spec: services.faults.describe() };
}

function createClient(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  const body = readJsonBody(services.problems, request.document, request);
  if (!body.ok) return body.answer;
  const wanted = body.value as { clientId?: string; name?: string; scopes?: string[] };
  const clientId = wanted.clientId ?? `client-${randomBytes(4).toString('hex')}`;
  if (services.store.client(clientId)) return conflict(services, request, 'client-exists', `A client "${clientId}" exists already; choose another id.`);
  const scopes = checkScopes(services, request, wanted.scopes);
  if ('status' in scopes) return scopes;
  const client: StoredClient = {
    clientId,
    clientSecret: randomBytes(24).toString('base64url'),
    apiKey: `ak_${randomBytes(18).toString('base64url')}`,
    scopes: scopes.value,
    createdAt: services.clock(),
    name: wanted.name ?? null,
    revokedAt: null,
  };
  services.store.saveClient(client);
  return { status: 201, body: { ...toApiClient(services, client), clientSecret: client.clientSecret, apiKey: client.apiKey } };
}

function changeClient(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  return withClient(services, request, (client) => {
    const body = readJsonBody(services.problems, request.document, request);
    if (!body.ok) return body.answer;
    const change = body.value as { name?: string; scopes?: string[] };
    if (client.revokedAt) return conflict(services, request, 'client-revoked', `The client "${client.clientId}" is revoked; create a new one.`);
    const scopes = change.scopes === undefined ? { value: client.scopes } : checkScopes(services, request, change.scopes);
    if ('status' in scopes) return scopes;
    const updated: StoredClient = { ...client, scopes: scopes.value, name: change.name ?? client.name ?? null };
    services.store.saveClient(updated);
    return { status: 200, body: toApiClient(services, updated) };
  });
}

function revokeClient(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  return withClient(services, request, (client) => {
    const revoked: StoredClient = { ...client, revokedAt: client.revokedAt ?? services.clock() };
    services.store.saveClient(revoked);
    services.auth.revokeTokens(client.clientId);
    return { status: 200, body: toApiClient(services, revoked) };
  });
}

function createRule(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  const body = readJsonBody(services.problems, request.document, request);
  if (!body.ok) return body.answer;
  const rule = body.value as { clientId: string; perMinute: number; perHour: number; description?: string };
  if (!services.store.client(rule.clientId)) return unprocessable(services, request, 'unknown-client', 'clientId', `There is no client "${rule.clientId}".`);
  if (services.throttle.ruleForClient(rule.clientId)) return conflict(services, request, 'rule-exists', `The client "${rule.clientId}" has a rule already; change that one (PUT /admin/v1/throttle-rules/{ruleId}).`);
  return { status: 201, body: services.throttle.addRule(rule.clientId, rule.perMinute, rule.perHour, rule.description ?? null) };
}

function changeRule(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  const body = readJsonBody(services.problems, request.document, request);
  if (!body.ok) return body.answer;
  const change = body.value as { perMinute: number; perHour: number; description?: string };
  const rule = services.throttle.changeRule(request.params.ruleId, change.perMinute, change.perHour, change.description);
  return rule ? { status: 200, body: rule } : notFound(services, request, 'rule-not-found', `There is no throttle rule "${request.params.ruleId}".`);
}

function deleteRule(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  if (request.params.ruleId === DEFAULT_RULE_ID) return conflict(services, request, 'default-rule', 'The default rule cannot be removed; change its limits instead.');
  return services.throttle.removeRule(request.params.ruleId) ? { status: 204 } : notFound(services, request, 'rule-not-found', `There is no throttle rule "${request.params.ruleId}".`);
}

function createException(services: SandboxServices, request: AdminRequest): SandboxAnswer {
  const body = readJsonBody(services.problems, request.document, request);
  if (!body.ok) return body.answer;
  const e = body.value as { clientId: string; perMinute: number; perHour: number; startsAt: string; endsAt: string; reason?: string };
  if (!services.store.client(e.clientId)) return unprocessable(services, request, 'unknown-client', 'clientId', `There is no client "${e.clientId}".`);
  const startsAt = Date.parse(e.startsAt);
  const endsAt = Date.parse(e.endsAt);
  if (!(endsAt > startsAt)) return unprocessable(services, request, 'invalid-window', 'endsAt', 'endsAt must come after startsAt.');
  const created = services.throttle.addException({ clientId: e.clientId, perMinute: e.perMinute, perHour: e.perHour, startsAt, endsAt, reason: e.reason ?? null }, services.clock());
  return { status: 201, body: toApiException(services, created) };
}

function checkScopes(services: SandboxServices, request: AdminRequest, scopes: string[] | undefined): { value: string[] | '*' } | SandboxAnswer {
  if (scopes === undefined || (scopes.length === 1 && scopes[0] === '*')) return { value: '*' };
  const known = new Set(services.auth.allScopes);
  const unknown = scopes.filter((s) => !known.has(s));
  if (unknown.length) return unprocessable(services, request, 'unknown-scope', 'scopes', `Unknown scope(s): ${unknown.join(', ')}. Scopes are <entity>:read / <entity>:write, bulk:…, webhooks:…, events:read, or ["*"] for all.`);
  return { value: [...scopes] };
}

function withClient(services: SandboxServices, request: AdminRequest, fn: (c: StoredClient) => SandboxAnswer): SandboxAnswer {
  const client = services.store.client(request.params.clientId);
  return client ? fn(client) : notFound(services, request, 'client-not-found', `There is no client "${request.params.clientId}".`);
}

function toApiClient(services: SandboxServices, c: StoredClient): Record<string, unknown> {
  return {
    clientId: c.clientId,
    name: c.name ?? null,
    scopes: [...services.auth.scopesOf(c)],
    allScopes: c.scopes === '*',
    apiKeyHint: `${c.apiKey.slice(0, 6)}…`,
    status: c.revokedAt ? 'revoked' : 'active',
    createdAt: iso(c.createdAt),
    revokedAt: c.revokedAt ? iso(c.revokedAt) : null,
    activeTokens: c.revokedAt ? [] : services.auth.activeTokens(c.clientId).map((t) => ({ ...t, issuedAt: iso(t.issuedAt), expiresAt: iso(t.expiresAt) })),
  };
}

function toApiVersion(v: VersionState): Record<string, unknown> {
  return { ...v, deprecatedAt: v.deprecatedAt === null ? null : iso(v.deprecatedAt), sunsetAt: v.sunsetAt === null ? null : iso(v.sunsetAt) };
}

function toApiException(services: SandboxServices, e: ThrottleException): Record<string, unknown> {
  const now = services.clock();
  return { ...e, startsAt: iso(e.startsAt), endsAt: iso(e.endsAt), active: e.startsAt <= now && now < e.endsAt };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function notFound(services: SandboxServices, request: AdminRequest, slug: string, detail: string): SandboxAnswer {
  return problemAnswer(services.problems.make(404, slug, detail, { instance: request.path }));
}

function conflict(services: SandboxServices, request: AdminRequest, slug: string, detail: string): SandboxAnswer {
  return problemAnswer(services.problems.make(409, slug, detail, { instance: request.path, code: slug }));
}

function unprocessable(services: SandboxServices, request: AdminRequest, slug: string, field: string, detail: string): SandboxAnswer {
  return problemAnswer(services.problems.make(422, slug, detail, { instance: request.path, field, pointer: `/${field}`, code: slug }));
}
