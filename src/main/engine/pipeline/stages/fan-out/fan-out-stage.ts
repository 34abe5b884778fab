import { z } from 'zod';
import { defineStage, type FieldInfo, type Remark, type SourceRow } from '../stage';
import { settingsRemarks } from '../stage-helpers';

export const fanOutSettings = z.object({
  branches: z
    .array(
      z.object({
        name: z.string().min(1),
        columns: z.record(z.string(), z.string()),
        constants: z.record(z.string(), z.string()).optional(),
        requireColumn: z.string().optional(),
      }),
    )
    .min(1),
});
export type FanOutSettings = z.infer<typeof fanOutSettings>;

/** The column each fanned-out row carries its branch's name in (for the key). */
export const FAN_OUT_BRANCH = 'fanOut.branch';

/**
 * One row → one row per branch, just before `map`: each branch copies its source columns under
 * the names the fields read (MOTHER_FORENAME → FORENAME) and names itself in `fanOut.branch`, so
 * the mapping's key can tell the records apart. A branch whose `requireColumn` is empty is left
 * out and counted skipped (a pupil with no father given makes one guardian, not two).
 */
export const fanOutStage = defineStage<FanOutSettings, SourceRow, SourceRow>({
  kind: 'fan-out',
  label: 'Fan out',
  settings: fanOutSettings,
  fields(settings, input) {
    // Columns unknown (no saved catalog): adding only the branches' names would make later checks
    // believe the stream's own columns are missing.
    if (!input.fields.length) return { fields: [] };
    const names = new Map<string, FieldInfo>(input.fields.map((f) => [f.name, f]));
    for (const b of settings.branches) {
      for (const [from, to] of Object.entries(b.columns)) names.set(to, { name: to, type: names.get(from)?.type ?? 'unknown', origin: 'fan-out' });
      for (const to of Object.keys(b.constants ?? {})) names.set(to, { name: to, type: 'string', origin: 'fan-out' });
    }
    names.set(FAN_OUT_BRANCH, { name: FAN_OUT_BRANCH, type: 'string', origin: 'fan-out' });
    return { fields: [...names.values()] };
  },
  check(settings, input) {
    const remarks: Remark[] = settingsRemarks('fan-out', fanOutSettings, settings);
    if (remarks.length || !input.fields.length) return remarks;
    const columns = new Set(input.fields.map((f) => f.name));
    for (const b of settings.branches) {
      for (const from of [...Object.keys(b.columns), ...(b.requireColumn ? [b.requireColumn] : [])]) {
        if (!columns.has(from)) remarks.push({ level: 'error', stage: 'fan-out', place: `fanOut ${b.name}`, message: `The branch "${b.name}" reads "${from}", which the rows do not have.` });
      }
    }
    return remarks;
  },
  async *process(input, { branches }, ctx) {
    for await (const batch of input) {
      const rows: SourceRow[] = [];
      for (const r of batch.rows) {
        for (const b of branches) {
          if (b.requireColumn !== undefined && isEmpty(r.row[b.requireColumn])) {
            ctx.counters.skipped++;
            continue;
          }
          const row: Record<string, unknown> = { ...r.row, [FAN_OUT_BRANCH]: b.name };
          for (const [from, to] of Object.entries(b.columns)) row[to] = r.row[from] ?? null;
          for (const [to, value] of Object.entries(b.constants ?? {})) row[to] = value;
          rows.push({ sourceRow: r.sourceRow, row });
        }
      }
      yield { rows, bad: batch.bad };
    }
  },
});

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || String(v).trim() === '';
}
