import { DATE_SENTINELS } from '../../values/value-vocabulary';
import { ageInYears, daysInMonthOf, expandYear, readNumber } from './date-math';
import { patternInfo } from '../../values/pattern-info';
import { textShape } from '../../values/text-shape';

/**
 * Age against grade: in a table with a birth date and a grade (year group) column, a pupil whose
 * age does not fit the grade is implausible: typed into the wrong field, a placeholder date, or
 * a wrong year. Ages are taken at the data's "as of" day (the latest past date the table holds),
 * so an export made years ago is not judged by today's calendar.
 *
 * Rule: age − grade (nursery/pre-K −1, reception/kindergarten 0, Year/Grade n → n) should be
 * between 3 and 7 — England's Year 1 pupils are 5–6, the United States' first graders 6–7, and
 * a year held back or skipped stays inside. Counted exactly through a bounded histogram of
 * (grade, birth day) cells, resolved once the as-of day is known.
 */
export const AGE_MINUS_GRADE_MIN = 3;
export const AGE_MINUS_GRADE_MAX = 7;

const MAX_CELLS = 200_000;

const PRE_K = new Set(['N', 'NUR', 'NURSERY', 'PK', 'PRE-K', 'PREK', 'PRE K', 'PS', 'PRESCHOOL', 'PRE-SCHOOL', 'EY', 'FS1', 'TK']);
const KINDER = new Set(['R', 'REC', 'RECEPTION', 'K', 'KG', 'KINDERGARTEN', 'KINDER', 'FS2', '0', '00']);
const NUMBERED = /^(?:Y|YR|YEAR|GRADE|GR|G|CLASS|STD|P)?\s*[-.]?\s*0?(\d{1,2})(?:ST|ND|RD|TH)?(?:\s*GRADE)?$/;

/** A grade label as a number (pre-K −1, kindergarten/reception 0, 1–13), or null when it is not one. */
export function parseGradeLabel(label: string): number | null {
  const text = label.trim().toUpperCase();
  if (text === '') return null;
  if (PRE_K.has(text)) return -1;
  if (KINDER.has(text)) return 0;
  const m = NUMBERED.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 13 ? n : null;
}

/** The readings of a birth date text as yyyymmdd: one, or two for an ambiguous 03/04/2012; none when unreadable or a placeholder. */
export function birthReadings(value: unknown): number[] {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? [] : [value.getUTCFullYear() * 10000 + (value.getUTCMonth() + 1) * 100 + value.getUTCDate()];
  if (typeof value !== 'string' || value.length < 6 || value.length > 40) return [];
  const layout = patternInfo(textShape(value).pattern).date;
  if (!layout) return [];
  const end = Math.max(layout.year[1], layout.second[1]);
  if (DATE_SENTINELS.has(value.slice(0, end))) return [];
  const a = readNumber(value, false, layout.first[0], layout.first[1]);
  const b = readNumber(value, false, layout.second[0], layout.second[1]);
  let year = readNumber(value, false, layout.year[0], layout.year[1]);
  if (layout.twoDigitYear) year = expandYear(year);
  const valid = (m: number, d: number) => (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonthOf(year, m) ? year * 10000 + m * 100 + d : 0);
  if (layout.family === 'ymd') {
    const r = valid(a, b);
    return r ? [r] : [];
  }
  const dayFirst = valid(b, a);
  const monthFirst = valid(a, b);
  return [dayFirst, monthFirst].filter((r, i, all) => r !== 0 && all.indexOf(r) === i);
}

export interface AgeGradeResult {
  birthColumn: string;
  gradeColumn: string;
  /** The day ages were taken at, yyyymmdd. */
  asOf: number;
  /** Rows with a readable birth date and grade. */
  checked: number;
  implausible: number;
  examples: { key: unknown; birth: string; grade: string; age: number }[];
  /** False when the histogram hit its bound and later rows were not checked. */
  complete: boolean;
}

interface Cell {
  grade: number;
  readings: number[];
  count: number;
  firstKey: unknown;
  birthText: string;
  gradeText: string;
}

/** Collects (grade, birth date) cells row by row; `finish` judges them at the as-of day. */
export class AgeGradeCheck {
  /** Grade text → birth text → cell (null: the birth text holds no readable date). */
  private readonly cells = new Map<string, { grade: number | null; blank: boolean; byBirth: Map<string, Cell | null> }>();
  private cellCount = 0;
  private complete = true;
  private gradeValues = 0;
  private gradeReadable = 0;

  constructor(
    readonly birthColumn: string,
    readonly gradeColumn: string,
  ) {}

  addRow(birth: unknown, grade: unknown, key: unknown): void {
    if (grade === null || grade === undefined) return;
    const gradeText = typeof grade === 'string' ? grade : String(grade);
    let byGrade = this.cells.get(gradeText);
    if (byGrade === undefined) {
      if (this.cells.size >= 1000) return;
      byGrade = { grade: parseGradeLabel(gradeText), blank: gradeText.trim() === '', byBirth: new Map() };
      this.cells.set(gradeText, byGrade);
    }
    if (byGrade.blank) return;
    this.gradeValues++;
    if (byGrade.grade === null) return;
    this.gradeReadable++;
    const birthText = typeof birth === 'string' ? birth : birth instanceof Date ? birth.toISOString() : null;
    if (birthText === null) return;
    let cell = byGrade.byBirth.get(birthText);
    if (cell === undefined) {
      if (this.cellCount >= MAX_CELLS) {
        this.complete = false;
        return;
      }
      const readings = birthReadings(birth);
      cell = readings.length ? { grade: byGrade.grade, readings, count: 0, firstKey: key, birthText, gradeText } : null;
      byGrade.byBirth.set(birthText, cell);
      this.cellCount++;
    }
    if (cell !== null) cell.count++;
  }

  /** True when most grade values read as grades, so the column really is a grade. */
  get looksLikeGrades(): boolean {
    return this.gradeValues > 0 && this.gradeReadable / this.gradeValues >= 0.8;
  }

  finish(asOf: number, maxExamples: number): AgeGradeResult {
    let checked = 0;
    let implausible = 0;
    const bad: Cell[] = [];
    for (const byGrade of this.cells.values()) {
      for (const cell of byGrade.byBirth.values()) {
        if (cell === null) continue;
        checked += cell.count;
        const fits = cell.readings.some((r) => {
          const diff = ageInYears(r, asOf) - cell.grade;
          return r <= asOf && diff >= AGE_MINUS_GRADE_MIN && diff <= AGE_MINUS_GRADE_MAX;
        });
        if (fits) continue;
        implausible += cell.count;
        bad.push(cell);
      }
    }
    // Examples in the order the rows came (the first row of each cell), like every other finding.
    const examples = bad
      .sort((a, b) => order(a.firstKey, b.firstKey))
      .slice(0, maxExamples)
      .map((cell) => ({ key: cell.firstKey, birth: cell.birthText, grade: cell.gradeText, age: ageInYears(cell.readings[0], asOf) }));
    return { birthColumn: this.birthColumn, gradeColumn: this.gradeColumn, asOf, checked, implausible, examples, complete: this.complete };
  }
}

function order(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
