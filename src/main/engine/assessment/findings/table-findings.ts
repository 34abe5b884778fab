import type { Finding } from '../../../../shared/model/assessment';
import { AGE_MINUS_GRADE_MAX, AGE_MINUS_GRADE_MIN } from '../profiling/age-grade';
import { ymdToIso } from '../profiling/date-math';
import type { TableProfile } from '../profiling/table-profiler';
import { columnFindings, isEmptyColumn } from './column-findings';
import { FINDING_CODES } from './finding-codes';
import { columnContext, fmt, rowsWord } from './finding-context';
import { maskValue } from '../../values/mask';
import type { TableRole, TargetFieldResolver } from './target-fields';
import type { RoleSplit } from '../profiling/role-split';
import { requiringRoles, roleRequiredFindings } from './role-required';

/** Every finding the profile of one table supports: its columns', then the table's own. */
export function tableFindings(table: TableProfile, resolver: TargetFieldResolver | null, today: string, byRole?: { roles: TableRole[]; split: RoleSplit }): Finding[] {
  const out: Finding[] = [];
  const empty: string[] = [];
  for (const column of table.columns) {
    let target = resolver ? resolver.fieldFor(table.table, column.info.name) : null;
    if (!byRole) {
      out.push(...columnFindings(columnContext(table, column, target), today));
      if (isEmptyColumn(column.stats) && target?.required !== true) empty.push(column.info.name);
      continue;
    }
    // A table read as several entities: what is required is required of a role, so the
    // required-field check runs per role (role-required.ts) and the whole column is held to a
    // required field only when every role is.
    const held = requiringRoles(byRole.roles, byRole.split, column.info.name).length;
    if (target) target = { ...target, required: held > 0 && held === byRole.roles.length };
    const whole = columnFindings(columnContext(table, column, target), today);
    out.push(...(held ? whole.filter((f) => f.code !== 'EMPTY_COLUMN' && f.code !== 'MISSING_VALUE') : whole));
    out.push(...roleRequiredFindings(table, column, byRole.roles, byRole.split));
    if (isEmptyColumn(column.stats) && !held) empty.push(column.info.name);
  }
  if (table.rows === 0) return out;
  if (empty.length) {
    out.push({
      code: 'EMPTY_COLUMN',
      severity: 'info',
      table: table.table,
      column: null,
      count: table.rows,
      message: `${empty.length === 1 ? `${empty[0]} is` : `${empty.length} columns are`} empty in every row of ${table.table}${empty.length === 1 ? '' : ` (${empty.join(', ')})`}: there is nothing to migrate from ${empty.length === 1 ? 'it' : 'them'}.`,
      examples: [],
      fix: { kind: 'exclusion', description: 'Leave these columns out of the mapping.', payload: { columns: empty } },
    });
  }
  const key = keyFinding(table);
  if (key) out.push(key);
  const age = ageFinding(table);
  if (age) out.push(age);
  return out;
}

function keyFinding(table: TableProfile): Finding | null {
  const declared = table.stream.primaryKey;
  if (declared.length === 0) {
    const candidates = table.columns.filter((c) => c.stats.distinctExact && c.stats.nulls === 0 && c.stats.blanks === 0 && c.stats.distinct === table.rows).map((c) => c.info.name);
    return {
      code: 'NO_PRIMARY_KEY',
      severity: candidates.length ? 'info' : FINDING_CODES.NO_PRIMARY_KEY.severity,
      table: table.table,
      column: null,
      count: table.rows,
      message: candidates.length
        ? `${table.table} declares no primary key; ${candidates.join(', ')} ${candidates.length === 1 ? 'is' : 'are each'} unique in every row and can identify a row.`
        : `${table.table} declares no primary key and no single column is unique, so a row is identified only by a combination of columns; re-runs need that combination to recognise rows already sent.`,
      examples: [],
      fix: { kind: 'rule', description: candidates.length ? `Use ${candidates[0]} as the mapping's key column.` : 'Choose the key columns in the mapping (for example a person and a date together).', payload: { candidates } },
    };
  }
  if (declared.length !== 1) return null;
  const column = table.columns.find((c) => c.info.name === declared[0]);
  const values = column?.stats.values;
  if (!column || !values) return null;
  const repeated = values.filter((v) => v.count > 1);
  const rows = repeated.reduce((a, v) => a + v.count, 0);
  if (rows === 0) return null;
  return {
    code: 'DUPLICATE_KEY',
    severity: FINDING_CODES.DUPLICATE_KEY.severity,
    table: table.table,
    column: column.info.name,
    count: rows,
    message: `${rowsWord(rows)} of ${table.table} share their ${column.info.name} with another row (${fmt(repeated.length)} key values used more than once), so the key does not identify a row.`,
    examples: repeated.slice(0, 5).map((v) => ({ row: v.value, value: v.value, rows: v.count })),
    fix: { kind: 'review', description: 'Decide which row of each pair is right, or add a second key column.' },
  };
}

function ageFinding(table: TableProfile): Finding | null {
  const check = table.ageGrade;
  if (!check || check.implausible === 0) return null;
  const birth = table.columns.find((c) => c.info.name === check.birthColumn);
  const mask = birth ? 'birthDate' : 'none';
  return {
    code: 'IMPLAUSIBLE_AGE_FOR_GRADE',
    severity: FINDING_CODES.IMPLAUSIBLE_AGE_FOR_GRADE.severity,
    table: table.table,
    column: check.birthColumn,
    count: check.implausible,
    message: `${rowsWord(check.implausible)} of ${table.table} have a ${check.birthColumn} that does not fit their ${check.gradeColumn}: at ${ymdToIso(check.asOf)} their age minus their grade is outside ${AGE_MINUS_GRADE_MIN}–${AGE_MINUS_GRADE_MAX} (of ${fmt(check.checked)} rows with both).${check.complete ? '' : ' Only part of the table could be checked.'}`,
    examples: check.examples.map((e) => ({ row: e.key, birth: maskValue(e.birth, mask), grade: e.grade, age: e.age })),
    fix: { kind: 'review', description: `Check the date of birth and the ${check.gradeColumn} of these rows; one of them was typed wrong.` },
  };
}
