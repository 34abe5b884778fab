import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacySchool, type DemoManifest } from '../../src/main/engine/demo/generate-legacy-school';
import { loadLegacySchoolIntoMysql } from '../../src/main/engine/demo/load-into-mysql';
import { isMojibake } from '../../src/main/engine/values/cp1252';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server';
import { tempDir } from '../support/temp-dir';

describe('the demo school in MariaDB', () => {
  const tmp = tempDir('apstudio-demo-mariadb-');
  const file = join(tmp.path, 'school.sqlite');
  let server: MariaDbServer;
  let manifest: DemoManifest;
  let loaded: { tables: { name: string; rows: number }[] };
  let client: mysql.Connection;

  beforeAll(async () => {
    [server, manifest] = await Promise.all([startMariaDb({ database: 'legacy_sis' }), generateLegacySchool({ file, pupils: 300, seed: 7 })]);
    loaded = await loadLegacySchoolIntoMysql(file, server, { batchSize: 250 });
    client = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database, charset: 'utf8mb4' });
  });

  afterAll(async () => {
    await client?.end();
    await server?.stop();
    tmp.cleanup();
  });

  it('gives a mysql:// URL for the private server', () => {
    expect(server.url).toBe(`mysql://${server.user}:${server.password}@127.0.0.1:${server.port}/legacy_sis`);
  });

  it('copies every table with the same number of rows', async () => {
    expect(loaded.tables).toEqual(manifest.tables);
    for (const t of manifest.tables) {
      const [rows] = (await client.query(`SELECT COUNT(*) AS n FROM \`${t.name}\``)) as [{ n: number }[], unknown];
      expect(Number(rows[0].n), t.name).toBe(t.rows);
    }
  });

  it('keeps text ids as text, leading zeros included, and legacy column types', async () => {
    const [rows] = (await client.query("SELECT PUPIL_NO FROM PUPILS WHERE PUPIL_NO = '000001'")) as [{ PUPIL_NO: string }[], unknown];
    expect(rows).toEqual([{ PUPIL_NO: '000001' }]);
    const [cols] = (await client.query(
      "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'legacy_sis' AND TABLE_NAME = 'PUPILS' AND COLUMN_NAME IN ('PUPIL_NO', 'DOB') ORDER BY COLUMN_NAME",
    )) as [{ name: string; type: string }[], unknown];
    expect(cols).toEqual([
      { name: 'DOB', type: 'varchar(12)' },
      { name: 'PUPIL_NO', type: 'varchar(10)' },
    ]);
  });

  it('stores mojibake, right-to-left names and padding byte for byte', async () => {
    const sqlite = new Database(file, { readonly: true });
    try {
      const names = sqlite.prepare('SELECT PUPIL_NO, FORENAME, SURNAME FROM PUPILS ORDER BY PUPIL_NO').all() as { PUPIL_NO: string; FORENAME: string; SURNAME: string }[];
      const mojibake = names.find((r) => isMojibake(r.SURNAME));
      const hebrewOrArabic = names.find((r) => /[\u0590-\u06ff]/.test(r.FORENAME));
      const padded = names.find((r) => r.SURNAME !== r.SURNAME.trim());
      expect(mojibake && hebrewOrArabic && padded).toBeTruthy();
      for (const row of [mojibake, hebrewOrArabic, padded]) {
        const [rows] = (await client.query('SELECT FORENAME, SURNAME, HEX(SURNAME) AS hex FROM PUPILS WHERE PUPIL_NO = ?', [row!.PUPIL_NO])) as [{ FORENAME: string; SURNAME: string; hex: string }[], unknown];
        expect(rows[0].FORENAME).toBe(row!.FORENAME);
        expect(rows[0].SURNAME).toBe(row!.SURNAME);
        expect(rows[0].hex).toBe(Buffer.from(row!.SURNAME, 'utf8').toString('hex').toUpperCase());
      }
    } finally {
      sqlite.close();
    }
  });

  it('keeps the orphan enrolments, which a declared foreign key would have refused', async () => {
    const orphans = manifest.planted.find((p) => p.code === 'ORPHAN_REFERENCE')!;
    const [rows] = (await client.query('SELECT COUNT(*) AS n FROM CLASS_ENROL e LEFT JOIN PUPILS p ON p.PUPIL_NO = e.PUPIL_NO WHERE p.PUPIL_NO IS NULL')) as [{ n: number }[], unknown];
    expect(Number(rows[0].n)).toBe(orphans.count);
  });

  it('replaces the tables when loaded again instead of doubling them', async () => {
    const again = await loadLegacySchoolIntoMysql(file, server);
    expect(again.tables).toEqual(manifest.tables);
    const [rows] = (await client.query('SELECT COUNT(*) AS n FROM PUPILS')) as [{ n: number }[], unknown];
    expect(Number(rows[0].n)).toBe(300);
  });

  it('says which server it could not reach', async () => {
    await expect(loadLegacySchoolIntoMysql(file, { ...server, password: 'wrong' })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });
});
