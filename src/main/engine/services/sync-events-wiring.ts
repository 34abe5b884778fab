import { loadTargetContract } from '../../../academia-api/contract';
import type { TargetEvent } from '../../../academia-api/wire-types';
import type { SyncsService } from '../../../shared/api/contracts/syncs';
import { StudioError } from '../../../shared/errors';
import type { FeedStatus, SyncEventStatus } from '../../../shared/model/sync-events';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { resolveTarget } from '../core/target-resolver';
import { SyncEventsRepo } from '../project/sync-events-repo';
import { SyncRepo } from '../project/sync-repo';
import { SECRET_PURPOSES, syncWebhookSecretName } from '../security/secret-names';
import { SyncEventSession, type EventJob } from '../sync/events/sync-event-session';
import type { JobGate } from '../sync/schedule/job-gate';
import type { ScheduleClock } from '../sync/schedule/schedule-clock';
import type { ScheduleLog } from '../sync/schedule/schedule-log';

/**
 * Where event-driven syncs meet the rest of the engine (issue 19, item 7): their definitions and
 * signing secrets (the project file and its vault), the target's events feed and its stored
 * cursor, the scheduler's gate, and the `syncs` methods that show and feed them.
 */

/** Events feed pages read per request. */
const FEED_PAGE_SIZE = 100;

/** The open project's event machinery, started with its scheduler (studio hosts only, never the CLI). */
export async function startSessionEvents(state: EngineState, session: ProjectSession, gate: JobGate, log: ScheduleLog, clock?: ScheduleClock): Promise<SyncEventSession> {
  const events = new SyncEventsRepo(session.project);
  const vault = session.vault;
  const machinery = new SyncEventSession({
    jobs: () => eventJobs(session),
    knownEntity: (entity) => loadTargetContract(session.project.target().apiVersion).hasEntity(entity),
    gate,
    secret: (job) => vault.use(syncWebhookSecretName(job), (value) => value),
    secretStatus: (job) => vault.status(syncWebhookSecretName(job)),
    feed: {
      page: async (after) => (await resolveTarget(session, state.target)).client.events.page({ after, limit: FEED_PAGE_SIZE }),
      cursor: {
        load: () => events.feedCursor(feedKey(session)),
        save: (cursor) => events.saveFeedCursor(feedKey(session), cursor, state.now()),
      },
    },
    recordEvent: (job, event) => events.recordEvent(job, event),
    ignore: (event) => ownEcho(events, event),
    clock,
    log,
  });
  await machinery.refresh();
  return machinery;
}

/**
 * The `syncs` service with the event machinery kept in step: a definition saved or removed, or a
 * signing secret stored, brings the receivers and the feed up to date before the call answers; a
 * removed sync's signing secret and last event go with it.
 */
export function withEvents(state: EngineState, service: SyncsService): SyncsService {
  const refresh = async () => {
    await state.scheduling?.events?.refresh().catch(() => undefined);
  };
  return {
    ...service,
    async define(input) {
      const def = await service.define(input);
      await refresh();
      return def;
    },
    async update(input) {
      const def = await service.update(input);
      await refresh();
      return def;
    },
    async remove(req) {
      await service.remove(req);
      const s = requireSession(state);
      new SyncEventsRepo(s.project).forgetJob(req.name);
      s.vault.forget(syncWebhookSecretName(req.name));
      await refresh();
    },
    async setEventSecret(req) {
      await service.setEventSecret(req);
      await refresh();
    },
  };
}

/** `syncs.events` and `syncs.setEventSecret`. */
export function syncEventMethods(state: EngineState): Pick<SyncsService, 'events' | 'setEventSecret'> {
  return {
    async events() {
      const s = requireSession(state);
      const machinery = state.scheduling?.events ?? null;
      const live = machinery ? await machinery.status() : { jobs: [], refusals: [] };
      const last = new SyncEventsRepo(s.project).lastEvents();
      const cursor = new SyncEventsRepo(s.project).feedCursor(feedKey(s));
      const jobs: SyncEventStatus[] = [];
      for (const job of eventJobs(s)) {
        const now = live.jobs.find((j) => j.job === job.name);
        const stoppedFeed: FeedStatus | null = job.events.feed ? { intervalSeconds: job.events.feed.intervalSeconds, cursor, lastPollAt: null, ok: null, error: null } : null;
        jobs.push({
          job: job.name,
          receiver:
            now?.receiver ??
            (job.events.webhook
              ? { state: 'stopped', ...job.events.webhook, url: null, secretStatus: await s.vault.status(syncWebhookSecretName(job.name)).catch(() => 'needs-reentry' as const), error: null, refused: 0, lastRefusal: null }
              : null),
          feed: now?.feed ?? stoppedFeed,
          lastEvent: last.get(job.name)?.lastEvent ?? null,
          eventsReceived: last.get(job.name)?.received ?? 0,
          waiting: now?.waiting ?? false,
        });
      }
      return { running: machinery !== null, jobs, refusals: live.refusals };
    },
    async setEventSecret({ name, secret }) {
      const s = requireSession(state);
      const def = new SyncRepo(s.project).getDefinition(name);
      if (!def.events?.webhook) {
        throw new StudioError('SYNC_INVALID', `Sync "${name}" has no webhook receiver, so it needs no signing secret.`, 'Give it a receiver first (CLI: `sync <project> define NAME … --events-webhook HOST:PORT`), or poll the events feed instead.', { where: { field: 'events.webhook' } });
      }
      // The vault audits the change (never the value).
      await s.vault.set(syncWebhookSecretName(name), SECRET_PURPOSES.syncWebhookSecret, secret);
    },
  };
}

/**
 * The studio's own pushes come back as events (its sync wrote version 4 of a student; the target
 * says "student updated, version 4"). Running the sync for them would find nothing to do, so an
 * event about a version at or below the one the studio last pushed for that record is left alone
 * (and logged as ignored). A person's change in Academia Pro makes a newer version and runs.
 */
function ownEcho(events: SyncEventsRepo, event: TargetEvent): string | null {
  const { entity, externalId, version } = event.data as { entity?: unknown; externalId?: unknown; version?: unknown };
  if (!event.type.startsWith('record.') || event.type === 'record.deleted') return null;
  if (typeof entity !== 'string' || typeof externalId !== 'string' || typeof version !== 'number') return null;
  const pushed = events.pushedVersion(entity, externalId);
  return pushed !== null && version <= pushed ? `the studio itself wrote version ${version} of ${entity} ${externalId}` : null;
}

/** The open project's event-driven sync jobs. */
function eventJobs(session: ProjectSession): EventJob[] {
  return new SyncRepo(session.project)
    .listDefinitions()
    .filter((d) => d.events && (d.events.webhook || d.events.feed))
    .map((d) => ({ name: d.name, entities: d.entities.map((e) => e.entity), events: d.events! }));
}

/** Whose events feed a cursor belongs to: the target's kind, address and school (the embedded sandbox's port changes at each start; its data does not). */
function feedKey(session: ProjectSession): string {
  const profile = session.project.target();
  return profile.kind === 'embedded-sandbox' ? `embedded-sandbox|${profile.schoolId}` : `remote|${profile.baseUrl ?? ''}|${profile.schoolId}`;
}
