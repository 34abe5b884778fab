import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import type { PersonFound } from '../../src/shared/api/contracts/privacy';
import type { RunInfo } from '../../src/shared/model/run';
import { tempDir } from '../support/temp-dir';

/**
 * A family's request (issue 21 point 1) on the 300-pupil demo after a dry run: find a pupil by
 * name, export everything the project holds about them (their record, their guardian links,
 * enrolments, attendance, grades, invoices and the payments of those), erase it, and see the
 * next run leave them out while the audit trail holds no key, name or value of theirs.
 */
describe('a family asks what the project holds about their child, then to erase it', () => {
  const dir = tempDir('apstudio-person-');
  const path = join(dir.path, 'demo.apstudio');
  let engine: Engine;
  let first: RunInfo;
  let pupil: PersonFound;

  async function dryRun(): Promise<RunInfo> {
    const { runId } = await engine.api.runs.start({ dryRun: true });
    await engine.idle();
    return engine.api.runs.get({ runId });
  }

  /** Staged records that are the pupil's or reference them, per entity, read straight from the file. */
  function stagedAbout(externalId: string): Record<string, number> {
    const db = new Database(path, { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT n.name AS entity, count(*) AS n FROM staged_records s JOIN staging_names n ON n.kind = 'entity' AND n.no = s.entity_no
           WHERE (n.name = 'students' AND s.external_id = ?) OR json_extract(s.payload_json, '$.studentExternalId') = ? GROUP BY n.name`,
        )
        .all(externalId, externalId) as { entity: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.entity, r.n]));
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path, pupils: 300 });
    first = await dryRun();
    expect(first.status).toBe('Completed');
    // A pupil with enrolments and an invoice, found the way a person would: by name.
    const db = new Database(path, { readonly: true });
    const key = db
      .prepare(
        `SELECT e.id FROM (SELECT json_extract(s.payload_json, '$.studentExternalId') AS id FROM staged_records s JOIN staging_names n ON n.kind = 'entity' AND n.no = s.entity_no AND n.name = 'fee-invoices') e
         ORDER BY e.id LIMIT 1`,
      )
      .pluck()
      .get() as string;
    db.close();
    const byKey = await engine.api.projects.personFind({ text: key });
    pupil = byKey.find((p) => p.entity === 'students' && p.externalId === key) as PersonFound;
    expect(pupil).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('finds the pupil by the words of their name, in any case', async () => {
    const found = await engine.api.projects.personFind({ text: `${pupil.lastName?.toUpperCase()} ${pupil.firstName?.toLowerCase()}` });
    expect(found.map((p) => `${p.entity}/${p.externalId}`)).toContain(`students/${pupil.externalId}`);
    expect(await engine.api.projects.personFind({ text: 'zz-nobody-has-this-name' })).toEqual([]);
  });

  it('exports their record and every record about them to a file only the owner reads', async () => {
    const before = stagedAbout(pupil.externalId);
    expect(before.students).toBe(1);
    expect(before['fee-invoices']).toBeGreaterThan(0);
    const out = join(dir.path, 'export.json');
    const result = await engine.api.projects.personExport({ entity: 'students', externalId: pupil.externalId, out });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { records: { entity: string; externalId: string; staged: Record<string, unknown> }[] };
    const perEntity: Record<string, number> = {};
    for (const r of doc.records) perEntity[r.entity] = (perEntity[r.entity] ?? 0) + 1;
    // Everything that references the pupil, plus the payments of their invoices (one level further).
    expect(Object.fromEntries(Object.entries(perEntity).filter(([e]) => e !== 'payments'))).toEqual(before);
    const invoices = new Set(doc.records.filter((r) => r.entity === 'fee-invoices').map((r) => r.externalId));
    for (const p of doc.records.filter((r) => r.entity === 'payments')) expect(invoices.has(String(p.staged.invoiceExternalId))).toBe(true);
    expect(doc.records.find((r) => r.entity === 'students')?.staged).toMatchObject({ firstName: pupil.firstName, lastName: pupil.lastName });
    expect(result.records).toBe(doc.records.length);
    await expect(engine.api.projects.personExport({ entity: 'students', externalId: pupil.externalId, out })).rejects.toMatchObject({ code: 'FILE_EXISTS' });
  });

  it('refuses an entity that holds no people and a key the project does not hold', async () => {
    await expect(engine.api.projects.personErase({ entity: 'classes', externalId: 'x' })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(engine.api.projects.personErase({ entity: 'students', externalId: 'no-such-pupil' })).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
  });

  it('erases them, audits it without a key or a name, and the next run leaves them out', async () => {
    const before = stagedAbout(pupil.externalId);
    const erased = await engine.api.projects.personErase({ entity: 'students', externalId: pupil.externalId });
    expect(erased.counts.staged).toBe(erased.records);
    expect(erased.records).toBeGreaterThanOrEqual(Object.values(before).reduce((a, b) => a + b, 0));
    expect(stagedAbout(pupil.externalId)).toEqual({});
    expect(await engine.api.projects.personFind({ text: pupil.externalId })).toEqual([]);

    const trail = (await engine.api.audit.list({ limit: 20 })).map((e) => JSON.stringify(e)).join('\n');
    expect(trail).toContain(erased.erasureId);
    for (const secret of [pupil.externalId, pupil.firstName, pupil.lastName]) expect(trail).not.toContain(secret as string);

    const again = await dryRun();
    expect(again.status).toBe('Completed');
    expect(stagedAbout(pupil.externalId)).toEqual({});
    const skipped = (run: RunInfo, entity: string) => run.steps.find((s) => s.entity === entity)?.counters.skipped ?? 0;
    expect(skipped(again, 'students') - skipped(first, 'students')).toBe(1);
    for (const entity of Object.keys(before).filter((e) => e !== 'students')) expect(skipped(again, entity) - skipped(first, entity)).toBe(before[entity]);
    const events = (await engine.api.runs.events({ runId: again.runId })).map((e) => e.message).join('\n');
    expect(events).toMatch(/Left out 1 record of people erased on request/);
    expect(events).not.toContain(pupil.externalId);
    expect((await engine.api.audit.verify()).valid).toBe(true);
  });
});
