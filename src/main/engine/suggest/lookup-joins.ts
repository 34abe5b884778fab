import type { ColumnProfile } from '../../../shared/model/assessment';
import type { StreamInfo } from '../../../shared/model/connection';
import type { MappingJoin } from '../../../shared/model/mapping';
import type { TargetModelField } from '../../../shared/model/target-model';
import { VALUE_SYNONYMS } from './dictionary';
import { enumOverlap } from './value-fit';

/** How much of a column's values must be an enum's for a lookup to feed it. */
const LOOKUP_OVERLAP = 0.7;

/** A field fed through joins: the joins to add (in order) and the joined column that feeds it. */
export interface LookupFeed {
  joins: MappingJoin[];
  column: string;
  reason: string;
}

interface Context {
  streams: ReadonlyMap<string, StreamInfo>;
  profile: (stream: string, column: string) => ColumnProfile | undefined;
}

/**
 * Where an enum field's values live when the driving stream only holds a code for them, as
 * normalised schools keep them: in a code table the driving row points at (`attendance_code` →
 * `attendance_codes.title`: Present, Absent…), or in a code table a row of a companion stream
 * points at — a stream holding one row per driving key (`student_enrollment`, one per
 * `student_id`, whose `grade_id` → `school_gradelevels.short_name`: 9, 10…). A code table is
 * recognised by a name that holds the code column's stem and a key that contains the code
 * column's values; the fed column by its values fitting the enum. A companion stream must hold
 * each key at most once in the sample, since a lookup (`match: one`) rejects an ambiguous row.
 */
export function lookupFeed(field: TargetModelField, driving: StreamInfo, keyColumns: readonly string[], ctx: Context, taken: ReadonlySet<string>): LookupFeed | null {
  if (!field.enum?.length) return null;
  const direct = codeTableFeed(field, driving, null, ctx, taken, [...new Set([...driving.primaryKey, ...keyColumns])]);
  if (direct) return { joins: direct.joins, column: direct.column, reason: direct.reason };
  if (keyColumns.length !== 1) return null;
  const key = keyColumns[0];
  let best: (LookupFeed & { share: number }) | null = null;
  for (const companion of ctx.streams.values()) {
    if (companion.name === driving.name) continue;
    const joinColumn = companion.columns.find((c) => c.name.toLowerCase() === key.toLowerCase());
    if (!joinColumn) continue;
    const p = ctx.profile(companion.name, joinColumn.name);
    if (!p || p.rows === 0 || p.distinct < p.rows - p.nulls || !p.distinctExact) continue;
    const as = alias(companion.name, taken);
    const join: MappingJoin = { as, stream: companion.name, on: [{ column: key, joinColumn: joinColumn.name }] };
    const through = codeTableFeed(field, companion, as, ctx, new Set([...taken, as]), [...new Set([...companion.primaryKey, joinColumn.name])]);
    if (through && (!best || through.share > best.share)) best = { joins: [join, ...through.joins], column: through.column, reason: `${through.reason}, through ${companion.name} (one row per ${key})`, share: through.share };
  }
  return best && { joins: best.joins, column: best.column, reason: best.reason };
}

/**
 * A code column of `stream` (read as `prefix.column` when joined) pointing at a code table whose
 * column fits the enum; the best fit wins. A code table maps each code to its own label, so the
 * fed column is text with (nearly) one distinct value per row; the stream's own key is no code.
 */
function codeTableFeed(field: TargetModelField, stream: StreamInfo, prefix: string | null, ctx: Context, taken: ReadonlySet<string>, ownKey: readonly string[] = stream.primaryKey): (LookupFeed & { share: number }) | null {
  let best: { code: string; table: string; tableKey: string; column: string; share: number } | null = null;
  for (const code of stream.columns) {
    if (ownKey.includes(code.name)) continue;
    const stem = code.name.toLowerCase().replace(/[_ ]?(id|code|no|key)$/i, '').replace(/[^a-z0-9]/g, '');
    if (stem.length < 4) continue;
    const codeValues = ctx.profile(stream.name, code.name)?.topValues ?? [];
    if (!codeValues.length) continue;
    // `school_id` with a `schools` stream beside it references that stream: it is no code of `school_gradelevels`.
    const named = [...ctx.streams.values()].filter((t) => [stem, `${stem}s`, `${stem}es`].includes(t.name.toLowerCase().replace(/^.*\./, '').replace(/[^a-z0-9]/g, '')));
    for (const table of named.length ? named : ctx.streams.values()) {
      if (table.name === stream.name) continue;
      const words = table.name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      if (!words.some((w) => w.startsWith(stem))) continue;
      const tableKey = table.primaryKey.length === 1 ? table.primaryKey[0] : table.columns.find((c) => c.name.toLowerCase() === 'id')?.name;
      if (!tableKey) continue;
      const keys = new Set((ctx.profile(table.name, tableKey)?.topValues ?? []).map((v) => String(v.value).trim()));
      if (!codeValues.every((v) => keys.has(String(v.value).trim()))) continue;
      for (const c of table.columns) {
        if (c.name === tableKey || c.type !== 'string') continue;
        const p = ctx.profile(table.name, c.name);
        if (!p || p.distinct < 2 || p.distinct < 0.8 * (p.rows - p.nulls)) continue;
        const { share } = enumOverlap(field.enum!, p.topValues, VALUE_SYNONYMS[field.name]);
        if (share >= LOOKUP_OVERLAP && (!best || share > best.share)) best = { code: code.name, table: table.name, tableKey, column: c.name, share };
      }
    }
  }
  if (!best) return null;
  const as = alias(best.table, taken);
  return {
    joins: [{ as, stream: best.table, on: [{ column: prefix ? `${prefix}.${best.code}` : best.code, joinColumn: best.tableKey }] }],
    column: `${as}.${best.column}`,
    reason: `${best.code} is a code of ${best.table}, whose ${best.column} holds ${field.name} values (${Math.round(best.share * 100)} %)`,
    share: best.share,
  };
}

/** A join name from the stream's name, unique among those taken. */
function alias(stream: string, taken: ReadonlySet<string>): string {
  const base = stream.replace(/^.*\./, '').replace(/[^\w]+/g, '_') || 'lookup';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}
