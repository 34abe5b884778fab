/** The kinds of source the studio can connect to (`rest`: a JSON API over HTTP, see model/rest-source.ts). */
export const CONNECTION_KINDS = ['sqlite', 'mysql', 'postgres', 'mssql', 'access', 'dbf', 'csv', 'excel', 'json', 'xml', 'folder', 'zip', 'rest'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/**
 * A saved source connection. `config` never holds a secret: passwords live in the vault, and
 * `hasSecret` only says whether one is set.
 */
export interface ConnectionInfo {
  id: string;
  name: string;
  kind: ConnectionKind;
  /** Connection string or path with any password masked. */
  location: string;
  config: Record<string, string | number | boolean>;
  hasSecret: boolean;
  /**
   * The password's state in the vault: `set`; `missing` (none stored; fine for files);
   * `needs-reentry` (stored under another user's or computer's key, e.g. a copied project).
   */
  secretStatus: 'set' | 'missing' | 'needs-reentry';
  createdAt: string;
  lastTest?: ConnectionTestResult;
}

export interface ConnectionTestResult {
  ok: boolean;
  at: string;
  message: string;
  /** Server product and version, or file format, when known. */
  serverInfo?: string;
  latencyMs?: number;
  /** False when the link to a server is not encrypted: shown as a warning. */
  encrypted?: boolean;
  /** `schedule` for the studio's scheduled health check; absent for a test someone asked for. */
  trigger?: 'schedule';
}

/** Normalized column types (docs/conventions.md); the native type is kept beside it. */
export const COLUMN_TYPES = ['string', 'integer', 'decimal', 'number', 'boolean', 'date', 'datetime', 'time', 'binary', 'json', 'unknown'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  nativeType: string;
  nullable: boolean;
  length?: number;
  precision?: number;
  scale?: number;
  /** Holds secrets (password hashes, tokens, security answers): its values always read as null. */
  secret?: boolean;
}

export interface ForeignKeyInfo {
  columns: string[];
  refStream: string;
  refColumns: string[];
  /** True when declared in the source; false when inferred. */
  declared: boolean;
}

/** An index of a source table. */
export interface IndexInfo {
  name: string;
  columns: string[];
  unique: boolean;
  primary: boolean;
}

/** One table, view, sheet or file discovered in a source. */
export interface StreamInfo {
  name: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  foreignKeys: ForeignKeyInfo[];
  rowEstimate: number | null;
  /** Indexes, where the source has them (SQL databases). */
  indexes?: IndexInfo[];
  /** Files only: the text encoding the file was read with (detected, or set in the connection's config). */
  encoding?: string;
  /** Delimited text only: the field delimiter (detected, or set in the connection's config). */
  delimiter?: string;
  /** Files only: the 1-based line (CSV) or row (sheet) holding the column names; absent when there is none. */
  headerRow?: number;
  /** JSON/XML only: where the records were found (`$.data.students`, `/Students/Student`); detected or configured. */
  recordPath?: string;
  /** Set on the files of a OneRoster CSV bundle (a folder or zip with a manifest.csv). */
  oneRoster?: OneRosterFileInfo;
  /** Things found while sampling that did not stop the read (a row with too few fields…), first few only. */
  issues?: SourceIssue[];
}

/** How a file of a OneRoster CSV bundle was recognised. */
export interface OneRosterFileInfo {
  /** `oneroster.version` from manifest.csv, e.g. "1.1" or "1.2". */
  version: string;
  /** The OneRoster file this stream is (`users`, `enrollments`…), or `manifest`; null when not one the spec names. */
  file: string | null;
  /** From manifest.csv `file.<name>`: `bulk`, `delta` or `absent`, when the manifest says. */
  mode?: string;
}

/** Something odd in a source that did not stop the read, with the place it was found. */
export interface SourceIssue {
  message: string;
  where: { file?: string; line?: number; row?: number; column?: string };
}

export interface Catalog {
  streams: StreamInfo[];
  discoveredAt: string;
  /** What changed since the previous discovery of the same connection (absent the first time). */
  drift?: CatalogDrift;
}

/** Schema drift between two discoveries, and the mappings it touches. */
export interface CatalogDrift {
  previousAt: string;
  addedStreams: string[];
  removedStreams: string[];
  changedStreams: {
    stream: string;
    addedColumns: string[];
    removedColumns: string[];
    retypedColumns: { column: string; from: string; to: string }[];
  }[];
  /** Mappings that read a removed stream or a removed/retyped column. */
  affectedMappings: { mappingId: string; entity: string; stream: string; columns: string[]; reason: string }[];
}

/** A first look at a stream's rows. Values are JSON-safe (see the connector contract). */
export interface Preview {
  stream: string;
  /** `personal`: names, contacts, birth dates… (masked unless revealed); `secret`: values always null. */
  columns: { name: string; type: ColumnType; personal?: boolean; secret?: boolean }[];
  rows: Record<string, unknown>[];
}
