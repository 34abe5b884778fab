import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { LegacyTable } from './legacy-schema';

type Statement = ReturnType<SqliteDatabase['prepare']>;

/**
 * Buffers rows of one table and writes them with multi-row INSERT statements: one call into
 * SQLite per few dozen rows instead of per row, which is what lets tens of millions of rows go
 * in within a minute. The caller owns the transaction.
 */
export class BatchInserter {
  private readonly width: number;
  private readonly rowsPerStatement: number;
  private readonly buffer: unknown[] = [];
  private readonly statements = new Map<number, Statement>();
  private buffered = 0;
  /** Rows handed to the inserter so far (written or buffered). */
  rows = 0;

  constructor(
    private readonly db: SqliteDatabase,
    readonly table: LegacyTable,
  ) {
    this.width = table.columns.length;
    // SQLite binds at most 32766 parameters; ~400 per statement is where the gain flattens out.
    this.rowsPerStatement = Math.max(1, Math.floor(400 / this.width));
  }

  /** Adds one row; values in the table's column order. */
  add(values: readonly unknown[]): void {
    for (let i = 0; i < this.width; i++) this.buffer.push(values[i]);
    this.rows++;
    if (++this.buffered === this.rowsPerStatement) this.writeBuffered();
  }

  /** Writes whatever is buffered (call before committing). */
  flush(): void {
    if (this.buffered > 0) this.writeBuffered();
  }

  private writeBuffered(): void {
    this.statementFor(this.buffered).run(this.buffer);
    this.buffer.length = 0;
    this.buffered = 0;
  }

  private statementFor(rows: number): Statement {
    let stmt = this.statements.get(rows);
    if (!stmt) {
      const one = `(${new Array(this.width).fill('?').join(',')})`;
      const cols = this.table.columns.map((c) => `"${c.name}"`).join(',');
      stmt = this.db.prepare(`INSERT INTO "${this.table.name}" (${cols}) VALUES ${new Array(rows).fill(one).join(',')}`);
      this.statements.set(rows, stmt);
    }
    return stmt;
  }
}
