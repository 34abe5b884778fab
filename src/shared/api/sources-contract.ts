import { z } from 'zod';
import type { AssessmentReportFile, AssessmentResult } from '../model/assessment';
import type { ConnectionKind, Preview, StreamInfo } from '../model/connection';
import type { EntitySuggestion } from '../model/suggestion';

/**
 * The `sources` service: a source read straight from its location, in an engine session without
 * a project file (CLI `discover`, `preview`, `assess`, `suggest`). Nothing is saved anywhere: the
 * source and its password live in the engine's memory until `close` or the engine's end.
 *
 * Kept in a module of its own (schemas, types and the progress event together) so services.ts and
 * schemas.ts only name it. What may be read follows the engine's grants: on the command line what
 * the user typed (the CLI engine's `callerChooses`), elsewhere only what a person picked; the
 * studio's own files never.
 */

const location = z.string().min(1).max(4096);
const sourceId = z.string().min(1).max(200);

/** How a file is read: the same keys as a connection's `options` (connections.add, CLI `--encoding`…). */
export const sourceReadOptionsSchema = z
  .object({ encoding: z.string().min(1).max(64), delimiter: z.string().min(1).max(16), quote: z.string().min(1).max(4), headerRow: z.number().int().min(1).max(1_000_000), recordPath: z.string().min(1).max(1000) })
  .partial()
  .strict();
export type SourceReadOptions = z.infer<typeof sourceReadOptionsSchema>;

export const sourcesRequestSchemas = {
  describe: z.object({ location }).strict(),
  open: z.object({ location, options: sourceReadOptionsSchema.optional(), password: z.string().min(1).max(4096).optional() }).strict(),
  setSecret: z.object({ sourceId, secret: z.string().min(1).max(4096) }).strict(),
  discover: z.object({ sourceId }).strict(),
  preview: z.object({ sourceId, stream: z.string().min(1).max(1000), limit: z.number().int().min(1).max(10_000).optional(), reveal: z.boolean().optional() }).strict(),
  assess: z.object({ sourceId, report: z.enum(['html', 'pdf', 'csv']).optional() }).strict(),
  suggest: z.object({ sourceId, apiVersion: z.enum(['v1', 'v2']).optional() }).strict(),
  close: z.object({ sourceId }).strict(),
};

/** What a location names, read without touching the source. Never the password itself. */
export interface SourceSketch {
  kind: ConnectionKind;
  /** The location with any password replaced by `****`: what may be shown and logged. */
  masked: string;
  /** Whether the location itself holds a password (`mysql://user:pw@…`). */
  hasPassword: boolean;
  /** The user a server location names, or null. */
  user: string | null;
  /** The local file or folder a file location names (null for a database server). */
  file?: string | null;
}

/** A source open in this engine session. */
export interface OpenSourceInfo extends SourceSketch {
  sourceId: string;
}

/** `sources.assess`: the result and, when asked for, the report rendered from it. */
export interface SourceAssessment {
  result: AssessmentResult;
  /** Titled "Data readiness — <masked location>"; UTF-8 for HTML/CSV, base64 for PDF. */
  report: AssessmentReportFile | null;
}

/** `sources.suggest`: entity and field suggestions from a sample of each stream. */
export interface SourceSuggestion {
  /** How many streams were sampled. */
  streams: number;
  /** Streams that could not be read: judged by their names only. */
  unreadable: { stream: string; reason: string }[];
  entities: EntitySuggestion[];
}

/** The `sources.progress` event: one table's rows read by `sources.assess`. */
export interface SourceProgress {
  sourceId: string;
  table: string;
  rowsDone: number;
  rowsTotal: number | null;
}

export interface SourcesService {
  /** Reads a connection string or path: its kind, the masked location, whether it holds a password. Opens nothing; refuses the studio's own files and paths nobody picked. */
  describe(req: { location: string }): Promise<SourceSketch>;
  /** Opens a source for this session (no project file). `password` wins over one in the location; it is kept in memory only, never saved, logged or shown back. */
  open(req: { location: string; options?: SourceReadOptions; password?: string }): Promise<OpenSourceInfo>;
  /** Replaces the open source's password (a second try after SOURCE_AUTH_FAILED). */
  setSecret(req: { sourceId: string; secret: string }): Promise<OpenSourceInfo>;
  /** Streams with columns, keys and row estimates. */
  discover(req: { sourceId: string }): Promise<{ streams: StreamInfo[] }>;
  /** The first rows (default 100); personal values masked unless `reveal`, secret values always null. */
  preview(req: { sourceId: string; stream: string; limit?: number; reveal?: boolean }): Promise<Preview>;
  /** Profiles every stream; progress arrives as `sources.progress` events. */
  assess(req: { sourceId: string; report?: 'html' | 'pdf' | 'csv' }): Promise<SourceAssessment>;
  /** Which Academia Pro entity each stream probably becomes, against `apiVersion` (default v1). */
  suggest(req: { sourceId: string; apiVersion?: 'v1' | 'v2' }): Promise<SourceSuggestion>;
  /** Closes the source and forgets its password. Closing an unknown id does nothing. */
  close(req: { sourceId: string }): Promise<void>;
}
