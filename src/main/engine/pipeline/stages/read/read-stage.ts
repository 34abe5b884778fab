import { z } from 'zod';
import { defineStage, type Batch, type SourceRow } from '../stage';
import { settingsRemarks, throwIfCancelled } from '../stage-helpers';

export const readSettings = z.object({
  connectionId: z.string().min(1),
  stream: z.string().min(1),
  /** Rows per source batch: the consumer pulls the next one only when ready (back-pressure). */
  batchSize: z.number().int().min(1).max(100_000),
  /**
   * An incremental sync's filter pushed into the source's query (`cursor > after`, in the
   * source's own terms), for connectors that order and filter by a cursor; the `cursor` stage
   * after it still decides exactly which rows count.
   */
  cursor: z.object({ column: z.string().min(1), after: z.unknown() }).optional(),
});
export type ReadSettings = z.infer<typeof readSettings>;

/**
 * The head of a plan: opens the source, counts the stream (the step's estimate; a file source is
 * estimated from its size instead of being parsed an extra time), and streams it
 * in batches, numbering rows from 1. The connection is closed in `finally`, also when a later
 * stage stops early or fails.
 */
export const readStage = defineStage<ReadSettings, never, SourceRow>({
  kind: 'read',
  label: 'Read the source',
  settings: readSettings,
  fields(settings, _input, env) {
    const stream = env.catalog(settings.connectionId)?.find((s) => s.name === settings.stream);
    return { fields: (stream?.columns ?? []).map((c) => ({ name: c.name, type: c.type, origin: 'read' as const })) };
  },
  check(settings, _input, env) {
    const remarks = settingsRemarks('read', readSettings, settings);
    if (remarks.length) return remarks;
    const catalog = env.catalog(settings.connectionId);
    if (!catalog) return [{ level: 'info', stage: 'read', place: 'settings.connectionId', message: 'The connection was never discovered, so its columns are known only once it is read.' }];
    if (!catalog.some((s) => s.name === settings.stream)) {
      return [{ level: 'error', stage: 'read', place: 'settings.stream', message: `The source has no table "${settings.stream}" in its last discovery.` }];
    }
    return [];
  },
  async *process(_input, settings, ctx) {
    const source = await ctx.services.openSource(settings.connectionId);
    try {
      // A file is not parsed twice: it is estimated from its size, not counted by a full pass.
      const guessed = source.estimate !== undefined;
      const estimate = source.estimate ? await source.estimate(settings.stream) : await source.count(settings.stream);
      ctx.begin(estimate);
      ctx.log(
        'info',
        estimate === null
          ? `Reading ${settings.stream}; its row count is known once it is read.`
          : `Reading ${guessed ? 'about ' : ''}${estimate.toLocaleString('en')} ${estimate === 1 ? 'row' : 'rows'} from ${settings.stream}.`,
      );
      let sourceRow = 0;
      for await (const rows of source.read(settings.stream, { batchSize: settings.batchSize, signal: ctx.signal, ...(settings.cursor ? { cursor: settings.cursor } : {}) })) {
        throwIfCancelled(ctx.signal);
        const batch: Batch<SourceRow> = { rows: new Array<SourceRow>(rows.length), bad: [] };
        for (let i = 0; i < rows.length; i++) batch.rows[i] = { sourceRow: ++sourceRow, row: rows[i] };
        ctx.counters.read += rows.length;
        yield batch;
      }
      for (const note of source.readNotes?.(settings.stream) ?? []) ctx.log('warning', note);
    } finally {
      await source.close();
    }
  },
});
