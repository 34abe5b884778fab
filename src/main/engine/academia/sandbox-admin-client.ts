import { answerError, classifyNetworkError, unreachableError } from './target-errors';
import type { ProblemDetails } from '../../../academia-api/wire-types';

// The admin API's shapes are the studio's own: the admin page shows them as they come.
import type {
  SandboxApiClient as AdminApiClient,
  SandboxApiVersion as AdminApiVersion,
  SandboxEndpoint as AdminEndpoint,
  SandboxEndpointStats as AdminEndpointStats,
  SandboxFaultProfile as AdminFaultProfile,
  SandboxThrottleException as AdminThrottleException,
  SandboxThrottleRule as AdminThrottleRule,
} from '../../../shared/model/target';

export type { AdminApiClient, AdminApiVersion, AdminEndpoint, AdminEndpointStats, AdminFaultProfile, AdminThrottleException, AdminThrottleRule };

export interface AdminInfo {
  name: string;
  startedAt: string;
  apiVersions: string[];
  productionVersion: string | null;
  faults: string;
  clients: number;
}

/**
 * The sandbox's admin API (API_MANAGEMENT: academia-pro-admin-v1.json), for the studio's admin
 * page when the target is a sandbox. Local and unthrottled, so no retries: every failure is a
 * StudioError at once.
 */
export class SandboxAdminClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly adminToken: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  info(): Promise<AdminInfo> {
    return this.call('GET', '/admin/v1');
  }

  async endpoints(): Promise<AdminEndpoint[]> {
    return (await this.call<{ data: AdminEndpoint[] }>('GET', '/admin/v1/endpoints')).data;
  }

  async versions(): Promise<AdminApiVersion[]> {
    return (await this.call<{ data: AdminApiVersion[] }>('GET', '/admin/v1/versions')).data;
  }

  /** Production deprecates the former Production version (sunset default 180 days on). */
  setVersionStatus(version: string, status: 'Development' | 'Testing' | 'Production' | 'Deprecated', sunsetAt?: string): Promise<AdminApiVersion> {
    return this.call('PATCH', `/admin/v1/versions/${encodeURIComponent(version)}`, { status, ...(sunsetAt ? { sunsetAt } : {}) });
  }

  async clients(): Promise<AdminApiClient[]> {
    return (await this.call<{ data: AdminApiClient[] }>('GET', '/admin/v1/clients')).data;
  }

  /** The answer holds the secret and API key: the only time they are shown. */
  createClient(spec: { clientId?: string; name?: string; scopes?: string[] } = {}): Promise<AdminApiClient & { clientSecret: string; apiKey: string }> {
    return this.call('POST', '/admin/v1/clients', spec);
  }

  client(clientId: string): Promise<AdminApiClient> {
    return this.call('GET', `/admin/v1/clients/${encodeURIComponent(clientId)}`);
  }

  updateClient(clientId: string, change: { name?: string; scopes?: string[] }): Promise<AdminApiClient> {
    return this.call('PATCH', `/admin/v1/clients/${encodeURIComponent(clientId)}`, change);
  }

  revokeClient(clientId: string): Promise<AdminApiClient> {
    return this.call('DELETE', `/admin/v1/clients/${encodeURIComponent(clientId)}`);
  }

  async throttleRules(): Promise<AdminThrottleRule[]> {
    return (await this.call<{ data: AdminThrottleRule[] }>('GET', '/admin/v1/throttle-rules')).data;
  }

  createThrottleRule(rule: { clientId: string; perMinute: number; perHour: number; description?: string }): Promise<AdminThrottleRule> {
    return this.call('POST', '/admin/v1/throttle-rules', rule);
  }

  /** `default` included (it applies to every client without a rule). */
  updateThrottleRule(ruleId: string, change: { perMinute: number; perHour: number; description?: string }): Promise<AdminThrottleRule> {
    return this.call('PUT', `/admin/v1/throttle-rules/${encodeURIComponent(ruleId)}`, change);
  }

  async deleteThrottleRule(ruleId: string): Promise<void> {
    await this.call('DELETE', `/admin/v1/throttle-rules/${encodeURIComponent(ruleId)}`);
  }

  async throttleExceptions(): Promise<AdminThrottleException[]> {
    return (await this.call<{ data: AdminThrottleException[] }>('GET', '/admin/v1/throttle-exceptions')).data;
  }

  createThrottleException(e: { clientId: string; perMinute: number; perHour: number; startsAt: string; endsAt: string; reason?: string }): Promise<AdminThrottleException> {
    return this.call('POST', '/admin/v1/throttle-exceptions', e);
  }

  async deleteThrottleException(id: string): Promise<void> {
    await this.call('DELETE', `/admin/v1/throttle-exceptions/${encodeURIComponent(id)}`);
  }

  monitoring(): Promise<{ since: string; totals: { calls: number; errors: number; rateLimited: number }; data: AdminEndpointStats[] }> {
    return this.call('GET', '/admin/v1/monitoring/endpoints');
  }

  faults(): Promise<AdminFaultProfile> {
    return this.call('GET', '/admin/v1/faults');
  }

  /** Takes effect from the sandbox's next request on. */
  setFaults(profile: Omit<AdminFaultProfile, 'spec'>): Promise<AdminFaultProfile> {
    return this.call('PUT', '/admin/v1/faults', profile);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const place = { method, path, baseUrl: this.baseUrl, attempts: 1 };
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${this.adminToken}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw unreachableError(place, classifyNetworkError(err, false), err);
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.ok) return parsed as T;
    throw answerError(place, res.status, (parsed as ProblemDetails | undefined) ?? null, { schoolId: '' });
  }
}
