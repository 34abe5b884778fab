import { StudioError } from '../../../../shared/errors';
import type { ConnectionTestResult } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { failedCheck } from '../sql/connection-check';
import type { SqlStreamInfo } from '../sql/index-info';
import { cancelled } from '../sql/wait';
import { assembleTables, CHECK_SQL, columnsSql, FOREIGN_KEYS_SQL, indexesSql, tablesSql, toStreamInfos, type ColumnRow, type ForeignKeyRow, type IndexRow, type MssqlTable, type TableRow } from './mssql-catalog';
import { describeTarget, mssqlPoolConfig, readMssqlSettings, type MssqlSettings } from './mssql-config';
import { mssqlDriver, type MssqlModule, type MssqlPool, type MssqlType, type TediousConnection } from './mssql-driver';
import { mssqlError, type FailureContext, type ServerMessage } from './mssql-errors';
import { planMssqlRead } from './mssql-read-plan';
import { MssqlRowStream } from './mssql-row-stream';
import { quoteMssqlIdent, splitStreamName } from './mssql-types';

/** Whether the link ended up encrypted, as tedious negotiated it for the last connection. */
interface LinkState {
  encrypted: boolean;
  protocol: string | null;
}

/**
 * A SQL Server database (2008 R2 to 2022) as a legacy source, through mssql/tedious.
 *
 * Connections come from a small pool (reads are long-lived streams, so discovery or a count can
 * run beside one). Encryption is on by default with certificate checks; a server that offers no
 * encryption is still read, and check() says the link is unencrypted. Reads are single streamed
 * statements with back-pressure (MssqlRowStream), cancelled with a TDS attention on abort or
 * `break`. Decimals and dates keep every digit (see selectExpression in mssql-types.ts).
 */
export class MssqlConnector implements SourceConnector {
  readonly kind = 'mssql' as const;
  private readonly settings: MssqlSettings;
  private readonly driver: MssqlModule;
  private pool: Promise<MssqlPool> | null = null;
  private loginMessages: ServerMessage[] = [];
  private link: LinkState | null = null;

  constructor(settings: MssqlSettings, driver: MssqlModule = mssqlDriver()) {
    this.settings = settings;
    this.driver = driver;
  }

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    try {
      const [row] = await this.query<{ product_version: string; edition: string; database_name: string; object_count: number }>(CHECK_SQL, [], 'checking the connection');
      const link = this.link ?? { encrypted: false, protocol: null };
      const product = productName(row.product_version);
      const parts = [`Connected to ${product} (${row.product_version}, ${row.edition}), database ${row.database_name}: ${row.object_count} tables and views visible.`];
      if (olderThan2008R2(row.product_version)) parts.push('Warning: this version is older than SQL Server 2008 R2, the oldest the studio supports.');
      if (link.encrypted) {
        parts.push(`The connection is encrypted (${link.protocol ?? 'TLS'}${this.settings.trustServerCertificate ? ', server certificate not checked: trustServerCertificate=true' : ''}).`);
        if (this.settings.allowLegacyTls && link.protocol && /TLSv1(\.1)?$/.test(link.protocol)) parts.push('Warning: it uses an old TLS version (allowLegacyTls=true); update the server to TLS 1.2 when possible.');
      } else {
        parts.push(this.settings.encrypt ? 'Warning: the connection is NOT encrypted — the server does not offer encryption.' : 'Warning: the connection is NOT encrypted (encrypt=false).');
      }
      return { ok: true, at: new Date().toISOString(), message: parts.join(' '), serverInfo: `${product} ${row.product_version} (${row.edition})`, latencyMs: Date.now() - started, encrypted: link.encrypted };
    } catch (err) {
      return failedCheck(err instanceof StudioError ? err : this.fail(err, { phase: 'query', doing: 'checking the connection' }), started);
    }
  }

  async discover(): Promise<SqlStreamInfo[]> {
    const doing = 'discovering the tables';
    const tables = await this.query<TableRow>(tablesSql(false), [], doing);
    const columns = await this.query<ColumnRow>(columnsSql(false), [], doing);
    const indexes = await this.query<IndexRow>(indexesSql(false), [], doing);
    const foreignKeys = await this.query<ForeignKeyRow>(FOREIGN_KEYS_SQL, [], doing);
    return toStreamInfos(tables, assembleTables(columns, indexes), foreignKeys);
  }

  async count(stream: string): Promise<number> {
    const table = await this.describe(stream);
    const [row] = await this.query<{ row_count: string | number }>(
      `/* apstudio:count */ SELECT COUNT_BIG(*) AS row_count FROM ${quoteMssqlIdent(table.schema)}.${quoteMssqlIdent(table.name)}`,
      [],
      `counting the rows of ${stream}`,
      { table: stream },
    );
    return Number(row.row_count);
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const rows: Row[] = [];
    if (n <= 0) return rows;
    for await (const batch of this.readRows(stream, { batchSize: n }, n)) rows.push(...batch);
    return rows.slice(0, n);
  }

  read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    return this.readRows(stream, options, null);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (!pool) return;
    try {
      await (await pool).close();
    } catch {
      // A pool that never connected has nothing to close.
    }
  }

  private async *readRows(stream: string, options: ReadOptions, limit: number | null): AsyncGenerator<Row[]> {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new StudioError('BAD_REQUEST', `A batch size of ${String(options.batchSize)} rows is not possible.`, 'Give a whole number of rows per batch, 1 or more.', { where: { table: stream } });
    }
    if (options.signal?.aborted) throw cancelled();
    const table = await this.describe(stream);
    const plan = planMssqlRead(this.driver, table, options, limit);
    const pool = await this.connect();
    const doing = `reading ${stream}`;
    const rows = new MssqlRowStream(pool, plan.sql, plan.params, options.batchSize * 2);
    let rowsRead = 0;
    try {
      for (;;) {
        let raw: unknown[][] | null;
        try {
          raw = await rows.next(options.batchSize, {
            signal: options.signal,
            timeoutMs: this.settings.requestTimeoutMs,
            timeoutError: () => this.fail({ code: 'ETIMEOUT' }, { phase: 'query', doing, where: { table: stream }, rowsRead }),
          });
        } catch (err) {
          throw this.fail(err, { phase: 'query', doing, where: { table: stream }, rowsRead });
        }
        if (!raw) return;
        const batch = raw.map((values) => plan.toRow(values));
        rowsRead += batch.length;
        yield batch;
        if (options.signal?.aborted) throw cancelled();
      }
    } finally {
      await rows.close();
    }
  }

  /** The columns and keys of one stream, read from the catalog when a read starts. */
  private async describe(stream: string): Promise<MssqlTable> {
    const parts = splitStreamName(stream);
    const notFound = () => new StudioError('STREAM_NOT_FOUND', `SQL Server database ${describeTarget(this.settings)} has no table or view "${stream}".`, 'Streams are named schema.table (e.g. dbo.Person); run discovery to see the tables the database has.', { where: { table: stream } });
    if (!parts) throw notFound();
    const params = [
      { name: 'schema', type: this.driver.TYPES.NVarChar(128), value: parts.schema },
      { name: 'table', type: this.driver.TYPES.NVarChar(128), value: parts.table },
    ];
    const doing = `looking up ${stream}`;
    const columns = await this.query<ColumnRow>(columnsSql(true), params, doing, { table: stream });
    if (!columns.length) throw notFound();
    const indexes = await this.query<IndexRow>(indexesSql(true), params, doing, { table: stream });
    return [...assembleTables(columns, indexes).values()][0];
  }

  private async query<T>(sql: string, params: { name: string; type: MssqlType; value: unknown }[], doing: string, where?: { table: string }): Promise<T[]> {
    const pool = await this.connect();
    try {
      const request = pool.request();
      for (const p of params) request.input(p.name, p.type, p.value);
      const result = await request.query(sql);
      return result.recordset as T[];
    } catch (err) {
      throw this.fail(err, { phase: 'query', doing, where });
    }
  }

  private connect(): Promise<MssqlPool> {
    this.pool ??= this.openPool().catch((err: unknown) => {
      this.pool = null;
      throw err;
    });
    return this.pool;
  }

  private async openPool(): Promise<MssqlPool> {
    this.loginMessages = [];
    const pool = new this.driver.ConnectionPool(mssqlPoolConfig(this.settings, (c) => this.watch(c)));
    // The pool reports connection failures as 'error' events too; an unheard 'error' would
    // throw, and each failure also reaches the request that hit it.
    pool.on('error', () => undefined);
    try {
      await pool.connect();
      return pool;
    } catch (err) {
      await pool.close().catch(() => undefined);
      throw this.fail(err, { phase: 'connect', doing: 'connecting', loginMessages: this.loginMessages });
    }
  }

  /** Keeps the login's ERROR tokens (numbers tell why a login failed) and the TLS outcome. */
  private watch(connection: TediousConnection): void {
    let secure: string | null | undefined;
    const onMessage = (m: { number: number; message: string }) => this.loginMessages.push({ number: m.number, message: m.message });
    connection.on('errorMessage', onMessage);
    connection.on('secure', (cleartext) => {
      secure = cleartext.getProtocol();
    });
    connection.on('connect', (err?: Error) => {
      connection.removeListener('errorMessage', onMessage);
      if (!err) this.link = { encrypted: secure !== undefined, protocol: secure ?? null };
    });
  }

  private fail(err: unknown, ctx: Omit<FailureContext, 'settings'>): StudioError {
    return mssqlError(err, { settings: this.settings, ...ctx });
  }
}

function olderThan2008R2(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major < 10 || (major === 10 && minor < 50);
}

/** SQL Server's marketing name from its version number (10.50 is 2008 R2). */
function productName(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  const names: Record<number, string> = { 9: '2005', 11: '2012', 12: '2014', 13: '2016', 14: '2017', 15: '2019', 16: '2022', 17: '2025' };
  if (major === 10) return minor >= 50 ? 'SQL Server 2008 R2' : 'SQL Server 2008';
  return names[major] ? `SQL Server ${names[major]}` : `SQL Server ${version}`;
}

/**
 * The factory open-connector.ts calls for kind `mssql`: `config` holds host, port, database,
 * user and the query parameters of the connection string; `secret` is the password.
 */
export function createMssqlConnector(config: Record<string, string | number | boolean>, secret: string | null): SourceConnector {
  return new MssqlConnector(readMssqlSettings(config, secret));
}
