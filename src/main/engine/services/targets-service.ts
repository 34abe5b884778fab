import type { TargetsService } from '../../../shared/api/services';
import { StudioError, toErrorShape } from '../../../shared/errors';
import type { TargetProfile } from '../../../shared/model/settings';
import type { TargetCheck, TargetProfileInput } from '../../../shared/model/target';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { TargetChecksRepo } from '../project/target-checks-repo';
import { SECRET_PURPOSES, TARGET_ADMIN_TOKEN_NAME, TARGET_CLIENT_SECRET_NAME } from '../security/secret-names';
import { runTargetCheck } from '../core/target-health';
import { openTargetClient } from '../core/target-resolver';

/** A person waits for the connection test: fail fast instead of the client's patient retries. */
const TEST_REQUEST_TIMEOUT_MS = 15_000;
const TEST_MAX_RETRIES = 1;
/**
 * The longest wait before that one retry. A target that is down answers 503 with a long
 * Retry-After (the sandbox says 30 s); a run honours it, but a person testing the connection
 * (or the health check behind the target-down alert) wants the answer "down" now.
 */
const TEST_MAX_DELAY_MS = 2_000;

/** The Academia Pro target of the open project: profile, secret (vault only), checks and request figures. */
export function targetsService(state: EngineState): TargetsService {
  /** Drops the shared connection so the next use reads the changed profile or secret. */
  const forgetConnection = () => {
    state.target = {};
  };

  return {
    async get() {
      return profileOf(requireSession(state));
    },

    async save(input) {
      const s = requireSession(state);
      const next = validateProfile(input);
      const previous = s.project.target();
      const credentialsChanged = previous.baseUrl !== next.baseUrl || previous.auth !== next.auth || previous.clientId !== next.clientId;
      s.project.setMeta('target', JSON.stringify(next));
      const where = next.kind === 'embedded-sandbox' ? 'the embedded sandbox' : next.baseUrl;
      s.audit.append({
        action: 'target.save',
        object: 'target',
        summary: `Saved the target "${next.name}": ${where}, API ${next.apiVersion}, ${next.auth}${next.clientId ? ` as client "${next.clientId}"` : ''}, school ${next.schoolId}.`,
      });
      // A secret belongs to one client at one address: keeping it would send it somewhere new.
      if (credentialsChanged) s.vault.forget(TARGET_CLIENT_SECRET_NAME);
      if (previous.baseUrl !== next.baseUrl) s.vault.forget(TARGET_ADMIN_TOKEN_NAME);
      forgetConnection();
      return profileOf(s);
    },

    async setSecret({ secret }) {
      const s = requireSession(state);
      const profile = s.project.target();
      if (profile.kind === 'embedded-sandbox') {
        throw new StudioError('TARGET_PROFILE_INVALID', 'The embedded sandbox signs in with its own credentials, so it needs no secret.', 'To use a secret, first save a remote target (its address, sign-in method and client id), then enter the secret.');
      }
      if (typeof secret !== 'string' || secret.trim() === '') {
        throw new StudioError('BAD_REQUEST', 'The secret is empty.', 'Paste the client secret (or API key) exactly as Academia Pro issued it.');
      }
      await s.vault.set(TARGET_CLIENT_SECRET_NAME, SECRET_PURPOSES.targetClientSecret, secret);
      forgetConnection();
      return profileOf(s);
    },

    async forgetSecret() {
      const s = requireSession(state);
      s.vault.forget(TARGET_CLIENT_SECRET_NAME);
      forgetConnection();
      return profileOf(s);
    },

    async test() {
      const s = requireSession(state);
      const profile = s.project.target();
      let check: TargetCheck;
      try {
        const { client, endpoint } = await openTargetClient(s, { maxRetries: TEST_MAX_RETRIES, maxDelayMs: TEST_MAX_DELAY_MS, requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS, tolerateMissingSecret: true });
        check = await runTargetCheck(s, state.bus, client, endpoint, { trigger: 'user', runId: null, now: state.now });
      } catch (err) {
        // The profile itself is incomplete (or the sandbox would not start): still a failed test, kept in the history.
        const outcome = { at: state.now().toISOString(), ok: false, trigger: 'user' as const, health: null, info: null, auth: null, deprecation: null, error: toErrorShape(err) };
        check = new TargetChecksRepo(s.project).record(outcome, { runId: null, baseUrl: profile.baseUrl, apiVersion: profile.apiVersion });
        state.bus.emit({ kind: 'event', event: 'target.checked', payload: check });
      }
      s.audit.append({
        action: 'target.test',
        object: 'target',
        summary: check.ok ? `Connection test passed (API ${check.info?.apiVersion ?? profile.apiVersion} ${check.info?.status ?? ''}).`.replace(' )', ')') : `Connection test failed: ${check.error?.message ?? 'unknown reason'}`,
      });
      return check;
    },

    async history({ limit }) {
      return new TargetChecksRepo(requireSession(state).project).history(limit ?? 50);
    },

    async requestStats({ runId }) {
      const s = requireSession(state);
      s.runs.get(runId);
      return new TargetChecksRepo(s.project).requestStats(runId);
    },
  };
}

/** The stored profile, with whether a usable secret is in the vault (never the secret itself). */
export async function profileOf(session: ProjectSession): Promise<TargetProfile> {
  const profile = session.project.target();
  let hasSecret = false;
  try {
    hasSecret = (await session.vault.status(TARGET_CLIENT_SECRET_NAME)) === 'set';
  } catch {
    // A locked or unreadable key: whatever is stored cannot be used by this user now.
    hasSecret = false;
  }
  return { ...profile, hasSecret };
}

/**
 * Checks a profile before it is saved: a remote target needs an http(s) address without
 * credentials in it, and a client id unless it signs in with an API key. The embedded sandbox
 * has no address of its own. Returns what is stored (without `hasSecret`, which the vault says).
 */
export function validateProfile(input: TargetProfileInput): TargetProfileInput {
  const invalid = (message: string, hint: string, field: string) => new StudioError('TARGET_PROFILE_INVALID', message, hint, { where: { field } });
  const name = input.name?.trim();
  if (!name) throw invalid('The target needs a name.', 'Give it a name people recognise, such as "Academia Pro (production)".', 'name');
  const schoolId = input.schoolId?.trim();
  if (!schoolId) throw invalid('The target needs the school id (the school\'s externalId in Academia Pro).', 'Ask the Academia Pro administrator for the school id, e.g. "GREENFIELD".', 'schoolId');
  if (input.kind !== 'embedded-sandbox' && input.kind !== 'remote') throw invalid(`"${String(input.kind)}" is not a kind of target.`, 'Choose the embedded sandbox or a remote Academia Pro.', 'kind');
  if (!['oauth2', 'api-key', 'jwt'].includes(input.auth)) throw invalid(`"${String(input.auth)}" is not a sign-in method Academia Pro offers.`, 'Choose OAuth2 client credentials, an API key or a JWT.', 'auth');
  if (input.apiVersion !== 'v1' && input.apiVersion !== 'v2') throw invalid(`"${String(input.apiVersion)}" is not an Academia Pro API version.`, 'Choose v1 or v2.', 'apiVersion');
  const clientId = input.clientId?.trim() || null;
  if (input.kind === 'embedded-sandbox') return { name, kind: 'embedded-sandbox', baseUrl: null, apiVersion: input.apiVersion, auth: input.auth, clientId, schoolId };

  if (!input.baseUrl?.trim()) throw invalid(`The remote target "${name}" needs its address (base URL).`, 'Enter the address Academia Pro gave you, e.g. https://api.academia-pro.example.', 'baseUrl');
  let url: URL;
  try {
    url = new URL(input.baseUrl.trim());
  } catch {
    throw invalid(`"${input.baseUrl}" is not a web address.`, 'Enter the full address, starting with https://.', 'baseUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`The address "${input.baseUrl}" must start with https:// (or http:// for a local sandbox).`, 'Enter the address Academia Pro gave you, starting with https://.', 'baseUrl');
  if (url.username || url.password) {
    throw invalid('The address contains a user name or password, which would be stored unencrypted.', 'Remove them from the address and enter the secret in the secret field instead (it is kept encrypted).', 'baseUrl');
  }
  if (url.search || url.hash) throw invalid(`The address "${input.baseUrl}" has a query or fragment; the base URL is just the service's address.`, 'Remove everything after "?" or "#".', 'baseUrl');
  if (input.auth !== 'api-key' && !clientId) {
    throw invalid(`Signing in with ${input.auth === 'jwt' ? 'a JWT' : 'OAuth2'} needs the client id.`, 'Enter the client id the Academia Pro administrator issued (or switch the sign-in method to API key).', 'clientId');
  }
  const baseUrl = url.toString().replace(/\/+$/, '');
  return { name, kind: 'remote', baseUrl, apiVersion: input.apiVersion, auth: input.auth, clientId, schoolId };
}
