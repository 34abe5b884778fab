import { isIP } from 'node:net';
import { checkServerIdentity, type TLSSocket } from 'node:tls';
import mysql, { type Connection, type ConnectionOptions } from 'mysql2';
import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import type { ConnectionTestResult } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { readSqlSettings, type SqlConnectionSettings } from '../sql/connection-settings';
import type { SqlStreamInfo } from '../sql/index-info';
import { failedCheck, linkSecurityNote } from '../sql/connection-check';
import { serverRefOf, serverTimeout, type ServerRef } from '../sql/network-errors';
import { chunkRowLimit, planRead, projectRow, type PlannedRead } from '../sql/read-plan';
import { connectPerSslMode, type TlsMemo } from '../sql/tls-connect';
import { cancelled, endPolitely, waitForServer } from '../sql/wait';
import { discoverMySql, mysqlTableShape, type MySqlQuery, type MySqlTableShape } from './mysql-catalog';
import { mapMySqlError } from './mysql-errors';
import { MySqlStatementStream } from './mysql-statement-stream';
import { compileRowAdjuster, encodeMySqlParam, MYSQL_DIALECT, type ColumnAdjustment } from './mysql-types';

/** Counters a caller (a benchmark, a test, the assessment) can read while and after reads run. */
export interface MySqlReadDiagnostics {
  /** Rows the driver has delivered, over all reads of this connector. */
  rowsFetched: number;
  /**
   * Zero dates ('0000-00-00', month or day 00) met so far, by stream and column. They are handed
   * out as the text the server stores (never turned into a real date or NULL), and counted here so
   * they can be reported.
   */
  zeroDates: Record<string, Record<string, number>>;
}

interface Opened {
  conn: Connection;
  encrypted: boolean;
}

/**
 * Seconds a read connection may wait for the consumer in the middle of a chunk before the server
 * drops it (MySQL's net_write_timeout, 60 s by default, is raised to this on read connections).
 */
const CONSUMER_PATIENCE_SECONDS = 600;

/**
 * A MySQL or MariaDB database as a legacy source.
 *
 * Every connection is read-only (SET SESSION TRANSACTION READ ONLY), speaks UTC (TIMESTAMP values
 * are then true instants) and refuses LOCAL INFILE requests. mysql2 is set up so nothing loses
 * precision: dates and date-times as strings, DECIMAL as strings, BIGINT as a number when exact
 * and as its digits otherwise. Catalog queries, counts and samples share one connection; each read
 * gets its own, streams its rows with pause/resume back-pressure, and runs in keyset chunks (see
 * PlannedRead.chunked) so no metadata lock is held while the consumer works between chunks.
 */
export class MySqlConnector implements SourceConnector {
  readonly kind = 'mysql' as const;
  readonly diagnostics: MySqlReadDiagnostics = { rowsFetched: 0, zeroDates: {} };
  private meta: Promise<Opened> | null = null;
  /** Open read connections → how to stop the read waiting on each (close() uses it). */
  private readonly reading = new Map<Connection, (err: unknown) => void>();
  private readonly tlsMemo: TlsMemo = { serverLacksTls: false };
  private cachedSettings: SqlConnectionSettings | null = null;

  constructor(
    private readonly config: Record<string, string | number | boolean>,
    private readonly secret: string | null,
  ) {}

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    try {
      const { conn, encrypted } = await this.metaConnection();
      const s = this.settings();
      const [info] = await this.query<{ version: string; tables: number }>('SELECT VERSION() AS version, (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?) AS tables', [s.database], 'checking the connection', undefined, conn);
      const version = String(info.version);
      const product = /mariadb/i.test(version) ? `MariaDB ${version.replace(/-.*$/, '')}` : `MySQL ${version.replace(/-.*$/, '')}`;
      const link = linkSecurityNote(s.tls, encrypted);
      return { ok: true, at: new Date().toISOString(), message: `Connected to database "${s.database}" as "${s.user}"; it has ${Number(info.tables)} table(s) and view(s). ${link}`, serverInfo: product, latencyMs: Date.now() - started, encrypted };
    } catch (err) {
      return failedCheck(this.wrap(err), started);
    }
  }

  async discover(): Promise<SqlStreamInfo[]> {
    const q: MySqlQuery = (sql, values) => this.query(sql, values ?? [], 'reading the catalog');
    return discoverMySql(q, this.settings().database, async (from) => {
      try {
        const [row] = await this.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${from}`, [], 'counting rows');
        return Number(row.n);
      } catch (err) {
        // A table the user may not read (or a broken view) still belongs in the catalog, without a count.
        if (err instanceof StudioError && (err.code === 'SOURCE_PERMISSION_DENIED' || err.code === 'SOURCE_CORRUPT')) return null;
        throw err;
      }
    });
  }

  async count(stream: string): Promise<number> {
    const shape = await this.shape(stream);
    const [row] = await this.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${shape.from}`, [], `counting the rows of ${stream}`, { table: stream });
    return Number(row.n);
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const shape = await this.shape(stream);
    const plan = planRead(shape, { batchSize: Math.max(1, n) }, MYSQL_DIALECT);
    const { sql, params } = plan.statement(null, Math.max(0, Math.floor(n)));
    const rows = await this.query<Row>(sql, params, `reading a sample of ${stream}`, { table: stream });
    const convert = this.converter(stream, shape, plan.fetched);
    for (const row of rows) convert(row);
    return rows;
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const where: ErrorLocation = { table: stream };
    // The read's own connection opens while the table is looked up on the shared one.
    const opening = this.open();
    // Handled here too: it may fail while the lookup is still running; it is awaited below.
    opening.catch(() => undefined);
    let conn: Connection;
    let plan: PlannedRead;
    let convert: (row: Row) => void;
    try {
      const shape = await this.shape(stream);
      plan = planRead(shape, options, MYSQL_DIALECT, (column, value) => encodeMySqlParam(shape.kinds.get(column), value));
      convert = this.converter(stream, shape, plan.fetched);
      conn = (await opening).conn;
    } catch (err) {
      opening.then(({ conn: c }) => c.destroy(), () => undefined);
      throw this.wrap(err, where);
    }
    const settings = this.settings();
    const batchSize = options.batchSize;
    const limit = chunkRowLimit(plan, settings.chunkRows, batchSize);
    const limits = {
      signal,
      timeoutMs: settings.queryTimeoutMs,
      timeoutError: () => serverTimeout(this.server(), `reading ${stream}`, settings.queryTimeoutMs, where),
      onGiveUp: () => conn.destroy(),
    };
    let statement: MySqlStatementStream | null = null;
    const onConnectionError = (err: unknown) => statement?.fail(err);
    conn.on('error', onConnectionError);
    this.reading.set(conn, onConnectionError);
    const countRow = () => this.diagnostics.rowsFetched++;
    try {
      let after: unknown[] | null = null;
      for (;;) {
        if (signal?.aborted) throw cancelled();
        const { sql, params } = plan.statement(after, limit);
        const current = new MySqlStatementStream(conn, sql, params, batchSize, countRow);
        statement = current;
        let inChunk = 0;
        after = null;
        for (;;) {
          await waitForServer(current.ready(), limits);
          const batch = current.take();
          if (!batch) break;
          inChunk += batch.length;
          const chunkFull = limit !== null && inChunk >= limit;
          if (chunkFull || batch.length < batchSize) {
            // The statement's last batch: let it end first, so the server has released the table
            // before the consumer starts working on these rows.
            await waitForServer(current.done(), limits);
            current.assertOk();
          }
          if (chunkFull) {
            const last = batch[batch.length - 1];
            after = plan.order.map((c) => last[c]);
          }
          for (const row of batch) convert(row);
          yield plan.output ? batch.map((r) => projectRow(r, plan.output!)) : batch;
        }
        if (after === null) return;
      }
    } catch (err) {
      throw this.wrap(err, where);
    } finally {
      conn.off('error', onConnectionError);
      this.reading.delete(conn);
      // A connection still in the middle of a result cannot be reused or ended politely.
      if (statement && !statement.finished) conn.destroy();
      else await endConnection(conn);
    }
  }

  async close(): Promise<void> {
    const meta = this.meta;
    this.meta = null;
    for (const [conn, stop] of this.reading) {
      stop(new StudioError('CANCELLED', 'The read was stopped because the connection to the source was closed.', 'Start it again when ready.'));
      conn.destroy();
    }
    this.reading.clear();
    if (meta) {
      const opened = await meta.catch(() => null);
      if (opened) await endConnection(opened.conn);
    }
  }

  /** In-place adjustment of a fetched row's values (see MySqlValueKind); zero dates are counted. */
  private converter(stream: string, shape: MySqlTableShape, fetched: string[]): (row: Row) => void {
    const adjustments: ColumnAdjustment[] = [];
    for (const column of fetched) {
      const kind = shape.kinds.get(column) ?? 'plain';
      if (kind === 'plain') continue;
      adjustments.push({
        column,
        kind,
        onZeroDate: () => {
          const byColumn = (this.diagnostics.zeroDates[stream] ??= {});
          byColumn[column] = (byColumn[column] ?? 0) + 1;
        },
      });
    }
    return compileRowAdjuster(adjustments);
  }

  private async shape(stream: string): Promise<MySqlTableShape> {
    const q: MySqlQuery = (sql, values) => this.query(sql, values ?? [], `looking up ${stream}`, { table: stream });
    const shape = await mysqlTableShape(q, this.settings().database, stream);
    if (!shape) {
      throw new StudioError('STREAM_NOT_FOUND', `There is no table or view "${stream}" in MySQL/MariaDB database "${this.settings().database}".`, 'Run discovery again to see the tables the database has now; names are case-sensitive on most servers.', { where: { table: stream } });
    }
    return shape;
  }

  /** One query on the shared connection, with the time limit; a connection that timed out is dropped. */
  private async query<T>(sql: string, values: unknown[], what: string, where?: ErrorLocation, conn?: Connection): Promise<T[]> {
    const opened = conn ? { conn } : await this.metaConnection();
    const settings = this.settings();
    try {
      return await waitForServer(runQuery<T>(opened.conn, sql, values), {
        timeoutMs: settings.queryTimeoutMs,
        timeoutError: () => serverTimeout(this.server(), what, settings.queryTimeoutMs, where),
        onGiveUp: () => this.dropMeta(opened.conn),
      });
    } catch (err) {
      const e = this.wrap(err, where);
      if (e.code === 'CONNECTION_FAILED') this.dropMeta(opened.conn);
      throw e;
    }
  }

  private async metaConnection(): Promise<Opened> {
    if (!this.meta) {
      const opening = this.open();
      // Handled here too: it may fail before anyone awaits this.meta.
      opening.catch(() => undefined);
      this.meta = opening;
      opening.then(
        ({ conn }) =>
          // A shared connection the server drops is replaced on the next query.
          conn.on('error', () => {
            if (this.meta === opening) this.meta = null;
          }),
        () => {
          if (this.meta === opening) this.meta = null;
        },
      );
    }
    try {
      return await this.meta;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private dropMeta(conn: Connection): void {
    void this.meta?.then((m) => {
      if (m.conn === conn) this.meta = null;
    }, () => undefined);
    conn.destroy();
  }

  /** Connects as the settings say: TLS first unless disabled, plaintext only when `prefer` allows it. */
  private async open(): Promise<Opened> {
    const { connection, encrypted } = await connectPerSslMode(this.settings().tls.mode, this.tlsMemo, this.server(), (tls) => this.connectOnce(tls), (err) => (err as { code?: string })?.code === 'HANDSHAKE_NO_SSL_SUPPORT');
    return { conn: connection, encrypted };
  }

  private async connectOnce(tls: boolean): Promise<Connection> {
    const s = this.settings();
    const options: ConnectionOptions = {
      host: s.host,
      port: s.port,
      user: s.user,
      password: s.password ?? undefined,
      database: s.database,
      connectTimeout: s.connectTimeoutMs,
      charset: 'UTF8MB4_UNICODE_CI',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: false,
      multipleStatements: false,
      // A server may ask the client to upload a local file (LOAD DATA LOCAL); a source never may.
      flags: ['-LOCAL_FILES'],
      enableKeepAlive: true,
    };
    // mysql2 checks the certificate's name against "localhost" when the host is an IP address
    // (it sends no SNI name then), so for an IP the studio checks the name itself, below.
    const checkIpIdentity = tls && s.tls.verifyHostname && isIP(s.host) !== 0;
    if (tls) {
      options.ssl = { rejectUnauthorized: s.tls.verifyCertificate, verifyIdentity: s.tls.verifyHostname && !checkIpIdentity, ...(s.tls.ca ? { ca: s.tls.ca } : {}) };
    }
    const conn = mysql.createConnection(options);
    // A connection the server drops while idle emits 'error'; without a listener that would crash the engine.
    conn.on('error', () => undefined);
    try {
      await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
      if (checkIpIdentity) verifyPeerIdentity(conn, s.host);
      const lockWait = Math.max(1, Math.ceil(s.queryTimeoutMs / 1000));
      await waitForServer(
        runQuery(
          conn,
          `SET SESSION time_zone = '+00:00',
               SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ',')),
               SESSION lock_wait_timeout = ${lockWait},
               SESSION net_write_timeout = GREATEST(@@SESSION.net_write_timeout, ${CONSUMER_PATIENCE_SECONDS})`,
          [],
        ),
        { timeoutMs: s.connectTimeoutMs, timeoutError: () => serverTimeout(this.server(), 'setting up the session', s.connectTimeoutMs), onGiveUp: () => conn.destroy() },
      );
      // Reading never writes: the session itself refuses writes, whatever the user may do.
      await waitForServer(runQuery(conn, 'SET SESSION TRANSACTION READ ONLY', []), { timeoutMs: s.connectTimeoutMs, timeoutError: () => serverTimeout(this.server(), 'setting up the session', s.connectTimeoutMs), onGiveUp: () => conn.destroy() });
      return conn;
    } catch (err) {
      conn.destroy();
      throw err;
    }
  }

  private settings(): SqlConnectionSettings {
    this.cachedSettings ??= readSqlSettings(this.config, this.secret, 3306, 'MySQL/MariaDB');
    return this.cachedSettings;
  }

  private server(): ServerRef & { user: string } {
    return serverRefOf(this.config, 'MySQL/MariaDB', 3306);
  }

  private wrap(err: unknown, where?: ErrorLocation): StudioError {
    return mapMySqlError(err, this.server(), where);
  }
}

/** Builds the MySQL/MariaDB connector for a saved connection: config from parseSourceLocation, secret = password. */
export function createMySqlConnector(config: Record<string, string | number | boolean>, secret: string | null): SourceConnector {
  return new MySqlConnector(config, secret);
}

/**
 * One statement, answered as a whole (catalog queries, counts, samples). mysql2 interpolates
 * the values client-side with backslash escaping, which is why every session clears
 * NO_BACKSLASH_ESCAPES first.
 */
function runQuery<T>(conn: Connection, sql: string, values: unknown[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    conn.query({ sql, values }, (err, rows) => (err ? reject(err) : resolve(rows as T[])));
  });
}

/** Ends a connection politely (COM_QUIT), and by force if the server does not answer within 2 s. */
function endConnection(conn: Connection): Promise<void> {
  return endPolitely(
    () => new Promise<void>((resolve) => conn.end(() => resolve())),
    () => conn.destroy(),
  );
}

/** Throws Node's own ERR_TLS_CERT_ALTNAME_INVALID when the server's certificate does not name `host`. */
function verifyPeerIdentity(conn: Connection, host: string): void {
  const socket = (conn as unknown as { stream?: Partial<TLSSocket> }).stream;
  const cert = socket?.getPeerCertificate?.(true);
  if (!cert || !('subject' in cert)) throw Object.assign(new Error('The server sent no certificate to check its name against.'), { code: 'CERT_REJECTED' });
  const mismatch = checkServerIdentity(host, cert);
  if (mismatch) throw mismatch;
}
