import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { RejectRecord } from '../../src/shared/api/contracts/rejects';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * The quarantine read back on the demo: every rejected row of a run can be listed (with its source
 * row number and at least one reason), filtered by reason and field, and exported to CSV and xlsx
 * with formula-looking text neutralised and nothing overwritten by accident.
 */
describe('a run’s rejects on the demo', () => {
  const dir = tempDir();
  let engine: Engine;
  let run: RunInfo;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio') });
    const { runId } = await engine.api.runs.start({});
    await engine.idle();
    run = await engine.api.runs.get({ runId });
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  async function all(filter: { entity?: string; code?: string; field?: string } = {}): Promise<RejectRecord[]> {
    const rows: RejectRecord[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await engine.api.runs.rejects({ runId: run.runId, ...filter, limit: 500, offset });
      rows.push(...page.rows);
      if (page.rows.length < 500) return rows;
    }
  }

  it('lists as many rejects as the run counted, each with a reason, and a source row number unless the target refused it', async () => {
    expect(run.counters.rejected).toBeGreaterThan(0);
    const page = await engine.api.runs.rejects({ runId: run.runId });
    expect(page.total).toBe(run.counters.rejected);
    const rows = await all();
    expect(rows).toHaveLength(run.counters.rejected);
    for (const r of rows) {
      // A record the target refuses (a link to a guardian the run rejected) is known by its key:
      // the push does not carry source row numbers yet.
      if (r.stage === 'target') expect(r.key, `reject ${r.id} of ${r.entity}`).toEqual(expect.any(String));
      else {
        expect(r.sourceRow, `reject ${r.id} of ${r.entity}`).toEqual(expect.any(Number));
        expect(r.sourceRow).toBeGreaterThan(0);
      }
      expect(r.reasons.length).toBeGreaterThan(0);
      for (const reason of r.reasons) expect(reason.code).toMatch(/^\S+$/);
    }
    for (const step of run.steps) {
      expect((await engine.api.runs.rejects({ runId: run.runId, entity: step.entity, limit: 1 })).total).toBe(step.counters.rejected);
    }
  });

  it('counts by reason and field, and each filter returns exactly the rejects it counts', async () => {
    const page = await engine.api.runs.rejects({ runId: run.runId, limit: 1 });
    expect(page.byCode.length).toBeGreaterThan(0);
    for (const { code, count } of page.byCode) {
      const rows = await all({ code });
      expect(rows).toHaveLength(count);
      for (const r of rows) expect(r.reasons.some((x) => x.code === code)).toBe(true);
    }
    for (const { field, count } of page.byField.filter((f) => f.field !== null)) {
      const rows = await all({ field: field! });
      expect(rows).toHaveLength(count);
      for (const r of rows) expect(r.reasons.some((x) => x.field === field)).toBe(true);
    }
    const [top] = page.byCode;
    expect((await engine.api.runs.rejects({ runId: run.runId, code: top.code, field: '__no_such_field__' })).total).toBe(0);
  });

  it('masks personal values while masking is on, and shows them when it is off', async () => {
    const masked = await all({ entity: 'students' });
    expect(masked.length).toBeGreaterThan(0);
    await engine.api.settings.update({ maskPersonalData: false });
    try {
      const clear = await all({ entity: 'students' });
      expect((await engine.api.runs.rejects({ runId: run.runId, limit: 1 })).masked).toBe(false);
      const differ = clear.some((c, i) => JSON.stringify(c.row) !== JSON.stringify(masked[i].row));
      expect(differ).toBe(true);
      expect(JSON.stringify(masked)).toContain('•');
    } finally {
      await engine.api.settings.update({ maskPersonalData: true });
    }
  });

  it('exports to CSV and xlsx with source row numbers, owner-only, never over an existing file without overwrite', async () => {
    const csv = join(dir.path, 'rejects.csv');
    const result = await engine.api.runs.exportRejects({ runId: run.runId, out: csv });
    expect(result).toMatchObject({ format: 'csv', rows: run.counters.rejected, masked: true });
    if (process.platform !== 'win32') expect(statSync(csv).mode & 0o077).toBe(0);
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0].startsWith('entity,source_row,key,stage,codes,fields,reasons')).toBe(true);
    expect(lines).toHaveLength(run.counters.rejected + 1);
    for (const l of lines.slice(1)) expect(l).toMatch(/^[a-z-]+,(\d+,|,[^,]+,target,)/);

    await expect(engine.api.runs.exportRejects({ runId: run.runId, out: csv })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    writeFileSync(csv, 'kept');
    await expect(engine.api.runs.exportRejects({ runId: run.runId, out: csv })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(readFileSync(csv, 'utf8')).toBe('kept');
    await engine.api.runs.exportRejects({ runId: run.runId, out: csv, overwrite: true, entity: 'students' });
    expect(readFileSync(csv, 'utf8')).toContain('students,');

    const xlsx = join(dir.path, 'rejects.xlsx');
    const x = await engine.api.runs.exportRejects({ runId: run.runId, out: xlsx });
    expect(x).toMatchObject({ format: 'xlsx', rows: run.counters.rejected });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.getWorksheet('Rejects')!;
    expect(sheet.rowCount).toBe(run.counters.rejected + 1);
    expect(sheet.getRow(1).getCell(2).value).toBe('source_row');
    // The source row is a number, or empty for a record the target refused (column 4 is the stage).
    for (let i = 2; i <= sheet.rowCount; i++) {
      const row = sheet.getRow(i);
      if (row.getCell(4).value === 'target') expect(row.getCell(2).value ?? null).toBeNull();
      else expect(typeof row.getCell(2).value).toBe('number');
    }

    await expect(engine.api.runs.exportRejects({ runId: run.runId, out: join(dir.path, 'rejects.txt') })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(engine.api.runs.exportRejects({ runId: run.runId, out: join(dir.path, 'missing', 'r.csv') })).rejects.toMatchObject({ code: 'PROJECT_READ_ONLY' });
    await expect(engine.api.runs.rejects({ runId: 'run-nope' })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    expect(existsSync(join(dir.path, 'rejects.txt'))).toBe(false);
  });
});
