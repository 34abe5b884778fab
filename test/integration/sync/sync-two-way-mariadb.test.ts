import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSourceWriter } from '../../../src/main/engine/connectors/write/source-writer';
import type { Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { startMariaDb, type MariaDbServer } from '../../support/mariadb-server';
import { tempDir } from '../../support/temp-dir';
import { studentsMapping, targetStudent } from './sync-support';

/**
 * Write-back into a real MariaDB: Academia Pro's edit of a field it owns is written into the
 * school's table by a two-way run (read back from MariaDB), and the MySQL writer is one
 * transaction: a key that is not there rolls the whole batch back.
 */
describe('two-way write-back into MariaDB', () => {
  const dir = tempDir();
  let server: MariaDbServer;
  let db: mysql.Connection;
  let engine: Engine;
  let project: string;

  const row = async (no: number) => ((await db.query('SELECT LAST, DOB FROM PUPILS WHERE PUPIL_NO = ?', [no])) as unknown as [Record<string, unknown>[]])[0][0];

  beforeAll(async () => {
    server = await startMariaDb({ database: 'sis' });
    db = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
    await db.query('CREATE TABLE SCHOOL (CODE VARCHAR(10) PRIMARY KEY, NAME VARCHAR(50))');
    await db.query("INSERT INTO SCHOOL VALUES ('DEMO', 'Demo School')");
    await db.query('CREATE TABLE PUPILS (PUPIL_NO INT PRIMARY KEY, FIRST VARCHAR(40), LAST VARCHAR(40), DOB VARCHAR(10))');
    for (let i = 1; i <= 5; i++) await db.query('INSERT INTO PUPILS VALUES (?, ?, ?, ?)', [i, `First${i}`, `Last${i}`, `2012-01-0${i}`]);
    project = join(dir.path, 'school.apstudio');
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.create({ path: project, name: 'MariaDB two-way' });
    const { id: connectionId } = await engine.api.connections.add({ name: 'SIS', location: server.url });
    await engine.api.connections.discover({ id: connectionId });
    await engine.api.settings.update({ maskPersonalData: false });
    await engine.api.mappings.create({ mapping: { entity: 'schools', connectionId, stream: 'SCHOOL', keyColumns: ['CODE'], fields: [{ field: 'name', column: 'NAME', transforms: [] }] } });
    await engine.api.mappings.create({ mapping: studentsMapping(connectionId) });
    const { runId } = await engine.api.runs.start({ entities: ['schools', 'students'] });
    await engine.idle();
    expect((await engine.api.runs.get({ runId })).counters.created).toBe(6);
    await engine.api.syncs.define({ name: 'both', type: 'Delta', direction: 'two-way', entities: [{ entity: 'students', twoWay: { owners: { birthDate: 'target' }, writeBack: ['birthDate'] } }], gate: { default: { updates: 0.9 } } });
  }, 120_000);
  afterAll(async () => {
    await engine?.dispose();
    await db?.end();
    await server?.stop();
    dir.cleanup();
  });

  it('writes Academia Pro’s value of a field it owns into the MariaDB row, audited', async () => {
    expect((await engine.api.syncs.run({ name: 'both' })).status).toBe('Completed');
    const sandbox = new Database(`${project.replace(/\.apstudio$/, '')}.sandbox.sqlite`);
    try {
      const r = sandbox.prepare("SELECT fields FROM records WHERE entity = 'students' AND external_id = '4'").get() as { fields: string };
      sandbox.prepare("UPDATE records SET fields = ?, updated_at = ? WHERE entity = 'students' AND external_id = '4'").run(JSON.stringify({ ...(JSON.parse(r.fields) as object), birthDate: '2011-12-24' }), Date.now());
    } finally {
      sandbox.close();
    }
    const run = await engine.api.syncs.run({ name: 'both' });
    expect(run.status, JSON.stringify(run.error)).toBe('Completed');
    expect(await row(4)).toEqual({ LAST: 'Last4', DOB: '2011-12-24' });
    expect(targetStudent(project, '4')?.fields.birthDate).toBe('2011-12-24');
    expect(await engine.api.syncs.writeBacks({ runId: run.runId })).toMatchObject([{ externalId: '4', table: 'PUPILS', column: 'DOB', before: '2012-01-04', value: '2011-12-24', status: 'written' }]);
    expect((await engine.api.audit.list({ action: 'sync.write-back' })).length).toBe(1);
  });

  it('updates by key inside one transaction: a missing key rolls back every row of the batch', async () => {
    const writer = openSourceWriter('mysql', { host: server.host, port: server.port, user: server.user, database: server.database, sslmode: 'disable' }, server.password);
    await expect(writer.update('PUPILS', 'PUPIL_NO', [{ key: '1', values: { LAST: 'Changed' } }, { key: '99', values: { LAST: 'Nobody' } }])).rejects.toMatchObject({ code: 'SYNC_WRITE_BACK_FAILED', where: { table: 'PUPILS', column: 'PUPIL_NO' } });
    expect(await row(1)).toEqual({ LAST: 'Last1', DOB: '2012-01-01' });
    expect(await writer.update('PUPILS', 'PUPIL_NO', [{ key: '1', values: { LAST: "O'Hara; DROP TABLE PUPILS" } }, { key: 2, values: { LAST: 'Two', DOB: '2012-02-02' } }])).toBe(2);
    expect(await row(1)).toEqual({ LAST: "O'Hara; DROP TABLE PUPILS", DOB: '2012-01-01' });
    expect(await row(2)).toEqual({ LAST: 'Two', DOB: '2012-02-02' });
    await writer.close();
  });
});
