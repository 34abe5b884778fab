import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { sandboxDataFileFor } from '../../src/main/engine/core/target-resolver';
import type { DuplicateCandidate } from '../../src/shared/model/assessment';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * Issue #6's crosswalk, end to end: on the demo school, two duplicate pupil pairs are confirmed
 * in the review queue; a run then sends each pair as one student (the other counted skipped),
 * and a fee invoice of the merged pupil lands on the survivor. Reconciliation stays clean.
 */
describe('confirmed duplicates in a run', () => {
  const dir = tempDir();
  let engine: Engine;
  let projectPath: string;
  let legacyFile: string;
  let assessmentId: string;
  let pairs: DuplicateCandidate[];
  let run: RunInfo;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    projectPath = (await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 })).path;
    const [conn] = await engine.api.connections.list();
    legacyFile = String(conn.config.file);
    // The demo's own fee-invoices mapping references pupils by PUPIL_NO (students.externalId).

    ({ assessmentId } = await engine.api.assessment.start({ connectionId: conn.id }));
    await engine.idle();
    const result = await engine.api.assessment.get({ assessmentId });

    // Two disjoint pupil pairs whose records are current pupils, whose right-hand (merged) pupil has
    // an invoice, and whose left-hand (surviving, with keep-left) pupil is a valid student.
    const legacy = new Database(legacyFile, { readonly: true });
    const status = new Map((legacy.prepare('SELECT PUPIL_NO, STATUS FROM PUPILS').all() as { PUPIL_NO: string; STATUS: string }[]).map((r) => [r.PUPIL_NO, r.STATUS]));
    const invoiced = new Set((legacy.prepare('SELECT DISTINCT TRIM(PUPIL_NO) AS p FROM INVOICES WHERE PUPIL_NO IS NOT NULL').all() as { p: string }[]).map((r) => r.p));
    legacy.close();
    const used = new Set<string>();
    pairs = [];
    for (const d of result.duplicates) {
      if (d.table !== 'PUPILS' || d.leftTable !== d.rightTable) continue;
      const [left, right] = d.left <= d.right ? [d.left, d.right] : [d.right, d.left];
      if (used.has(left) || used.has(right) || status.get(left) === 'P' || status.get(right) === 'P') continue;
      if (pairs.length === 0 && !invoiced.has(right)) continue;
      pairs.push({ ...d, left, right });
      used.add(left).add(right);
      if (pairs.length === 2) break;
    }
    expect(pairs).toHaveLength(2);
    for (const p of pairs) await engine.api.assessment.decide({ assessmentId, table: 'PUPILS', left: p.left, right: p.right, decision: 'same' });
    await engine.api.assessment.setSurvivorRule({ rule: 'keep-left' });

    const { runId } = await engine.api.runs.start({});
    await engine.idle();
    run = await engine.api.runs.get({ runId });
  }, 240_000);

  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('counts the merged pupils as skipped and says so in the run log, without names', async () => {
    expect(run.status).toBe('Completed');
    const baseline = new Database(legacyFile, { readonly: true });
    const applicants = (baseline.prepare("SELECT COUNT(*) AS n FROM PUPILS WHERE UPPER(TRIM(STATUS)) = 'P'").get() as { n: number }).n;
    baseline.close();
    const students = run.steps.find((s) => s.entity === 'students')!;
    expect(students.counters.skipped).toBe(applicants + 2);
    const log = await engine.api.runs.events({ runId: run.runId, limit: 1000 });
    const merged = log.find((e) => e.entity === 'students' && /Person crosswalk: 2 duplicate record\(s\) merged into 2 survivor\(s\)/.test(e.message));
    expect(merged).toBeDefined();
    const redirected = log.find((e) => e.entity === 'fee-invoices' && /reference\(s\) in studentExternalId pointed at the surviving record/.test(e.message));
    expect(redirected).toBeDefined();
    for (const e of log) for (const p of pairs) expect(e.message).not.toContain(p.right);
  });

  it('keeps the reconciliation clean: every staged record is in the target', () => {
    for (const line of run.reconciliation) {
      const step = run.steps.find((s) => s.entity === line.entity)!;
      expect(line.mismatches).toBe(0);
      expect(line.target).toBe(line.pushed);
      // Terms, attendance (fan-out) and student-guardian links (a join) make several records of a row.
      if (!['terms', 'attendance', 'student-guardians'].includes(line.entity)) expect(line.pushed + line.rejected + step.counters.skipped).toBe(line.source);
    }
  });

  it('adopts a finding’s fix into the mapping once, with an audit entry, and refuses what it cannot adopt', async () => {
    const result = await engine.api.assessment.get({ assessmentId });
    const mapped = new Set((await engine.api.mappings.list()).map((m) => m.stream));
    // The demo's e-mails use "n/a" and "none" for no address: the suggested crosswalk turns them blank, before blanks become null.
    const sentinel = result.findings.find((f) => f.code === 'SENTINEL_VALUE' && f.table === 'CONTACTS' && f.column === 'EMAIL')!;
    const req = { assessmentId, code: sentinel.code, table: sentinel.table, column: sentinel.column };
    const first = await engine.api.mappings.adoptFix(req);
    expect(first.changed).toBe(true);
    expect(first.change).toBe('Added crosswalk, emptyToNull to guardians.email.');
    expect(first.mapping.fields.find((f) => f.field === 'email')!.transforms.map((t) => t.kind)).toEqual(['trim', 'crosswalk', 'emptyToNull']);
    expect(first.mapping.adoptedFixes).toEqual([{ code: 'SENTINEL_VALUE', table: 'CONTACTS', column: 'EMAIL', at: first.mapping.updatedAt }]);
    const again = await engine.api.mappings.adoptFix(req);
    expect(again.changed).toBe(false);
    expect(await engine.api.mappings.get({ id: first.mapping.id })).toEqual(first.mapping);
    const audit = await engine.api.audit.list({ action: 'mapping.adopt-fix' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ object: `mapping:${first.mapping.id}`, summary: `Adopted the fix for SENTINEL_VALUE (CONTACTS.EMAIL) into CONTACTS → guardians. ${first.change}` });

    const review = result.findings.find((f) => mapped.has(f.table) && f.fix?.kind === 'review')!;
    await expect(engine.api.mappings.adoptFix({ assessmentId, code: review.code, table: review.table, column: review.column })).rejects.toMatchObject({ code: 'FIX_NOT_ADOPTABLE' });
    // The demo maps every table that has findings, so one table's mappings are removed to leave a finding no mapping reads.
    const unmapped = result.findings.find((f) => !['PUPILS', 'CONTACTS', 'INVOICES'].includes(f.table) && f.fix && f.fix.kind !== 'review')!;
    for (const m of await engine.api.mappings.list()) if (m.stream === unmapped.table) await engine.api.mappings.delete({ id: m.id });
    await expect(engine.api.mappings.adoptFix({ assessmentId, code: unmapped.code, table: unmapped.table, column: unmapped.column })).rejects.toMatchObject({ code: 'MAPPING_NOT_FOUND' });
    await expect(engine.api.mappings.adoptFix({ assessmentId, code: 'NO_SUCH_CODE', table: 'PUPILS', column: null })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('holds only the survivor in the target, and points the merged pupil’s invoices at it', async () => {
    await engine.api.projects.close();
    const target = new Database(sandboxDataFileFor(projectPath), { readonly: true });
    try {
      const students = new Set((target.prepare("SELECT external_id FROM records WHERE entity = 'students' AND deleted = 0").all() as { external_id: string }[]).map((r) => r.external_id));
      for (const p of pairs) {
        expect(students.has(p.left)).toBe(true);
        expect(students.has(p.right)).toBe(false);
      }
      const invoices = new Map((target.prepare("SELECT external_id, fields FROM records WHERE entity = 'fee-invoices' AND deleted = 0").all() as { external_id: string; fields: string }[]).map((r) => [r.external_id, JSON.parse(r.fields) as { studentExternalId: string }]));
      const [first] = pairs;
      const legacy = new Database(legacyFile, { readonly: true });
      const billed = (legacy.prepare('SELECT INV_NO FROM INVOICES WHERE TRIM(PUPIL_NO) = ?').all(first.right) as { INV_NO: number }[]).map((r) => String(r.INV_NO));
      legacy.close();
      const delivered = billed.filter((id) => invoices.has(id));
      expect(delivered.length).toBeGreaterThan(0);
      for (const id of delivered) expect(invoices.get(id)!.studentExternalId).toBe(first.left);
      expect([...invoices.values()].some((f) => f.studentExternalId === first.right)).toBe(false);
    } finally {
      target.close();
    }
  });
});
