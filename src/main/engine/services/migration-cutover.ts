import type { MigrationService, StudioApi } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { CUTOVER_STEPS, emptyCutover, nextStep, rollbackPathOf, type CutoverState, type CutoverStep, type CutoverStepState, type StoppedSync, type StreamFingerprint } from '../../../shared/model/cutover';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { canonicalRecord } from '../pipeline/record-hash';
import { SyncRepo } from '../project/sync-repo';
import { syncMigrationStatus, type CutoverMethod } from './migration-service';

const FINGERPRINT_BATCH = 2000;
/** The fingerprint adds the rows' hashes modulo 2^128: the order the source gives rows in does not matter. */
const MODULUS = 1n << 128n;

/**
 * The cutover runbook (src/shared/model/cutover.ts): each step run on request, in order, with its
 * outcome kept in the project file (meta `cutover`), and a way back at every step. The steps use
 * the other services (runs, reconcile, rollback, syncs) as a person would, so the runbook adds
 * no second way of doing any of them.
 */
export function cutoverMethods(state: EngineState, api: () => StudioApi): Pick<MigrationService, CutoverMethod> {
  return {
    async cutover(): Promise<CutoverState> {
      return load(requireSession(state));
    },
    async cutoverStep(req = {}): Promise<CutoverState> {
      const s = requireSession(state);
      const current = load(s);
      const step = req.step ?? current.next;
      if (!step) throw new StudioError('MIGRATION_PLAN_INVALID', 'The cutover is complete: every step is done.', 'Nothing is left to run; roll it back (cutoverRollback) to undo it.');
      if (step !== current.next) {
        throw new StudioError('MIGRATION_PLAN_INVALID', `The cutover step ${step} cannot run yet: ${current.next} comes first.`, `Run ${current.next} first; the runbook's steps run in order (${CUTOVER_STEPS.join(' → ')}).`, { where: { field: step } });
      }
      const outcome = await run(state, api, s, current, step);
      // A step run again replaces its last outcome whole (a blocked go-no-go's fixes do not outlive it).
      const steps = current.steps.map((x): CutoverStepState => (x.step === step ? { step, at: state.now().toISOString(), ...outcome.state } : x));
      const next = save(s, {
        ...current,
        steps,
        freeze: outcome.freeze === undefined ? current.freeze : outcome.freeze,
        ...(outcome.stoppedSyncs ? { stoppedSyncs: outcome.stoppedSyncs } : {}),
      });
      s.audit.append({ action: 'migration.cutover', object: 'migration', summary: `Cutover step ${step}: ${outcome.state.status}. ${outcome.state.outcome}` });
      return next;
    },
    async cutoverRollback(): Promise<CutoverState> {
      const s = requireSession(state);
      const current = load(s);
      const finalLoad = current.steps.find((x) => x.step === 'final-load');
      let rollbackRun: string | null = null;
      let wroteNothing = false;
      if (finalLoad?.status === 'done' && finalLoad.runId) {
        try {
          rollbackRun = (await api().runs.rollback({ runId: finalLoad.runId })).runId;
        } catch (err) {
          // A final load that found every record unchanged wrote nothing: Academia Pro has nothing to undo, and the rest of the way back still holds.
          if (!(err instanceof StudioError && err.code === 'NOTHING_TO_ROLL_BACK')) throw err;
          wroteNothing = true;
        }
      }
      if (rollbackRun) {
        await state.activeRun?.done.catch(() => undefined);
        const rolled = await api().runs.get({ runId: rollbackRun });
        if (rolled.status !== 'Completed') {
          throw new StudioError('MIGRATION_PLAN_INVALID', `The rollback of the final load, run ${rollbackRun}, ended ${rolled.status}.`, 'Open the rollback run on the Runs screen: its report lists what could not be undone; asking again resumes it.');
        }
      }
      const restored = await restoreSchedules(api, current.stoppedSyncs ?? []);
      // Steps done are marked rolled back, and the runbook starts again from the top (a new freeze is needed).
      const undoneWords = (step: CutoverStep) =>
        step === 'final-load' && rollbackRun
          ? `Rolled back by run ${rollbackRun}.`
          : step === 'final-load' && wroteNothing
            ? `Nothing to undo in Academia Pro: run ${finalLoad?.runId} created or updated no record.`
            : step === 'syncs' && restored.length
              ? `Schedules put back: ${restored.join('; ')}.`
              : 'Undone with the cutover.';
      const steps = current.steps.map((x): CutoverStepState => (x.status === 'done' ? { step: x.step, status: 'rolled-back', at: state.now().toISOString(), outcome: undoneWords(x.step), ...(x.runId ? { runId: x.runId } : {}) } : x));
      s.audit.append({ action: 'migration.cutover', object: 'migration', summary: `Cutover rolled back${rollbackRun ? ` (final load undone by run ${rollbackRun})` : ''}${restored.length ? `, sync schedules put back (${restored.join('; ')})` : ''}; the freeze is lifted.` });
      const fresh: CutoverState = { ...emptyCutover(), steps };
      return save(s, fresh);
    },
  };
}

interface StepResult {
  state: Pick<CutoverStepState, 'status' | 'outcome' | 'fixes'> & { runId?: string | null };
  freeze?: CutoverState['freeze'];
  stoppedSyncs?: StoppedSync[];
}

async function run(state: EngineState, api: () => StudioApi, s: ProjectSession, current: CutoverState, step: CutoverStep): Promise<StepResult> {
  switch (step) {
    case 'go-no-go': {
      const progress = await syncMigrationStatus(state, s);
      const needed = progress.checklist.filter((c) => (c.item === 'rehearsal-clean' || c.item === 'mappings-signed-off') && !c.ok);
      return needed.length
        ? { state: { status: 'blocked', outcome: `Not ready: ${needed.map((c) => `${c.detail} (fix on ${c.where})`).join(' ')}`, fixes: needed.map((c) => ({ item: c.item, detail: c.detail, where: c.where })) } }
        : { state: { status: 'done', outcome: 'The last rehearsal is clean and every mapping is signed off.' } };
    }
    case 'freeze': {
      const fingerprints = await fingerprintSources(s);
      return {
        state: { status: 'done', outcome: `Source frozen at ${state.now().toISOString()}: ${fingerprints.map((f) => `${f.stream} ${f.rows.toLocaleString('en')} rows`).join(', ')}.` },
        freeze: { at: state.now().toISOString(), fingerprints },
      };
    }
    case 'verify-freeze': {
      const before = current.freeze?.fingerprints ?? [];
      const now = await fingerprintSources(s);
      const changed = now.filter((f) => {
        const was = before.find((b) => b.connectionId === f.connectionId && b.stream === f.stream);
        return !was || was.hash !== f.hash || was.rows !== f.rows;
      });
      if (changed.length === 0) return { state: { status: 'done', outcome: `The source has not changed since the freeze at ${current.freeze?.at}.` } };
      const words = changed.map((f) => {
        const was = before.find((b) => b.connectionId === f.connectionId && b.stream === f.stream);
        return was && was.rows !== f.rows ? `${f.stream} (${was.rows} → ${f.rows} rows)` : `${f.stream} (rows changed)`;
      });
      return { state: { status: 'blocked', outcome: `The source changed after the freeze: ${words.join(', ')}. Find who still writes to the legacy system, then freeze again (run the freeze step after a rollback of the cutover).` } };
    }
    case 'final-load': {
      const { runId } = await api().runs.start({ dryRun: false });
      await state.activeRun?.done.catch(() => undefined);
      const done = await api().runs.get({ runId });
      return done.status === 'Completed'
        ? { state: { status: 'done', outcome: `Run ${runId} loaded Academia Pro: ${done.counters.created} created, ${done.counters.updated} updated, ${done.counters.unchanged} unchanged, ${done.counters.rejected} rejected.`, runId } }
        : { state: { status: 'blocked', outcome: `Run ${runId} ended ${done.status}${done.error ? `: ${done.error.message}` : ''}. Resume it from the Runs screen, or roll the cutover back.`, runId } };
    }
    case 'reconcile': {
      const runId = current.steps.find((x) => x.step === 'final-load')?.runId;
      if (!runId) return { state: { status: 'blocked', outcome: 'No final load to reconcile.' } };
      const cert = await api().runs.reconcile({ runId });
      const fields = cert.reconciliation.reduce((n, l) => n + (l.checksumMismatches ?? 0), 0);
      const records = cert.reconciliation.reduce((n, l) => n + l.mismatches, 0);
      return records + fields === 0
        ? { state: { status: 'done', outcome: `Run ${runId} reconciles: every record arrived and its fields read back equal.` } }
        : { state: { status: 'blocked', outcome: `Run ${runId} has ${records} record and ${fields} field mismatches: see its certificate on the Runs screen, fix, and run this step again — or roll the cutover back.` } };
    }
    case 'syncs': {
      // Stopped, not switched: the studio syncs legacy → Academia Pro only and never writes into a
      // legacy system, so once Academia Pro is the system of record the sync ends. Each schedule
      // is kept in the runbook so a rollback of the cutover puts it back.
      const repo = new SyncRepo(s.project);
      const scheduled = repo.listDefinitions().filter((d) => d.schedule.cron);
      for (const d of scheduled) await api().syncs.update({ name: d.name, type: d.type, direction: d.direction, entities: d.entities, sourceTimeZone: d.sourceTimeZone, gate: d.gate, schedule: { ...d.schedule, cron: null } });
      const stoppedSyncs = scheduled.map((d) => ({ name: d.name, cron: d.schedule.cron as string, timezone: d.schedule.timezone }));
      return {
        state: {
          status: 'done',
          outcome: scheduled.length
            ? `Stopped ${stoppedSyncs.map((d) => `"${d.name}" (its schedule "${d.cron}" ${d.timezone} cleared)`).join(', ')}: the legacy system no longer writes into Academia Pro, which is now the system of record. Rolling the cutover back puts the schedules back.`
            : 'No sync was scheduled: nothing to stop.',
        },
        stoppedSyncs,
      };
    }
  }
}

/** Puts back the schedules the `syncs` step cleared, unless someone set one since; answers what was put back, in words. */
async function restoreSchedules(api: () => StudioApi, stopped: StoppedSync[]): Promise<string[]> {
  const words: string[] = [];
  for (const was of stopped) {
    const d = (await api().syncs.list({})).find((x) => x.name === was.name);
    if (!d) {
      words.push(`"${was.name}" was removed since, so it stays gone`);
      continue;
    }
    if (d.schedule.cron) {
      words.push(`"${was.name}" keeps the schedule set since ("${d.schedule.cron}")`);
      continue;
    }
    try {
      await api().syncs.update({ name: d.name, type: d.type, direction: d.direction, entities: d.entities, sourceTimeZone: d.sourceTimeZone, gate: d.gate, schedule: { ...d.schedule, cron: was.cron, timezone: was.timezone } });
      words.push(`"${was.name}" runs again on "${was.cron}" (${was.timezone})`);
    } catch (err) {
      // The rollback itself has happened by now: a sync that no longer fits the mappings is said, not thrown.
      words.push(`"${was.name}" could not be put back (${err instanceof Error ? err.message : String(err)}): set its schedule on the Syncs screen`);
    }
  }
  return words;
}

/** Every stream the mappings read (joined ones too), each with its row count and an order-free hash of its rows. */
async function fingerprintSources(s: ProjectSession): Promise<StreamFingerprint[]> {
  const streams = new Map<string, { connectionId: string; stream: string }>();
  for (const m of await s.mappings.list()) {
    for (const stream of [m.stream, ...(m.joins ?? []).map((j) => j.stream)]) streams.set(`${m.connectionId}\u0000${stream}`, { connectionId: m.connectionId, stream });
  }
  const out: StreamFingerprint[] = [];
  for (const { connectionId, stream } of [...streams.values()].sort((a, b) => a.stream.localeCompare(b.stream))) {
    const connector = await s.openSource(connectionId);
    try {
      let rows = 0;
      let sum = 0n;
      for await (const batch of connector.read(stream, { batchSize: FINGERPRINT_BATCH })) {
        for (const row of batch) {
          sum = (sum + BigInt(`0x${canonicalRecord(row).hash.slice(0, 32)}`)) % MODULUS;
          rows++;
        }
      }
      out.push({ connectionId, stream, rows, hash: sum.toString(16).padStart(32, '0') });
    } finally {
      await connector.close();
    }
  }
  return out;
}

function load(s: ProjectSession): CutoverState {
  const text = s.project.meta('cutover');
  if (!text) return emptyCutover();
  const stored = JSON.parse(text) as CutoverState;
  return { ...stored, next: nextStep(stored.steps), rollbackPath: rollbackPathOf(stored.steps) };
}

function save(s: ProjectSession, next: CutoverState): CutoverState {
  const shaped = { ...next, next: nextStep(next.steps), rollbackPath: rollbackPathOf(next.steps) };
  s.project.setMeta('cutover', JSON.stringify(shaped));
  return shaped;
}
