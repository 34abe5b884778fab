import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { sandboxDataFileFor } from '../../src/main/engine/core/target-resolver';
import { runCli } from '../../src/main/hosts/cli/cli';
import { createOutput } from '../../src/main/hosts/cli/output';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * Reconciliation as a certificate (issue 18 point 8), end to end on the demo school and the
 * embedded sandbox: a run proves itself with equal checksums; a field changed in the target
 * afterwards is found and listed exactly; a merged duplicate the target still holds is a
 * mismatch; the CLI's `reconcile --json` and its HTML, PDF and CSV reports say the same.
 */
describe('reconciliation certificate', () => {
  const dir = tempDir();
  let engine: Engine;
  let projectPath: string;
  let legacyFile: string;
  let run: RunInfo;
  const entities = ['schools', 'students'];
  const previousConfig = process.env.APSTUDIO_CONFIG_DIR;

  beforeAll(async () => {
    // The CLI's engine (reconcile --json below) must find the same vault key as the test's.
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    projectPath = (await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 300 })).path;
    legacyFile = String((await engine.api.connections.list())[0].config.file);
    const { runId } = await engine.api.runs.start({ entities });
    await engine.idle();
    run = await engine.api.runs.get({ runId });
  }, 60_000);

  afterAll(async () => {
    await engine.dispose();
    if (previousConfig === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = previousConfig;
    dir.cleanup();
  });

  /** Changes a field of a record straight in the sandbox's store, as someone editing Academia Pro would. */
  function editInSandbox(entity: string, externalId: string, change: (fields: Record<string, unknown>) => void): void {
    const db = new Database(sandboxDataFileFor(projectPath));
    try {
      const row = db.prepare('SELECT fields FROM records WHERE entity = ? AND external_id = ?').get(entity, externalId) as { fields: string };
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      change(fields);
      db.prepare('UPDATE records SET fields = ? WHERE entity = ? AND external_id = ?').run(JSON.stringify(fields), entity, externalId);
    } finally {
      db.close();
    }
  }

  it('proves a run: equal checksums, counts that add up and no mismatch', async () => {
    expect(run.status).toBe('Completed');
    for (const line of run.reconciliation) {
      expect(line.mismatches, line.entity).toBe(0);
      expect(line.checksumMismatches, line.entity).toBe(0);
      expect(line.sourceChecksum, line.entity).toMatch(/^[0-9a-f]{64}$/);
      expect(line.targetChecksum, line.entity).toBe(line.sourceChecksum);
      expect(line.readBack, line.entity).toBe(line.pushed);
      expect(line.merged).toBe(0);
      const step = run.steps.find((s) => s.entity === line.entity)!;
      expect(line.filtered).toBe(step.counters.skipped);
    }
    const doc = await engine.api.runs.reconciliation({ runId: run.runId });
    expect(doc).toMatchObject({ runId: run.runId, status: 'Completed', mismatches: [], mismatchesTotal: 0, dryRun: false });
    expect(doc.checkedAt).not.toBeNull();
  });

  let changed: { externalId: string; before: string; after: string };
  it('finds a field changed in the target afterwards: exactly that mismatch, and the checksums differ', async () => {
    const sandbox = new Database(sandboxDataFileFor(projectPath), { readonly: true });
    const { external_id: externalId, fields } = sandbox.prepare("SELECT external_id, fields FROM records WHERE entity = 'students' ORDER BY external_id LIMIT 1 OFFSET 7").get() as { external_id: string; fields: string };
    sandbox.close();
    const before = String((JSON.parse(fields) as { lastName: string }).lastName);
    changed = { externalId, before, after: `${before}-Edited` };
    editInSandbox('students', externalId, (f) => (f.lastName = changed.after));

    const doc = await engine.api.runs.reconcile({ runId: run.runId });
    expect(doc.mismatches).toEqual([{ entity: 'students', externalId, field: 'lastName', source: before, target: changed.after, kind: 'field' }]);
    const students = doc.reconciliation.find((l) => l.entity === 'students')!;
    expect(students.checksumMismatches).toBe(1);
    expect(students.targetChecksum).not.toBe(students.sourceChecksum);
    expect(students.sourceChecksum).toBe(run.reconciliation.find((l) => l.entity === 'students')!.sourceChecksum);
    const schools = doc.reconciliation.find((l) => l.entity === 'schools')!;
    expect(schools.targetChecksum).toBe(schools.sourceChecksum);
    // Stored: the Runs screen's read answers the same without reading the target.
    expect((await engine.api.runs.reconciliation({ runId: run.runId })).mismatches).toEqual(doc.mismatches);
  });

  it('treats what the target may rewrite by the document’s rules: null as absent, instants, decimals and e-mail case', async () => {
    // A nullable field the target drops (null ≡ absent) changes nothing; nor does the case of an e-mail address.
    const sandbox = new Database(sandboxDataFileFor(projectPath), { readonly: true });
    const rows = sandbox.prepare("SELECT external_id, fields FROM records WHERE entity = 'students' ORDER BY external_id").all() as { external_id: string; fields: string }[];
    sandbox.close();
    const withEmail = rows.find((r) => typeof (JSON.parse(r.fields) as { email?: unknown }).email === 'string' && r.external_id !== changed.externalId)!;
    editInSandbox('students', withEmail.external_id, (f) => (f.email = String(f.email).toUpperCase()));
    const doc = await engine.api.runs.reconcile({ runId: run.runId });
    expect(doc.mismatches.map((m) => m.externalId)).toEqual([changed.externalId]);
  });

  it('writes the certificate as CSV with neutralised cells, and as HTML and PDF that say the same', async () => {
    // A value that a spreadsheet would run as a formula, put into the target.
    editInSandbox('students', changed.externalId, (f) => (f.lastName = '=HYPERLINK("http://x","y")'));
    await engine.api.runs.reconcile({ runId: run.runId });

    const csv = await engine.api.runs.reconciliationReport({ runId: run.runId, format: 'csv' });
    expect(csv.filename).toBe(`reconciliation-${run.runId}.csv`);
    const lines = csv.content.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['section', 'entity', 'source']);
    expect(lines.filter((l) => l.startsWith('entity,'))).toHaveLength(2);
    const mismatch = lines.find((l) => l.startsWith('mismatch,'))!;
    expect(mismatch).toContain(`${changed.externalId},lastName,field,${changed.before},"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv.content).not.toMatch(/,=HYPERLINK/);

    const html = await engine.api.runs.reconciliationReport({ runId: run.runId, format: 'html' });
    expect(html.content).toContain('Reconciliation certificate');
    expect(html.content).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');

    const pdf = await engine.api.runs.reconciliationReport({ runId: run.runId, format: 'pdf' });
    expect(pdf.encoding).toBe('base64');
    const pdfFile = join(dir.path, 'certificate.pdf');
    writeFileSync(pdfFile, Buffer.from(pdf.content, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('Reconciliation certificate');
    expect(text).toContain(run.runId);
    expect(text).toContain(changed.externalId);
    expect(text).toContain('lastName');
    expect(text).toContain(changed.before);
    expect(text).toMatch(/does not reconcile: 1 mismatch/);
  }, 60_000);

  it('answers `reconcile --json` in the documented shape and refuses to replace a report without --overwrite', async () => {
    // Put the record back: the certificate holds again.
    editInSandbox('students', changed.externalId, (f) => (f.lastName = changed.before));
    await engine.api.projects.close();
    const report = join(dir.path, 'certificate.html');
    writeFileSync(report, 'kept');
    const refused = await cli('reconcile', projectPath, run.runId, '--report', report, '--json');
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'FILE_EXISTS' } });
    expect(readFileSync(report, 'utf8')).toBe('kept');

    const done = await cli('reconcile', projectPath, run.runId, '--report', report, '--overwrite', '--json');
    expect(done.code).toBe(0);
    const doc = done.json();
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['runId', 'status', 'reconciliation', 'mismatches']));
    expect(doc).toMatchObject({ runId: run.runId, status: 'Completed', mismatches: [] });
    for (const line of doc.reconciliation as Record<string, unknown>[]) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['entity', 'source', 'staged', 'rejected', 'pushed', 'target', 'mismatches', 'filtered', 'merged', 'sourceChecksum', 'targetChecksum', 'checksumMismatches']));
      expect(line.targetChecksum).toBe(line.sourceChecksum);
    }
    expect(readFileSync(report, 'utf8')).toContain('Every staged record is in the target');
    expect((await cli('reconcile', projectPath, 'run-nope', '--json')).json()).toMatchObject({ error: { code: 'RUN_NOT_FOUND' } });
    await engine.api.projects.open({ path: projectPath });
  }, 60_000);

  it('does not call a run clean when the target still holds a duplicate the run merged into its survivor', async () => {
    const [conn] = await engine.api.connections.list();
    const { assessmentId } = await engine.api.assessment.start({ connectionId: conn.id });
    await engine.idle();
    const result = await engine.api.assessment.get({ assessmentId });
    const sandbox = new Database(sandboxDataFileFor(projectPath), { readonly: true });
    const inTarget = new Set((sandbox.prepare("SELECT external_id FROM records WHERE entity = 'students' AND deleted = 0").all() as { external_id: string }[]).map((r) => r.external_id));
    sandbox.close();
    const pair = result.duplicates.find((d) => d.table === 'PUPILS' && d.leftTable === d.rightTable && inTarget.has(d.left) && inTarget.has(d.right))!;
    expect(pair, `a duplicate pupil pair both pushed by the first run (${legacyFile})`).toBeDefined();
    const [left, right] = pair.left <= pair.right ? [pair.left, pair.right] : [pair.right, pair.left];
    await engine.api.assessment.decide({ assessmentId, table: 'PUPILS', left, right, decision: 'same' });
    await engine.api.assessment.setSurvivorRule({ rule: 'keep-left' });

    const { runId } = await engine.api.runs.start({ entities });
    await engine.idle();
    const second = await engine.api.runs.get({ runId });
    expect(second.status).toBe('Completed');
    const students = second.reconciliation.find((l) => l.entity === 'students')!;
    expect(students.merged).toBe(1);
    // The target holds one more student than this run pushed: the merged duplicate the first run sent.
    expect(students.target).toBe(students.pushed + 1);
    expect(students.mismatches).toBe(1);
    expect(students.targetChecksum).toBe(students.sourceChecksum);
    const doc = await engine.api.runs.reconciliation({ runId });
    expect(doc.mismatches).toEqual([expect.objectContaining({ entity: 'students', externalId: right, field: null, source: null, kind: 'merged', survivor: left })]);
  }, 120_000);

  async function cli(...argv: string[]): Promise<{ code: number; stdout: string; json: () => Record<string, unknown> }> {
    let stdout = '';
    const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, cb) => (append(String(chunk)), cb()) });
    const code = await runCli(argv, createOutput(argv.includes('--json'), { stdout: sink((s) => (stdout += s)), stderr: sink(() => undefined) }));
    return { code, stdout, json: () => JSON.parse(stdout) as Record<string, unknown> };
  }
});
