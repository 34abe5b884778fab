import { StudioError } from '../../../../shared/errors';
import type { ColumnInfo, ConnectionTestResult, SourceIssue, StreamInfo } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { KindTally } from '../files/values/infer-type';
import { flattenOneRoster, ONEROSTER_REST_VERSION, oneRosterRestColumns } from './oneroster-rest-profile';
import { systemClock, cancelled, type RestClock } from './rest-clock';
import { resolveRestConfig, type ResolvedRestConfig, type RestStreamDef } from './rest-config';
import { cursorFilter } from './rest-cursor';
import { RestHttp, type RestStats } from './rest-http';
import { pagingLoop, restPages } from './rest-pages';

/** What a connector is given besides its config and secret: tests inject a clock, and may inject fetch. */
export interface RestConnectorOptions {
  clock?: RestClock;
  fetch?: typeof fetch;
}

/** What the last read of a stream met, for the run's log and the tests. */
export interface RestReadReport {
  pages: number;
  /** Records the server sent (duplicates and filtered ones included). */
  received: number;
  /** Rows handed on. */
  rows: number;
  /** Records dropped because a record with the same key came on an earlier page. */
  duplicates: number;
  /** Records an increment left out here because they were not newer than the high-water mark. */
  notNewer: number;
  stats: RestStats;
}

/** Records looked at when discovering a stream's columns. */
const DISCOVERY_SAMPLE = 50;

/**
 * A JSON API read over HTTP (model/rest-source.ts): the OneRoster 1.2 rostering profile, or a
 * generic API described by its config. Reads page by page as the consumer pulls (a page is
 * fetched only when the previous batch was taken), stop at the AbortSignal, drop records
 * repeated across pages by their key (counted in `readReport`), and apply an increment
 * (`ReadOptions.cursor`) both as the server's filter and here (rest-cursor.ts).
 *
 * Rows come in the server's order (OneRoster asked to sort by sourcedId); `orderBy` is not
 * honoured, since an API cannot be asked to sort by any column, and no primary key is offered
 * for the same reason (as for a OneRoster CSV bundle). Reading never writes to the API.
 */
export class RestConnector implements SourceConnector {
  readonly kind = 'rest' as const;
  private readonly http: RestHttp;
  private readonly reports = new Map<string, RestReadReport>();
  private readonly discoveryIssues = new Map<string, SourceIssue[]>();

  constructor(
    readonly config: ResolvedRestConfig,
    secret: string | null,
    options: RestConnectorOptions = {},
  ) {
    this.http = new RestHttp(config, secret, options.clock ?? systemClock, options.fetch);
  }

  /** Requests, retries, waits and tokens so far, across every call. */
  get stats(): RestStats {
    return { ...this.http.stats };
  }

  async check(): Promise<ConnectionTestResult> {
    const at = new Date().toISOString();
    const started = Date.now();
    const def = this.config.streamDefs[0];
    const encrypted = new URL(this.config.baseUrl).protocol === 'https:';
    try {
      const first = await this.firstPage(def, 1);
      return {
        ok: true,
        at,
        message: `Read ${def.name} from ${this.config.baseUrl}${first.total !== null ? ` (${first.total} records)` : ''}.`,
        serverInfo: this.config.profile === 'oneroster' ? `OneRoster ${ONEROSTER_REST_VERSION} REST` : 'REST API (JSON)',
        latencyMs: Date.now() - started,
        encrypted,
      };
    } catch (err) {
      return { ok: false, at, message: err instanceof Error ? err.message : String(err), encrypted };
    }
  }

  async discover(): Promise<StreamInfo[]> {
    const streams: StreamInfo[] = [];
    let firstFailure: unknown = null;
    for (const def of this.config.streamDefs) {
      try {
        const page = await this.firstPage(def, Math.min(DISCOVERY_SAMPLE, this.config.pageSize));
        streams.push(this.streamInfo(def, page.records.map((r) => this.toRow(r)), page.total));
      } catch (err) {
        // An endpoint these credentials may not read, or one this server does not serve (many
        // SIS leave out demographics), is listed with why; anything else stops the discovery.
        if (!(err instanceof StudioError) || (err.code !== 'SOURCE_PERMISSION_DENIED' && err.code !== 'STREAM_NOT_FOUND')) throw err;
        firstFailure ??= err;
        const info = this.streamInfo(def, [], null);
        info.issues = [{ message: err.message, where: { file: def.name } }];
        streams.push(info);
      }
    }
    if (firstFailure && streams.every((s) => s.issues?.length)) throw firstFailure;
    return streams;
  }

  async estimate(stream: string): Promise<number | null> {
    return (await this.firstPage(this.def(stream), 1)).total;
  }

  async count(stream: string): Promise<number> {
    const total = await this.estimate(stream);
    if (total !== null) return total;
    let n = 0;
    for await (const batch of this.read(stream, { batchSize: this.config.pageSize })) n += batch.length;
    return n;
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const rows: Row[] = [];
    const batches = { [Symbol.asyncIterator]: () => this.readRows(this.def(stream), { batchSize: n }, Math.min(n, this.config.pageSize)) };
    for await (const batch of batches) {
      rows.push(...batch);
      if (rows.length >= n) break;
    }
    return rows.slice(0, n);
  }

  read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const def = this.def(stream);
    return { [Symbol.asyncIterator]: () => this.readRows(def, options) };
  }

  /** What the last read of `stream` met: pages, duplicates dropped, rows left out by the increment. */
  readReport(stream: string): RestReadReport | null {
    return this.reports.get(stream) ?? null;
  }

  /** For the run's log: records read once although sent again, and time spent waiting for the server. */
  readNotes(stream: string): string[] {
    const report = this.reports.get(stream);
    if (!report) return [];
    const notes: string[] = [];
    const key = this.def(stream).key;
    if (report.duplicates) notes.push(`${report.duplicates.toLocaleString('en')} record(s) of ${stream} came again on a later page and were read once (by ${key}).`);
    if (report.stats.retries || report.stats.waitedMs) notes.push(`The API limited how often it may be asked: ${report.stats.retries} request(s) sent again, ${Math.round(report.stats.waitedMs / 1000)} s waited so far.`);
    return notes;
  }

  /** Things the last discovery or read met that did not stop it (as file sources report them). */
  issues(stream: string): { items: SourceIssue[]; total: number } {
    const items = [...(this.discoveryIssues.get(stream) ?? [])];
    const report = this.reports.get(stream);
    if (report?.duplicates) items.push({ message: `${report.duplicates} record(s) came again on a later page and were read once (by ${this.def(stream).key}).`, where: { file: stream } });
    return { items, total: items.length };
  }

  async close(): Promise<void> {
    // Nothing held open: fetch keeps its idle sockets in its own pool, closed by it.
  }

  private async *readRows(def: RestStreamDef, options: ReadOptions, pageSize?: number): AsyncGenerator<Row[]> {
    const batchSize = options.batchSize > 0 ? options.batchSize : this.config.pageSize;
    const filter = cursorFilter(options.cursor);
    const report: RestReadReport = { pages: 0, received: 0, rows: 0, duplicates: 0, notNewer: 0, stats: this.http.stats };
    this.reports.set(def.name, report);
    const seen = new Set<string>();
    let pending: Row[] = [];
    let staleFullPages = 0;
    const serverSince = filter?.since && options.cursor?.column === def.updatedColumn ? filter.since : undefined;
    for await (const page of restPages(this.http, this.config, def, { signal: options.signal, ...(serverSince ? { since: serverSince } : {}), ...(pageSize ? { pageSize } : {}) })) {
      if (options.signal?.aborted) throw cancelled();
      report.pages++;
      report.received += page.records.length;
      let fresh = 0;
      for (const record of page.records) {
        const row = this.toRow(record);
        const key = def.key ? row[def.key] : undefined;
        if (key !== undefined && key !== null) {
          const k = typeof key === 'string' ? key : JSON.stringify(key);
          if (seen.has(k)) {
            report.duplicates++;
            continue;
          }
          seen.add(k);
        }
        fresh++;
        if (filter && !filter.keep(row)) {
          report.notNewer++;
          continue;
        }
        pending.push(options.columns ? pick(row, options.columns) : row);
      }
      // An API that ignores the offset sends its first page again and again: two full pages
      // with nothing new is a loop, not data.
      staleFullPages = fresh === 0 && page.records.length > 0 ? staleFullPages + 1 : 0;
      if (staleFullPages >= 2) throw pagingLoop(`${this.config.baseUrl}${def.path}`, { table: def.name }, 'two pages in a row held only records already read (the server seems to ignore the offset)');
      while (pending.length >= batchSize) {
        const batch = pending.slice(0, batchSize);
        pending = pending.slice(batchSize);
        report.rows += batch.length;
        yield batch;
      }
    }
    if (pending.length) {
      report.rows += pending.length;
      yield pending;
    }
  }

  private async firstPage(def: RestStreamDef, pageSize: number) {
    for await (const page of restPages(this.http, this.config, def, { pageSize, firstOnly: true })) return page;
    return { records: [], total: null };
  }

  private toRow(record: Record<string, unknown>): Row {
    return this.config.profile === 'oneroster' ? flattenOneRoster(record) : flattenGeneric(record);
  }

  private streamInfo(def: RestStreamDef, rows: Row[], total: number | null): StreamInfo {
    const tally = new KindTally();
    for (const row of rows) for (const [k, v] of Object.entries(row)) tally.add(k, v);
    const seen: ColumnInfo[] = tally.columns().map((name) => ({ name, type: tally.typeOf(name), nativeType: 'JSON', nullable: name !== def.key }));
    if (this.config.profile === 'oneroster') {
      const { columns, foreignKeys } = oneRosterRestColumns(def.name, seen);
      return { name: def.name, columns, primaryKey: [], foreignKeys, rowEstimate: total, oneRoster: { version: ONEROSTER_REST_VERSION, file: def.name } };
    }
    return { name: def.name, columns: seen, primaryKey: [], foreignKeys: [], rowEstimate: total };
  }

  private def(stream: string): RestStreamDef {
    const def = this.config.streamDefs.find((d) => d.name === stream);
    if (!def) {
      throw new StudioError('STREAM_NOT_FOUND', `The REST source at ${this.config.baseUrl} has no stream "${stream}".`, `Streams there: ${this.config.streamDefs.map((d) => d.name).join(', ')}.`, { where: { table: stream } });
    }
    return def;
  }
}

/** Builds a REST connector from a saved connection's config and the secret read through the vault. */
export function createRestConnector(config: Record<string, string | number | boolean>, secret: string | null, options: RestConnectorOptions = {}): RestConnector {
  return new RestConnector(resolveRestConfig(config, secret !== null && secret !== ''), secret, options);
}

/**
 * A generic record as a flat row: nested objects become dotted columns (`address.city`, three
 * levels at most, deeper ones JSON text), lists of plain values a comma list, other lists JSON text.
 */
export function flattenGeneric(record: Record<string, unknown>, prefix = '', depth = 0, into: Row = {}): Row {
  for (const [k, v] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) into[name] = v.every((x) => x === null || typeof x !== 'object') ? v.map((x) => (x === null ? '' : String(x))).join(',') : JSON.stringify(v);
    else if (typeof v === 'object' && v !== null) {
      if (depth < 2) flattenGeneric(v as Record<string, unknown>, name, depth + 1, into);
      else into[name] = JSON.stringify(v);
    } else into[name] = v;
  }
  return into;
}

function pick(row: Row, columns: readonly string[]): Row {
  const out: Row = {};
  for (const c of columns) out[c] = row[c] ?? null;
  return out;
}
