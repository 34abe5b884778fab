import { StudioError, fromErrorShape } from '../../../shared/errors';
import type { TargetProfile } from '../../../shared/model/settings';
import type { EventBus } from './event-bus';
import type { TargetSession } from '../pipeline/target-session';
import type { ProjectSession } from './project-session';
import { TargetChecksRepo } from '../project/target-checks-repo';
import { TARGET_CLIENT_SECRET_NAME } from '../security/secret-names';
import { AcademiaClient, type AcademiaClientOptions } from '../academia/academia-client';
import { loadTargetContract } from '../../../academia-api/contract';
import type { EmbeddedTarget } from '../../../academia-api/embedded-target';
import { runTargetCheck } from './target-health';
import type { TargetEndpoint } from './target-endpoint';
import { patienceOf, type TargetClientTuning } from './target-patience';
import type { DeprecationNotice } from '../academia/deprecation';

export type { TargetEndpoint } from './target-endpoint';

/** Where the embedded sandbox of a project keeps its data: beside the project file. */
export function sandboxDataFileFor(projectPath: string): string {
  return projectPath.replace(/\.apstudio$/i, '') + '.sandbox.sqlite';
}


/** What a run tells the resolver, so its requests are logged under its id and it is checked first. */
export interface RunTargetHook {
  runId: string;
  bus: EventBus;
  now: () => Date;
  /** What a test (or host) tuned of the clients' patience (target-patience.ts). */
  tuning?: TargetClientTuning;
}

const embeddedSandboxes = new WeakMap<ProjectSession, Promise<EmbeddedTarget>>();

/**
 * The project's embedded sandbox, started by the host's starter (the engine never imports the
 * sandbox) on first use and stopped when the project closes. Its data lives beside the project, so a second run sees what the
 * first pushed. It serves v1 and v2, so switching the profile's API version needs no restart.
 */
export function embeddedSandbox(session: ProjectSession): Promise<EmbeddedTarget> {
  let running = embeddedSandboxes.get(session);
  if (!running) {
    const start = session.embeddedTarget;
    if (!start) {
      return Promise.reject(
        new StudioError('EMBEDDED_TARGET_UNAVAILABLE', 'This host of the studio cannot start the embedded sandbox.', 'Point the target profile at an Academia Pro server (Target screen, or `academia-studio target`), or use the desktop app, the web host or the CLI, which start the sandbox.'),
      );
    }
    const starting = start({ dataFile: sandboxDataFileFor(session.project.path), apiVersions: ['v1', 'v2'] });
    running = starting;
    embeddedSandboxes.set(session, starting);
    starting.catch(() => embeddedSandboxes.delete(session));
    session.onClose(async () => {
      const sandbox = await starting.catch(() => null);
      await sandbox?.close();
    });
  }
  return running;
}

/** Drops a project's embedded sandbox that stopped on its own, so its next use starts another. */
function forgetEmbeddedSandbox(session: ProjectSession): void {
  const running = embeddedSandboxes.get(session);
  embeddedSandboxes.delete(session);
  void running?.then((sandbox) => sandbox.close()).catch(() => undefined);
}

/**
 * Connects a project to its target. Without `run`, one shared session per open project (cached
 * in `cache` until the profile changes). With `run`, a session of the run's own: every request
 * it makes is logged under the run id, a deprecation notice becomes a run warning, and the
 * target is checked (health, API, credentials; kept in the health history) before the first push.
 */
export async function resolveTarget(session: ProjectSession, cache: { current?: Promise<TargetSession> }, run?: RunTargetHook): Promise<TargetSession> {
  if (!run) {
    if (cache.current) return cache.current;
    const building = (async () => sessionOf(await resolveEndpoint(session), {}))();
    cache.current = building;
    building.catch(() => {
      if (cache.current === building) cache.current = undefined;
    });
    return building;
  }
  const endpoint = await resolveEndpoint(session);
  const repo = new TargetChecksRepo(session.project);
  const hooks = {
    onRequest: (entry: Parameters<NonNullable<AcademiaClientOptions['onRequest']>>[0]) => repo.logRequest(run.runId, run.now(), entry),
    onDeprecation: onceEach((notice) => {
      const event = session.runs.addEvent(run.runId, 'warning', null, `${notice.message} Runs keep working until the sunset date; plan the move to the new version.`, run.now());
      run.bus.emit({ kind: 'event', event: 'run.event', payload: event });
    }),
  };
  // The preflight has a client of its own, impatient like a person's connection test: a target
  // that is down fails the run in seconds, before anything is read or pushed, instead of after
  // every retry of the run's patient client.
  const checker = new AcademiaClient({ ...endpoint.client, ...patienceOf('check', run.tuning), ...hooks });
  const check = await runTargetCheck(session, run.bus, checker, endpoint, { trigger: 'run', runId: run.runId, now: run.now });
  if (!check.ok && check.error) {
    const error = fromErrorShape(check.error);
    throw new StudioError(error.code, `The run stopped before pushing anything: ${error.message}`, error.hint, { where: error.where, details: { ...error.details, preflight: true } });
  }
  return sessionOf(endpoint, { ...patienceOf('run', run.tuning), ...hooks });
}

/** A deprecation notice told once, however many of the run's clients see it. */
function onceEach(tell: (notice: DeprecationNotice) => void): (notice: DeprecationNotice) => void {
  let last = '';
  return (notice) => {
    const key = JSON.stringify(notice);
    if (key === last) return;
    last = key;
    tell(notice);
  };
}

/** A client for the current profile, outside any run (the profile screen's connection test). */
export async function openTargetClient(
  session: ProjectSession,
  options: Partial<AcademiaClientOptions> & { tolerateMissingSecret?: boolean } = {},
): Promise<{ client: AcademiaClient; endpoint: TargetEndpoint }> {
  const { tolerateMissingSecret, ...clientOptions } = options;
  const endpoint = await resolveEndpoint(session, { tolerateMissingSecret });
  return { client: new AcademiaClient({ ...endpoint.client, ...clientOptions }), endpoint };
}

function sessionOf(endpoint: TargetEndpoint, hooks: Partial<AcademiaClientOptions>): TargetSession {
  const client = new AcademiaClient({ ...endpoint.client, ...hooks });
  return { client, contract: loadTargetContract(endpoint.profile.apiVersion), schoolId: endpoint.profile.schoolId, baseUrl: endpoint.client.baseUrl, sandbox: endpoint.sandbox };
}

/**
 * Reads the profile and, for a remote target, its secret from the vault (OAuth2 client secret,
 * JWT signing key or API key). For the embedded sandbox: its own client, signing in the way the
 * profile says.
 */
export async function resolveEndpoint(session: ProjectSession, options: { tolerateMissingSecret?: boolean } = {}): Promise<TargetEndpoint> {
  const profile = session.project.target();
  const base = { schoolId: profile.schoolId, apiVersion: profile.apiVersion, auth: profile.auth };
  if (profile.kind === 'embedded-sandbox') {
    const sandbox = await embeddedSandbox(session);
    // A real tenant knows its school before anything is pushed; so does the embedded sandbox,
    // so a dry run (which pushes nothing) can reconcile students under a school not written yet.
    try {
      await sandbox.knowSchool(profile.schoolId);
    } catch (err) {
      // A sandbox that stopped (its worker died) answers this typed error; the next use starts a new one.
      if (err instanceof StudioError && err.code === 'EMBEDDED_TARGET_UNAVAILABLE') forgetEmbeddedSandbox(session);
      throw err;
    }
    return {
      profile,
      client: { ...base, baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiKey: sandbox.apiKey },
      credentials: { auth: 'ready' },
      sandbox: { url: sandbox.url, adminToken: sandbox.adminToken },
    };
  }
  if (!profile.baseUrl) {
    throw new StudioError('TARGET_PROFILE_INVALID', `The target "${profile.name}" is a remote Academia Pro but has no address.`, 'Enter the base URL on the Target screen, or with `academia-studio target <project> set --url https://…`.');
  }
  if (profile.auth !== 'api-key' && !profile.clientId) {
    throw new StudioError('TARGET_PROFILE_INVALID', `The target "${profile.name}" signs in with ${profile.auth === 'jwt' ? 'a JWT' : 'OAuth2'} but has no client id.`, 'Enter the client id on the Target screen, or with `academia-studio target <project> set --client-id ID`.');
  }
  const baseUrl = profile.baseUrl;
  const clientId = profile.clientId ?? '';
  const remote = (secret: string): TargetEndpoint => ({
    profile,
    client: { ...base, baseUrl, clientId, clientSecret: profile.auth === 'api-key' ? '' : secret, ...(profile.auth === 'api-key' ? { apiKey: secret } : {}) },
    credentials: { auth: 'ready' },
    sandbox: null,
  });
  try {
    return await useTargetSecret(session, profile, remote);
  } catch (err) {
    if (!options.tolerateMissingSecret || !(err instanceof StudioError) || !SECRET_PROBLEMS.has(err.code)) throw err;
    // Health and API info need no credentials: the connection test still tries them.
    return { profile, client: { ...base, auth: 'oauth2', baseUrl, clientId, clientSecret: '' }, credentials: { auth: 'unavailable', error: err.toJSON() }, sandbox: null };
  }
}

const SECRET_PROBLEMS = new Set<string>(['TARGET_AUTH_FAILED', 'VAULT_NEEDS_REENTRY', 'VAULT_SECRET_DAMAGED']);

/** The secret's value through the vault, or an error that says where to enter it. */
async function useTargetSecret<T>(session: ProjectSession, profile: TargetProfile, fn: (secret: string) => T): Promise<T> {
  const what = profile.auth === 'api-key' ? 'API key' : profile.auth === 'jwt' ? 'JWT signing secret' : 'client secret';
  const hint = `Enter the ${what} on the Target screen, or with \`academia-studio target <project> set --secret-stdin\` (or APSTUDIO_TARGET_SECRET).`;
  try {
    return await session.vault.use(TARGET_CLIENT_SECRET_NAME, fn);
  } catch (err) {
    if (err instanceof StudioError && err.code === 'VAULT_SECRET_NOT_SET') {
      throw new StudioError('TARGET_AUTH_FAILED', `The target "${profile.name}" needs its ${what}, and none is stored in this project.`, hint, { cause: err });
    }
    if (err instanceof StudioError && (err.code === 'VAULT_NEEDS_REENTRY' || err.code === 'VAULT_SECRET_DAMAGED')) {
      throw new StudioError(err.code, `The ${what} of the target "${profile.name}" cannot be used here: ${err.message}`, hint, { details: err.details, cause: err });
    }
    throw err;
  }
}
