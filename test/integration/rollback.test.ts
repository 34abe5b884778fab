import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedTarget } from '../../src/academia-api/embedded-target';
import { loadTargetContract } from '../../src/academia-api/contract';
import { createEngine, type Engine } from '../../src/main/engine';
import { AcademiaClient } from '../../src/main/engine/academia/academia-client';
import { writableJson } from '../../src/main/engine/pipeline/writable-fields';
import { runCli } from '../../src/main/hosts/cli/cli';
import { createOutput } from '../../src/main/hosts/cli/output';
import { startEmbeddedSandbox } from '../../src/main/hosts/host-engine';
import type { RunInfo, RunProgress } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/** Every live record of the target, per entity: externalId → its writable fields (canonical JSON). */
type Snapshot = Map<string, Map<string, string>>;

/**
 * Rollback on the demo, end to end through the API: a run that creates records and updates
 * records entered by hand in Academia Pro is rolled back (cancelled mid-way and resumed), and the
 * sandbox is as it was before the run, except the two records changed in Academia Pro since the
 * run, which are listed as conflicts and left alone; then one entity of another run; then the
 * CLI's `run --rollback --json`.
 */
describe('rollback of a demo run to the embedded sandbox', () => {
  const dir = tempDir();
  const contract = loadTargetContract('v1');
  const savedConfig = process.env.APSTUDIO_CONFIG_DIR;
  let engine: Engine;
  let sandbox: EmbeddedTarget;
  let client: AcademiaClient;
  let projectPath: string;

  async function snapshot(): Promise<Snapshot> {
    const out: Snapshot = new Map();
    for (const e of contract.entities) {
      const records = new Map<string, string>();
      for await (const page of client.iterate(e.name, { limit: 1000 })) for (const r of page) records.set(r.externalId, writableJson(contract, e.name, r));
      out.set(e.name, records);
    }
    return out;
  }

  async function finished(runId: string): Promise<RunInfo> {
    await engine.idle();
    return engine.api.runs.get({ runId });
  }

  beforeAll(async () => {
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
    engine = createEngine({ host: 'cli', configDir: join(dir.path, 'config'), embeddedTarget: async (o) => (sandbox = await startEmbeddedSandbox(o)) });
    projectPath = (await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 40 })).path;
  });
  afterAll(async () => {
    await engine.dispose();
    if (savedConfig === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = savedConfig;
    dir.cleanup();
  });

  let before: Snapshot;
  let run: RunInfo;
  let handStudents: string[];

  it('a run creates records and updates records entered by hand', async () => {
    const first = await finished((await engine.api.runs.start({ entities: ['schools', 'students'] })).runId);
    expect(first.status).toBe('Completed');
    const target = await engine.api.targets.get();
    client = new AcademiaClient({ baseUrl: sandbox.url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, schoolId: target.schoolId });
    // Three students changed by hand in Academia Pro: the next run puts the source's values back.
    const students = (await client.list('students', { limit: 3 })).data;
    handStudents = students.map((s) => s.externalId);
    await client.pushBatch('students', students.map((s) => ({ ...JSON.parse(writableJson(contract, 'students', s)), firstName: 'Hand' })), 'by-hand-1');
    before = await snapshot();

    run = await finished((await engine.api.runs.start({})).runId);
    expect(run.status).toBe('Completed');
    expect(run.steps.find((s) => s.entity === 'students')!.counters.updated).toBe(3);
    expect(run.counters.created).toBeGreaterThan(100);
  });

  let rollbackId: string;
  it('rolls it back (cancelled mid-way, then resumed): the sandbox is as before, but for two conflicts left alone', async () => {
    // Changed in Academia Pro after the run: a student the run updated, a guardian it created.
    const student = (await client.get('students', handStudents[0]))!;
    await client.pushBatch('students', [{ ...JSON.parse(writableJson(contract, 'students', student)), firstName: 'Later' }], 'by-hand-2');
    const guardian = (await client.list('guardians', { limit: 1 })).data[0];
    await client.pushBatch('guardians', [{ ...JSON.parse(writableJson(contract, 'guardians', guardian)), lastName: 'Changed' }], 'by-hand-3');

    let cancelAsked = false;
    const off = engine.onEvent((m) => {
      if (m.kind === 'event' && m.event === 'run.progress' && (m.payload as RunProgress).runId === rollbackId && !cancelAsked) {
        cancelAsked = true;
        void engine.api.runs.cancel({ runId: rollbackId });
      }
    });
    rollbackId = (await engine.api.runs.rollback({ runId: run.runId })).runId;
    const stopped = await finished(rollbackId);
    off();
    expect(stopped).toMatchObject({ operation: 'Rollback', status: 'Cancelled' });
    const partly = stopped.counters.read;
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(run.counters.created + run.counters.updated);

    // Asked again, the same rollback resumes under its own id and finishes.
    expect((await engine.api.runs.rollback({ runId: run.runId })).runId).toBe(rollbackId);
    const done = await finished(rollbackId);
    expect(done.status).toBe('Completed');
    // Every record the run wrote is handled exactly once over both attempts.
    expect(done.counters).toMatchObject({ read: run.counters.created + run.counters.updated, updated: 2, deleted: run.counters.created - 1, rejected: 2 });
    expect(done.steps.map((s) => s.entity)).toEqual(contract.loadOrder(done.steps.map((s) => s.entity)).reverse());

    const report = await engine.api.runs.rollbackReport({ runId: rollbackId });
    expect(report).toMatchObject({ rolledBackRunId: run.runId, entity: null, status: 'Completed', conflictsTotal: 2 });
    expect(report.conflicts.map((c) => [c.entity, c.externalId, c.action, c.code])).toEqual([
      ['guardians', guardian.externalId, 'delete', 'CHANGED_SINCE'],
      ['students', student.externalId, 'restore', 'CHANGED_SINCE'],
    ]);
    for (const c of report.conflicts) expect(c.reason).toMatch(/since the run/);
    expect(report.entities.find((e) => e.entity === 'students')).toEqual({ entity: 'students', restored: 2, deleted: 0, unchanged: 0, conflicts: 1 });

    const after = await snapshot();
    for (const [entity, records] of before) {
      const now = new Map(after.get(entity));
      const then = new Map(records);
      for (const c of report.conflicts.filter((x) => x.entity === entity)) {
        now.delete(c.externalId);
        then.delete(c.externalId);
      }
      expect(now, entity).toEqual(then);
    }
    // The conflicts keep what the person wrote.
    expect(JSON.parse(after.get('students')!.get(student.externalId)!)).toMatchObject({ firstName: 'Later' });
    expect(JSON.parse(after.get('guardians')!.get(guardian.externalId)!)).toMatchObject({ lastName: 'Changed' });
    expect((await engine.api.audit.list({ action: 'run.rollback' })).map((e) => e.object)).toEqual([`run:${rollbackId}`, `run:${rollbackId}`]);
    await expect(engine.api.runs.rollback({ runId: run.runId })).rejects.toMatchObject({ code: 'NOTHING_TO_ROLL_BACK' });
    // The go/no-go checklist's rollback item holds once a rollback completed.
    expect((await engine.api.migration.status()).checklist.find((i) => i.item === 'rollback-plan')).toMatchObject({ ok: true });
  });

  let again: RunInfo;
  it('rolls back one entity of a run, and nothing else', async () => {
    again = await finished((await engine.api.runs.start({})).runId);
    expect(again.status).toBe('Completed');
    const payments = again.steps.find((s) => s.entity === 'payments')!.counters.created;
    expect(payments).toBeGreaterThan(0);
    const invoices = await client.count('fee-invoices');
    const { runId } = await engine.api.runs.rollback({ runId: again.runId, entity: 'payments' });
    const done = await finished(runId);
    expect(done.steps.map((s) => s.entity)).toEqual(['payments']);
    expect(done.counters).toMatchObject({ deleted: payments, rejected: 0 });
    expect(await client.count('payments')).toBe(0);
    expect(await client.count('fee-invoices')).toBe(invoices);
    expect((await engine.api.runs.rollbackReport({ runId, entity: 'payments' })).entities).toEqual([{ entity: 'payments', restored: 0, deleted: payments, unchanged: 0, conflicts: 0 }]);
  });

  it('run --rollback RUN_ID --entity E --json prints the rollback document', async () => {
    await engine.api.projects.close();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (d) => (text += d));
    stderr.resume();
    const code = await runCli(['run', projectPath, '--rollback', again.runId, '--entity', 'grades', '--json'], createOutput(true, { stdout, stderr }));
    expect(code).toBe(0);
    const grades = again.steps.find((s) => s.entity === 'grades')!.counters.created;
    expect(JSON.parse(text)).toEqual({
      runId: expect.stringMatching(/^run-/),
      status: 'Completed',
      operation: 'Rollback',
      rolledBackRunId: again.runId,
      entity: 'grades',
      steps: [{ entity: 'grades', status: 'Completed', read: grades, created: 0, updated: 0, unchanged: 0, deleted: grades, rejected: 0, skipped: 0, failed: 0 }],
      entities: [{ entity: 'grades', restored: 0, deleted: grades, unchanged: 0, conflicts: 0 }],
      conflicts: [],
    });
  });
});
