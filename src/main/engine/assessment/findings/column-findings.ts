import type { Finding, FindingFix } from '../../../../shared/model/assessment';
import type { FieldTransform } from '../../../../shared/model/mapping';
import { MAX_CODE_VALUES, packedSeparator } from '../profiling/semantic-type';
import { suggestCrosswalk } from './crosswalk-suggest';
import { dateFindings } from './date-findings';
import { blankNotInEnum, enumMembers } from './enum-findings';
import { lookalikeCharacters, mixedCodeStyles } from './quirk-findings';
import { spreadsheetDates } from './spreadsheet-dates';
import { columnFinding, fmt, maskedExamples, rowsWord, share, targetName, where, type ColumnContext } from './finding-context';
import { maskValue } from '../../values/mask';

/** A column mostly filled (at least this share) whose gaps are worth a warning even when the target does not require it. */
const MOSTLY_FILLED = 0.95;
/** Codes a column may have and still be checked against a target enum. */
const MAX_CROSSWALK_CODES = 200;

/** Every finding about one column. */
export function columnFindings(ctx: ColumnContext, today: string): Finding[] {
  const s = ctx.column.stats;
  if (s.rows === 0) return [];
  const out: Finding[] = [];
  const push = (f: Finding | null) => {
    if (f) out.push(f);
  };
  push(emptyColumn(ctx));
  push(missingValues(ctx));
  push(untrimmed(ctx));
  push(mojibake(ctx));
  push(allCaps(ctx));
  push(leadingZeros(ctx));
  push(sentinelValues(ctx));
  out.push(...dateFindings(ctx, today));
  push(invalidEmails(ctx));
  push(packedList(ctx));
  push(negativeAmounts(ctx));
  push(codesNeedingCrosswalk(ctx));
  push(spreadsheetDates(ctx));
  push(blankNotInEnum(ctx));
  push(lookalikeCharacters(ctx));
  push(mixedCodeStyles(ctx));
  return out;
}

/**
 * An empty column that feeds a required field blocks readiness: every record would be rejected.
 * The fix spells out the three ways out, since only the school can choose between them. Other
 * empty columns are listed once per table (table-findings.ts).
 */
function emptyColumn(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  if (!isEmptyColumn(ctx.column.stats) || ctx.target?.required !== true) return null;
  const field = targetName(ctx.target);
  const records = ctx.target.entity;
  const finding = columnFinding(
    ctx,
    'EMPTY_COLUMN',
    s.rows,
    `${where(ctx)} is empty in every row (${fmt(s.rows)}), yet it feeds ${field}, which Academia Pro requires: every ${records} record from ${ctx.table.table} would be rejected, so this blocks the migration until one of three choices is made.`,
    [],
    requiredEmptyFix(field),
    'error',
  );
  finding.blocking = true;
  return finding;
}

/** The three ways out of a required field left empty, spelled out: only the school can choose. */
export function requiredEmptyFix(field: string | null, payload: Record<string, unknown> = {}): FindingFix {
  return {
    kind: 'review',
    description: `Choose one: (1) take ${field} from another source (another table, file or system the school keeps it in) and map that; (2) a default value the school agrees in writing, set as a constant; or (3) leave those records out of the migration.`,
    payload: { blocking: true, choices: ['another-source', 'agreed-default', 'leave-out'], ...payload },
  };
}

/** No value in any row (and nothing unreadable either). */
export function isEmptyColumn(s: ColumnContext['column']['stats']): boolean {
  return s.rows > 0 && s.nonBlank === 0 && s.binary === 0 && s.unreadable === 0;
}

function missingValues(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const missing = s.nulls + s.blanks + s.whitespaceOnly;
  if (missing === 0 || missing === s.rows) return null;
  // A blank code is a code like any other for a crosswalk (CODE_NEEDS_CROSSWALK says what it becomes).
  if (ctx.target?.enum?.length) return null;
  const required = ctx.target?.required === true;
  if (!required && (s.rows - missing) / s.rows < MOSTLY_FILLED) return null;
  const field = targetName(ctx.target);
  const message = required
    ? `${rowsWord(missing)} of ${where(ctx)} are empty (${share(missing, s.rows)}); it feeds ${field}, which Academia Pro requires, so those rows will be rejected.`
    : `${rowsWord(missing)} of ${where(ctx)} are empty although ${share(s.rows - missing, s.rows)} of rows have a value: probably left out by mistake.`;
  return columnFinding(
    ctx,
    'MISSING_VALUE',
    missing,
    message,
    maskedExamples(ctx, s.examples.missing),
    required
      ? { kind: 'review', description: `Fill in the missing values at the source, or accept that these rows are rejected (the reason is kept).` }
      : { kind: 'transform', description: 'Send blank values as no value.', transforms: [{ kind: 'emptyToNull' }] },
    required ? 'error' : 'warning',
  );
}

function untrimmed(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  if (s.untrimmed === 0) return null;
  return columnFinding(
    ctx,
    'UNTRIMMED_TEXT',
    s.untrimmed,
    `${rowsWord(s.untrimmed)} of ${where(ctx)} start or end with spaces, so equal values do not compare equal.`,
    maskedExamples(ctx, s.examples.untrimmed),
    { kind: 'transform', description: 'Trim leading and trailing spaces.', transforms: [{ kind: 'trim' }] },
  );
}

function mojibake(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  if (s.mojibake === 0) return null;
  return columnFinding(
    ctx,
    'MOJIBAKE',
    s.mojibake,
    `${rowsWord(s.mojibake)} of ${where(ctx)} are UTF-8 text that was read as a single-byte code page (Windows-1252 or Latin-1) and saved again, once or twice ("JosÃ©" for "José"); the original text can be recovered exactly.`,
    maskedExamples(ctx, s.examples.mojibake),
    { kind: 'transform', description: 'Repair the text with fixMojibake, every layer of it (clean text, Hebrew and Arabic are left as they are).', transforms: [{ kind: 'fixMojibake' }] },
  );
}

function allCaps(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  if (ctx.column.semanticType !== 'person-name' || s.allCaps === 0) return null;
  // Only where most names are written in mixed case; an all-capitals column is a house style, not a defect.
  if (s.withLowerCase < s.nonBlank * 0.5) return null;
  return columnFinding(
    ctx,
    'ALL_CAPS_TEXT',
    s.allCaps,
    `${rowsWord(s.allCaps)} of ${where(ctx)} are in capitals while most names are in mixed case.`,
    maskedExamples(ctx, s.examples.allCaps),
    { kind: 'transform', description: 'Title-case names written all in capitals ("MCDONALD" → "McDonald"); mixed-case names are left alone.', transforms: [{ kind: 'titleCase', onlyIfAllCaps: true }] },
  );
}

function leadingZeros(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const type = ctx.column.semanticType;
  if (s.leadingZeros === 0 || (type !== 'identifier' && type !== 'code')) return null;
  const width = s.minLength !== null && s.minLength === s.maxLength ? s.maxLength : null;
  const transforms: FieldTransform[] | undefined = width ? [{ kind: 'padStart', length: width, char: '0' }] : undefined;
  return columnFinding(
    ctx,
    'LEADING_ZERO_ID',
    s.leadingZeros,
    `${rowsWord(s.leadingZeros)} of ${where(ctx)} are numbers written with leading zeros ("${String(s.examples.leadingZero[0]?.value ?? '000123')}"); read as a number they would lose the zeros and stop matching.`,
    maskedExamples(ctx, s.examples.leadingZero),
    {
      kind: 'rule',
      description: width ? `Keep ${ctx.column.info.name} as text; where another system dropped the zeros, pad it back to ${width} digits.` : `Keep ${ctx.column.info.name} as text.`,
      transforms,
    },
  );
}

function sentinelValues(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const type = ctx.column.semanticType;
  if (type === 'code' || type === 'boolean') return null;
  const found = [...s.sentinels.entries()].filter(([, e]) => !e.date);
  const count = found.reduce((a, [, e]) => a + e.count, 0);
  if (count === 0 || count > s.nonBlank * 0.5) return null;
  const table: Record<string, string> = Object.fromEntries(found.map(([text]) => [text, '']));
  return columnFinding(
    ctx,
    'SENTINEL_VALUE',
    count,
    `${rowsWord(count)} of ${where(ctx)} hold a placeholder meaning "unknown" or "none" (${found.map(([t, e]) => `"${t}" ${fmt(e.count)}`).join(', ')}).`,
    found.slice(0, 5).map(([text, e]) => ({ row: e.firstKey, value: text })),
    { kind: 'transform', description: 'Send the placeholders as no value.', transforms: [{ kind: 'crosswalk', table, fallback: 'keep' }, { kind: 'emptyToNull' }] },
  );
}

function invalidEmails(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  if (ctx.column.semanticType !== 'email') return null;
  const invalid = s.nonBlank - s.emailValid;
  if (invalid <= 0) return null;
  return columnFinding(
    ctx,
    'INVALID_EMAIL',
    invalid,
    `${rowsWord(invalid)} of ${where(ctx)} are not usable e-mail addresses (no @, two @, no dot in the domain, spaces inside, or a placeholder such as "n/a"); Academia Pro rejects a record with an invalid address.`,
    maskedExamples(ctx, s.examples.invalidEmail),
    { kind: 'review', description: 'Correct the addresses, or leave the e-mail out for these rows.' },
  );
}

function packedList(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const sep = packedSeparator(s, ctx.column.hints);
  if (sep === null || ctx.column.semanticType !== 'packed-list') return null;
  const count = s.packed[sep];
  return columnFinding(
    ctx,
    'PACKED_LIST',
    count,
    `${rowsWord(count)} of ${where(ctx)} hold several items in one text, separated by "${sep}".`,
    maskedExamples(ctx, s.examples.packed),
    { kind: 'transform', description: `Split the text into a list at "${sep}".`, transforms: [{ kind: 'split', separator: sep }] },
  );
}

function negativeAmounts(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const type = ctx.column.semanticType;
  if (!ctx.column.hints.amount || s.negatives === 0 || (type !== 'integer' && type !== 'decimal')) return null;
  return columnFinding(
    ctx,
    'NEGATIVE_AMOUNT',
    s.negatives,
    `${rowsWord(s.negatives)} of ${where(ctx)} are negative amounts (lowest ${s.numericMin}); fees and payments are normally positive, refunds and credits belong in their own records.`,
    maskedExamples(ctx, s.examples.negative),
    { kind: 'review', description: 'Check whether these are refunds, credits or typing errors before migrating them.' },
  );
}

function codesNeedingCrosswalk(ctx: ColumnContext): Finding | null {
  const s = ctx.column.stats;
  const target = ctx.target;
  if (!target?.enum?.length || s.values === null || s.distinctNonBlank > MAX_CROSSWALK_CODES) return null;
  if (ctx.column.semanticType !== 'code' && ctx.column.semanticType !== 'boolean' && s.distinctNonBlank > MAX_CODE_VALUES) return null;
  const allowed = new Set(target.enum);
  // '' outside the source's own enum is BLANK_NOT_IN_ENUM's problem: one finding per problem.
  const sourceEnum = enumMembers(ctx.column.info.nativeType);
  const blankIsOwnProblem = sourceEnum !== null && !sourceEnum.includes('');
  const outside = s.values.filter((v) => !allowed.has(String(v.value)) && !(blankIsOwnProblem && v.value === ''));
  const count = outside.reduce((a, v) => a + v.count, 0);
  if (count === 0) return null;
  const observed = outside.sort((a, b) => b.count - a.count).map((v) => String(v.value));
  const suggestion = suggestCrosswalk(target.field, target.enum, observed);
  const shown = observed.slice(0, 12).map((code) => (code === '' ? '(blank)' : code));
  const unmapped = suggestion.unmapped.map((c) => (c === '' ? '(blank)' : `"${c}"`));
  return columnFinding(
    ctx,
    'CODE_NEEDS_CROSSWALK',
    count,
    `${rowsWord(count)} of ${where(ctx)} hold codes that ${targetName(target)} does not accept (${shown.join(', ')}${observed.length > shown.length ? ', …' : ''}); it takes ${target.enum.join(', ')}.`,
    outside.slice(0, 5).map((v) => ({ row: v.firstKey, value: maskValue(v.value, ctx.mask), rows: v.count })),
    {
      kind: 'crosswalk',
      description: `Translate the codes with a crosswalk${unmapped.length ? `; decide ${unmapped.join(', ')} by hand (rejected until then)` : ''}.`,
      transforms: [{ kind: 'crosswalk', table: suggestion.table, fallback: 'reject' }],
      payload: { observed: outside.map((v) => ({ value: String(v.value), count: v.count })), unmapped: suggestion.unmapped },
    },
  );
}
