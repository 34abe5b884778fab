import { col, memoryTable, type FixtureDatabase, type FixtureTable } from './fixture-db';
import type { SqlValue } from './sql-types';

/**
 * Tables the SQL Server connector tests read from the TDS test server, besides EF6 School:
 * every type a legacy schema uses with edge values and NULLs, hostile identifiers, ties for an
 * incremental cursor, a table without a key, and a generated table of any size.
 */

/** One row of edge values, one of other edge values, one of NULLs. */
export function typeSamplerTable(): FixtureTable {
  const columns = [
    col('ID', 'int', { nullable: false }),
    col('c_tinyint', 'tinyint'),
    col('c_smallint', 'smallint'),
    col('c_int', 'int'),
    col('c_bigint', 'bigint'),
    col('c_bit', 'bit'),
    col('c_decimal', 'decimal(9,2)'),
    col('c_decimal15', 'decimal(15,5)'),
    col('c_decimal38', 'decimal(38,10)'),
    col('c_numeric', 'numeric(5,0)'),
    col('c_money', 'money'),
    col('c_smallmoney', 'smallmoney'),
    col('c_float', 'float'),
    col('c_real', 'real'),
    col('c_datetime', 'datetime'),
    col('c_smalldatetime', 'smalldatetime'),
    col('c_datetime2', 'datetime2(7)'),
    col('c_datetime2_0', 'datetime2(0)'),
    col('c_date', 'date'),
    col('c_time', 'time(7)'),
    col('c_dto', 'datetimeoffset(7)'),
    col('c_char', 'char(6)'),
    col('c_varchar', 'varchar(50)'),
    col('c_nchar', 'nchar(4)'),
    col('c_nvarchar', 'nvarchar(100)'),
    col('c_nvarcharmax', 'nvarchar(max)'),
    col('c_text', 'text'),
    col('c_ntext', 'ntext'),
    col('c_xml', 'xml'),
    col('c_guid', 'uniqueidentifier'),
    col('c_binary', 'binary(4)'),
    col('c_varbinary', 'varbinary(16)'),
    col('c_varbinarymax', 'varbinary(max)'),
    col('c_image', 'image'),
    col('c_rowversion', 'timestamp', { nullable: false }),
  ];
  const long = 'Ä'.repeat(5000) + '€';
  const rows: SqlValue[][] = [
    [
      1, 255, -32768, -2147483648, 9223372036854775807n, true, '-9999999.99', '1234567890.12345', '1234567890123456789012345678.0123456789', '-99999',
      '922337203685477.5807', '-214748.3648', 1.7976931348623157e308, 3.4028234663852886e38,
      '9999-12-31T23:59:59.997', '2079-06-06T23:59:00', '9999-12-31T23:59:59.9999999', '2024-02-29T12:00:01', '0001-01-01', '23:59:59.9999999', '2024-02-29T23:30:00.1234567+14:00',
      '007   ', "O'Brien; DROP TABLE x--", 'Zoë ', 'Ünïcødé ✓ 学校 🏫', long, 'Café au lait — Windows-1252 € text', 'ntext ünïcødé 学校', '<student id="007"><name>Zoë</name></student>',
      '6F9619FF-8B86-D011-B42D-00C04FC964FF', Buffer.from([0, 1, 2, 255]), Buffer.from('00ff10', 'hex'), Buffer.alloc(20_000, 7), Buffer.from('GIF89a'), Buffer.from('00000000000007d1', 'hex'),
    ],
    [
      2, 0, 32767, 2147483647, -9223372036854775808n, false, '0.01', '-0.00001', '-0.0000000001', '0',
      '-922337203685477.5808', '214748.3647', -2.2250738585072014e-308, -1.5,
      '1753-01-01T00:00:00', '1900-01-01T00:00:00', '0001-01-01T00:00:00', '1970-01-01T00:00:00', '9999-12-31', '00:00:00', '0001-01-01T00:00:00-14:00',
      '      ', '', '    ', '', '', '', '', '<empty/>',
      '00000000-0000-0000-0000-000000000000', Buffer.alloc(4), Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0), Buffer.from('00000000000007d2', 'hex'),
    ],
    [3, ...columns.slice(1, -1).map(() => null), Buffer.from('00000000000007d3', 'hex')],
  ];
  return memoryTable({ schema: 'dbo', name: 'TypeSampler', columns, primaryKey: ['ID'], foreignKeys: [] }, rows);
}

/** Names that would break a statement if they were not quoted: brackets, quotes, `;`, spaces, unicode. */
export function hostileTable(): FixtureTable {
  return memoryTable(
    {
      schema: 'odd schema',
      name: 'we]ird; DROP TABLE Students--',
      columns: [col('key] id', 'int', { nullable: false }), col("quo'te", 'nvarchar(20)'), col('sp ace', 'nvarchar(20)'), col('ünï', 'nvarchar(20)'), col('__proto__', 'nvarchar(20)')],
      primaryKey: ['key] id'],
      foreignKeys: [],
    },
    [
      [1, "it's", 'a b', 'ç', 'p1'],
      [2, 'x', 'y', 'z', 'p2'],
    ],
  );
}

/** Rows modified in bursts: several rows share one UpdatedAt, the cursor's hard case. */
export function changeLogTable(): FixtureTable {
  const rows: SqlValue[][] = [];
  const stamps = ['2024-01-01T08:00:00.000', '2024-01-01T08:00:00.000', '2024-01-01T08:00:00.000', '2024-01-02T09:30:00.500', '2024-01-02T09:30:00.500', '2024-01-03T10:00:00.250', null];
  stamps.forEach((stamp, i) => rows.push([i + 1, stamp, 9_007_199_254_740_990n + BigInt(i), (10 + i * 0.25).toFixed(2), `change ${i + 1}`]));
  return memoryTable(
    {
      schema: 'sis',
      name: 'ChangeLog',
      columns: [col('ChangeID', 'int', { nullable: false }), col('UpdatedAt', 'datetime2(3)'), col('Version', 'bigint', { nullable: false }), col('Amount', 'decimal(20,2)', { nullable: false }), col('Note', 'nvarchar(50)')],
      primaryKey: ['ChangeID'],
      indexes: [{ name: 'IX_ChangeLog_UpdatedAt', columns: ['UpdatedAt'], unique: false }],
      foreignKeys: [],
    },
    rows,
  );
}

/** A heap with a unique index over a NOT NULL column: the read orders by that index. */
export function heapWithUniqueIndex(): FixtureTable {
  const t = memoryTable(
    { schema: 'dbo', name: 'LegacyCodes', columns: [col('Code', 'varchar(10)', { nullable: false }), col('Label', 'nvarchar(30)')], primaryKey: ['Code'], foreignKeys: [] },
    [['B', 'second'], ['A', 'first'], ['C', 'third']],
  );
  return { ...t, primaryKey: [], indexes: [{ name: 'UQ_LegacyCodes_Code', columns: ['Code'], unique: true }] };
}

/** 200 columns with long names: the SELECT is longer than 4000 characters (sent as nvarchar(max)). */
export function wideTable(): FixtureTable {
  const names = Array.from({ length: 200 }, (_, i) => `legacy_free_text_column_number_${String(i).padStart(3, '0')}`);
  return memoryTable(
    { schema: 'dbo', name: 'WideExport', columns: [col('RowID', 'int', { nullable: false }), ...names.map((n) => col(n, 'varchar(10)'))], primaryKey: ['RowID'], foreignKeys: [] },
    [[1, ...names.map((_, i) => `v${i}`)]],
  );
}

/**
 * A generated attendance log: rows are computed while they are sent, so a test can stream
 * millions of them without the server holding any.
 */
export function attendanceLogTable(rowCount: number): FixtureTable {
  const base = Date.UTC(2020, 0, 1);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    schema: 'dbo',
    name: 'AttendanceLog',
    kind: 'table',
    columns: [
      col('LogID', 'int', { nullable: false }),
      col('StudentCode', 'nvarchar(12)', { nullable: false }),
      col('Amount', 'decimal(9,2)', { nullable: false }),
      col('RecordedAt', 'datetime2(3)', { nullable: false }),
      col('Present', 'bit', { nullable: false }),
      col('Note', 'nvarchar(40)'),
    ],
    primaryKey: ['LogID'],
    foreignKeys: [],
    rowCount,
    *rows() {
      let day = '';
      let dayStart = -1;
      for (let i = 1; i <= rowCount; i++) {
        // One row a second from 2020-01-01: the date text changes once a day.
        const ms = base + i * 1000;
        if (ms - dayStart >= 86_400_000) {
          dayStart = ms - (ms % 86_400_000);
          day = new Date(dayStart).toISOString().slice(0, 11);
        }
        const second = (ms - dayStart) / 1000;
        const stamp = `${day}${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}.${pad(i % 1000, 3)}`;
        yield [i, `S${pad(i % 50_000, 7)}`, `${Math.floor(i / 100) % 10_000}.${pad(i % 100)}`, stamp, i % 7 !== 0, i % 3 === 0 ? null : `present in class ${i % 40}`];
      }
    },
  };
}

/** The database the connector tests use (EF6 School is its own database). */
export function sampleDatabase(bigRows = 0): FixtureDatabase {
  const tables = [typeSamplerTable(), hostileTable(), changeLogTable(), heapWithUniqueIndex(), wideTable()];
  if (bigRows > 0) tables.push(attendanceLogTable(bigRows));
  return { name: 'Legacy', tables };
}
