import pg from 'pg';
import Cursor from 'pg-cursor';
import type { ConnectionOptions } from 'node:tls';
import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import type { ConnectionTestResult } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { readSqlSettings, type SqlConnectionSettings } from '../sql/connection-settings';
import type { SqlStreamInfo } from '../sql/index-info';
import { failedCheck, linkSecurityNote } from '../sql/connection-check';
import { serverRefOf, serverTimeout, type ServerRef } from '../sql/network-errors';
import { chunkRowLimit, planRead, projectRow, type PlannedRead, type TableShape } from '../sql/read-plan';
import { connectPerSslMode, type TlsMemo } from '../sql/tls-connect';
import { cancelled, endPolitely, waitForServer } from '../sql/wait';
import { discoverPg, pgTableShape, type PgQuery } from './postgres-catalog';
import { mapPgError } from './postgres-errors';
import { PG_DIALECT, PG_TYPE_PARSERS } from './postgres-types';

/** Counters a caller (a benchmark, a test, a progress view) can watch while reads run. */
export interface PostgresReadDiagnostics {
  /** Rows the driver has received from the server, over all reads of this connector. */
  rowsFetched: number;
}

interface Opened {
  client: pg.Client;
  encrypted: boolean;
}

/**
 * A PostgreSQL database as a legacy source.
 *
 * Every connection is read-only (default_transaction_read_only), speaks UTC (so timestamptz
 * values carry their true offset) and uses its own type parsers (nothing global). Catalog
 * queries, counts and samples share one connection; each read gets its own, so a consumer that
 * calls count() while iterating never waits on itself. A read pulls `batchSize` rows at a time
 * through a server-side cursor, one batch ahead of the consumer at most, in keyset chunks (see
 * PlannedRead.chunked) so no lock or snapshot is held while the consumer works between chunks.
 */
export class PostgresConnector implements SourceConnector {
  readonly kind = 'postgres' as const;
  readonly diagnostics: PostgresReadDiagnostics = { rowsFetched: 0 };
  private meta: Promise<Opened> | null = null;
  private readonly reading = new Set<pg.Client>();
  /** Counts close() calls, so a read cut off by close() ends as CANCELLED rather than a lost connection. */
  private closings = 0;
  private readonly tlsMemo: TlsMemo = { serverLacksTls: false };
  private cachedSettings: SqlConnectionSettings | null = null;
  private metaTurn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: Record<string, string | number | boolean>,
    private readonly secret: string | null,
  ) {}

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    try {
      const { client, encrypted } = await this.metaConnection();
      const [info] = await this.query<{ version: string; schemas: number }>(
        `SELECT current_setting('server_version') AS version,
                (SELECT count(*) FROM pg_namespace WHERE has_schema_privilege(oid, 'USAGE') AND nspname NOT IN ('pg_catalog','information_schema') AND nspname NOT LIKE 'pg\\_%')::int AS schemas`,
        [],
        'checking the connection',
        undefined,
        client,
      );
      const s = this.settings();
      const link = linkSecurityNote(s.tls, encrypted);
      return { ok: true, at: new Date().toISOString(), message: `Connected to database "${s.database}" as "${s.user}"; ${info.schemas} schema(s) can be read. ${link}`, serverInfo: `PostgreSQL ${info.version}`, latencyMs: Date.now() - started, encrypted };
    } catch (err) {
      return failedCheck(this.wrap(err), started);
    }
  }

  async discover(): Promise<SqlStreamInfo[]> {
    const q: PgQuery = (sql, params) => this.query(sql, params ?? [], 'reading the catalog');
    return discoverPg(q, async (from) => {
      try {
        const [row] = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${from}`, [], 'counting rows');
        return Number(row.n);
      } catch (err) {
        // A table the user may not read still belongs in the catalog, just without a count.
        if (err instanceof StudioError && err.code === 'SOURCE_PERMISSION_DENIED') return null;
        throw err;
      }
    });
  }

  async count(stream: string): Promise<number> {
    const shape = await this.shape(stream);
    const [row] = await this.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${shape.from}`, [], `counting the rows of ${stream}`, { table: stream });
    return Number(row.n);
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const shape = await this.shape(stream);
    const plan = planRead(shape, { batchSize: Math.max(1, n) }, PG_DIALECT);
    const { sql, params } = plan.statement(null, Math.max(0, Math.floor(n)));
    return this.query<Row>(sql, params, `reading a sample of ${stream}`, { table: stream });
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const where: ErrorLocation = { table: stream };
    const closings = this.closings;
    // The read's own connection opens while the table is looked up on the shared one.
    const opening = this.open(false);
    // Handled here too: it may fail while the lookup is still running; it is awaited below.
    opening.catch(() => undefined);
    let client: pg.Client;
    let plan: PlannedRead;
    try {
      plan = planRead(await this.shape(stream), options, PG_DIALECT);
      client = (await opening).client;
    } catch (err) {
      opening.then(({ client: c }) => dropClient(c), () => undefined);
      throw this.wrap(err, where);
    }
    const settings = this.settings();
    this.reading.add(client);
    if (signal?.aborted) {
      this.reading.delete(client);
      await endClient(client);
      throw cancelled();
    }
    const batchSize = options.batchSize;
    const limit = chunkRowLimit(plan, settings.chunkRows, batchSize);
    const limits = {
      signal,
      timeoutMs: settings.queryTimeoutMs,
      timeoutError: () => serverTimeout(this.server(), `reading ${stream}`, settings.queryTimeoutMs, where),
      onGiveUp: () => dropClient(client),
    };
    let pending: Promise<Row[]> | null = null;
    try {
      let after: unknown[] | null = null;
      for (;;) {
        const { sql, params } = plan.statement(after, limit);
        const cursor = client.query(new Cursor<Row>(sql, params, { types: PG_TYPE_PARSERS }));
        let inChunk = 0;
        pending = prefetch(cursor, batchSize);
        for (;;) {
          const rows: Row[] = await waitForServer(pending!, limits);
          pending = null;
          this.diagnostics.rowsFetched += rows.length;
          inChunk += rows.length;
          const more = rows.length === batchSize && (limit === null || inChunk < limit);
          if (more) {
            // One batch ahead: the server works on the next batch while the consumer handles this one.
            pending = prefetch(cursor, batchSize);
          } else {
            // Close before handing out the chunk's last batch: nothing stays locked while the consumer works.
            await waitForServer(cursor.close(), limits);
            if (rows.length && limit !== null && inChunk >= limit) {
              const last = rows[rows.length - 1];
              after = plan.order.map((c) => last[c]);
            } else {
              after = null;
            }
          }
          if (rows.length) yield plan.output ? rows.map((r) => projectRow(r, plan.output!)) : rows;
          if (!more) break;
        }
        if (after === null) return;
      }
    } catch (err) {
      if (this.closings !== closings) throw new StudioError('CANCELLED', 'The read was stopped because the connection to the source was closed.', 'Start it again when ready.');
      throw this.wrap(err, where);
    } finally {
      pending?.catch(() => undefined);
      this.reading.delete(client);
      await endClient(client);
    }
  }

  async close(): Promise<void> {
    this.closings++;
    const meta = this.meta;
    this.meta = null;
    const clients = [...this.reading];
    this.reading.clear();
    await Promise.all(clients.map((c) => endClient(c)));
    if (meta) {
      const opened = await meta.catch(() => null);
      if (opened) await endClient(opened.client);
    }
  }

  private async shape(stream: string): Promise<TableShape> {
    const q: PgQuery = (sql, params) => this.query(sql, params ?? [], `looking up ${stream}`, { table: stream });
    const shape = await pgTableShape(q, stream);
    if (!shape) {
      throw new StudioError('STREAM_NOT_FOUND', `There is no table or view "${stream}" in PostgreSQL database "${this.settings().database}".`, 'Run discovery again to see the tables the database has now; names are schema.table and case-sensitive.', { where: { table: stream } });
    }
    return shape;
  }

  /** One query on the shared connection, with the time limit; a connection that timed out is dropped. */
  private query<T>(sql: string, params: unknown[], what: string, where?: ErrorLocation, client?: pg.Client): Promise<T[]> {
    // Callers may overlap (discover while a count runs); the shared connection takes them in turn.
    const run = this.metaTurn.then(() => this.queryNow<T>(sql, params, what, where, client));
    this.metaTurn = run.catch(() => undefined);
    return run;
  }

  private async queryNow<T>(sql: string, params: unknown[], what: string, where?: ErrorLocation, client?: pg.Client): Promise<T[]> {
    const opened = client ? { client } : await this.metaConnection();
    const settings = this.settings();
    try {
      const result = await waitForServer(opened.client.query(sql, params), {
        timeoutMs: settings.queryTimeoutMs,
        timeoutError: () => serverTimeout(this.server(), what, settings.queryTimeoutMs, where),
        onGiveUp: () => this.dropMeta(opened.client),
      });
      return result.rows as T[];
    } catch (err) {
      const e = this.wrap(err, where);
      if (e.code === 'CONNECTION_FAILED') this.dropMeta(opened.client);
      throw e;
    }
  }

  private async metaConnection(): Promise<Opened> {
    if (!this.meta) {
      const opening = this.open(true);
      this.meta = opening;
      opening.catch(() => {
        if (this.meta === opening) this.meta = null;
      });
    }
    try {
      return await this.meta;
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private dropMeta(client: pg.Client): void {
    void this.meta?.then((m) => {
      if (m.client === client) this.meta = null;
    }, () => undefined);
    dropClient(client);
  }

  /** Connects as the settings say: TLS first unless disabled, plaintext only when `prefer` allows it. */
  private async open(forMeta: boolean): Promise<Opened> {
    const { connection, encrypted } = await connectPerSslMode(this.settings().tls.mode, this.tlsMemo, this.server(), (tls) => this.connectOnce(tls, forMeta), (err) => /does not support SSL/i.test((err as Error)?.message ?? ''));
    return { client: connection, encrypted };
  }

  private async connectOnce(tls: boolean, forMeta: boolean): Promise<pg.Client> {
    const s = this.settings();
    const options = ['-c default_transaction_read_only=on', '-c TimeZone=UTC', '-c DateStyle=ISO,YMD', '-c IntervalStyle=iso_8601', `-c lock_timeout=${s.queryTimeoutMs}`];
    // Only the catalog connection gets a statement limit: on a read connection it would also count
    // the time the consumer spends between batches of an open cursor.
    if (forMeta) options.push(`-c statement_timeout=${s.queryTimeoutMs}`);
    const client = new pg.Client({
      host: s.host,
      port: s.port,
      user: s.user,
      password: s.password ?? undefined,
      database: s.database,
      ssl: tls ? this.tlsOptions() : false,
      connectionTimeoutMillis: s.connectTimeoutMs,
      application_name: 'Academia Pro Studio',
      options: options.join(' '),
      types: PG_TYPE_PARSERS,
      keepAlive: true,
    });
    // An idle connection that the server drops emits 'error'; without a listener that would crash the engine.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      dropClient(client);
      throw err;
    }
  }

  private tlsOptions(): ConnectionOptions {
    const { tls } = this.settings();
    const options: ConnectionOptions = { rejectUnauthorized: tls.verifyCertificate };
    if (tls.ca) options.ca = tls.ca;
    if (!tls.verifyHostname) options.checkServerIdentity = () => undefined;
    return options;
  }

  private settings(): SqlConnectionSettings {
    this.cachedSettings ??= readSqlSettings(this.config, this.secret, 5432, 'PostgreSQL');
    return this.cachedSettings;
  }

  private server(): ServerRef & { user: string } {
    return serverRefOf(this.config, 'PostgreSQL', 5432);
  }

  private wrap(err: unknown, where?: ErrorLocation): StudioError {
    return mapPgError(err, this.server(), where);
  }
}

/** Builds the PostgreSQL connector for a saved connection: config from parseSourceLocation, secret = password. */
export function createPostgresConnector(config: Record<string, string | number | boolean>, secret: string | null): SourceConnector {
  return new PostgresConnector(config, secret);
}

/**
 * Asks the cursor for the next batch ahead of need. The promise is marked handled at once: the
 * connection may fail while the consumer still works on the previous batch, before anyone awaits
 * it (the failure is still seen when it is awaited).
 */
function prefetch(cursor: Cursor<Row>, batchSize: number): Promise<Row[]> {
  const next = cursor.read(batchSize);
  next.catch(() => undefined);
  return next;
}

/** Ends a connection politely, and by force if the server does not answer within 2 s. */
function endClient(client: pg.Client): Promise<void> {
  return endPolitely(
    () => client.end().catch(() => undefined),
    () => dropClient(client),
  );
}

/** Drops a connection at once (timeout, cancellation): the socket is destroyed, pending work fails. */
function dropClient(client: pg.Client): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  stream?.destroy();
  client.end().catch(() => undefined);
}
