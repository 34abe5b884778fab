import type { EntityMapping } from '../../../shared/model/mapping';
import type { TransformLookup } from '../../../shared/transforms/define';
import { applyTransforms } from './transforms';

/** One field of a row that could not be mapped, named so a person can fix the source. */
export interface RowFieldError {
  field: string;
  column: string | null;
  message: string;
}

/** A source row turned into an Academia Pro record (or into the reasons it could not be). */
export interface MappedRow {
  /** The row's identifier: its key columns' values, trimmed, joined with "-". '' when a key is empty. */
  externalId: string;
  /** The record to send: `externalId` plus every mapped field whose value is not null. */
  record: Record<string, unknown>;
  errors: RowFieldError[];
  /** True when a `skipWhen` rule matched; nothing else is filled in then. */
  skipped: boolean;
}

/**
 * Maps one source row through an entity mapping. Pure and per-row, so the run can map a batch
 * in any order. Every field is tried even after an error, so a rejected row lists all its
 * problems at once rather than one per attempt. `lookup` finds named crosswalks a mapping names
 * without carrying their tables (a mapping read from the project carries them).
 */
export function mapRow(mapping: EntityMapping, row: Record<string, unknown>, lookup: TransformLookup = {}): MappedRow {
  const errors: RowFieldError[] = [];
  const externalId = keyOf(mapping.keyColumns, row, errors);

  if (mapping.skipWhen?.some((rule) => matchesSkipRule(row[rule.column], rule.values))) {
    return { externalId, record: {}, errors: [], skipped: true };
  }

  const record: Record<string, unknown> = { externalId };
  for (const f of mapping.fields) {
    if (f.field === 'externalId') continue; // the key columns decide the identifier
    let value: unknown = null;
    if (f.column !== null) {
      if (!(f.column in row)) {
        errors.push({ field: f.field, column: f.column, message: `The column "${f.column}" is not in the source table ${mapping.stream}.` });
        continue;
      }
      value = row[f.column];
    }
    const result = applyTransforms(value, f.transforms, row, lookup);
    if (!result.ok) errors.push({ field: f.field, column: f.column, message: result.error });
    else if (result.value !== null && result.value !== undefined) record[f.field] = result.value;
  }
  return { externalId, record, errors, skipped: false };
}

function keyOf(keyColumns: readonly string[], row: Record<string, unknown>, errors: RowFieldError[]): string {
  if (keyColumns.length === 0) {
    errors.push({ field: 'externalId', column: null, message: 'The mapping names no key column, so rows have no identifier.' });
    return '';
  }
  const parts: string[] = [];
  for (const column of keyColumns) {
    const v = row[column];
    const text = v === null || v === undefined ? '' : String(v).trim();
    if (text === '') {
      errors.push({ field: 'externalId', column, message: column in row ? `The key column "${column}" is empty, so the row has no identifier.` : `The key column "${column}" is not in the source row.` });
      return '';
    }
    parts.push(text);
  }
  return parts.join('-');
}

/** Legacy flags come padded or in either case ("x ", "X"); both mean the same flag. */
function matchesSkipRule(value: unknown, values: readonly string[]): boolean {
  const text = value === null || value === undefined ? '' : String(value).trim();
  return values.some((v) => v.trim().toLowerCase() === text.toLowerCase());
}
