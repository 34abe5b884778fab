import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import type { AssessmentResult, Finding } from '../../src/shared/model/assessment';
import type { StreamInfo } from '../../src/shared/model/connection';
import { assessSource } from '../../src/main/engine/assessment/assess-source';
import { renderAssessmentHtml } from '../../src/main/engine/assessment/report/render-html';
import { renderFindingsCsv } from '../../src/main/engine/assessment/report/render-csv';
import type { ReadOptions, Row, SourceConnector } from '../../src/main/engine/connectors/connector';
import { SqliteConnector } from '../../src/main/engine/connectors/sqlite/sqlite-connector';
import { demoMappings } from '../../src/main/engine/demo/demo-mappings';
import { generateLegacySchool, type DemoManifest } from '../../src/main/engine/demo/generate-legacy-school';
import { tempDir } from '../support/temp-dir';

/** The demo's export day: the assessment's "today". */
const EXPORT_DAY = () => new Date('2025-03-21T12:00:00Z');

/** Codes whose every occurrence in the demo is planted: the assessment must report them nowhere else. */
const PLANTED_ONLY = ['DUPLICATE_PERSON', 'LEADING_ZERO_ID', 'UNTRIMMED_TEXT', 'MOJIBAKE', 'ALL_CAPS_TEXT', 'SENTINEL_DATE', 'MIXED_DATE_FORMATS', 'AMBIGUOUS_DATE', 'TWO_DIGIT_YEAR', 'IMPOSSIBLE_DATE', 'PACKED_LIST', 'INVALID_EMAIL', 'ORPHAN_REFERENCE'];

const where = (x: { table: string; column: string | null }) => `${x.table}.${x.column ?? '*'}`;

function plantedVersusFound(manifest: DemoManifest, findings: Finding[]): { code: string; where: string; planted: number; found: number | null }[] {
  return manifest.planted.map((p) => {
    const f = findings.find((x) => x.code === p.code && x.table === p.table && x.column === p.column);
    return { code: p.code, where: where(p), planted: p.count, found: f ? f.count : null };
  });
}

describe.each([
  { pupils: 2000, seed: 42 },
  { pupils: 1200, seed: 7 },
])('assessing the demo school ($pupils pupils, seed $seed)', ({ pupils, seed }) => {
  const tmp = tempDir('apstudio-assess-demo-');
  const file = join(tmp.path, 'school.sqlite');
  let manifest: DemoManifest;
  let result: AssessmentResult;
  const progress: { table: string; rowsDone: number; rowsTotal: number | null }[] = [];

  beforeAll(async () => {
    manifest = await generateLegacySchool({ file, pupils, seed });
    const connector = new SqliteConnector(file);
    try {
      result = await assessSource(connector, { sourceLabel: file, now: EXPORT_DAY, push: { perMinute: 600, perHour: 20_000 }, onProgress: (p) => progress.push(p) });
    } finally {
      await connector.close();
    }
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('finds every planted problem with its exact count', () => {
    const rows = plantedVersusFound(manifest, result.findings);
    expect(rows.filter((r) => r.found !== r.planted)).toEqual([]);
    expect(rows.length).toBe(29);
  });

  it('reports the planted codes nowhere else (twins, clean accents, Hebrew, Arabic and McDonald are not problems)', () => {
    const planted = new Set(manifest.planted.map((p) => `${p.code} ${where(p)}`));
    const extra = result.findings.filter((f) => PLANTED_ONLY.includes(f.code) && !planted.has(`${f.code} ${where(f)}`));
    expect(extra.map((f) => `${f.code} ${where(f)} ${f.count}`)).toEqual([]);
    expect(result.findings.filter((f) => f.code === 'IMPLAUSIBLE_AGE_FOR_GRADE' || f.code === 'FUTURE_DATE' || f.code === 'NEGATIVE_AMOUNT')).toEqual([]);
  });

  it('scores readiness, complexity, effort and push time, and explains them', () => {
    const r = result.readiness;
    expect(r.score).toBeGreaterThan(50);
    expect(r.score).toBeLessThan(95);
    expect(r.perTable.find((t) => t.table === 'PUPILS')?.score).toBeLessThan(r.perTable.find((t) => t.table === 'COURSES')?.score ?? 0);
    expect(['Low', 'Medium', 'High']).toContain(r.complexity);
    expect(r.effortDays).toBeGreaterThan(1);
    expect(r.pushEstimate).toMatch(/attendance.* at 600 requests\/min in batches of 500 ≈ \d+ min/);
    expect(r.explanation.length).toBeGreaterThan(5);
    expect(result.notAssessed).toEqual([]);
  });

  it('profiles every column of every table and reports progress per table', () => {
    expect(new Set(result.profiles.map((p) => p.table)).size).toBe(12);
    const dob = result.profiles.find((p) => p.table === 'PUPILS' && p.column === 'DOB');
    expect(dob).toMatchObject({ semanticType: 'date', dateOrder: { decided: 'ambiguous' } });
    for (const t of manifest.tables) {
      const last = progress.filter((p) => p.table === t.name).at(-1);
      expect(last).toEqual({ table: t.name, rowsDone: t.rows, rowsTotal: t.rows });
    }
  });

  it('renders the report and the findings CSV', () => {
    const html = renderAssessmentHtml(result, { title: 'Northgate Park School' });
    expect(html).toContain('MIXED_DATE_FORMATS');
    expect(renderFindingsCsv(result).split('\r\n').length).toBeGreaterThan(result.findings.length);
  });
});

describe('assessing the demo with its mappings', () => {
  const tmp = tempDir('apstudio-assess-map-');
  afterAll(() => tmp.cleanup());

  it('checks required target fields and still finds every planted problem', async () => {
    const file = join(tmp.path, 'school.sqlite');
    const manifest = await generateLegacySchool({ file, pupils: 600, seed: 3 });
    const connector = new SqliteConnector(file);
    const result = await assessSource(connector, { sourceLabel: file, now: EXPORT_DAY, mappings: demoMappings('demo', manifest.schoolCode), skipMatching: true }).finally(() => connector.close());
    const wanted = manifest.planted.filter((p) => p.code !== 'DUPLICATE_PERSON');
    expect(plantedVersusFound({ ...manifest, planted: wanted }, result.findings).filter((r) => r.found !== r.planted)).toEqual([]);
    const forename = manifest.planted.find((p) => p.code === 'MISSING_VALUE' && p.table === 'CONTACTS')?.count;
    // One finding per problem: the profile's MISSING_VALUE (error, the field is required), not also the mapping's MISSING_REQUIRED.
    expect(result.findings.find((f) => f.code === 'MISSING_VALUE' && f.table === 'CONTACTS' && f.column === 'FORENAME')).toMatchObject({ severity: 'error', count: forename });
    expect(result.findings.filter((f) => f.code === 'MISSING_REQUIRED' && f.table === 'CONTACTS' && f.column === 'FORENAME')).toEqual([]);
    expect(result.findings.find((f) => f.code === 'CODE_NEEDS_CROSSWALK' && f.column === 'SEX')?.fix?.target).toEqual({ entity: 'students', field: 'gender', source: 'mapping' });
    expect(result.readiness.pushEstimate).toBeNull();
  }, 60_000);
});

/** A connector that misbehaves on purpose, around the demo's SQLite file. */
class FaultyConnector implements SourceConnector {
  readonly kind = 'sqlite' as const;
  tablesRead = 0;

  constructor(
    private readonly inner: SqliteConnector,
    private readonly faults: { unreadable?: string; goneAfterTables?: number; breakMidTable?: string; extraColumns?: string },
  ) {}

  check() {
    return this.inner.check();
  }
  async discover(): Promise<StreamInfo[]> {
    const streams = await this.inner.discover();
    return streams.map((s) =>
      s.name === this.faults.extraColumns
        ? { ...s, columns: [...s.columns, { name: 'PHOTO', type: 'binary', nativeType: 'BLOB', nullable: true }, { name: 'GEOM', type: 'unknown', nativeType: 'GEOMETRY', nullable: true }] }
        : s,
    );
  }
  count(stream: string) {
    return this.inner.count(stream);
  }
  sample(stream: string, n: number) {
    return this.inner.sample(stream, n);
  }
  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    if (stream === this.faults.unreadable) throw new StudioError('SOURCE_PERMISSION_DENIED', `Permission denied on ${stream}.`, 'Ask for SELECT rights.');
    if (this.faults.goneAfterTables !== undefined && this.tablesRead >= this.faults.goneAfterTables) {
      throw new StudioError('SOURCE_NOT_FOUND', 'The database file has disappeared.', 'Check the path.');
    }
    this.tablesRead++;
    let batches = 0;
    for await (const batch of this.inner.read(stream, options)) {
      if (stream === this.faults.breakMidTable && batches++ === 1) throw new StudioError('CONNECTION_FAILED', 'The connection dropped.', 'Try again.');
      if (stream === this.faults.extraColumns) for (const row of batch) Object.assign(row, { PHOTO: Buffer.from([1, 2, 3]), GEOM: () => 0 });
      yield batch;
    }
  }
  close() {
    return this.inner.close();
  }
}

describe('assessing a source that misbehaves', () => {
  const tmp = tempDir('apstudio-assess-bad-');
  const file = join(tmp.path, 'school.sqlite');
  beforeAll(async () => {
    await generateLegacySchool({ file, pupils: 300, seed: 11 });
  });
  afterAll(() => tmp.cleanup());

  it('assesses the rest when one table cannot be read, and one breaks half-way', async () => {
    const inner = new SqliteConnector(file);
    const result = await assessSource(new FaultyConnector(inner, { unreadable: 'MARKS', breakMidTable: 'ATTENDANCE' }), { sourceLabel: file, now: EXPORT_DAY, profiling: { batchSize: 500 } }).finally(() => inner.close());
    expect(result.notAssessed).toEqual(
      expect.arrayContaining([
        { table: 'MARKS', column: null, reason: expect.stringContaining('Permission denied on MARKS') },
        { table: 'ATTENDANCE', column: null, reason: expect.stringContaining('The connection dropped') },
      ]),
    );
    const tables = new Set(result.profiles.map((p) => p.table));
    expect(tables.has('MARKS')).toBe(false);
    expect(tables.has('ATTENDANCE')).toBe(false);
    expect(tables.size).toBe(10);
    expect(result.findings.some((f) => f.code === 'MOJIBAKE' && f.table === 'PUPILS')).toBe(true);
    expect(result.readiness.explanation.at(-1)).toContain('Not in the score');
  });

  it('completes with what it read when the source disappears mid-assessment', async () => {
    const inner = new SqliteConnector(file);
    const faulty = new FaultyConnector(inner, { goneAfterTables: 4 });
    const result = await assessSource(faulty, { sourceLabel: file, now: EXPORT_DAY }).finally(() => inner.close());
    expect(new Set(result.profiles.map((p) => p.table)).size).toBe(4);
    const gone = result.notAssessed.filter((n) => n.reason.includes('disappeared'));
    expect(gone.length).toBeGreaterThanOrEqual(8);
    expect(result.readiness.perTable.length).toBe(4);
  });

  it('lists columns it cannot profile (binary, unknown kinds) and profiles the others', async () => {
    const inner = new SqliteConnector(file);
    const result = await assessSource(new FaultyConnector(inner, { extraColumns: 'COURSES' }), { sourceLabel: file, now: EXPORT_DAY, skipMatching: true, skipRelationships: true }).finally(() => inner.close());
    expect(result.notAssessed).toEqual([
      { table: 'COURSES', column: 'PHOTO', reason: '15 binary values (files, images) are counted but not profiled.' },
      { table: 'COURSES', column: 'GEOM', reason: expect.stringContaining('15 values of a kind the studio cannot read') },
    ]);
    expect(result.profiles.find((p) => p.table === 'COURSES' && p.column === 'COURSE_CODE')?.rows).toBe(15);
  });

  it('stops with CANCELLED when cancelled', async () => {
    const inner = new SqliteConnector(file);
    const controller = new AbortController();
    const err = await assessSource(inner, { sourceLabel: file, signal: controller.signal, onProgress: () => controller.abort() })
      .catch((e: unknown) => e)
      .finally(() => inner.close());
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('CANCELLED');
  });
});
