import { basename, dirname } from 'node:path/posix';
import { StudioError } from '../../../../shared/errors';
import type { ConnectionKind, ConnectionTestResult, OneRosterFileInfo, SourceIssue, StreamInfo } from '../../../../shared/model/connection';
import type { ReadOptions, Row, SourceConnector } from '../connector';
import { csvTableReader } from './csv/csv-table';
import { excelTableReader } from './excel/excel-table';
import type { FileReadConfig } from './file-config';
import { isNoise, withoutExtension } from './file-formats';
import type { FileSource, SourceFile } from './file-source';
import { throwIfAborted } from './file-errors';
import { jsonTableReader } from './json/json-table';
import { applyOneRosterSpec, oneRosterInfo, readManifest, type OneRosterManifest } from './oneroster/oneroster-bundle';
import { IssueLog, type FileFormat, type TableContext, type TableReader, type TableRef } from './table-reader';
import { rowFilter } from './values/row-filter';
import { xmlTableReader } from './xml/xml-table';

const READERS: Record<FileFormat, TableReader> = { csv: csvTableReader, excel: excelTableReader, json: jsonTableReader, xml: xmlTableReader };

/** A stream of a file source and where it comes from. */
interface FileTable {
  name: string;
  ref: TableRef;
  oneRoster?: OneRosterFileInfo;
}

/** A file the source holds but that gives no stream, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * One connector for every file source (a CSV, a workbook, a JSON or XML file, a folder, a zip):
 * the source lists files, a reader per format turns each into tables, and this class names the
 * streams, types OneRoster bundles, and applies a read's batch size, columns and cursor.
 *
 * Files are read in their own order: `orderBy` is refused (sorting would mean holding the whole
 * file), so file streams declare no primary key. A `cursor` filters rows whose value is greater
 * than `after` (see rowFilter) — a filter, not a resumable position.
 */
export class FileSourceConnector implements SourceConnector {
  private tables: Map<string, FileTable> | null = null;
  private skipped: SkippedFile[] = [];
  private readonly readIssues = new Map<string, IssueLog>();

  constructor(
    readonly kind: ConnectionKind,
    private readonly source: FileSource,
    private readonly config: FileReadConfig,
  ) {}

  async check(): Promise<ConnectionTestResult> {
    const started = Date.now();
    const at = () => new Date().toISOString();
    try {
      const tables = await this.resolve();
      const skippedNote = this.skipped.length ? ` ${this.skipped.length} file(s) were left out: ${this.skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`).join('; ')}${this.skipped.length > 3 ? '…' : ''}` : '';
      if (tables.size === 0) {
        return { ok: false, at: at(), message: `The ${this.source.label} ${this.source.path} holds no file the studio can read.${skippedNote} Supported: .csv/.tsv/.txt, .xlsx, .json/.ndjson, .xml.`, latencyMs: Date.now() - started };
      }
      const first = [...tables.values()][0];
      const described = this.source.naming === 'single' ? await READERS[first.ref.format].describe(first.ref, this.context(first.name)) : null;
      const bundle = [...tables.values()].find((t) => t.oneRoster)?.oneRoster;
      const info = [this.formatLabel(first.ref.format), described?.encoding, described?.delimiter ? `delimiter ${JSON.stringify(described.delimiter)}` : undefined, bundle ? `OneRoster ${bundle.version}` : undefined].filter(Boolean).join(', ');
      return {
        ok: true,
        at: at(),
        message: `The ${this.source.label} opens: ${tables.size} stream${tables.size === 1 ? '' : 's'} to read.${skippedNote}`,
        serverInfo: info,
        latencyMs: Date.now() - started,
      };
    } catch (err) {
      const e = err instanceof StudioError ? err : new StudioError('CONNECTION_FAILED', `${this.source.path} could not be read: ${(err as Error).message}`, 'Check the path and the file.', { where: { file: this.source.path }, cause: err });
      return { ok: false, at: at(), message: `${e.message} ${e.hint}`, latencyMs: Date.now() - started };
    }
  }

  async discover(): Promise<StreamInfo[]> {
    this.tables = null;
    const tables = await this.resolve();
    const bundleStreams = this.bundleStreams(tables);
    const streams: StreamInfo[] = [];
    for (const table of tables.values()) {
      const ctx = this.context(table.name);
      let info: StreamInfo;
      try {
        const d = await READERS[table.ref.format].describe(table.ref, ctx);
        info = { name: table.name, columns: d.columns, primaryKey: [], foreignKeys: [], rowEstimate: d.rowEstimate };
        if (d.encoding) info.encoding = d.encoding;
        if (d.delimiter) info.delimiter = d.delimiter;
        if (d.headerRow !== undefined) info.headerRow = d.headerRow;
        if (d.recordPath !== undefined) info.recordPath = d.recordPath;
        if (d.issues.length) info.issues = d.issues;
      } catch (err) {
        // In a folder or zip one bad file must not hide the others: it shows, empty, with the reason.
        if (this.source.naming === 'single' || !(err instanceof StudioError)) throw err;
        info = { name: table.name, columns: [], primaryKey: [], foreignKeys: [], rowEstimate: null, issues: [issueOf(err, table.ref.entry.displayPath)] };
      }
      if (table.oneRoster) {
        info.oneRoster = table.oneRoster;
        const dir = dirname(table.ref.entry.relativePath);
        const typed = applyOneRosterSpec(table.oneRoster, info.columns, (file) => bundleStreams.get(`${dir}\u0000${file}`) ?? null);
        info.columns = typed.columns;
        info.foreignKeys = typed.foreignKeys;
      }
      streams.push(info);
    }
    return streams;
  }

  async count(stream: string): Promise<number> {
    const table = await this.table(stream);
    return READERS[table.ref.format].count(table.ref, this.context(stream));
  }

  /** From the file's size and the rows of a sample (discovery's guess); a run never parses a file twice. */
  async estimate(stream: string): Promise<number | null> {
    const table = await this.table(stream);
    return (await READERS[table.ref.format].describe(table.ref, this.context(stream))).rowEstimate;
  }

  async sample(stream: string, n: number): Promise<Row[]> {
    const rows: Row[] = [];
    if (n <= 0) return rows;
    for await (const batch of this.read(stream, { batchSize: Math.min(n, 1000) })) {
      rows.push(...batch);
      if (rows.length >= n) break;
    }
    return rows.slice(0, n);
  }

  async *read(stream: string, options: ReadOptions): AsyncIterable<Row[]> {
    const table = await this.table(stream);
    if (options.orderBy?.length) {
      throw new StudioError('SOURCE_UNSUPPORTED', `The stream "${stream}" is a file and is read in its own row order; it cannot be sorted by ${options.orderBy.join(', ')} while streaming.`, 'Read it without an order, or load it into a database first if the rows must be sorted.', { where: { file: table.ref.entry.displayPath, table: stream } });
    }
    const batchSize = Math.max(1, Math.floor(options.batchSize) || 1);
    const log = new IssueLog();
    this.readIssues.set(stream, log);
    const ctx = this.context(stream, options.signal, log);
    const reader = READERS[table.ref.format];
    const fixed = options.columns?.length ? await reader.fixedColumns(table.ref, ctx) : null;
    const filter = rowFilter(options, fixed, stream);
    const where = { file: table.ref.entry.displayPath, table: stream };
    let batch: Row[] = [];
    for await (const chunk of reader.rows(table.ref, ctx)) {
      const rows = filter ? filter(chunk) : chunk;
      if (batch.length === 0 && rows.length === batchSize) {
        throwIfAborted(options.signal, where);
        yield rows;
        continue;
      }
      for (const row of rows) {
        batch.push(row);
        if (batch.length >= batchSize) {
          throwIfAborted(options.signal, where);
          yield batch;
          batch = [];
        }
      }
    }
    throwIfAborted(options.signal, where);
    if (batch.length) yield batch;
  }

  async close(): Promise<void> {
    this.tables = null;
    await this.source.close();
  }

  /** What the last read of a stream met that did not stop it: the first 20 issues and how many in all. */
  issues(stream: string): { items: SourceIssue[]; total: number } {
    const log = this.readIssues.get(stream);
    return { items: log ? [...log.items] : [], total: log?.total ?? 0 };
  }

  /** Files of a folder or zip that give no stream (not data files, old .xls, unreadable workbooks). */
  skippedFiles(): SkippedFile[] {
    return [...this.skipped];
  }

  private context(stream: string, signal?: AbortSignal, issues = new IssueLog()): TableContext {
    return { config: this.config, issues, guard: { signal, idleTimeoutMs: this.config.readTimeoutMs, where: { file: this.source.path, table: stream } } };
  }

  private async table(stream: string): Promise<FileTable> {
    const tables = await this.resolve();
    const table = tables.get(stream);
    if (!table) {
      throw new StudioError('STREAM_NOT_FOUND', `The ${this.source.label} ${this.source.path} has no stream "${stream}".`, 'Run discovery again to see the files (and sheets) it holds now.', { where: { file: this.source.path, table: stream } });
    }
    return table;
  }

  /** Lists the source's files once and names their streams; discovery lists them again. */
  private async resolve(): Promise<Map<string, FileTable>> {
    if (this.tables) return this.tables;
    const files = await this.source.files();
    this.skipped = [];
    const candidates: { name: string; alt: string; ref: TableRef; file: SourceFile }[] = [];
    for (const file of files) {
      const { entry, format } = file;
      if (format === null || format === 'xls') {
        this.skipped.push({ path: entry.relativePath, reason: format === 'xls' ? 'old-format .xls: save it as .xlsx or CSV' : 'not a data file the studio reads' });
        continue;
      }
      const stem = withoutExtension(entry.relativePath);
      if (format === 'excel') {
        let sheets: string[];
        try {
          sheets = (await excelTableReader.sheets(entry, this.context(stem))) ?? [];
        } catch (err) {
          if (this.source.naming === 'single' || !(err instanceof StudioError)) throw err;
          this.skipped.push({ path: entry.relativePath, reason: err.message });
          continue;
        }
        for (const sheet of sheets) {
          const name = this.source.naming === 'single' ? sheet : `${stem}/${sheet}`;
          candidates.push({ name, alt: `${entry.relativePath}/${sheet}`, ref: { entry, format, sheet, stream: name }, file });
        }
        continue;
      }
      if (format === 'xml') {
        // A document with several record types is one table a type, named by its record element.
        const types = await xmlTableReader.sheets(entry, this.context(stem));
        if (types) {
          const locals = types.map((t) => t.slice(t.lastIndexOf('/') + 1));
          types.forEach((type, i) => {
            const label = locals.indexOf(locals[i]) === locals.lastIndexOf(locals[i]) ? locals[i] : type.replace(/^\//, '').replace(/\//g, '.');
            const name = this.source.naming === 'single' ? label : `${stem}/${label}`;
            candidates.push({ name, alt: `${entry.relativePath}/${label}`, ref: { entry, format, sheet: type, stream: name }, file });
          });
          continue;
        }
      }
      candidates.push({ name: stem, alt: entry.relativePath, ref: { entry, format, stream: stem }, file });
    }
    // Two files that differ only by extension (a.csv, a.json) keep their extensions to stay apart.
    const counts = new Map<string, number>();
    for (const c of candidates) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    const tables = new Map<string, FileTable>();
    for (const c of candidates) {
      const name = (counts.get(c.name) ?? 0) > 1 ? c.alt : c.name;
      tables.set(name, { name, ref: { ...c.ref, stream: name } });
    }
    await this.recogniseOneRoster(tables);
    this.tables = tables;
    return tables;
  }

  /** A folder (of a folder or zip source) with a OneRoster manifest.csv types its CSV files. */
  private async recogniseOneRoster(tables: Map<string, FileTable>): Promise<void> {
    if (this.source.naming !== 'tree') return;
    const manifests = new Map<string, OneRosterManifest>();
    for (const table of tables.values()) {
      const rel = table.ref.entry.relativePath;
      if (table.ref.format !== 'csv' || basename(rel).toLowerCase() !== 'manifest.csv' || isNoise(rel)) continue;
      const rows: Row[] = [];
      try {
        for await (const chunk of csvTableReader.rows(table.ref, this.context(table.name))) {
          rows.push(...chunk);
          if (rows.length > 500) break;
        }
      } catch {
        continue; // an unreadable manifest: the files are still read, just not typed
      }
      const manifest = readManifest(rows);
      if (manifest) manifests.set(dirname(rel), manifest);
    }
    if (manifests.size === 0) return;
    for (const table of tables.values()) {
      const rel = table.ref.entry.relativePath;
      const manifest = manifests.get(dirname(rel));
      if (!manifest || table.ref.format !== 'csv') continue;
      table.oneRoster = oneRosterInfo(withoutExtension(basename(rel)), manifest);
    }
  }

  /** `dir \0 oneRosterFile` → stream name, for the references between a bundle's files. */
  private bundleStreams(tables: Map<string, FileTable>): Map<string, string> {
    const map = new Map<string, string>();
    for (const t of tables.values()) if (t.oneRoster?.file) map.set(`${dirname(t.ref.entry.relativePath)}\u0000${t.oneRoster.file}`, t.name);
    return map;
  }

  private formatLabel(format: FileFormat): string {
    return { csv: 'Delimited text (CSV)', excel: 'Excel workbook (.xlsx)', json: 'JSON', xml: 'XML' }[format];
  }
}

function issueOf(err: StudioError, file: string): SourceIssue {
  const where: SourceIssue['where'] = { file: err.where?.file ?? file };
  if (err.where?.line !== undefined) where.line = err.where.line;
  return { message: `${err.message} ${err.hint}`, where };
}
