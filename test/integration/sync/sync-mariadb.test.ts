import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import type { SyncOutcome } from '../../../src/shared/model/sync';
import { startMariaDb, type MariaDbServer } from '../../support/mariadb-server';
import { tempDir } from '../../support/temp-dir';
import { studentsMapping, targetStudent } from './sync-support';

const studentsOf = (o: SyncOutcome) => o.changes.find((c) => c.entity === 'students')!;

/**
 * An incremental sync from MariaDB by a DATETIME(6) cursor: the filter goes into MariaDB's query
 * (the bound travels back in the connector's own form), rows sharing the mark's microsecond are
 * kept, and a row whose cursor is NULL is reported.
 */
describe('incremental sync from MariaDB', () => {
  const dir = tempDir();
  let server: MariaDbServer;
  let db: mysql.Connection;
  let engine: Engine;
  let project: string;

  beforeAll(async () => {
    server = await startMariaDb({ database: 'sis' });
    db = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
    await db.query('CREATE TABLE SCHOOL (CODE VARCHAR(10) PRIMARY KEY, NAME VARCHAR(50))');
    await db.query("INSERT INTO SCHOOL VALUES ('DEMO', 'Demo School')");
    await db.query('CREATE TABLE PUPILS (PUPIL_NO INT PRIMARY KEY, FIRST VARCHAR(40), LAST VARCHAR(40), DOB VARCHAR(10), UPDATED DATETIME(6) NULL)');
    for (let i = 1; i <= 10; i++) await db.query('INSERT INTO PUPILS VALUES (?, ?, ?, ?, ?)', [i, `First${i}`, `Last${i}`, `2012-01-${String(i).padStart(2, '0')}`, `2026-03-01 ${String(i).padStart(2, '0')}:00:00.000250`]);
    project = join(dir.path, 'school.apstudio');
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: project, name: 'MariaDB sync' });
    const { id: connectionId } = await engine.api.connections.add({ name: 'SIS', location: server.url });
    await engine.api.connections.discover({ id: connectionId });
    await engine.api.settings.update({ maskPersonalData: false });
    await engine.api.mappings.create({ mapping: { entity: 'schools', connectionId, stream: 'SCHOOL', keyColumns: ['CODE'], fields: [{ field: 'name', column: 'NAME', transforms: [] }] } });
    await engine.api.mappings.create({ mapping: studentsMapping(connectionId) });
    const { runId } = await engine.api.runs.start({ entities: ['schools', 'students'] });
    await engine.idle();
    expect((await engine.api.runs.get({ runId })).counters.created).toBe(11);
    await engine.api.syncs.define({ name: 'hourly', type: 'Incremental', entities: [{ entity: 'students', cursor: { column: 'UPDATED', kind: 'timestamp', lookBack: 0 } }], sourceTimeZone: 'Europe/London', gate: { default: { updates: 0.9 } } });
  }, 120_000);
  afterAll(async () => {
    await engine?.dispose();
    await db?.end();
    await server?.stop();
    dir.cleanup();
  });

  it('reads from the mark in MariaDB’s own query, keeping rows that share its microsecond', async () => {
    const first = await engine.api.syncs.run({ name: 'hourly' });
    expect(first.status, JSON.stringify(first.error)).toBe('Completed');
    expect(first.counters).toMatchObject({ read: 10, unchanged: 10 });
    await db.query("INSERT INTO PUPILS VALUES (11, 'Same', 'Instant', '2012-02-01', '2026-03-01 10:00:00.000250')");
    await db.query("UPDATE PUPILS SET LAST = 'Later', UPDATED = '2026-03-01 11:00:00' WHERE PUPIL_NO = 2");
    const second = await engine.api.syncs.run({ name: 'hourly' });
    expect(second.status, JSON.stringify(second.error)).toBe('Completed');
    expect(studentsOf(second)).toMatchObject({ inserts: 1, updates: 1 });
    // MariaDB returned only rows after 09:00:00.000250 (the last value below the mark): 10, 11 and 2.
    expect(second.counters.read).toBe(3);
    expect(targetStudent(project, '11')?.fields.lastName).toBe('Instant');
    expect(targetStudent(project, '2')?.fields.lastName).toBe('Later');
  });

  it('reports a NULL cursor the query itself never returns', async () => {
    await db.query("UPDATE PUPILS SET UPDATED = NULL, LAST = 'Lost' WHERE PUPIL_NO = 5");
    const run = await engine.api.syncs.run({ name: 'hourly' });
    expect(run.warnings).toEqual([expect.objectContaining({ code: 'CURSOR_NULL', table: 'PUPILS', column: 'UPDATED', count: 1 })]);
    expect(targetStudent(project, '5')?.fields.lastName).toBe('Last5');
  });
});
