import type { SandboxAdminService } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import type { SandboxAdminOverview } from '../../../shared/model/target';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { SECRET_PURPOSES, TARGET_ADMIN_TOKEN_NAME } from '../security/secret-names';
import { embeddedSandbox } from '../core/target-resolver';
import { SandboxAdminClient } from '../academia/sandbox-admin-client';

/** The admin API is local or close by; a page that waits longer than this says why instead. */
const ADMIN_TIMEOUT_MS = 10_000;

type Access = { ok: true; baseUrl: string; client: SandboxAdminClient } | { ok: false; baseUrl: string | null; reason: string; hint: string };

/**
 * The sandbox's admin side (seed API_MANAGEMENT) for the open project's target: the embedded
 * sandbox (its own admin token), or a standalone `academia-studio sandbox` whose admin token is
 * in the vault. Every change is written to the audit trail.
 */
export function sandboxAdminService(state: EngineState, fetchImpl: typeof fetch = fetch): SandboxAdminService {
  const timedFetch: typeof fetch = (input, init) => fetchImpl(input, { ...init, signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS) });

  const access = async (s: ProjectSession): Promise<Access> => {
    const profile = s.project.target();
    if (profile.kind === 'embedded-sandbox') {
      const sandbox = await embeddedSandbox(s);
      return { ok: true, baseUrl: sandbox.url, client: new SandboxAdminClient(sandbox.url, sandbox.adminToken, timedFetch) };
    }
    const baseUrl = profile.baseUrl;
    if (!baseUrl) return { ok: false, baseUrl: null, reason: 'The remote target has no address yet.', hint: 'Enter the target address on the Target screen first.' };
    let status: Awaited<ReturnType<typeof s.vault.status>>;
    try {
      status = await s.vault.status(TARGET_ADMIN_TOKEN_NAME);
    } catch {
      status = 'needs-reentry';
    }
    if (status === 'missing') {
      return {
        ok: false,
        baseUrl,
        reason: `No admin token is stored for ${baseUrl}. The admin page works for a sandbox started with \`academia-studio sandbox\`, which prints its admin token; a production Academia Pro is administered by its owner.`,
        hint: 'If the target is a sandbox, paste the admin token it printed when it started.',
      };
    }
    if (status === 'needs-reentry') {
      return { ok: false, baseUrl, reason: `The admin token for ${baseUrl} was stored by another user or on another computer, so it cannot be used here.`, hint: 'Paste the admin token again.' };
    }
    const client = await s.vault.use(TARGET_ADMIN_TOKEN_NAME, (token) => new SandboxAdminClient(baseUrl, token, timedFetch));
    return { ok: true, baseUrl, client };
  };

  /** Runs one admin call, or says why there is no admin API to call; failures in plain words. */
  const call = async <T>(s: ProjectSession, work: (client: SandboxAdminClient) => Promise<T>): Promise<T> => {
    const a = await access(s);
    if (!a.ok) throw new StudioError('SANDBOX_ADMIN_UNAVAILABLE', a.reason, a.hint);
    try {
      return await work(a.client);
    } catch (err) {
      throw explain(err, a.baseUrl);
    }
  };

  return {
    async overview() {
      const s = requireSession(state);
      const a = await access(s);
      if (!a.ok) return unavailable(a.baseUrl, a.reason);
      const c = a.client;
      try {
        const [info, versions, endpoints, clients, throttleRules, throttleExceptions, monitoring, faults] = await Promise.all([
          c.info(),
          c.versions(),
          c.endpoints(),
          c.clients(),
          c.throttleRules(),
          c.throttleExceptions(),
          c.monitoring(),
          // A sandbox from before the fault control has no /admin/v1/faults: the rest still shows.
          c.faults().catch(() => null),
        ]);
        return {
          available: true,
          reason: null,
          baseUrl: a.baseUrl,
          info,
          versions,
          endpoints,
          clients,
          throttleRules,
          throttleExceptions,
          monitoring: { since: monitoring.since, totals: monitoring.totals, endpoints: monitoring.data },
          faults,
        };
      } catch (err) {
        return unavailable(a.baseUrl, explain(err, a.baseUrl).message);
      }
    },

    async setAdminToken({ token }) {
      const s = requireSession(state);
      if (s.project.target().kind === 'embedded-sandbox') {
        throw new StudioError('BAD_REQUEST', 'The embedded sandbox is administered with its own token; none needs to be entered.', 'To administer a standalone sandbox, save it as a remote target first, then paste its admin token.');
      }
      if (typeof token !== 'string' || token.trim() === '') throw new StudioError('BAD_REQUEST', 'The admin token is empty.', 'Paste the admin token the sandbox printed when it started.');
      await s.vault.set(TARGET_ADMIN_TOKEN_NAME, SECRET_PURPOSES.targetAdminToken, token.trim());
    },

    async setVersionStatus({ version, status, sunsetAt }) {
      const s = requireSession(state);
      const changed = await call(s, (c) => c.setVersionStatus(version, status, sunsetAt));
      s.audit.append({ action: 'sandbox.version', object: `sandbox-version:${version}`, summary: `Set sandbox API ${version} to ${status}${changed.sunsetAt ? ` (sunset ${changed.sunsetAt.slice(0, 10)})` : ''}.` });
      return changed;
    },

    async revokeClient({ clientId }) {
      const s = requireSession(state);
      const revoked = await call(s, (c) => c.revokeClient(clientId));
      s.audit.append({ action: 'sandbox.client-revoke', object: `sandbox-client:${clientId}`, summary: `Revoked the sandbox API client "${clientId}"; its tokens and API key no longer work.` });
      return revoked;
    },

    async updateThrottleRule({ id, perMinute, perHour, description }) {
      const s = requireSession(state);
      const rule = await call(s, (c) => c.updateThrottleRule(id, { perMinute, perHour, ...(description === undefined ? {} : { description }) }));
      s.audit.append({ action: 'sandbox.throttle-rule', object: `sandbox-rule:${id}`, summary: `Set the sandbox throttle rule "${id}" to ${perMinute}/minute and ${perHour}/hour.` });
      return rule;
    },

    async createThrottleException(req) {
      const s = requireSession(state);
      const created = await call(s, (c) => c.createThrottleException(req));
      s.audit.append({
        action: 'sandbox.throttle-exception',
        object: `sandbox-exception:${created.id}`,
        summary: `Added a sandbox throttle exception for client "${req.clientId}": ${req.perMinute}/minute and ${req.perHour}/hour from ${req.startsAt} to ${req.endsAt}${req.reason ? ` (${req.reason})` : ''}.`,
      });
      return created;
    },

    async deleteThrottleException({ id }) {
      const s = requireSession(state);
      await call(s, (c) => c.deleteThrottleException(id));
      s.audit.append({ action: 'sandbox.throttle-exception-delete', object: `sandbox-exception:${id}`, summary: `Removed the sandbox throttle exception "${id}".` });
    },

    faults() {
      return call(requireSession(state), (c) => c.faults());
    },

    async setFaults(profile) {
      const s = requireSession(state);
      const changed = await call(s, (c) => c.setFaults(profile));
      s.audit.append({ action: 'sandbox.faults', object: 'sandbox-faults', summary: `Set the sandbox's injected faults to ${changed.spec ? `"${changed.spec}"` : 'none'}.` });
      return changed;
    },
  };
}

function unavailable(baseUrl: string | null, reason: string): SandboxAdminOverview {
  return { available: false, reason, baseUrl, info: null, versions: [], endpoints: [], clients: [], throttleRules: [], throttleExceptions: [], monitoring: null, faults: null };
}

/** What an admin call's failure means for a person looking at the admin page. */
function explain(err: unknown, baseUrl: string): StudioError {
  if (err instanceof SyntaxError) {
    return new StudioError('SANDBOX_ADMIN_UNAVAILABLE', `The target at ${baseUrl} answered the admin API with something that is not JSON, so it is not a studio sandbox.`, 'The admin page is for the sandbox only; a production Academia Pro is administered by its owner.', { cause: err });
  }
  if (!(err instanceof StudioError)) return new StudioError('SANDBOX_ADMIN_UNAVAILABLE', `The sandbox admin API at ${baseUrl} failed: ${(err as Error)?.message ?? String(err)}`, 'Check that the sandbox is running and try again.', { cause: err });
  const status = err.details?.status;
  if (err.code === 'TARGET_UNREACHABLE' || err.code === 'TARGET_UNAVAILABLE') {
    return new StudioError('SANDBOX_ADMIN_UNAVAILABLE', `The sandbox at ${baseUrl} could not be reached: ${err.message}`, 'Check that the sandbox is running (`academia-studio sandbox`) and that the target address is right.', { cause: err });
  }
  if (status === 401) {
    return new StudioError('SANDBOX_ADMIN_UNAVAILABLE', `The sandbox at ${baseUrl} refused the admin token.`, 'Paste the admin token the sandbox printed when it started (it changes at each start unless given with --admin-token).', { cause: err });
  }
  const reason = err.details?.reason;
  if (status === 404 && (reason === 'no-such-path' || reason === null || reason === undefined) && String(err.details?.path ?? '').startsWith('/admin/v1')) {
    return new StudioError('SANDBOX_ADMIN_UNAVAILABLE', `The target at ${baseUrl} has no sandbox admin API, so it is not a studio sandbox.`, 'The admin page is for the sandbox only; a production Academia Pro is administered by its owner.', { cause: err });
  }
  return err;
}
