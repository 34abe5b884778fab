import type { EventName, StudioEvents } from '../../../src/shared/api/events';
import type { SandboxAdminService, TargetsService } from '../../../src/shared/api/services';
import { StudioError } from '../../../src/shared/errors';
import type { TargetProfile } from '../../../src/shared/model/settings';
import type { SandboxAdminOverview, SandboxApiVersion, SandboxEndpointStats, TargetApiInfo, TargetCheck, TargetDeprecation } from '../../../src/shared/model/target';

/** The part of the fake's state behind `targets` and `sandboxAdmin`. */
export interface FakeTargetState {
  target: TargetProfile;
  /** Connection tests, newest first (the engine's health history). */
  targetChecks: TargetCheck[];
  /** The fake vault's copy of the target secret. */
  targetSecret: string | null;
  /** When set, the next `targets.test` fails at this stage (then it clears). */
  targetFailure: 'health' | 'auth' | null;
  /** The sandbox's admin side as the built-in sandbox (or a remote one with its admin token) shows it. */
  sandbox: SandboxAdminOverview;
  /** The admin token handed to `sandboxAdmin.setAdminToken` (a remote sandbox answers once it is set). */
  adminToken: string | null;
}

/** What the fake's services need from the fake studio around them. */
export interface FakeTargetContext {
  state: FakeTargetState;
  record<T>(method: string, params: unknown, body: () => T): Promise<T>;
  emit<E extends EventName>(event: E, payload: StudioEvents[E]): void;
  needProject(): unknown;
}

const SANDBOX_URL = 'http://127.0.0.1:4010';

/** A finished connection test with plausible defaults (ok, quick, v1 in Production). */
export function targetCheck(id: number, partial: Partial<TargetCheck> = {}): TargetCheck {
  return {
    id,
    at: new Date(Date.UTC(2025, 0, 10, 8, id)).toISOString(),
    ok: true,
    trigger: 'user',
    health: { status: 'ok', latencyMs: 3 + id },
    info: apiInfo(),
    auth: { ok: true, latencyMs: 8 + id, scopes: ['students:read', 'students:write'] },
    deprecation: null,
    error: null,
    ...partial,
  };
}

export function apiInfo(partial: Partial<TargetApiInfo> = {}): TargetApiInfo {
  return {
    name: 'Academia Pro',
    apiVersion: 'v1',
    version: '1.4.0',
    status: 'Production',
    limits: { perMinute: 600, perHour: 20_000, maxBatchRecords: 500, maxPageSize: 200 },
    docsUrl: `${SANDBOX_URL}/api/v1/openapi.json`,
    deprecatedAt: null,
    sunsetAt: null,
    successorVersion: null,
    ...partial,
  };
}

function stats(operationId: string, method: string, path: string, partial: Partial<SandboxEndpointStats>): SandboxEndpointStats {
  return {
    operationId,
    method,
    path,
    apiVersion: 'v1',
    calls: 0,
    errors: 0,
    clientErrors: 0,
    serverErrors: 0,
    rateLimited: 0,
    dropped: 0,
    statusCounts: {},
    latencyMs: { p50: 4, p95: 11, p99: 19, max: 25, mean: 5 },
    lastCalledAt: '2025-01-10T09:59:00.000Z',
    ...partial,
  };
}

/** The built-in sandbox after a rehearsal: v1 in Production, v2 in Testing, three clients, some traffic. */
export function demoSandboxOverview(): SandboxAdminOverview {
  return {
    available: true,
    reason: null,
    baseUrl: SANDBOX_URL,
    info: { name: 'Academia Pro sandbox', startedAt: '2025-01-10T09:00:00.000Z', apiVersions: ['v1', 'v2'], productionVersion: 'v1', faults: '', clients: 2 },
    versions: [
      { version: 'v1', status: 'Production', documentVersion: '1.4.0', basePath: '/api/v1', deprecatedAt: null, sunsetAt: null, successorVersion: null, changes: [] },
      {
        version: 'v2',
        status: 'Testing',
        documentVersion: '2.0.0',
        basePath: '/api/v2',
        deprecatedAt: null,
        sunsetAt: null,
        successorVersion: null,
        changes: [
          { kind: 'enum-changed', entity: 'students', field: 'gender', description: 'students.gender: "other" is now "non-binary" and "unknown" is now "not-stated"; v1 values are refused.' },
          { kind: 'field-renamed', entity: 'students', field: 'preferredName', description: 'students.preferredName is now knownAs.' },
        ],
      },
    ],
    endpoints: [
      { operationId: 'health', method: 'GET', path: '/health', apiVersion: 'v1', tags: ['service'], scopes: null, summary: 'Service health' },
      { operationId: 'api-info', method: 'GET', path: '/api/v1', apiVersion: 'v1', tags: ['service'], scopes: null, summary: 'API info and limits' },
      { operationId: 'token', method: 'POST', path: '/oauth/token', apiVersion: 'v1', tags: ['auth'], scopes: null, summary: 'Issue an access token' },
      { operationId: 'students-list', method: 'GET', path: '/api/v1/schools/{schoolId}/students', apiVersion: 'v1', tags: ['students'], scopes: ['students:read'], summary: 'List students' },
      { operationId: 'students-batch', method: 'POST', path: '/api/v1/schools/{schoolId}/students/batch', apiVersion: 'v1', tags: ['students'], scopes: ['students:write'], summary: 'Create or update students in a batch' },
      { operationId: 'guardians-batch', method: 'POST', path: '/api/v1/schools/{schoolId}/guardians/batch', apiVersion: 'v1', tags: ['guardians'], scopes: ['guardians:write'], summary: 'Create or update guardians in a batch' },
      { operationId: 'classes-list', method: 'GET', path: '/api/v1/schools/{schoolId}/classes', apiVersion: 'v1', tags: ['classes'], scopes: ['classes:read'], summary: 'List classes' },
      { operationId: 'students-batch-v2', method: 'POST', path: '/api/v2/schools/{schoolId}/students/batch', apiVersion: 'v2', tags: ['students'], scopes: ['students:write'], summary: 'Create or update students in a batch' },
    ],
    clients: [
      {
        clientId: 'studio',
        name: 'Migration studio',
        scopes: ['students:read', 'students:write', 'guardians:write', 'classes:read'],
        allScopes: true,
        apiKeyHint: 'ak_Xy3…',
        status: 'active',
        createdAt: '2025-01-10T09:00:00.000Z',
        revokedAt: null,
        activeTokens: [{ tokenHint: 'tok_a1…', scopes: ['students:read', 'students:write'], issuedAt: '2025-01-10T09:30:00.000Z', expiresAt: '2099-01-10T10:30:00.000Z' }],
      },
      {
        clientId: 'timetable-sync',
        name: 'Timetable sync',
        scopes: ['classes:read', 'timetable-periods:read'],
        allScopes: false,
        apiKeyHint: 'ak_P0q…',
        status: 'active',
        createdAt: '2025-01-10T09:05:00.000Z',
        revokedAt: null,
        activeTokens: [],
      },
      {
        clientId: 'old-integration',
        name: null,
        scopes: ['students:read'],
        allScopes: false,
        apiKeyHint: 'ak_Zz9…',
        status: 'revoked',
        createdAt: '2025-01-09T09:00:00.000Z',
        revokedAt: '2025-01-09T18:00:00.000Z',
        activeTokens: [],
      },
    ],
    throttleRules: [
      { id: 'rule_tt', clientId: 'timetable-sync', perMinute: 60, perHour: 2_000, description: 'Nightly sync only' },
      { id: 'default', clientId: null, perMinute: 600, perHour: 20_000, description: 'Every client without a rule of its own.' },
    ],
    throttleExceptions: [],
    monitoring: {
      since: '2025-01-10T09:00:00.000Z',
      totals: { calls: 1_243, errors: 7, rateLimited: 3 },
      endpoints: [
        stats('students-batch', 'POST', '/api/v1/schools/{schoolId}/students/batch', { calls: 1_201, errors: 7, clientErrors: 4, serverErrors: 3, rateLimited: 3, latencyMs: { p50: 42, p95: 180, p99: 260, max: 410, mean: 55 } }),
        stats('health', 'GET', '/health', { calls: 40 }),
        stats('api-info', 'GET', '/api/v1', { calls: 2 }),
      ],
    },
    faults: noFaults(),
  };
}

function unavailable(reason: string): SandboxAdminOverview {
  return { available: false, reason, baseUrl: null, info: null, versions: [], endpoints: [], clients: [], throttleRules: [], throttleExceptions: [], monitoring: null };
}

/** The deprecation the sandbox's headers announce for `version`, as the engine reads them. */
function deprecationFor(sandbox: SandboxAdminOverview, version: SandboxApiVersion | undefined): TargetDeprecation | null {
  if (!version || version.status !== 'Deprecated') return null;
  const base = sandbox.baseUrl ?? SANDBOX_URL;
  return {
    apiVersion: version.version,
    deprecatedAt: version.deprecatedAt,
    sunsetAt: version.sunsetAt,
    successorUrl: version.successorVersion ? `${base}/api/${version.successorVersion}` : null,
    docsUrl: version.successorVersion ? `${base}/api/${version.successorVersion}/openapi.json` : null,
    message: `Academia Pro has deprecated API version ${version.version}${version.successorVersion ? `; move to ${version.successorVersion}` : ''}.`,
  };
}

export function fakeTargetsService({ state, record, emit, needProject }: FakeTargetContext): TargetsService {
  return {
    get: () => record('targets.get', undefined, () => (needProject(), state.target)),
    save: (req) =>
      record('targets.save', req, () => {
        needProject();
        const before = state.target;
        const keepsSecret = before.baseUrl === req.baseUrl && before.auth === req.auth && before.clientId === req.clientId;
        if (!keepsSecret) state.targetSecret = null;
        state.target = { ...req, hasSecret: keepsSecret && before.hasSecret };
        return state.target;
      }),
    setSecret: (req) =>
      record('targets.setSecret', req, () => {
        needProject();
        state.targetSecret = req.secret;
        state.target = { ...state.target, hasSecret: true };
        return state.target;
      }),
    forgetSecret: () =>
      record('targets.forgetSecret', undefined, () => {
        needProject();
        state.targetSecret = null;
        state.target = { ...state.target, hasSecret: false };
        return state.target;
      }),
    test: () =>
      record('targets.test', undefined, () => {
        needProject();
        const id = Math.max(0, ...state.targetChecks.map((c) => c.id)) + 1;
        const version = state.sandbox.versions.find((v) => v.version === state.target.apiVersion);
        const rule = state.sandbox.throttleRules.find((r) => r.clientId === null);
        const info = apiInfo({
          apiVersion: state.target.apiVersion,
          version: version?.documentVersion ?? '1.4.0',
          status: version?.status ?? 'Production',
          deprecatedAt: version?.deprecatedAt ?? null,
          sunsetAt: version?.sunsetAt ?? null,
          successorVersion: version?.successorVersion ?? null,
          ...(rule ? { limits: { perMinute: rule.perMinute, perHour: rule.perHour, maxBatchRecords: 500, maxPageSize: 200 } } : {}),
        });
        const failure = state.targetFailure;
        state.targetFailure = null;
        const base: TargetCheck = { ...targetCheck(id), at: new Date().toISOString(), info, deprecation: deprecationFor(state.sandbox, version) };
        let check: TargetCheck;
        if (failure === 'health') {
          const where = state.target.baseUrl ?? SANDBOX_URL;
          check = {
            ...base,
            ok: false,
            health: null,
            info: null,
            auth: null,
            deprecation: null,
            error: { code: 'TARGET_UNREACHABLE', message: `Academia Pro at ${where} did not answer (connection refused).`, hint: 'Check the address and that the service is running, then test again.' },
          };
        } else if (failure === 'auth' || (state.target.kind === 'remote' && !state.target.hasSecret)) {
          check = {
            ...base,
            ok: false,
            auth: { ok: false, latencyMs: 12, scopes: null },
            error: { code: 'TARGET_AUTH_FAILED', message: 'Academia Pro refused the credentials (401 invalid_client).', hint: 'Enter the client secret again on the Target screen.' },
          };
        } else check = base;
        state.targetChecks.unshift(check);
        emit('target.checked', check);
        return check;
      }),
    history: (req) => record('targets.history', req, () => (needProject(), state.targetChecks.slice(0, req.limit ?? 100))),
    requestStats: (req) =>
      record('targets.requestStats', req, () => {
        needProject();
        return { runId: req.runId, requests: 12, byStatus: { '200': 11, '429': 1 }, retries: 1, latencyMs: { p50: 40, p95: 170, max: 210 } };
      }),
  };
}

export function fakeSandboxAdminService({ state, record, needProject }: FakeTargetContext): SandboxAdminService {
  const sandbox = () => state.sandbox;
  const client = (clientId: string) => {
    const found = sandbox().clients.find((c) => c.clientId === clientId);
    if (!found) throw new StudioError('TARGET_NOT_FOUND', `The sandbox has no client "${clientId}".`, 'Refresh the admin page.');
    return found;
  };
  return {
    overview: () =>
      record('sandboxAdmin.overview', undefined, () => {
        needProject();
        if (state.target.kind === 'remote' && !state.adminToken) {
          return unavailable(`The target "${state.target.name}" is a remote service; the studio can administer it only when it is a standalone sandbox whose admin token is in the vault.`);
        }
        return structuredClone(sandbox());
      }),
    setAdminToken: (req) => record('sandboxAdmin.setAdminToken', req, () => void (needProject(), (state.adminToken = req.token))),
    setVersionStatus: (req) =>
      record('sandboxAdmin.setVersionStatus', req, () => {
        const now = new Date().toISOString();
        const target = sandbox().versions.find((v) => v.version === req.version);
        if (!target) throw new StudioError('USAGE', `The sandbox does not serve API version ${req.version}.`, 'Pick one of the versions listed.');
        const production = sandbox().versions.find((v) => v.status === 'Production' && v.version !== req.version);
        const deprecate = (v: SandboxApiVersion, successor: string | null) => Object.assign(v, { status: 'Deprecated', deprecatedAt: now, sunsetAt: req.sunsetAt ?? null, successorVersion: successor });
        if (req.status === 'Production') {
          if (production) deprecate(production, req.version);
          Object.assign(target, { status: 'Production', deprecatedAt: null, sunsetAt: null, successorVersion: null });
          if (sandbox().info) sandbox().info!.productionVersion = req.version;
        } else if (req.status === 'Deprecated') deprecate(target, production?.version ?? null);
        else Object.assign(target, { status: req.status, deprecatedAt: null, sunsetAt: null, successorVersion: null });
        return structuredClone(target);
      }),
    revokeClient: (req) =>
      record('sandboxAdmin.revokeClient', req, () => {
        const c = client(req.clientId);
        Object.assign(c, { status: 'revoked', revokedAt: c.revokedAt ?? new Date().toISOString(), activeTokens: [] });
        return structuredClone(c);
      }),
    updateThrottleRule: (req) =>
      record('sandboxAdmin.updateThrottleRule', req, () => {
        const rule = sandbox().throttleRules.find((r) => r.id === req.id);
        if (!rule) throw new StudioError('TARGET_NOT_FOUND', `There is no throttle rule "${req.id}".`, 'Refresh the admin page.');
        Object.assign(rule, { perMinute: req.perMinute, perHour: req.perHour, ...(req.description !== undefined ? { description: req.description } : {}) });
        return structuredClone(rule);
      }),
    createThrottleException: (req) =>
      record('sandboxAdmin.createThrottleException', req, () => {
        client(req.clientId);
        const now = Date.now();
        const exception = {
          id: `exc_${sandbox().throttleExceptions.length + 1}`,
          clientId: req.clientId,
          perMinute: req.perMinute,
          perHour: req.perHour,
          startsAt: req.startsAt,
          endsAt: req.endsAt,
          reason: req.reason ?? null,
          active: Date.parse(req.startsAt) <= now && now < Date.parse(req.endsAt),
        };
        sandbox().throttleExceptions.push(exception);
        return structuredClone(exception);
      }),
    deleteThrottleException: (req) =>
      record('sandboxAdmin.deleteThrottleException', req, () => {
        const before = sandbox().throttleExceptions.length;
        sandbox().throttleExceptions = sandbox().throttleExceptions.filter((e) => e.id !== req.id);
        if (sandbox().throttleExceptions.length === before) throw new StudioError('TARGET_NOT_FOUND', `There is no throttle exception "${req.id}".`, 'Refresh the admin page.');
      }),
    faults: () => record('sandboxAdmin.faults', undefined, () => structuredClone(sandbox().faults ?? noFaults())),
    setFaults: (req) =>
      record('sandboxAdmin.setFaults', req, () => {
        const spec = [req.down ? 'down=1' : '', req.serverError ? `5xx=${req.serverError}` : '', req.timeout ? `timeout=${req.timeout}` : '', req.reset ? `reset=${req.reset}` : '', req.latencyMs ? `latency=${req.latencyMs}ms` : '', req.burst429 ? `burst429=${req.burst429}` : '']
          .filter(Boolean)
          .join(',');
        const profile = { ...req, spec };
        sandbox().faults = profile;
        if (sandbox().info) sandbox().info!.faults = spec;
        return structuredClone(profile);
      }),
  };
}

function noFaults() {
  return { serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0, down: false, spec: '' };
}
