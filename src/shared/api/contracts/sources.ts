import { z } from 'zod';
import { defineService, method, scopedEvent, type EventsOf, type ServiceOf } from '../contract';
import type { AssessmentReportFile, AssessmentResult } from '../../model/assessment';
import type { ConnectionKind, Preview, StreamInfo } from '../../model/connection';
import type { EntitySuggestion } from '../../model/suggestion';

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
  assess: z
    .object({
      sourceId,
      report: z.enum(['html', 'pdf', 'csv']).optional(),
      /** The first day of the school year being migrated (yyyy-MM-dd): ages are checked against grades on that day. */
      schoolYearStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written yyyy-MM-dd').optional(),
    })
    .strict(),
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

/** A source read without a project file (the CLI's discover, preview, assess and suggest). */
export const sourcesContract = defineService({
  describe: method(sourcesRequestSchemas.describe).returns<SourceSketch>(),
  open: method(sourcesRequestSchemas.open).returns<OpenSourceInfo>(),
  setSecret: method(sourcesRequestSchemas.setSecret).returns<OpenSourceInfo>(),
  discover: method(sourcesRequestSchemas.discover).returns<{ streams: StreamInfo[] }>(),
  preview: method(sourcesRequestSchemas.preview).returns<Preview>(),
  assess: method(sourcesRequestSchemas.assess).returns<SourceAssessment>(),
  suggest: method(sourcesRequestSchemas.suggest).returns<SourceSuggestion>(),
  close: method(sourcesRequestSchemas.close).returns<void>(),
});

export type SourcesService = ServiceOf<typeof sourcesContract>;

export const sourcesEvents = {
  /** Rows read by `sources.assess`, for the source it reads. */
  'sources.progress': scopedEvent<SourceProgress>((p) => p.sourceId),
};
export type SourcesEvents = EventsOf<typeof sourcesEvents>;
