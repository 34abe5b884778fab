import type { BundleFindingCode, BundleSeverity } from '../../../shared/model/oneroster';
import { BOOLEAN_VALUES, CEDS_GRADES, RETIRED_VALUES, type ColumnRule } from './column-rules';

/** What is wrong with one value, or null when it keeps the rule. */
export interface ValueProblem {
  severity: BundleSeverity;
  code: BundleFindingCode;
  message: string;
  fix: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME_UTC = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/;
const ISO_DATETIME_OTHER = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d{2}:?\d{2})?$/;
const SLASH_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/**
 * A date written day/month/year or month/day/year: readable, but not ISO 8601. Both readings are
 * given when both are real dates, because the file alone cannot say which was meant.
 */
function slashReadings(value: string): string[] | null {
  const m = SLASH_DATE.exec(value);
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const readings = new Set<string>();
  if (realDate(y, b, a)) readings.add(iso(y, b, a));
  if (realDate(y, a, b)) readings.add(iso(y, a, b));
  return readings.size ? [...readings] : null;
}

function dateProblem(value: string, column: string, withTime: boolean): ValueProblem | null {
  const target = withTime ? 'an ISO 8601 date-time in UTC, YYYY-MM-DDThh:mm:ss.sssZ' : 'an ISO 8601 date, YYYY-MM-DD';
  if (withTime) {
    const m = ISO_DATETIME_UTC.exec(value);
    if (m && realDate(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  }
  const d = ISO_DATE.exec(value);
  if (d && realDate(Number(d[1]), Number(d[2]), Number(d[3]))) {
    return withTime ? { severity: 'warning', code: 'DATETIME_AS_DATE', message: `${column} holds the date ${value} without a time; the spec wants ${target}.`, fix: `Write it as ${value}T00:00:00.000Z (or the real time of the change, in UTC).` } : null;
  }
  const other = ISO_DATETIME_OTHER.exec(value);
  if (other && realDate(Number(other[1]), Number(other[2]), Number(other[3]))) {
    return withTime
      ? { severity: 'warning', code: 'DATETIME_NOT_UTC', message: `${column} holds ${value}, a date-time not written in UTC with a Z.`, fix: `Convert it to UTC and write it as YYYY-MM-DDThh:mm:ss.sssZ.` }
      : { severity: 'warning', code: 'DATE_NOT_ISO', message: `${column} holds ${value}, a date-time where the spec wants ${target}.`, fix: `Write the date alone: ${iso(Number(other[1]), Number(other[2]), Number(other[3]))}.` };
  }
  const readings = slashReadings(value);
  if (readings) {
    const as = readings.length === 1 ? `it reads as ${readings[0]}` : `it reads as ${readings[0]} (day first) or ${readings[1]} (month first), so a reader has to guess`;
    return { severity: 'warning', code: 'DATE_NOT_ISO', message: `${column} holds ${value}, not ${target}; ${as}.`, fix: `Write it as ${readings[0]}${withTime ? 'T00:00:00.000Z' : ''}${readings.length > 1 ? ' (or the other reading, whichever the source system meant)' : ''}.` };
  }
  return { severity: 'error', code: 'BAD_DATE', message: `${column} holds "${value}", which is not a real date in any form a reader understands.`, fix: `Write ${target}, e.g. ${withTime ? '2025-09-01T00:00:00.000Z' : '2025-09-01'}.` };
}

function enumProblem(value: string, column: string, allowed: readonly string[], retired: readonly string[] = []): ValueProblem | null {
  if (allowed.includes(value)) return null;
  const cased = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (cased) return { severity: 'warning', code: 'ENUM_CASE', message: `${column} holds "${value}"; the spec's value is "${cased}" (values are case-sensitive).`, fix: `Write "${cased}".` };
  if (retired.includes(value)) return { severity: 'warning', code: 'ENUM_RETIRED', message: `${column} holds "${value}", a value of an earlier OneRoster version that 1.2 dropped.`, fix: `Use one of ${allowed.join(', ')} (for status: tobedeleted for a record to remove, active otherwise).` };
  return { severity: 'error', code: 'BAD_ENUM', message: `${column} holds "${value}", which is not one of ${allowed.join(', ')}.`, fix: `Write one of ${allowed.join(', ')}.` };
}

/** The comma list of a list column, each item trimmed (the binding allows a space after the comma). */
export function listItems(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** Checks one non-blank value against its column's rule (references are resolved later, across files). */
export function valueProblem(rule: ColumnRule, value: string): ValueProblem | null {
  const { name } = rule;
  switch (rule.format) {
    case 'date':
      return dateProblem(value, name, false);
    case 'datetime':
      return dateProblem(value, name, true);
    case 'year':
      return /^\d{4}$/.test(value) ? null : { severity: 'error', code: 'BAD_YEAR', message: `${name} holds "${value}", not a four-digit year.`, fix: 'Write the year the school year ends in, e.g. 2026 for 2025/26.' };
    case 'enum':
      return enumProblem(value, name, rule.values ?? [], RETIRED_VALUES[name]);
    case 'bool':
      return enumProblem(value, name, BOOLEAN_VALUES);
    case 'float':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? null : { severity: 'error', code: 'BAD_NUMBER', message: `${name} holds "${value}", not a number.`, fix: 'Write a decimal number with a point, e.g. 2.5.' };
    case 'grades': {
      const odd = listItems(value).filter((g) => !(CEDS_GRADES as readonly string[]).includes(g));
      return odd.length
        ? { severity: 'warning', code: 'GRADE_NOT_CEDS', message: `${name} holds ${odd.map((g) => `"${g}"`).join(', ')}, not CEDS grade codes.`, fix: `Use CEDS codes: ${CEDS_GRADES.join(', ')}.` }
        : null;
    }
    default:
      return null;
  }
}
