import type { Finding } from '../../../../shared/model/assessment';
import type { EntityMapping, FieldMapping } from '../../../../shared/model/mapping';
import { transformSuppliesBlank } from '../../../../shared/transforms/registry';
import type { TargetContract } from '../../../../academia-api/contract';
import type { TableProfile } from '../profiling/table-profiler';
import type { RoleCount } from '../profiling/role-split';
import { FINDING_CODES } from './finding-codes';
import { fmt, rowsWord, share } from './finding-context';

/**
 * With a mapping, what the target requires can be checked against the data: a required field
 * that no column feeds, or rows whose feeding column is empty. `count` is those rows; the row is
 * rejected by Academia Pro unless a transform supplies a value.
 */
export function mappingFindings(mappings: readonly EntityMapping[], tables: readonly TableProfile[], contract: TargetContract, mappingRows?: (mapping: EntityMapping) => RoleCount | null): Finding[] {
  const out: Finding[] = [];
  for (const mapping of mappings) {
    const whole = tables.find((t) => t.table === mapping.stream);
    if (!whole || !contract.hasEntity(mapping.entity) || whole.rows === 0) continue;
    // A mapping that keeps only some rows (one role of a shared people table) is held to what
    // its entity requires on those rows only.
    const role = mappingRows?.(mapping) ?? null;
    const table: RowsOf = role ? { table: whole.table, rows: role.rows, missing: (column) => (whole.columns.some((c) => c.info.name === column) ? (role.empty.get(column)?.count ?? 0) : role.rows) } : { table: whole.table, rows: whole.rows, missing: (column) => missingRows(whole, column) };
    if (table.rows === 0) continue;
    const entity = contract.entity(mapping.entity);
    for (const field of entity.required) {
      if (field === 'externalId') {
        for (const key of mapping.keyColumns) {
          const missing = table.missing(key);
          if (missing > 0) out.push(finding(table, key, missing, `${rowsWord(missing)} of ${table.table} have no ${key}, the mapping's key column, so they get no externalId and cannot be sent.`));
        }
        continue;
      }
      const fm = mapping.fields.find((f) => f.field === field);
      if (!fm) {
        out.push({ ...finding(table, null, table.rows, `No column feeds ${mapping.entity}.${field}, which Academia Pro requires: all ${fmt(table.rows)} rows of ${table.table}${role ? ` the ${mapping.entity} mapping keeps` : ''} would be rejected.`), blocking: true });
        continue;
      }
      // A column of a joined stream (`demographics.birthDate`) is not in this table's profile.
      if (!fm.column || suppliesBlank(fm) || mapping.joins?.some((j) => fm.column!.startsWith(`${j.as}.`))) continue;
      const missing = table.missing(fm.column);
      if (missing > 0) {
        out.push(finding(table, fm.column, missing, `${rowsWord(missing)} of ${table.table} (${share(missing, table.rows)}) have no ${fm.column}, which feeds ${mapping.entity}.${field}; Academia Pro requires it, so they will be rejected.`));
      }
    }
  }
  return out;
}

function missingRows(table: TableProfile, column: string): number {
  const c = table.columns.find((x) => x.info.name === column);
  return c ? c.stats.nulls + c.stats.blanks + c.stats.whitespaceOnly : table.rows;
}

/** A field whose transforms give blanks a value (a constant, a join, a crosswalk entry for blank: the registry says which) never goes out empty. */
function suppliesBlank(fm: FieldMapping): boolean {
  return fm.transforms.some((t) => transformSuppliesBlank(t));
}

/** The rows a mapping reads, and how many of them have no value in a column. */
interface RowsOf {
  table: string;
  rows: number;
  missing(column: string): number;
}

function finding(table: RowsOf, column: string | null, count: number, message: string): Finding {
  return {
    code: 'MISSING_REQUIRED',
    severity: FINDING_CODES.MISSING_REQUIRED.severity,
    table: table.table,
    column,
    count,
    message,
    examples: [],
    fix: column ? { kind: 'review', description: 'Fill in the values at the source, map the field from another column, or accept the rejections.' } : { kind: 'rule', description: 'Map a column (or a constant) to the required field.' },
  };
}
