import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { openSqlite } from '../../src/platform/open-sqlite';
import type { RejectRecord } from '../../src/shared/api/contracts/rejects';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * Quarantine fix and re-run on the demo, through the API (issue 18 point 4): run, correct the
 * planted bad students and guardians in place, re-run only what failed — the request log and the
 * target's answers prove only the corrected records were sent —, see them resolved, and
 * reconcile the re-run clean. A value still wrong stays failing with its new reason and is not
 * sent; a record the target refused is re-read from the source by its key.
 */
describe('fixing rejects and re-running only them, on the demo', () => {
  const dir = tempDir();
  const project = join(dir.path, 'demo.apstudio');
  let engine: Engine;
  let run: RunInfo;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    // A small school keeps the test quick; its planted problems are the same kinds, fewer of each.
    await engine.api.projects.openDemo({ path: project, pupils: 400 });
    await engine.api.settings.update({ maskPersonalData: false });
    const { runId } = await engine.api.runs.start({});
    await engine.idle();
    run = await engine.api.runs.get({ runId });
  }, 90_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  async function rejectsOf(runId: string, entity?: string): Promise<RejectRecord[]> {
    const rows: RejectRecord[] = [];
    let afterId: number | undefined;
    for (;;) {
      const page = await engine.api.runs.rejects({ runId, entity, limit: 100, ...(afterId !== undefined ? { afterId } : {}) });
      rows.push(...page.rows);
      if (page.rows.length < 100) return rows;
      afterId = page.rows[page.rows.length - 1].id;
    }
  }

  /** What the request log (the project file's `target_requests`) says a run sent, and what the target answered per record. */
  function sent(runId: string): { batches: Map<string, number>; acknowledged: Map<string, string[]> } {
    const db = openSqlite(project, { readonly: true });
    try {
      const batches = new Map<string, number>();
      for (const r of db.prepare("SELECT path, count(*) AS n FROM target_requests WHERE run_id = ? AND method = 'POST' AND path LIKE '%/batch' GROUP BY path").all(runId) as { path: string; n: number }[]) batches.set(r.path.replace(/^.*\/([a-z-]+)\/batch$/, '$1'), r.n);
      const acknowledged = new Map<string, string[]>();
      for (const r of db.prepare('SELECT entity, external_id FROM push_receipts WHERE run_id = ? ORDER BY entity, external_id').all(runId) as { entity: string; external_id: string }[]) {
        acknowledged.set(r.entity, [...(acknowledged.get(r.entity) ?? []), r.external_id]);
      }
      return { batches, acknowledged };
    } finally {
      db.close();
    }
  }

  /** The value a person would type for each planted problem. */
  const valueFor = (r: RejectRecord, field: string): string => (field === 'birthDate' ? '2012-03-04' : field === 'firstName' ? 'Alex' : field === 'email' ? `guardian${r.key}@example.org` : 'x');

  it('corrects the planted bad students and guardians, re-runs only them, and resolves them', async () => {
    const students = await rejectsOf(run.runId, 'students');
    const guardians = await rejectsOf(run.runId, 'guardians');
    expect(students.length).toBe(run.steps.find((s) => s.entity === 'students')!.counters.rejected);
    expect(students.length).toBeGreaterThan(2);
    expect(guardians.length).toBeGreaterThan(0);
    const [stubborn, ...fixable] = students;
    const fixes = [...fixable, ...guardians].flatMap((r) => r.reasons.filter((x) => x.field).map((x) => ({ rejectId: r.id, field: x.field!, value: valueFor(r, x.field!) })));
    // One student's value is still wrong: it must stay failing, with the new reason, and never be sent.
    fixes.push({ rejectId: stubborn.id, field: 'birthDate', value: '31/02/2012' });
    const fixed = await engine.api.runs.fixRejects({ runId: run.runId, fixes });
    expect(fixed.rows).toHaveLength(students.length + guardians.length);
    for (const r of fixed.rows) {
      expect(r.corrections!.length).toBeGreaterThan(0);
      expect(r.corrections![0].by).toMatch(/@/);
    }
    // The source is never written: the reject still shows what the source holds.
    const again = (await engine.api.runs.rejects({ runId: run.runId, entity: 'students', limit: 1 })).rows[0];
    expect(again.row).toEqual(students[0].row);
    expect((await engine.api.runs.rejects({ runId: run.runId, limit: 1 })).pending!.find((p) => p.entity === 'students')).toEqual({ entity: 'students', pending: students.length, corrected: students.length });

    const { runId: rerunId } = await engine.api.runs.rerunRejects({ runId: run.runId, entities: ['students', 'guardians'] });
    await engine.idle();
    const rerun = await engine.api.runs.get({ runId: rerunId });
    expect(rerun).toMatchObject({ operation: 'Rerun', status: 'Completed' });
    expect(rerun.steps.map((s) => s.entity)).toEqual(['students', 'guardians']);
    expect(rerun.counters.read).toBe(students.length + guardians.length);
    expect(rerun.counters.rejected).toBe(1);

    // The request log: one batch per entity, and the target answered for exactly the corrected records.
    const log = sent(rerunId);
    expect(Object.fromEntries(log.batches)).toEqual({ students: 1, guardians: 1 });
    expect(log.acknowledged.get('students')).toEqual(fixable.map((r) => r.key).sort());
    expect(log.acknowledged.get('guardians')).toEqual(guardians.map((r) => r.key).sort());
    expect(rerun.counters.created).toBe(fixable.length + guardians.length);

    const after = await rejectsOf(run.runId, 'students');
    expect(after.filter((r) => r.outcome?.status === 'resolved')).toHaveLength(fixable.length);
    const failing = after.find((r) => r.id === stubborn.id)!;
    expect(failing.outcome).toMatchObject({ status: 'failing', rerunId });
    expect(failing.outcome!.reasons[0]).toMatchObject({ field: 'birthDate' });
    expect((await rejectsOf(run.runId, 'guardians')).every((r) => r.outcome?.status === 'resolved')).toBe(true);

    // The re-run reconciles clean: every record it pushed is in the target, its fields equal.
    const certificate = await engine.api.runs.reconcile({ runId: rerunId });
    expect(certificate.mismatchesTotal).toBe(0);
    for (const line of certificate.reconciliation) {
      expect(line.mismatches).toBe(0);
      expect(line.checksumMismatches ?? 0).toBe(0);
      expect(line.sourceChecksum).toBe(line.targetChecksum);
    }

    // The last one fixed and re-run: exactly one record sent.
    await engine.api.runs.fixRejects({ runId: run.runId, fixes: [{ rejectId: stubborn.id, field: 'birthDate', value: '2012-02-28' }] });
    const { runId: second } = await engine.api.runs.rerunRejects({ runId: run.runId, entities: ['students'] });
    await engine.idle();
    expect(sent(second).acknowledged.get('students')).toEqual([stubborn.key]);
    expect((await rejectsOf(run.runId, 'students')).every((r) => r.outcome?.status === 'resolved')).toBe(true);
    await expect(engine.api.runs.rerunRejects({ runId: run.runId, entities: ['students'] })).rejects.toMatchObject({ code: 'NOTHING_TO_RERUN' });
  }, 60_000);

  it('re-reads the links the target refused by their key, now that their students and guardians exist', async () => {
    const links = await rejectsOf(run.runId, 'student-guardians');
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((r) => r.sourceRow === null && r.key)).toBe(true);
    const { runId: rerunId } = await engine.api.runs.rerunRejects({ runId: run.runId, entities: ['student-guardians'] });
    await engine.idle();
    const log = sent(rerunId);
    expect(log.acknowledged.get('student-guardians')).toEqual(links.map((r) => r.key).sort());
    const outcomes = (await rejectsOf(run.runId, 'student-guardians')).map((r) => r.outcome);
    expect(outcomes.filter((o) => o?.status !== 'resolved'), JSON.stringify(outcomes.filter((o) => o?.status !== 'resolved').slice(0, 3))).toEqual([]);
  }, 60_000);

  it('refuses unknown rejects and fields, and audits the corrections', async () => {
    await expect(engine.api.runs.fixRejects({ runId: run.runId, fixes: [{ rejectId: 999_999, field: 'birthDate', value: '2012-01-01' }] })).rejects.toMatchObject({ code: 'REJECT_NOT_FOUND' });
    const [any] = await rejectsOf(run.runId, 'grades');
    await expect(engine.api.runs.fixRejects({ runId: run.runId, fixes: [{ rejectId: any.id, field: 'noSuchField', value: 'x' }] })).rejects.toMatchObject({ code: 'BAD_REQUEST', where: { field: 'noSuchField' } });
    const audit = await engine.api.audit.list({ limit: 50 });
    expect(audit.some((e) => e.action === 'run.rejects.fix' && /students\.birthDate ×/.test(e.summary))).toBe(true);
    expect(audit.some((e) => e.action === 'run.rerun')).toBe(true);
  });
});
