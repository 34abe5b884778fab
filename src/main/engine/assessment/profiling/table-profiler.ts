import type { ColumnProfile, SemanticType } from '../../../../shared/model/assessment';
import type { ColumnInfo, StreamInfo } from '../../../../shared/model/connection';
import type { Row } from '../../connectors/connector';
import { AgeGradeCheck, type AgeGradeResult } from './age-grade';
import { ColumnAccumulator, type ColumnStats } from './column-accumulator';
import { columnHints, type ColumnHints } from '../../values/column-hints';
import { maskKindFor, maskValue } from '../../values/mask';
import { inferSemanticType, toColumnProfile } from './semantic-type';

/** Tuning of a profiling pass; the defaults suit any table size. */
export interface ProfilingOptions {
  /** Today, as the assessment sees it: dates after it are in the future. */
  now: Date;
  /** Distinct values counted exactly per column (default 10,000); HyperLogLog above. */
  exactDistinctLimit?: number;
  /** Top-value counters per column once past the exact limit (default 128). */
  sketchSize?: number;
  /** Examples kept per problem kind and column (default 5). */
  maxExamples?: number;
  /** The first day of the school year being migrated (the project scope), yyyymmdd: ages for grades are measured then. */
  scopeDay?: number;
}

export const DEFAULT_EXACT_DISTINCT_LIMIT = 10_000;

/**
 * A profile is kept in the project file and shown in the report, so the values it quotes (top
 * values, min, max) are masked for columns of personal data — names, e-mails, phones, dates of
 * birth, postcodes, addresses — the way examples are. Counts and patterns are not personal.
 */
function maskProfile(profile: ColumnProfile, hints: ColumnHints): ColumnProfile {
  const kind = maskKindFor(profile.semanticType, hints, profile.column);
  if (kind === 'none' || kind === 'sensitive') return profile;
  const mask = (v: string | number | undefined) => (typeof v === 'string' ? String(maskValue(v, kind)) : v);
  const masked: ColumnProfile = { ...profile, topValues: profile.topValues.map((t) => ({ value: String(maskValue(t.value, kind)), count: t.count })) };
  if (profile.min !== undefined) masked.min = mask(profile.min);
  if (profile.max !== undefined) masked.max = mask(profile.max);
  return masked;
}

/** One profiled column: the public profile and the statistics findings are built from. */
export interface ProfiledColumn {
  info: ColumnInfo;
  hints: ColumnHints;
  stats: ColumnStats;
  semanticType: SemanticType;
  profile: ColumnProfile;
}

/** One profiled table. */
export interface TableProfile {
  table: string;
  stream: StreamInfo;
  rows: number;
  /** Columns whose values make up the row key shown in examples (the primary key), or none (row numbers). */
  keyColumns: string[];
  columns: ProfiledColumn[];
  /** The day the data appears to be "as of": its latest past date, or today. yyyymmdd. */
  asOf: number;
  ageGrade: AgeGradeResult | null;
}

/**
 * Profiles one table in a single pass over its row batches, with memory bounded by the number
 * of columns (not rows): each column has its own accumulator, and age-against-grade is checked
 * row by row when the table has both a birth-date and a grade column.
 */
export class TableProfiler {
  private readonly columns: ColumnInfo[];
  private readonly names: string[];
  private readonly accumulators: ColumnAccumulator[];
  private readonly hints: ColumnHints[];
  private readonly keyColumns: string[];
  private readonly ageGrade: AgeGradeCheck | null;
  private readonly today: number;
  private readonly maxExamples: number;
  private rowNumber = 0;
  private columnsSettled: boolean;

  constructor(
    private readonly stream: StreamInfo,
    private readonly opts: ProfilingOptions,
  ) {
    this.today = opts.now.getUTCFullYear() * 10000 + (opts.now.getUTCMonth() + 1) * 100 + opts.now.getUTCDate();
    this.maxExamples = opts.maxExamples ?? 5;
    this.columns = [...stream.columns];
    this.names = this.columns.map((c) => c.name);
    this.hints = this.columns.map((c) => columnHints(c.name));
    this.accumulators = this.hints.map((h) => this.newAccumulator(h));
    this.columnsSettled = this.columns.length > 0;
    this.keyColumns = stream.primaryKey.filter((k) => this.names.includes(k));
    const birth = this.columns.find((_, i) => this.hints[i].birthDate);
    const grade = this.columns.find((_, i) => this.hints[i].grade);
    this.ageGrade = birth && grade ? new AgeGradeCheck(birth.name, grade.name) : null;
  }

  addBatch(rows: readonly Row[]): void {
    if (!this.columnsSettled && rows.length > 0) this.settleColumns(rows[0]);
    const names = this.names;
    const accs = this.accumulators;
    const width = names.length;
    const key = this.keyColumns;
    const single = key.length === 1 ? key[0] : null;
    const ageGrade = this.ageGrade;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      this.rowNumber++;
      const rowKey = single !== null ? row[single] : key.length > 1 ? key.map((k) => String(row[k] ?? '')).join('|') : this.rowNumber;
      for (let c = 0; c < width; c++) accs[c].add(row[names[c]], rowKey);
      if (ageGrade) ageGrade.addRow(row[ageGrade.birthColumn], row[ageGrade.gradeColumn], rowKey);
    }
  }

  finish(): TableProfile {
    const columns: ProfiledColumn[] = this.columns.map((info, i) => {
      const stats = this.accumulators[i].finish();
      const semanticType = inferSemanticType(stats, this.hints[i], info);
      return { info, hints: this.hints[i], stats, semanticType, profile: maskProfile(toColumnProfile(this.stream.name, info, stats, semanticType), this.hints[i]) };
    });
    let latest: number | null = null;
    // Dates of birth say nothing about when the data was current (the youngest pupil's birthday is no "as of" day).
    for (const c of columns) {
      if (!c.hints.birthDate && (c.semanticType === 'date' || c.semanticType === 'datetime') && c.stats.latestPastDate !== null && (latest === null || c.stats.latestPastDate > latest)) latest = c.stats.latestPastDate;
    }
    const asOf = latest ?? this.today;
    // The grade column is trusted only when most of its values read as grades.
    // Ages are measured at the school year being migrated when the project says which; else at the data's own "as of" day.
    const ageGrade = this.ageGrade && this.ageGrade.looksLikeGrades ? this.ageGrade.finish(this.opts.scopeDay ?? asOf, this.maxExamples) : null;
    return { table: this.stream.name, stream: this.stream, rows: this.rowNumber, keyColumns: this.keyColumns, columns, asOf, ageGrade };
  }

  private newAccumulator(hints: ColumnHints): ColumnAccumulator {
    return new ColumnAccumulator({
      exactDistinctLimit: this.opts.exactDistinctLimit ?? DEFAULT_EXACT_DISTINCT_LIMIT,
      sketchSize: this.opts.sketchSize ?? 128,
      today: this.today,
      hints,
      maxExamples: this.maxExamples,
    });
  }

  /** A source that could not list its columns up front: take them from the first row. */
  private settleColumns(first: Row): void {
    for (const name of Object.keys(first)) {
      if (this.names.includes(name)) continue;
      const info: ColumnInfo = { name, type: 'unknown', nativeType: 'unknown', nullable: true };
      const hints = columnHints(name);
      this.columns.push(info);
      this.names.push(name);
      this.hints.push(hints);
      this.accumulators.push(this.newAccumulator(hints));
    }
    this.columnsSettled = true;
  }
}
