import type { Finding } from '../../../../shared/model/assessment';
import { singular } from '../../suggest/names';
import { nameWords } from '../../values/column-hints';

/** A table whose name says it is a leftover copy of another: a prefix, a suffix, a date, or "Copy of". */
export interface BackupTable {
  table: string;
  /** The live table it copies, when the source has it; only then is the copy left out by default. */
  copyOf: string | null;
  /** The words or date in its name that say so. */
  marks: string[];
}

/**
 * Words that mark a copy. Narrower than the entity recogniser's list on purpose: `history`,
 * `archive`, `import` or `legacy` tables often hold records a school still migrates, so they are
 * not flagged; `old`, `bak`, `copy`, `tmp`… are.
 */
const COPY_WORDS = new Set(['backup', 'backups', 'bak', 'bkp', 'bck', 'copy', 'old', 'tmp', 'temp', 'orig', 'snapshot', 'snap', 'saved', 'prev', 'previous', 'dup']);
/** A year or a date written as digits (2019, 201909, 20190901). */
const DATE_WORD = /^(?:19|20)\d\d(?:\d\d(?:\d\d)?)?$/;

/**
 * The backup and copy tables among a source's tables: `pupils_backup`, `bak_pupils`,
 * `copy_of_pupils`, `Copy of pupils`, `pupils_old`, `pupils_20190901`. A dated name counts only
 * when the live table is there (`attendance_2019` may be a live yearly table); a copy word counts
 * alone, but without its live table the copy is flagged and still assessed.
 */
export function findBackupTables(tables: readonly string[]): BackupTable[] {
  const core = (words: string[]) => words.map(singular).join(' ');
  const byCore = new Map<string, string>();
  for (const t of tables) {
    const c = core(nameWords(t));
    if (!byCore.has(c)) byCore.set(c, t);
  }
  const out: BackupTable[] = [];
  for (const table of tables) {
    const words = nameWords(table).flatMap(splitTrailingDate);
    const marks = words.filter((w) => COPY_WORDS.has(w) || DATE_WORD.test(w));
    if (!marks.length) continue;
    const rest = words.filter((w) => !marks.includes(w) && w !== 'of');
    if (!rest.length) continue;
    const original = byCore.get(core(rest));
    const copyOf = original && original !== table ? original : null;
    if (copyOf === null && !marks.some((w) => COPY_WORDS.has(w))) continue;
    out.push({ table, copyOf, marks });
  }
  return out;
}

/** `students2019` → `students`, `2019`. */
function splitTrailingDate(word: string): string[] {
  const m = /^([a-z]+?)((?:19|20)\d\d(?:\d\d(?:\d\d)?)?)$/.exec(word);
  return m ? [m[1], m[2]] : [word];
}

/**
 * BACKUP_TABLE (info): a leftover copy. With its live table present it is left out of the
 * assessment — no profile, no duplicates with the live rows, not in the score — and out of the
 * migration by default; without one it is assessed, and the finding asks whether it is live.
 * `count` = its rows.
 */
export function backupFinding(b: BackupTable, rows: number, excluded = b.copyOf !== null): Finding {
  const marks = b.marks.map((m) => `"${m}"`).join(', ');
  return {
    code: 'BACKUP_TABLE',
    severity: 'info',
    table: b.table,
    column: null,
    count: rows,
    message: b.copyOf && !excluded
      ? `${b.table} is a copy of ${b.copyOf} (its name holds ${marks}); it was assessed because backups were asked for, but it should not be migrated beside ${b.copyOf}.`
      : b.copyOf
      ? `${b.table} is a copy of ${b.copyOf} (its name holds ${marks}): it is left out of the assessment and of the migration by default, so its ${rows.toLocaleString('en')} rows are neither scored nor taken for duplicates of ${b.copyOf}.`
      : `${b.table} looks like a backup copy (its name holds ${marks}), but the source has no table it copies, so it was assessed like any other. Leave it out of the mapping unless it is the live table.`,
    examples: [],
    fix: { kind: 'exclusion', description: b.copyOf ? `Keep ${b.table} out of the migration; include it only if it holds records ${b.copyOf} lacks.` : `Leave ${b.table} out of the mapping unless it holds the live records.`, payload: { table: b.table, copyOf: b.copyOf, excluded } },
  };
}
