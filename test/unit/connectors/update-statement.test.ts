import { describe, expect, it } from 'vitest';
import { mssqlBatch, updateStatement } from '../../../src/main/engine/connectors/write/update-statement';

/** The write side's statements: parameterized UPDATE by key, names quoted per dialect (docs/sync.md). */
describe('write-back statements', () => {
  const row = { key: '7', values: { LAST: "O'Brien", GRADE: 8 } };

  it('SQLite, MySQL/MariaDB and PostgreSQL: values are parameters, names quoted', () => {
    expect(updateStatement('sqlite', 'PUPILS', 'PUPIL_NO', row)).toEqual({ sql: 'UPDATE "PUPILS" SET "LAST" = ?, "GRADE" = ? WHERE "PUPIL_NO" = ?', params: ["O'Brien", 8, '7'] });
    expect(updateStatement('mysql', 'pu`pils', 'PUPIL_NO', row).sql).toBe('UPDATE `pu``pils` SET `LAST` = ?, `GRADE` = ? WHERE `PUPIL_NO` = ?');
    expect(updateStatement('postgres', 'public.pupils', 'pupil_no', row)).toEqual({ sql: 'UPDATE "public"."pupils" SET "LAST" = $1, "GRADE" = $2 WHERE "pupil_no" = $3', params: ["O'Brien", 8, '7'] });
    expect(updateStatement('sqlite', 'a"b', 'k', { key: 1, values: { 'c;d': 1 } }).sql).toBe('UPDATE "a""b" SET "c;d" = ? WHERE "k" = ?');
  });

  it('SQL Server: one batch, XACT_ABORT, a transaction, each row checked to be found (not run against a real server)', () => {
    const batch = mssqlBatch('dbo.Pupils', 'PupilNo', [row, { key: '9', values: { LAST: 'Ng' } }]);
    expect(batch.sql).toBe(
      [
        'SET XACT_ABORT ON;',
        'BEGIN TRANSACTION;',
        'UPDATE [dbo].[Pupils] SET [LAST] = @p1_1, [GRADE] = @p1_2 WHERE [PupilNo] = @p1_3;',
        "IF @@ROWCOUNT <> 1 THROW 50001, 'write-back: a row was not found by its key', 1;",
        'UPDATE [dbo].[Pupils] SET [LAST] = @p2_1 WHERE [PupilNo] = @p2_2;',
        "IF @@ROWCOUNT <> 1 THROW 50001, 'write-back: a row was not found by its key', 1;",
        'COMMIT TRANSACTION;',
      ].join('\n'),
    );
    expect(batch.params).toEqual(["O'Brien", 8, '7', 'Ng', '9']);
    expect(updateStatement('mssql', 'weird]name', 'k', { key: 1, values: { v: 1 } }).sql).toBe('UPDATE [weird]]name] SET [v] = @p1 WHERE [k] = @p2');
  });
});
