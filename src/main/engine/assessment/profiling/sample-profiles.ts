import type { ColumnProfile } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import type { SourceConnector } from '../../connectors/connector';
import { TableProfiler } from './table-profiler';

/** Rows read per stream for suggestions: enough to see types, empties and the common values. */
export const SUGGEST_SAMPLE_ROWS = 2000;

/**
 * Profiles the first rows of each stream with the assessment's profiler, so suggestions can
 * weigh values (types, empties, top values) without reading whole tables. A stream that cannot
 * be read is left out (its names still count); the reason is returned beside the profiles.
 */
export async function sampleProfiles(connector: SourceConnector, streams: readonly StreamInfo[], opts: { rows?: number; now?: Date; signal?: AbortSignal } = {}): Promise<{ profiles: ColumnProfile[]; unreadable: { stream: string; reason: string }[] }> {
  const limit = opts.rows ?? SUGGEST_SAMPLE_ROWS;
  const profiles: ColumnProfile[] = [];
  const unreadable: { stream: string; reason: string }[] = [];
  for (const stream of streams) {
    if (opts.signal?.aborted) break;
    const profiler = new TableProfiler(stream, { now: opts.now ?? new Date(), maxExamples: 1 });
    let seen = 0;
    try {
      for await (const batch of connector.read(stream.name, { batchSize: Math.min(500, limit), signal: opts.signal })) {
        profiler.addBatch(seen + batch.length > limit ? batch.slice(0, limit - seen) : batch);
        seen += batch.length;
        if (seen >= limit) break;
      }
    } catch (err) {
      unreadable.push({ stream: stream.name, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    profiles.push(...profiler.finish().columns.map((c) => c.profile));
  }
  return { profiles, unreadable };
}
