import type { StreamInfo } from '../../../../shared/model/connection';
import type { Finding, Relationship } from '../../../../shared/model/assessment';
import type { Row, SourceConnector } from '../../connectors/connector';
import { AGE_MINUS_GRADE_MAX, AGE_MINUS_GRADE_MIN, birthReadings, parseGradeLabel } from '../profiling/age-grade';
import { ageInYears } from '../profiling/date-math';
import { maskValue } from '../../values/mask';

/** Grade-level tables are small look-up tables; a bigger one is not a list of grades. */
const MAX_GRADE_TABLE_ROWS = 200;
/** People held in memory (key → birth day) for the check; above this it is left out and said so. */
const MAX_PEOPLE = 2_000_000;
const BIRTH_COLUMN = /birth|^dob$|_dob$|date_of_birth/i;
const AS_OF_COLUMN = /start|enrol|entry|admi/i;
const GRADE_REF_COLUMN = /grade|year_?group|level|form/i;
const GRADE_TABLE = /grade|level|year_?group/i;
/** Where a grade's label is written; never a sort order, a points value or an id. */
const LABEL_COLUMN = /short|title|name|code|label|grade/i;
const NOT_LABEL_COLUMN = /sort|order|gpa|value|point|weight|id$/i;

export interface EnrolledAgeGradeResult {
  findings: Finding[];
  notAssessed: { table: string; column: string | null; reason: string }[];
}

/**
 * Age against grade across tables, as most SIS schemas store it: a person's birth date in one
 * table, the grade in an enrolment table that points at a grade-level look-up (openSIS:
 * students.birthdate ← student_enrollment.grade_id → school_gradelevels.short_name). The same
 * rule as the single-table check (age − grade between 3 and 7; when the data's calendar is shifted,
 * the cohort's median ± max(4, 3 × MAD)), with the age taken on the enrolment's start date when it has
 * one. Counts people (their first enrolment), not enrolment rows.
 */
export async function enrolledAgeGradeFindings(
  connector: SourceConnector,
  streams: StreamInfo[],
  relationships: Relationship[],
  now: Date,
  signal?: AbortSignal,
  /** The first day of the school year being migrated (the project scope), yyyymmdd: ages are measured then, not at a date taken from the file. */
  scopeDay?: number,
): Promise<EnrolledAgeGradeResult> {
  const result: EnrolledAgeGradeResult = { findings: [], notAssessed: [] };
  const byName = new Map(streams.map((s) => [s.name, s]));
  const gradeTables: { stream: StreamInfo; byKey: Map<string, number> }[] = [];
  for (const s of streams) {
    if (s.rowEstimate === null || s.rowEstimate > MAX_GRADE_TABLE_ROWS || s.primaryKey.length !== 1) continue;
    const byKey = await readGradeLevels(connector, s, s.primaryKey[0], signal);
    if (byKey.size) gradeTables.push({ stream: s, byKey });
  }
  if (!gradeTables.length) return result;
  // Tables named like grade levels are tried first when several could hold the same ids.
  gradeTables.sort((a, b) => Number(GRADE_TABLE.test(b.stream.name)) - Number(GRADE_TABLE.test(a.stream.name)));

  for (const toPerson of relationships) {
    if (toPerson.toColumns.length !== 1 || toPerson.fromColumns.length !== 1) continue;
    const people = byName.get(toPerson.toTable);
    const enrolment = byName.get(toPerson.fromTable);
    const birthColumn = people?.columns.find((c) => BIRTH_COLUMN.test(c.name))?.name;
    if (!people || !enrolment || !birthColumn) continue;
    // The grade reference is found by its values, not only by name inference: a grade id of 1–4
    // fits many small tables, so the one whose labels read as grades and holds every value wins.
    for (const gradeRef of enrolment.columns.map((c) => c.name).filter((n) => GRADE_REF_COLUMN.test(n) && n !== toPerson.fromColumns[0])) {
      const values = await distinctValues(connector, enrolment.name, gradeRef, signal);
      const grade = gradeTables.find((g) => g.stream.name !== enrolment.name && values.size > 0 && [...values].every((v) => g.byKey.has(v)));
      if (!grade) continue;
      if (people.rowEstimate !== null && people.rowEstimate > MAX_PEOPLE) {
        result.notAssessed.push({ table: people.name, column: birthColumn, reason: `Age against grade (through ${enrolment.name}) was not checked: more than ${MAX_PEOPLE.toLocaleString('en')} people.` });
        continue;
      }
      const finding = await checkEnrolments(connector, {
        people,
        personKey: toPerson.toColumns[0],
        birthColumn,
        enrolment,
        personRef: toPerson.fromColumns[0],
        gradeRef,
        gradeTable: grade.stream.name,
        grades: grade.byKey,
        now,
        scopeDay,
        signal,
      });
      if (finding) result.findings.push(finding);
      break;
    }
  }
  return result;
}

/** Distinct values of one column, up to a bound (a grade reference has few). */
async function distinctValues(connector: SourceConnector, table: string, column: string, signal?: AbortSignal): Promise<Set<string>> {
  const values = new Set<string>();
  for await (const batch of connector.read(table, { batchSize: 5000, columns: [column], signal })) {
    for (const r of batch) {
      const v = r[column];
      if (v === null || v === undefined || String(v).trim() === '') continue;
      values.add(String(v));
      if (values.size > MAX_GRADE_TABLE_ROWS) return new Set();
    }
  }
  return values;
}

async function readGradeLevels(connector: SourceConnector, stream: StreamInfo, keyColumn: string, signal?: AbortSignal): Promise<Map<string, number>> {
  const rows: Row[] = [];
  for await (const batch of connector.read(stream.name, { batchSize: MAX_GRADE_TABLE_ROWS, signal })) rows.push(...batch);
  // The label column is the one whose values read as grades for (nearly) every row.
  for (const column of stream.columns.map((c) => c.name).filter((c) => c !== keyColumn && LABEL_COLUMN.test(c) && !NOT_LABEL_COLUMN.test(c))) {
    const parsed = rows.map((r) => (typeof r[column] === 'string' || typeof r[column] === 'number' ? parseGradeLabel(String(r[column])) : null));
    const good = parsed.filter((g) => g !== null).length;
    // A grade-level table has one row per grade: its labels read as grades and are (nearly) all different.
    const distinct = new Set(parsed.filter((g) => g !== null)).size;
    if (rows.length && good >= Math.max(2, Math.ceil(rows.length * 0.8)) && distinct >= Math.max(2, Math.ceil(good * 0.8))) {
      return new Map(rows.flatMap((r, i) => (parsed[i] === null ? [] : [[String(r[keyColumn]), parsed[i]!] as [string, number]])));
    }
  }
  return new Map();
}

async function checkEnrolments(
  connector: SourceConnector,
  c: { people: StreamInfo; personKey: string; birthColumn: string; enrolment: StreamInfo; personRef: string; gradeRef: string; gradeTable: string; grades: Map<string, number>; now: Date; scopeDay?: number; signal?: AbortSignal },
): Promise<Finding | null> {
  const births = new Map<string, number>();
  for await (const batch of connector.read(c.people.name, { batchSize: 5000, columns: [c.personKey, c.birthColumn], signal: c.signal })) {
    for (const r of batch) {
      const [birth] = birthReadings(r[c.birthColumn]);
      if (birth !== undefined) births.set(String(r[c.personKey]), birth);
    }
  }
  const asOfColumn = c.enrolment.columns.find((col) => AS_OF_COLUMN.test(col.name) && (col.type === 'date' || col.type === 'datetime' || col.type === 'string'))?.name;
  const today = c.now.getUTCFullYear() * 10000 + (c.now.getUTCMonth() + 1) * 100 + c.now.getUTCDate();
  const seen = new Map<string, { grade: number; age: number; birth: number; diff: number }>();
  const columns = [c.personRef, c.gradeRef, ...(asOfColumn ? [asOfColumn] : [])];
  for await (const batch of connector.read(c.enrolment.name, { batchSize: 5000, columns, signal: c.signal })) {
    for (const r of batch) {
      const person = String(r[c.personRef]);
      const birth = births.get(person);
      const grade = c.grades.get(String(r[c.gradeRef]));
      if (birth === undefined || grade === undefined || seen.has(person)) continue;
      const [asOf] = asOfColumn ? birthReadings(r[asOfColumn]) : [];
      const age = ageInYears(birth, c.scopeDay ?? asOf ?? today);
      seen.set(person, { grade, age, birth, diff: age - grade });
    }
  }
  // The usual band is age − grade 3–7. Sample and test databases often have their school years
  // moved forward without the birth dates, so everyone looks years too old; then the band is
  // taken around the cohort's own median instead, and the message says so.
  const diffs = [...seen.values()].map((v) => v.diff).sort((a, b) => a - b);
  const median = diffs.length ? diffs[Math.floor(diffs.length / 2)] : 0;
  const shifted = median < AGE_MINUS_GRADE_MIN || median > AGE_MINUS_GRADE_MAX;
  // Around a shifted median, a robust band: median ± max(4, 3 × median absolute deviation).
  const deviations = diffs.map((d) => Math.abs(d - median)).sort((a, b) => a - b);
  const spread = Math.max(4, 3 * (deviations[Math.floor(deviations.length / 2)] ?? 0));
  const [low, high] = shifted ? [median - spread, median + spread] : [AGE_MINUS_GRADE_MIN, AGE_MINUS_GRADE_MAX];
  const flagged = new Map([...seen].filter(([, v]) => v.diff < low || v.diff > high).map(([k, v]) => [k, { grade: v.grade, age: v.age, birth: String(Math.floor(v.birth / 10000)) }]));
  if (!flagged.size) return null;
  const examples = [...flagged.entries()].slice(0, 10).map(([key, f]) => ({ [c.personKey]: key, [c.birthColumn]: maskValue(`${f.birth}-01-01`, 'birthDate'), grade: f.grade, age: f.age }));
  return {
    code: 'IMPLAUSIBLE_AGE_FOR_GRADE',
    severity: 'warning',
    table: c.people.name,
    column: c.birthColumn,
    count: flagged.size,
    message: `${flagged.size.toLocaleString('en')} people in ${c.people.name} have a ${c.birthColumn} that does not fit the grade they are enrolled in (${c.enrolment.name}.${c.gradeRef} → ${c.gradeTable}): age minus grade is outside ${low}–${high}${shifted ? ` (the usual ${AGE_MINUS_GRADE_MIN}–${AGE_MINUS_GRADE_MAX} does not fit this data: its typical pupil is ${median} years older than the grade, so its calendar looks shifted and the band is taken around that)` : ''}.`,
    examples,
    fix: { kind: 'review', description: `Check these birth dates against the school's records (a wrong year or a placeholder date is typical) and correct them in ${c.people.name}, or confirm them.` },
  };
}
