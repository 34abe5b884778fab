import type { Finding } from '../../../../shared/model/assessment';
import type { RoleCount, RoleEmpties, RoleSplit } from '../profiling/role-split';
import type { ProfiledColumn, TableProfile } from '../profiling/table-profiler';
import { requiredEmptyFix } from './column-findings';
import { columnContext, columnFinding, fmt, maskedExamples, rowsWord, targetName, where } from './finding-context';
import type { TableRole, TargetField } from './target-fields';

/** A role whose entity requires what a column feeds, with the column's empties among its rows. */
interface RequiringRole {
  role: TableRole;
  count: RoleCount;
  empty: RoleEmpties;
  target: TargetField;
}

/** The roles of a split table that hold a column to a required field (and have rows). */
export function requiringRoles(roles: readonly TableRole[], split: RoleSplit, column: string): RequiringRole[] {
  const out: RequiringRole[] = [];
  split.roles.forEach((count, i) => {
    const role = roles[i];
    const target = role?.targetOf(column);
    if (!target?.required || count.rows === 0) return;
    out.push({ role, count, target, empty: count.empty.get(column) ?? { count: 0, examples: [] } });
  });
  return out;
}

/**
 * Required fields checked per role in a table read as several entities (issue 16 points 2 and
 * 3): a column is held to a required field only on the rows of the roles that require it, so
 * staff without a birth date are no student problem, while students without one are, even when
 * every member of staff has one. Empty in every row of a role: EMPTY_COLUMN, a blocking error
 * with the choices spelled out (count: those roles' rows). Empty in some: MISSING_VALUE, an
 * error (count: those rows); blanks of a code column are the crosswalk's, as in a whole table.
 */
export function roleRequiredFindings(table: TableProfile, column: ProfiledColumn, roles: readonly TableRole[], split: RoleSplit): Finding[] {
  const requiring = requiringRoles(roles, split, column.info.name);
  if (!requiring.length) return [];
  const out: Finding[] = [];
  const blank = requiring.filter((r) => r.empty.count === r.count.rows);
  const partial = requiring.filter((r) => r.empty.count > 0 && r.empty.count < r.count.rows && !r.target.enum?.length);
  const perRole = (list: RequiringRole[], n: (r: RequiringRole) => number) => list.map((r) => ({ entity: r.role.entity, field: r.target.field, label: r.role.label, rows: n(r), of: r.count.rows }));
  const others = roles.filter((r) => !requiring.some((x) => x.role === r)).map((r) => r.entity);
  const notHeld = others.length ? ` Only those rows are held to it: ${others.join(' and ')} rows do not feed a required field from it.` : '';

  if (blank.length) {
    const ctx = columnContext(table, column, blank[0].target);
    const rows = blank.reduce((a, r) => a + r.count.rows, 0);
    const which = blank.map((r) => `${r.role.entity} (${r.role.label}: ${rowsWord(r.count.rows)})`).join(' and ');
    const fields = [...new Set(blank.map((r) => targetName(r.target)))].join(' and ');
    const finding = columnFinding(
      ctx,
      'EMPTY_COLUMN',
      rows,
      `${where(ctx)} is empty in every row of ${which}, yet it feeds ${fields}, which Academia Pro requires: every such record from ${table.table} would be rejected, so this blocks the migration until one of three choices is made.${notHeld}`,
      [],
      requiredEmptyFix(fields, { roles: perRole(blank, (r) => r.count.rows) }),
      'error',
    );
    finding.blocking = true;
    out.push(finding);
  }
  if (partial.length) {
    const ctx = columnContext(table, column, partial[0].target);
    const missing = partial.reduce((a, r) => a + r.empty.count, 0);
    const which = partial.map((r) => `${fmt(r.empty.count)} of ${fmt(r.count.rows)} ${r.role.entity} rows (${r.role.label}; ${targetName(r.target)})`).join(', ');
    out.push(
      columnFinding(
        ctx,
        'MISSING_VALUE',
        missing,
        `${rowsWord(missing)} of ${where(ctx)} ${missing === 1 ? 'is' : 'are'} empty where Academia Pro requires a value: ${which}; those rows will be rejected.${notHeld}`,
        maskedExamples(ctx, partial.flatMap((r) => r.empty.examples).slice(0, 5)),
        { kind: 'review', description: 'Fill in the missing values at the source, or accept that these rows are rejected (the reason is kept).', payload: { roles: perRole(partial, (r) => r.empty.count) } },
        'error',
      ),
    );
  }
  return out;
}
