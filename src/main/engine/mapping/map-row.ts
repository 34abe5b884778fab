import type { EntityMapping } from '../../../shared/model/mapping';
import type { TransformLookup } from '../../../shared/transforms/define';
import type { ApplyContext } from './transforms/define';
import { engineTransform } from './transforms/registry';

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

/** A mapping made ready to map many rows: see {@link compileMapRow}. */
export type RowMapper = (row: Record<string, unknown>) => MappedRow;

/**
 * Maps one source row through an entity mapping. Pure and per-row, so the run can map a batch
 * in any order. Every field is tried even after an error, so a rejected row lists all its
 * problems at once rather than one per attempt. `lookup` finds named crosswalks a mapping names
 * without carrying their tables (a mapping read from the project carries them).
 */
export function mapRow(mapping: EntityMapping, row: Record<string, unknown>, lookup: TransformLookup = {}): MappedRow {
  return compileMapRow(mapping, lookup)(row);
}

/**
 * {@link mapRow} for many rows of one mapping: what does not depend on the row — the fields to
 * fill, each transform's implementation looked up in the registry, the skip rules' values
 * trimmed and lower-cased — is worked out once, so a run's map stage does per row only the
 * row's own work (and one transform context per row, not one per field). Same answers as
 * mapRow, which is this with a single row.
 */
export function compileMapRow(mapping: EntityMapping, lookup: TransformLookup = {}): RowMapper {
  const keyColumns = mapping.keyColumns;
  const stream = mapping.stream;
  const skipRules = mapping.skipWhen?.length ? mapping.skipWhen.map((rule) => ({ column: rule.column, values: new Set(rule.values.map((v) => v.trim().toLowerCase())) })) : null;
  const fields = mapping.fields
    .filter((f) => f.field !== 'externalId') // the key columns decide the identifier
    .map((f) => ({ field: f.field, column: f.column, steps: f.transforms.map((t) => ({ t, impl: engineTransform(t.kind) })) }));
  return (row) => {
    const errors: RowFieldError[] = [];
    const externalId = keyOf(keyColumns, row, errors);
    if (skipRules) {
      for (const rule of skipRules) if (matchesSkipRule(row[rule.column], rule.values)) return { externalId, record: {}, errors: [], skipped: true };
    }
    const record: Record<string, unknown> = { externalId };
    // Transforms are pure and only read their context, so the fields of a row share one.
    const ctx: ApplyContext = { ...lookup, row };
    for (const f of fields) {
      let value: unknown = null;
      if (f.column !== null) {
        if (!(f.column in row)) {
          errors.push({ field: f.field, column: f.column, message: `The column "${f.column}" is not in the source table ${stream}.` });
          continue;
        }
        value = row[f.column];
      }
      // applyTransforms, with each step's implementation found beforehand.
      let current: unknown = value === undefined ? null : value;
      let error: string | null = null;
      for (const step of f.steps) {
        if (!step.impl) {
          error = `Unknown transform "${(step.t as { kind: string }).kind}".`;
          break;
        }
        const result = step.impl.apply(current, step.t, ctx);
        if (!result.ok) {
          error = result.error;
          break;
        }
        current = result.value;
      }
      if (error !== null) errors.push({ field: f.field, column: f.column, message: error });
      else if (current !== null && current !== undefined) record[f.field] = current;
    }
    return { externalId, record, errors, skipped: false };
  };
}

function keyOf(keyColumns: readonly string[], row: Record<string, unknown>, errors: RowFieldError[]): string {
  if (keyColumns.length === 0) {
    errors.push({ field: 'externalId', column: null, message: 'The mapping names no key column, so rows have no identifier.' });
    return '';
  }
  // Joined as it goes (no array per row): the same text as the parts joined with "-".
  let id = '';
  for (let i = 0; i < keyColumns.length; i++) {
    const column = keyColumns[i];
    const v = row[column];
    const text = v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : String(v).trim();
    if (text === '') {
      errors.push({ field: 'externalId', column, message: column in row ? `The key column "${column}" is empty, so the row has no identifier.` : `The key column "${column}" is not in the source row.` });
      return '';
    }
    id = i === 0 ? text : `${id}-${text}`;
  }
  return id;
}

/** Legacy flags come padded or in either case ("x ", "X"); both mean the same flag (`values` are trimmed and lower-cased). */
function matchesSkipRule(value: unknown, values: ReadonlySet<string>): boolean {
  const text = value === null || value === undefined ? '' : String(value).trim();
  return values.has(text.toLowerCase());
}
