import { isMojibake } from '../../values/cp1252';
import type { SourceConnector } from '../../connectors/connector';
import { murmur3 } from '../relationships/bloom-filter';
import { showKey, tupleText } from '../../values/key-text';
import { throwIfAborted } from '../relationships/table-keys';
import { readBirthDate, type BirthDate } from './birth-dates';
import { displayName, normalizeName } from './normalize-name';
import type { PeopleTable } from './person-columns';

/** One person as the matcher holds them: a few short, shared (interned) strings and numbers. */
export interface PersonRecord {
  /** Index of the person's table in the list being matched. */
  table: number;
  key: string;
  first: string;
  last: string;
  /** As a reviewer reads them: mojibake undone, spaces tidied. */
  firstShown: string;
  lastShown: string;
  /** True when a name had to be repaired from mojibake to compare. */
  repaired: boolean;
  birth: BirthDate;
  sex: 'F' | 'M' | null;
  emails: string[];
  phones: string[];
  /** Not kept by `readPeople` (always null there): the matcher never reads it. */
  updated: string | null;
  /** Non-blank values in the row (all its columns when detail is kept, else those that describe the person). */
  filled: number;
  /** Hashes of the table's other columns (0 = blank), compared as supporting detail; empty when not kept. */
  others: Uint32Array;
  /**
   * The roles of a shared people table the row belongs to, as bits (absent or 0: none known):
   * two rows of one table are compared only when they share a role or one has none.
   */
  part?: number;
}

/** How a shared people table tells its roles apart, row by row (assessment/profiling/role-split.ts). */
export interface RowParts {
  columns: readonly string[];
  partOf(row: Record<string, unknown>): number;
}

/** Tables larger than this keep no supporting detail per record (memory: 4 bytes a column a record). */
export const MAX_RECORDS_WITH_DETAIL = 500_000;
const NO_DETAIL = new Uint32Array(0);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Strings the matcher keeps per record (normalized and shown names, birth-date texts) repeat
 * across a school, so each is stored once. Bounded: past `limit` distinct strings the pool starts
 * again (strings already shared stay shared; new ones are simply not deduplicated against old).
 */
export class StringPool {
  private readonly pool = new Map<string, string>();
  constructor(private readonly limit = 200_000) {}

  intern(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    if (this.pool.size >= this.limit) this.pool.clear();
    this.pool.set(s, s);
    return s;
  }
}

/**
 * Reads a people table and hands each person to `onPerson` as a compact record, without keeping
 * them: the caller decides where they go (memory or a spill file). Every column is read, to count
 * filled values. `updated` is not kept: the matcher never reads it (the crosswalk reads the rows).
 */
export async function readPeople(
  connector: SourceConnector,
  t: PeopleTable,
  index: number,
  batchSize: number,
  onPerson: (p: PersonRecord) => void,
  opts: { signal?: AbortSignal; pool?: StringPool; parts?: RowParts } = {},
): Promise<number> {
  const parts = opts.parts;
  const pool = opts.pool ?? new StringPool();
  const keepDetail = t.others.length > 0 && (await connector.count(t.table)) <= MAX_RECORDS_WITH_DETAIL;
  // Without supporting detail only the columns that describe the person are read (a third of a
  // typical pupils table), and `filled` counts among those.
  const columns = keepDetail ? undefined : [...new Set([...t.key, t.first, t.last, t.middle, t.birthDate, t.sex, ...t.emails, ...t.phones, t.updated, ...(parts?.columns ?? [])].filter((c): c is string => !!c))];
  let position = 0;
  for await (const batch of connector.read(t.table, { batchSize, columns, signal: opts.signal })) {
    throwIfAborted(opts.signal);
    for (const row of batch) {
      position++;
      const keyText = t.key.length ? tupleText(t.key.map((c) => row[c])) : null;
      const rawFirst = row[t.first];
      const rawLast = row[t.last];
      let filled = 0;
      for (const k in row) {
        const v = row[k];
        if (v === null || v === undefined) continue;
        if (typeof v === 'string' ? v.trim() !== '' : typeof v === 'number' || String(v).trim() !== '') filled++;
      }
      const birth = t.birthDate ? readBirthDate(row[t.birthDate]) : NO_BIRTH;
      const emails = t.emails.length ? t.emails.map((c) => emailOf(row[c])).filter((e): e is string => e !== null) : NONE;
      const phones = t.phones.length ? t.phones.map((c) => phoneOf(row[c])).filter((p): p is string => p !== null) : NONE;
      const person: PersonRecord = {
        table: index,
        key: keyText === null ? `row ${position}` : showKey(keyText),
        first: pool.intern(normalizeName(rawFirst)),
        last: pool.intern(normalizeName(rawLast)),
        firstShown: pool.intern(displayName(rawFirst)),
        lastShown: pool.intern(displayName(rawLast)),
        repaired: (typeof rawFirst === 'string' && isMojibake(rawFirst)) || (typeof rawLast === 'string' && isMojibake(rawLast)),
        birth: birth.readings.length ? { readings: birth.readings, text: pool.intern(birth.text) } : birth.text ? { readings: NO_READINGS, text: pool.intern(birth.text) } : NO_BIRTH,
        sex: t.sex ? sexOf(row[t.sex]) : null,
        emails: emails.length ? emails : NONE,
        phones: phones.length ? phones : NONE,
        updated: null,
        filled,
        others: keepDetail ? detailOf(row, t.others) : NO_DETAIL,
      };
      if (parts) person.part = parts.partOf(row);
      onPerson(person);
    }
  }
  return position;
}

const NONE: string[] = [];
const NO_READINGS: number[] = [];
const NO_BIRTH: BirthDate = { readings: NO_READINGS, text: '' };

function detailOf(row: Record<string, unknown>, columns: string[]): Uint32Array {
  const out = new Uint32Array(columns.length);
  columns.forEach((c, i) => {
    const v = row[c];
    const text = v === null || v === undefined ? '' : String(v).trim().toLowerCase();
    // 0 marks a blank; a real value hashing to 0 is nudged to 1.
    out[i] = text === '' ? 0 : murmur3(text, 0x1234567) || 1;
  });
  return out;
}

/** Of the other columns filled in on both records, how many hold the same value. */
export function detailAgreement(a: PersonRecord, b: PersonRecord): { compared: number; agreeing: number } {
  let compared = 0;
  let agreeing = 0;
  if (a.table !== b.table) return { compared, agreeing };
  for (let i = 0; i < a.others.length && i < b.others.length; i++) {
    if (a.others[i] === 0 || b.others[i] === 0) continue;
    compared++;
    if (a.others[i] === b.others[i]) agreeing++;
  }
  return { compared, agreeing };
}

/** M/F from the codes schools use: M, F, male, female, boy, girl, 1/2 (ISO 5218). */
export function sexOf(value: unknown): 'F' | 'M' | null {
  const v = String(value ?? '').trim().toLowerCase();
  if (['m', 'male', 'boy', 'man', '1'].includes(v)) return 'M';
  if (['f', 'female', 'girl', 'woman', '2'].includes(v)) return 'F';
  return null;
}

function emailOf(value: unknown): string | null {
  const v = String(value ?? '').trim().toLowerCase();
  return EMAIL.test(v) ? v : null;
}

/** A phone number by its last nine digits, so +44 7700 900123 and 07700 900123 agree. */
function phoneOf(value: unknown): string | null {
  const digits = String(value ?? '').replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-9) : null;
}
