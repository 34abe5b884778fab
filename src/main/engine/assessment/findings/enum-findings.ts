import type { Finding } from '../../../../shared/model/assessment';
import { columnFinding, rowsWord, where, type ColumnContext } from './finding-context';

/** The members of a declared enum type (`enum('active','left')`, as MySQL and MariaDB report it), or null. */
export function enumMembers(nativeType: string): string[] | null {
  const m = /^\s*enum\s*\((.*)\)\s*$/is.exec(nativeType);
  if (!m) return null;
  return [...m[1].matchAll(/'((?:[^'\\]|''|\\.)*)'/g)].map((x) => x[1].replace(/''/g, "'").replace(/\\(.)/g, '$1'));
}

/**
 * BLANK_NOT_IN_ENUM (warning): rows holding '' in a column declared as an enum whose members do
 * not include ''. MySQL stores '' when a value outside the list was written outside strict mode,
 * so the value the school typed is lost; the row is not "blank by choice". Count: those rows.
 */
export function blankNotInEnum(ctx: ColumnContext): Finding | null {
  const members = enumMembers(ctx.column.info.nativeType);
  const s = ctx.column.stats;
  if (!members || members.includes('') || s.blanks === 0) return null;
  const examples = (s.values ?? []).filter((v) => v.value === '').map((v) => ({ row: v.firstKey, value: '' }));
  return columnFinding(
    ctx,
    'BLANK_NOT_IN_ENUM',
    s.blanks,
    `${rowsWord(s.blanks)} of ${where(ctx)} hold '', which is not one of its declared values (${members.map((m) => `'${m}'`).join(', ')}): the database stored '' for a value outside the list, so what was typed is lost.`,
    examples.length ? examples : s.examples.missing.filter((e) => e.value === '').map((e) => ({ row: e.key, value: '' })),
    { kind: 'review', description: `Find the intended ${ctx.column.info.name} of these rows, or send them as no value (emptyToNull) if the field may be empty.`, transforms: [{ kind: 'emptyToNull' }] },
  );
}
