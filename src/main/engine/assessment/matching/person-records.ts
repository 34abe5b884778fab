import { isMojibake } from '../../mapping/cp1252';
import type { SourceConnector } from '../../connectors/connector';
import { murmur3 } from '../relationships/bloom-filter';
import { showKey, tupleText } from '../relationships/key-text';
import { throwIfAborted } from '../relationships/table-keys';
import { readBirthDate, type BirthDate } from './birth-dates';
import { displayName, normalizeName } from './normalize-name';
import type { PeopleTable } from './person-columns';

/** One person as the matcher holds them: a few short strings, so a million fit in memory. */
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
  updated: string | null;
  /** Non-blank values in the row (for the "most complete" survivor rule). */
  filled: number;
  /** Hashes of the table's other columns (0 = blank), compared as supporting detail; empty when not kept. */
  others: Uint32Array;
}

/** Tables larger than this keep no supporting detail per record (memory: 4 bytes a column a record). */
export const MAX_RECORDS_WITH_DETAIL = 500_000;
const NO_DETAIL = new Uint32Array(0);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads a people table into compact records (every column is read, to count filled values). */
export async function readPeople(connector: SourceConnector, t: PeopleTable, index: number, batchSize: number, signal?: AbortSignal): Promise<PersonRecord[]> {
  const out: PersonRecord[] = [];
  const keepDetail = (await connector.count(t.table)) <= MAX_RECORDS_WITH_DETAIL && t.others.length > 0;
  let position = 0;
  for await (const batch of connector.read(t.table, { batchSize, signal })) {
    throwIfAborted(signal);
    for (const row of batch) {
      position++;
      const keyText = t.key.length ? tupleText(t.key.map((c) => row[c])) : null;
      const rawFirst = row[t.first];
      const rawLast = row[t.last];
      let filled = 0;
      for (const v of Object.values(row)) if (v !== null && v !== undefined && String(v).trim() !== '') filled++;
      out.push({
        table: index,
        key: keyText === null ? `row ${position}` : showKey(keyText),
        first: normalizeName(rawFirst),
        last: normalizeName(rawLast),
        firstShown: displayName(rawFirst),
        lastShown: displayName(rawLast),
        repaired: (typeof rawFirst === 'string' && isMojibake(rawFirst)) || (typeof rawLast === 'string' && isMojibake(rawLast)),
        birth: t.birthDate ? readBirthDate(row[t.birthDate]) : { readings: [], text: '' },
        sex: t.sex ? sexOf(row[t.sex]) : null,
        emails: t.emails.map((c) => emailOf(row[c])).filter((e): e is string => e !== null),
        phones: t.phones.map((c) => phoneOf(row[c])).filter((p): p is string => p !== null),
        updated: t.updated && row[t.updated] !== null && row[t.updated] !== undefined ? String(row[t.updated]) : null,
        filled,
        others: keepDetail ? detailOf(row, t.others) : NO_DETAIL,
      });
    }
  }
  return out;
}

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
