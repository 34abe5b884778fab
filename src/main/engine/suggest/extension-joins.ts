import type { ColumnProfile } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { MappingJoin } from '../../../shared/model/mapping';

/** A stream holding more about each row of a driving stream, one row per driving key, and the join that reads it. */
export interface ExtensionStream {
  stream: StreamInfo;
  join: MappingJoin;
}

/**
 * Streams that extend a driving stream one row per key: OneRoster's `demographics.csv` holds
 * each user's birthDate and sex under the user's sourcedId. Recognised by a declared reference
 * from a single column to the driving stream's key, a column that holds each key at most once
 * (a lookup join, `match: one`, rejects an ambiguous row). Same-named key columns alone are no
 * evidence: every OneRoster file is keyed by a `sourcedId` of its own.
 */
export function extensionStreams(driving: StreamInfo, streams: readonly StreamInfo[], profile: (stream: string, column: string) => ColumnProfile | undefined, taken: ReadonlySet<string>): ExtensionStream[] {
  const out: ExtensionStream[] = [];
  const used = new Set(taken);
  for (const s of streams) {
    if (s.name === driving.name) continue;
    const fk = s.foreignKeys.find((k) => k.refStream === driving.name && k.columns.length === 1 && k.refColumns.length === 1);
    if (!fk) continue;
    const joinColumn = fk.columns[0];
    const p = profile(s.name, joinColumn);
    const unique = p ? p.rows > 0 && p.distinctExact && p.distinct >= p.rows - p.nulls : s.primaryKey.length === 1 && s.primaryKey[0] === joinColumn;
    if (!unique) continue;
    const as = alias(s.name, used);
    used.add(as);
    out.push({ stream: s, join: { as, stream: s.name, on: [{ column: fk.refColumns[0], joinColumn }] } });
  }
  return out;
}

/** A join name from the stream's name, unique among those taken. */
function alias(stream: string, taken: ReadonlySet<string>): string {
  const base = stream.replace(/^.*\./, '').replace(/[^\w]+/g, '_') || 'extension';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}
