import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { EventMessage } from '../../src/shared/api/rpc';
import type { RunInfo, RunProgress } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { demoLegacyFileFor } from '../../src/main/engine/demo/demo-files';
import type { DemoManifest } from '../../src/main/engine/demo/demo-manifest';
import { PLANTED_DEFINITIONS } from '../../src/main/engine/demo/planted-problems';
import { UNUSABLE_DOB } from '../unit/demo/legacy-sql';

/**
 * The first end-to-end slice: the demo project (generated legacy school → mapping → validate →
 * stage → push to the embedded sandbox → reconcile), run twice.
 */
describe('demo project end to end', () => {
  const dir = tempDir();
  let engine: Engine;
  const events: EventMessage[] = [];
  let projectPath: string;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    engine.onEvent((m) => events.push(m));
    const info = await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 });
    projectPath = info.path;
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  async function runToEnd(dryRun = false): Promise<RunInfo> {
    const { runId } = await engine.api.runs.start({ dryRun });
    await engine.idle();
    return engine.api.runs.get({ runId });
  }

  it('opens a ready demo project: a connection, mappings and the sandbox as target', async () => {
    const info = await engine.api.projects.current();
    expect(info).toMatchObject({ path: projectPath, isDemo: true });
    expect(info!.counts.connections).toBe(1);
    expect(info!.counts.mappings).toBeGreaterThanOrEqual(2);
    const [conn] = await engine.api.connections.list();
    expect((await engine.api.connections.test({ id: conn.id })).ok).toBe(true);
    const target = await engine.api.targets.get();
    expect(target.kind).toBe('embedded-sandbox');
  });

  it('creates the demo mappings through the mappings service, as a user would: versioned and audited', async () => {
    const mappings = await engine.api.mappings.list();
    expect(mappings).toHaveLength(15);
    const created = await engine.api.audit.list({ action: 'mapping.create' });
    expect(created.map((e) => e.object).sort()).toEqual(mappings.map((m) => `mapping:${m.id}`).sort());
    const history = await engine.api.mappings.history({ id: mappings.find((m) => m.entity === 'student-guardians')!.id });
    expect(history.versions.map((v) => v.action)).toEqual(['create']);
    for (const m of mappings) expect((await engine.api.mappings.validate({ id: m.id })).remarks.filter((r) => r.level === 'error'), m.entity).toEqual([]);
    // Opening it again creates nothing more.
    await engine.api.projects.close();
    await engine.api.projects.openDemo({ path: projectPath });
    expect(await engine.api.audit.list({ action: 'mapping.create' })).toHaveLength(15);
  });

  let first: RunInfo;
  it('runs: every source row is accounted for and the reconciliation matches', async () => {
    events.length = 0;
    first = await runToEnd();
    expect(first.status).toBe('Completed');
    expect(first.steps.map((s) => s.entity)[0]).toBe('schools');
    // Every entity the legacy school has: all of the contract's but timetable periods.
    expect(first.steps.map((s) => s.entity).sort()).toEqual(
      ['schools', 'academic-years', 'terms', 'staff', 'courses', 'classes', 'class-teachers', 'students', 'guardians', 'student-guardians', 'enrollments', 'attendance', 'grades', 'fee-invoices', 'payments'].sort(),
    );
    // One source row becomes several records here (terms and attendance by fan-out, links by a join).
    const multiplied = new Set(['terms', 'student-guardians', 'attendance']);
    for (const step of first.steps) {
      const c = step.counters;
      expect(step.status).toBe('Completed');
      expect(c.read).toBeGreaterThan(0);
      expect(c.created).toBeGreaterThan(0);
      if (!multiplied.has(step.entity)) expect(c.created + c.updated + c.unchanged + c.rejected + c.skipped + c.failed).toBe(c.read);
      expect(c.failed).toBe(0);
    }
    for (const line of first.reconciliation) {
      const step = first.steps.find((s) => s.entity === line.entity)!;
      expect(line.mismatches).toBe(0);
      expect(line.source).toBe(step.counters.read);
      // Rows rejected before staging (a transform, validation) are not staged; those the target refuses are.
      expect(line.pushed).toBeLessThanOrEqual(line.staged);
      expect(line.staged).toBeLessThanOrEqual(line.pushed + line.rejected);
      if (!multiplied.has(line.entity)) expect(line.pushed + line.rejected + step.counters.skipped).toBe(line.source);
      expect(line.target).toBe(line.pushed);
    }
    expect(first.reconciliation.find((l) => l.entity === 'attendance')!.staged).toBe(2 * first.steps.find((s) => s.entity === 'attendance')!.counters.read);
    const students = first.steps.find((s) => s.entity === 'students')!;
    expect(students.counters.created).toBeGreaterThan(250);
    expect(students.counters.rejected).toBeGreaterThan(0); // planted damage that cannot be repaired
    const progress = events.filter((e) => e.event === 'run.progress').map((e) => e.payload as RunProgress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.entity === 'students' && p.estimate !== null)).toBe(true);
    const log = await engine.api.runs.events({ runId: first.runId });
    expect(log.some((e) => /Run completed/.test(e.message))).toBe(true);
  });

  it('rejects exactly the rows the planted problems say, and the rows that reference them', () => {
    const legacy = new Database(demoLegacyFileFor(projectPath), { readonly: true });
    try {
      const manifest = JSON.parse(readFileSync(`${demoLegacyFileFor(projectPath)}.manifest.json`, 'utf8')) as DemoManifest;
      const planted = (code: string, table: string, column: string | null) => PLANTED_DEFINITIONS.find((d) => d.code === code && d.table === table && d.column === column)!;
      const all = (sql: string) => legacy.prepare(sql).all() as Record<string, string | number | null>[];
      const rejected = (entity: string) => first.steps.find((s) => s.entity === entity)!.counters.rejected;
      // Students: the unusable birth dates (blank, sentinel, impossible) of pupils who are not applicants.
      const students = new Set(all(`SELECT PUPIL_NO FROM PUPILS WHERE STATUS <> 'P' AND NOT ${UNUSABLE_DOB}`).map((r) => String(r.PUPIL_NO)));
      expect(rejected('students')).toBe(all(`SELECT PUPIL_NO FROM PUPILS WHERE STATUS <> 'P' AND ${UNUSABLE_DOB}`).length);
      // Guardians: no first name, or an unusable e-mail address.
      const noName = planted('MISSING_VALUE', 'CONTACTS', 'FORENAME').test!;
      const badEmail = planted('INVALID_EMAIL', 'CONTACTS', 'EMAIL').test!;
      const contacts = all('SELECT CONTACT_ID, FORENAME, EMAIL FROM CONTACTS');
      expect(rejected('guardians')).toBe(contacts.filter((c) => noName(c.FORENAME as string | null) || badEmail(c.EMAIL as string | null)).length);
      // Enrolments: the planted orphans, plus those of pupils rejected above.
      const enrolments = all('SELECT PUPIL_NO FROM CLASS_ENROL').map((r) => String(r.PUPIL_NO));
      const pupils = new Set(all('SELECT PUPIL_NO FROM PUPILS').map((r) => String(r.PUPIL_NO)));
      const orphans = manifest.planted.find((p) => p.code === 'ORPHAN_REFERENCE' && p.table === 'CLASS_ENROL')!.count;
      expect(enrolments.filter((p) => !pupils.has(p))).toHaveLength(orphans);
      expect(rejected('enrollments')).toBe(enrolments.filter((p) => !students.has(p)).length);
      // Registers (two sessions a row), marks and invoices of rejected pupils; payments of rejected invoices.
      expect(rejected('attendance')).toBe(2 * all('SELECT PUPIL_NO FROM ATTENDANCE').filter((r) => !students.has(String(r.PUPIL_NO))).length);
      expect(rejected('grades')).toBe(all('SELECT PUPIL_NO FROM MARKS').filter((r) => !students.has(String(r.PUPIL_NO))).length);
      const invoices = all('SELECT INV_NO, PUPIL_NO FROM INVOICES');
      const lostInvoices = new Set(invoices.filter((r) => !students.has(String(r.PUPIL_NO))).map((r) => String(r.INV_NO)));
      expect(rejected('fee-invoices')).toBe(lostInvoices.size);
      expect(rejected('payments')).toBe(all('SELECT INV_NO FROM PAYMENTS').filter((r) => lostInvoices.has(String(r.INV_NO))).length);
      for (const entity of ['schools', 'academic-years', 'terms', 'staff', 'courses', 'classes', 'class-teachers']) expect(rejected(entity), entity).toBe(0);
    } finally {
      legacy.close();
    }
  });

  it('a second run reports the records unchanged, never created twice', async () => {
    const second = await runToEnd();
    expect(second.status).toBe('Completed');
    for (const step of second.steps) {
      const before = first.steps.find((s) => s.entity === step.entity)!.counters;
      expect(step.counters.created).toBe(0);
      expect(step.counters.unchanged).toBe(before.created);
    }
    for (const line of second.reconciliation) expect(line.mismatches).toBe(0);
  });

  it('a dry run says what would happen without pushing', async () => {
    const dry = await runToEnd(true);
    expect(dry.status).toBe('Completed');
    expect(dry.dryRun).toBe(true);
    const students = dry.steps.find((s) => s.entity === 'students')!;
    expect(students.counters.created).toBe(0);
    expect(students.counters.unchanged).toBe(first.steps.find((s) => s.entity === 'students')!.counters.created);
    expect(dry.reconciliation.every((l) => l.pushed === 0)).toBe(true);
  });

  it('refuses a second run while one is active, and cancels on request', async () => {
    const { runId } = await engine.api.runs.start({});
    await expect(engine.api.runs.start({})).rejects.toMatchObject({ code: 'RUN_ALREADY_ACTIVE' });
    await engine.api.runs.cancel({ runId });
    const run = await engine.api.runs.get({ runId });
    expect(['Cancelled', 'Completed']).toContain(run.status);
  });
});
