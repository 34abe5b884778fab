import type { Connection } from 'mysql2';
import type { Row } from '../connector';

/**
 * One streamed SELECT on a mysql2 connection, handed out in batches with back-pressure: as soon
 * as a full batch is buffered the connection is paused (mysql2 then holds back further packets
 * and stops reading the socket, so TCP flow control stops the server), and it resumes only when
 * the consumer takes the batch. At most one batch waits here while the consumer works on the
 * previous one.
 */
export class MySqlStatementStream {
  private rows: Row[] = [];
  private ended = false;
  private failure: unknown = null;
  private paused = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly conn: Connection,
    sql: string,
    values: unknown[],
    private readonly batchSize: number,
    /** Called for every row the driver delivers (diagnostics). */
    onRow: () => void,
  ) {
    const query = conn.query({ sql, values });
    query.on('result', (row: unknown) => {
      onRow();
      this.rows.push(row as Row);
      if (this.rows.length >= this.batchSize && !this.paused) {
        this.paused = true;
        conn.pause();
        this.notify();
      }
    });
    query.on('error', (err: unknown) => this.fail(err));
    query.on('end', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** A failure of the connection itself (mysql2 reports those on the connection, not the query). */
  fail(err: unknown): void {
    this.failure ??= err;
    this.notify();
  }

  get finished(): boolean {
    return this.ended || this.failure !== null;
  }

  /** Throws the statement's failure, if it failed. */
  assertOk(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Resolves when a full batch is waiting, or the statement has ended or failed. */
  ready(): Promise<void> {
    if (this.rows.length >= this.batchSize || this.finished) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Resolves when the statement has ended or failed. */
  async done(): Promise<void> {
    while (!this.finished) {
      this.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * The next batch (after ready()), or null when the statement has ended; throws the statement's
   * failure. Taking a batch lets the driver fetch the next one.
   */
  take(): Row[] | null {
    if (this.failure !== null) throw this.failure;
    if (!this.rows.length) return null;
    let batch: Row[];
    if (this.rows.length <= this.batchSize) {
      batch = this.rows;
      this.rows = [];
    } else {
      batch = this.rows.splice(0, this.batchSize);
    }
    this.resume();
    return batch;
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // mysql2 replays held-back packets synchronously here: rows (and the end) may arrive at once.
    this.conn.resume();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
