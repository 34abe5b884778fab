import type { ColumnProfile } from '../../../../shared/model/assessment';
import type { StreamInfo } from '../../../../shared/model/connection';
import { nameTokens } from '../relationships/name-tokens';

/** What kind of people a table holds, from its name; decides which tables are compared. */
export type PeopleRole = 'student' | 'staff' | 'guardian' | 'person';

/** A table recognised as holding people, and the columns that describe them. */
export interface PeopleTable {
  table: string;
  role: PeopleRole;
  /** Declared primary key; empty when there is none (rows are then named by their position). */
  key: string[];
  first: string;
  last: string;
  middle: string | null;
  birthDate: string | null;
  sex: string | null;
  emails: string[];
  phones: string[];
  /** A last-modified column, for the "most recent" survivor rule. */
  updated: string | null;
  /** The other columns (not the key, names, dates of birth, contacts, timestamps), compared as supporting detail. */
  others: string[];
}

const FIRST = ['first name', 'firstname', 'forename', 'forenames', 'given name', 'givenname', 'given names', 'fname', 'christian name', 'first'];
const LAST = ['last name', 'lastname', 'surname', 'family name', 'familyname', 'lname', 'last'];
const MIDDLE = ['middle name', 'middlename', 'middle names', 'middle'];
const BIRTH = ['dob', 'birthdate', 'birth date', 'date of birth', 'birthday', 'born', 'd o b', 'birth dt'];
const SEX = ['sex', 'gender'];
const UPDATED = ['last updated', 'updated at', 'updated', 'last modified', 'modified', 'modified at', 'date modified', 'last update', 'updated on'];

const STUDENT_WORDS = ['student', 'pupil', 'learner', 'child', 'children', 'kid'];
const GUARDIAN_WORDS = ['contact', 'guardian', 'parent', 'family', 'carer', 'emergency', 'relative', 'mother', 'father'];
const STAFF_WORDS = ['staff', 'teacher', 'employee', 'faculty', 'user', 'personnel', 'tutor', 'instructor'];

/**
 * Finds the tables that hold people: those with a first-name and a last-name column (FORENAME /
 * SURNAME, first_name / last_name, staff_emergency_first_name …). A column whose profile says it
 * holds person names is preferred when several fit.
 */
export function recognisePeopleTables(streams: StreamInfo[], profiles: ColumnProfile[] = []): PeopleTable[] {
  const out: PeopleTable[] = [];
  for (const stream of streams) {
    const columns = stream.columns.map((c) => ({ name: c.name, phrase: nameTokens(c.name).join(' '), type: c.type }));
    const personName = new Set(profiles.filter((p) => p.table === stream.name && p.semanticType === 'person-name').map((p) => p.column));
    const pick = (phrases: string[]): string | null => {
      const hits = columns.filter((c) => phrases.some((p) => c.phrase === p || c.phrase.endsWith(` ${p}`)));
      if (!hits.length) return null;
      hits.sort((x, y) => Number(personName.has(y.name)) - Number(personName.has(x.name)) || rank(x.phrase, phrases) - rank(y.phrase, phrases) || x.phrase.length - y.phrase.length);
      return hits[0].name;
    };
    const first = pick(FIRST);
    const last = pick(LAST);
    if (!first || !last || first === last) continue;
    const tokens = nameTokens(stream.name);
    const role: PeopleRole = tokens.some((t) => GUARDIAN_WORDS.includes(singular(t)))
      ? 'guardian'
      : tokens.some((t) => STUDENT_WORDS.includes(singular(t)))
        ? 'student'
        : tokens.some((t) => STAFF_WORDS.includes(singular(t)))
          ? 'staff'
          : 'person';
    const shape: Omit<PeopleTable, 'others'> = {
      table: stream.name,
      role,
      key: stream.primaryKey,
      first,
      last,
      middle: pick(MIDDLE),
      birthDate: pick(BIRTH),
      sex: pick(SEX),
      emails: columns.filter((c) => /\b(e ?mail|email address)\b/.test(c.phrase) || c.phrase === 'mail').map((c) => c.name),
      phones: columns.filter((c) => /\b(phone|mobile|telephone|tel|cell|cellphone)\b/.test(c.phrase) && !/\bext(ension)?\b/.test(c.phrase)).map((c) => c.name),
      updated: pick(UPDATED),
    };
    const used = new Set([...shape.key, shape.first, shape.last, shape.middle, shape.birthDate, shape.sex, ...shape.emails, ...shape.phones, shape.updated]);
    const others = stream.columns
      .filter((c) => !used.has(c.name) && c.type !== 'binary' && c.type !== 'json' && !/\b(updated|modified|created|inserted|timestamp)\b/.test(nameTokens(c.name).join(' ')))
      .map((c) => c.name);
    out.push({ ...shape, others });
  }
  return out;
}

/** Which roles are compared with each other: a pupil is never taken for a parent or a teacher. */
export function rolesComparable(a: PeopleRole, b: PeopleRole): boolean {
  if (a === 'person' || b === 'person') return true;
  if (a === 'student' || b === 'student') return a === b;
  return true;
}

function rank(phrase: string, phrases: string[]): number {
  const exact = phrases.indexOf(phrase);
  return exact >= 0 ? exact : phrases.length + phrases.findIndex((p) => phrase.endsWith(` ${p}`));
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ren')) return word.slice(0, -3);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
