import type { Finding, FindingFix, Severity } from '../../../../shared/model/assessment';
import type { ValueExample } from '../profiling/column-accumulator';
import type { ProfiledColumn, TableProfile } from '../profiling/table-profiler';
import { FINDING_CODES, type FindingCode } from './finding-codes';
import { maskKindFor, maskValue, type MaskKind } from '../../values/mask';
import type { TargetField } from './target-fields';

/** What a column's finding rules can see. */
export interface ColumnContext {
  table: TableProfile;
  column: ProfiledColumn;
  /** The target field the column feeds, when known. */
  target: TargetField | null;
  mask: MaskKind;
}

export function columnContext(table: TableProfile, column: ProfiledColumn, target: TargetField | null): ColumnContext {
  return { table, column, target, mask: maskKindFor(column.semanticType, column.hints, column.info.name) };
}

/** Examples as findings show them: `row` is the row's key (primary key, or row number), `value` the value, masked. */
export function maskedExamples(ctx: ColumnContext, examples: readonly ValueExample[]): Record<string, unknown>[] {
  return examples.map((e) => ({ row: e.key, value: maskValue(e.value, ctx.mask) }));
}

export function fmt(n: number): string {
  return n.toLocaleString('en');
}

export function rowsWord(n: number): string {
  return n === 1 ? '1 row' : `${fmt(n)} rows`;
}

/** Percentage of the table's rows, for messages ("3.1 %"). */
export function share(count: number, rows: number): string {
  if (rows === 0) return '0 %';
  const p = (count / rows) * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)} %`;
}

/** A finding about one column, with the default severity of its code unless told otherwise. */
export function columnFinding(
  ctx: ColumnContext,
  code: FindingCode,
  count: number,
  message: string,
  examples: Record<string, unknown>[],
  fix: FindingFix | null,
  severity: Severity = FINDING_CODES[code].severity,
): Finding {
  if (fix && ctx.target && !fix.target) fix = { ...fix, target: { entity: ctx.target.entity, field: ctx.target.field, source: ctx.target.source } };
  return { code, severity, table: ctx.table.table, column: ctx.column.info.name, count, message, examples, fix };
}

/** How a column is named in messages: TABLE.COLUMN. */
export function where(ctx: ColumnContext): string {
  return `${ctx.table.table}.${ctx.column.info.name}`;
}

/** "students.birthDate" when the column's target field is known. */
export function targetName(target: TargetField | null): string | null {
  return target ? `${target.entity}.${target.field}` : null;
}
