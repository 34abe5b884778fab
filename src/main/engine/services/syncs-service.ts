import { randomUUID } from 'node:crypto';
import { loadTargetContract } from '../../../academia-api/contract';
import type { SyncsService } from '../../../shared/api/contracts/syncs';
import { StudioError } from '../../../shared/errors';
import type { SyncOutcome, SyncRunInfo } from '../../../shared/model/sync';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { maskKindOf } from '../pipeline/plan/preview-mapping';
import { SyncRepo } from '../project/sync-repo';
import { currentActor } from '../security/actor';
import { normaliseDefinition } from '../sync/sync-definition';
import { executeSync, outcome, pushChangeSet, type SyncContext } from '../sync/sync-executor';
import { maskValue } from '../values/mask';
import { sessionRunContext } from './session-run-context';
import { syncConflictMethods } from './sync-conflicts';
import { twoWayServices } from './two-way-access';

/**
 * The `syncs` service (issue 19): definitions kept in the project file, runs of them (one at a
 * time, never beside a migration run), the change gate's holds and their approval per category,
 * the run history and change sets; for two-way definitions also Academia Pro's changes, the
 * conflict queue and write-back (sync/two-way, sync-conflicts.ts). The event-driven methods
 * (`events`, `setEventSecret`) are services/sync-events-wiring.ts's.
 */
export function syncsService(state: EngineState): Omit<SyncsService, 'events' | 'setEventSecret'> {
  const repo = (s: ProjectSession) => new SyncRepo(s.project);
  const env = async (s: ProjectSession) => {
    const mappings = await s.mappings.list();
    const catalogs = new Map<string, Awaited<ReturnType<typeof s.connections.latestCatalog>>>();
    for (const id of new Set(mappings.map((m) => m.connectionId))) catalogs.set(id, await s.connections.latestCatalog(id));
    return { mappings, contract: loadTargetContract('v1'), catalog: (id: string) => catalogs.get(id)?.streams ?? null };
  };

  return {
    async define(input) {
      const s = requireSession(state);
      const settings = normaliseDefinition(input, await env(s));
      repo(s).insertDefinition(settings, state.now());
      s.audit.append({ action: 'sync.define', object: `sync:${settings.name}`, summary: `Sync "${settings.name}" defined: ${settings.type}, ${settings.direction}, ${settings.entities.map((e) => `${e.entity} (${e.mode})`).join(', ')}${settings.schedule.cron ? `, schedule ${settings.schedule.cron} ${settings.schedule.timezone}` : ''}.` });
      return repo(s).getDefinition(settings.name);
    },
    async update(input) {
      const s = requireSession(state);
      const settings = normaliseDefinition(input, await env(s));
      repo(s).replaceDefinition(settings, state.now());
      s.audit.append({ action: 'sync.update', object: `sync:${settings.name}`, summary: `Sync "${settings.name}" changed: ${settings.type}, ${settings.direction}, ${settings.entities.map((e) => `${e.entity} (${e.mode})`).join(', ')}.` });
      return repo(s).getDefinition(settings.name);
    },
    async list() {
      return repo(requireSession(state)).listDefinitions();
    },
    async get({ name }) {
      return repo(requireSession(state)).getDefinition(name);
    },
    async remove({ name }) {
      const s = requireSession(state);
      repo(s).removeDefinition(name);
      s.audit.append({ action: 'sync.remove', object: `sync:${name}`, summary: `Sync "${name}" removed; its runs stay in the history.` });
    },
    async run({ name }) {
      const s = requireSession(state);
      const store = repo(s);
      const def = store.getDefinition(name);
      busyCheck(state);
      const runId = `sync-${state.now().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 8)}`;
      const ctx = await contextFor(state, s, store, runId, def.direction === 'two-way');
      const order = loadTargetContract('v1').loadOrder(def.entities.map((e) => e.entity));
      for (const held of store.heldRunIds(name)) {
        s.runs.setStatus(held, 'Cancelled', state.now());
        s.runs.addEvent(held, 'warning', null, `Superseded by sync run ${runId}: its held change set was not pushed.`, state.now());
      }
      s.runs.create({ runId, operation: 'Sync', dryRun: false, entities: order.map((entity) => ({ entity, estimate: null })), now: state.now() });
      store.createRun(runId, name);
      s.audit.append({ action: 'sync.start', object: `run:${runId}`, summary: `Sync "${name}" started.` });
      return asActiveRun(state, s, runId, (signal) => executeSync(ctx, def, runId, signal));
    },
    async approve({ runId, category }) {
      const s = requireSession(state);
      const store = repo(s);
      const record = store.findRun(runId);
      if (!record) throw new StudioError('RUN_NOT_FOUND', `There is no sync run ${runId} in this project.`, 'List the sync runs (syncs.runs) to find its id.');
      const run = s.runs.get(runId);
      if (run.status !== 'Paused' || !record.held) {
        throw new StudioError('SYNC_NOT_HELD', `Sync run ${runId} is not held by its change gate (it is ${run.status}).`, 'Only a held run (status Paused) waits for approval.');
      }
      const pending = record.held.categories.filter((c) => !c.approved);
      const chosen = category === undefined ? pending : pending.filter((c) => c.category === category);
      if (category !== undefined && !chosen.length) {
        const known = record.held.categories.find((c) => c.category === category);
        throw new StudioError('SYNC_NOT_HELD', known ? `${category} of run ${runId} is already approved.` : `Run ${runId} holds no category "${category}".`, `Held categories: ${record.held.categories.map((c) => `${c.category}${c.approved ? ' (approved)' : ''}`).join(', ')}.`);
      }
      const by = currentActor();
      const at = state.now().toISOString();
      const held = { ...record.held, categories: record.held.categories.map((c) => (chosen.includes(c) ? { ...c, approved: true } : c)) };
      store.updateRun(runId, { held, decisions: [...record.decisions, ...chosen.map((c) => ({ category: c.category, decision: 'approved' as const, by, at }))] });
      for (const c of chosen) {
        s.audit.append({ action: 'sync.approve', object: `run:${runId}`, summary: `Approved ${c.category}: ${c.sentence}.` });
        s.runs.addEvent(runId, 'info', c.entity, `Approved by ${by}: ${c.sentence}.`, state.now());
      }
      if (held.categories.some((c) => !c.approved)) return outcome({ runs: s.runs, store, now: state.now }, record.job, runId);
      busyCheck(state);
      const ctx = await contextFor(state, s, store, runId, store.findDefinition(record.job)?.direction === 'two-way');
      const order = run.steps.map((st) => st.entity);
      return asActiveRun(state, s, runId, (signal) => pushChangeSet(ctx, { name: record.job }, runId, order, run.counters, signal));
    },
    async runs({ name, limit }) {
      const s = requireSession(state);
      const store = repo(s);
      return store.runIds(name ?? null, limit ?? 50).map((runId): SyncRunInfo => {
        const run = s.runs.get(runId);
        const r = store.findRun(runId)!;
        return { runId, job: r.job, status: run.status, startedAt: run.startedAt, endedAt: run.endedAt, durationMs: run.durationMs, changes: r.changes, held: r.held, warnings: r.warnings, decisions: r.decisions, counters: run.counters, ...(run.error ? { error: run.error } : {}) };
      });
    },
    async changeSet({ runId, entity, limit, offset }) {
      const s = requireSession(state);
      const store = repo(s);
      if (!store.findRun(runId)) throw new StudioError('RUN_NOT_FOUND', `There is no sync run ${runId} in this project.`, 'List the sync runs (syncs.runs) to find its id.');
      const page = store.changePage(runId, entity ?? null, limit ?? 100, offset ?? 0);
      if (!s.project.settings().maskPersonalData) return { runId, ...page };
      const contract = loadTargetContract('v1');
      const changes = page.changes.map((c) => {
        if (!c.record || !contract.hasEntity(c.entity)) return c;
        const record: Record<string, unknown> = { ...c.record };
        for (const f of contract.entity(c.entity).fields) if (f.personal && f.name in record) record[f.name] = maskValue(record[f.name], maskKindOf(f));
        return { ...c, record };
      });
      return { runId, total: page.total, changes };
    },
    ...syncConflictMethods(state),
  };
}

/** Runs a sync's work as the engine's active run (so it can be cancelled and waited for), and audits its end. */
async function asActiveRun(state: EngineState, s: ProjectSession, runId: string, work: (signal: AbortSignal) => Promise<SyncOutcome>): Promise<SyncOutcome> {
  const controller = new AbortController();
  const done = work(controller.signal);
  state.activeRun = { runId, controller, done };
  try {
    const result = await done;
    s.audit.append({ action: 'sync.finish', object: `run:${runId}`, summary: summaryOf(result) });
    return result;
  } finally {
    if (state.activeRun?.runId === runId) state.activeRun = null;
  }
}

function busyCheck(state: EngineState): void {
  if (state.activeRun) throw new StudioError('RUN_ALREADY_ACTIVE', `Run ${state.activeRun.runId} is still in progress.`, 'Wait for it to finish, then start the sync again.');
}

async function contextFor(state: EngineState, s: ProjectSession, store: SyncRepo, runId: string, twoWay = false): Promise<SyncContext> {
  const mappings = await s.mappings.list();
  const run = sessionRunContext(state, s, runId, mappings);
  const log = (level: 'info' | 'warning', entity: string | null, message: string) => run.emit({ kind: 'event', event: 'run.event', payload: s.runs.addEvent(runId, level, entity, message, state.now()) });
  return {
    ...run,
    ...(twoWay ? { twoWay: twoWayServices(s, () => run.target(), log, state.now) } : {}),
    store,
    connectionKind: async (id) => {
      try {
        return (await s.connections.get(id, () => 'missing')).kind;
      } catch {
        return null;
      }
    },
  };
}

function summaryOf(o: SyncOutcome): string {
  const c = o.changes.reduce((a, x) => ({ i: a.i + x.inserts, u: a.u + x.updates, d: a.d + x.deletes }), { i: 0, u: 0, d: 0 });
  return `${o.status}${o.held ? ' (held)' : ''}: inserts ${c.i}, updates ${c.u}, deletes ${c.d}; read ${o.counters.read}, rejected ${o.counters.rejected}, failed ${o.counters.failed}.`;
}
