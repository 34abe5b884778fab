import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSourceWriter } from '../../../src/main/engine/connectors/write/source-writer';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { tempDir } from '../../support/temp-dir';

/**
 * The write side of the PostgreSQL and SQLite sources (two-way write-back; MariaDB in
 * sync-two-way-mariadb.test.ts): parameterized updates by key in one transaction, read back from
 * the row; a key that is not there rolls the whole batch back.
 */
describe('source writers', () => {
  const dir = tempDir();
  let server: PostgresServer;
  let client: pg.Client;

  beforeAll(async () => {
    server = await startPostgres();
    client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
    await client.connect();
    await client.query('CREATE TABLE pupils (pupil_no INT PRIMARY KEY, last TEXT, grade INT)');
    await client.query("INSERT INTO pupils VALUES (1, 'Lee', 7), (2, 'Ng', 8)");
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await server?.stop();
    dir.cleanup();
  });

  it('PostgreSQL: updates by key in a transaction, schema-qualified; a missing key rolls all back', async () => {
    const writer = openSourceWriter('postgres', { host: server.host, port: server.port, user: server.user, database: server.database, sslmode: 'disable' }, server.password);
    await expect(writer.update('public.pupils', 'pupil_no', [{ key: '1', values: { last: 'Changed' } }, { key: '99', values: { last: 'Nobody' } }])).rejects.toMatchObject({ code: 'SYNC_WRITE_BACK_FAILED' });
    expect((await client.query('SELECT last FROM pupils WHERE pupil_no = 1')).rows).toEqual([{ last: 'Lee' }]);
    expect(await writer.update('public.pupils', 'pupil_no', [{ key: '1', values: { last: "O'Hara", grade: 9 } }, { key: '2', values: { last: 'Ng-Lee' } }])).toBe(2);
    expect((await client.query('SELECT pupil_no, last, grade FROM pupils ORDER BY pupil_no')).rows).toEqual([
      { pupil_no: 1, last: "O'Hara", grade: 9 },
      { pupil_no: 2, last: 'Ng-Lee', grade: 8 },
    ]);
    await writer.close();
  });

  it('SQLite: the same, in the file the connection names', async () => {
    const file = join(dir.path, 'school.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE PUPILS (PUPIL_NO INTEGER PRIMARY KEY, LAST TEXT); INSERT INTO PUPILS VALUES (1, 'Lee'), (2, 'Ng');");
    db.close();
    const writer = openSourceWriter('sqlite', { file }, null);
    await expect(writer.update('PUPILS', 'PUPIL_NO', [{ key: '2', values: { LAST: 'X' } }, { key: '5', values: { LAST: 'Y' } }])).rejects.toMatchObject({ code: 'SYNC_WRITE_BACK_FAILED' });
    expect(await writer.update('PUPILS', 'PUPIL_NO', [{ key: '1', values: { LAST: 'Lee-Smith' } }])).toBe(1);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT * FROM PUPILS ORDER BY PUPIL_NO').all()).toEqual([
      { PUPIL_NO: 1, LAST: 'Lee-Smith' },
      { PUPIL_NO: 2, LAST: 'Ng' },
    ]);
    check.close();
  });
});
