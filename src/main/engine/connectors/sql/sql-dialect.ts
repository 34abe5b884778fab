/**
 * What differs between SQL dialects when the shared read planner writes a statement: how an
 * identifier is quoted, how a parameter is written, and how "this row comes after that one" in a
 * multi-column order is best expressed for the engine's planner.
 */
export interface SqlDialect {
  /** Quotes an identifier so any name (quotes, semicolons, spaces, unicode) stays data. */
  quote(name: string): string;
  /** The placeholder for the parameter at 1-based position `index`. */
  placeholder(index: number): string;
  /**
   * True when the engine compares row values lexicographically and uses an index for it
   * (`(a, b) > ($1, $2)` in PostgreSQL). Otherwise the comparison is spelled out with OR/AND.
   */
  rowComparison: boolean;
}

/**
 * Collects parameters while a statement is written, so placeholders and values always line up
 * (MySQL's `?` is positional; PostgreSQL's `$n` is numbered).
 */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }
}

/**
 * `(c1, c2, …) > (v1, v2, …)` in lexicographic order: the row strictly after the given one in
 * an ascending multi-column order. Columns must not be NULL (SQL comparisons with NULL are never
 * true), which the read planner guarantees before it uses this.
 */
export function rowAfter(dialect: SqlDialect, columns: string[], values: unknown[], params: SqlParams): string {
  if (columns.length !== values.length || columns.length === 0) throw new Error('rowAfter needs one value per column');
  if (columns.length === 1) return `${dialect.quote(columns[0])} > ${params.add(values[0])}`;
  if (dialect.rowComparison) {
    const left = columns.map((c) => dialect.quote(c)).join(', ');
    const right = values.map((v) => params.add(v)).join(', ');
    return `(${left}) > (${right})`;
  }
  // a > x OR (a = x AND (b > y OR (b = y AND c > z)))
  const build = (i: number): string => {
    const col = dialect.quote(columns[i]);
    if (i === columns.length - 1) return `${col} > ${params.add(values[i])}`;
    const greater = `${col} > ${params.add(values[i])}`;
    const equal = `${col} = ${params.add(values[i])}`;
    return `(${greater} OR (${equal} AND ${build(i + 1)}))`;
  };
  return build(0);
}
