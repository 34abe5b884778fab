import type { StudioError } from '../../../../shared/errors';
import { cancelled } from '../sql/wait';
import type { MssqlPool, MssqlRequest, MssqlType } from './mssql-driver';

/**
 * One streamed statement (mssql `request.stream = true`, rows as arrays) handed out in batches
 * with back-pressure: once `highWater` rows wait for the consumer the request is paused, which
 * stops tedious parsing and, through TCP, SQL Server sending; it resumes when the consumer takes
 * them. So a table of any size is never held in memory, only about two batches.
 */
export class MssqlRowStream {
  private readonly request: MssqlRequest;
  private rows: unknown[][] = [];
  private paused = false;
  private finished = false;
  /** Set once cancelled: rows still on their way are dropped, and nothing pauses the request again. */
  private stopped = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;
  private wanted = 1;
  /** Rows received so far, to tell a slow stream from a stalled one. */
  private received = 0;
  /** Resolves when the request is over and its connection back in the pool. */
  private readonly over: Promise<void>;

  constructor(
    pool: MssqlPool,
    sql: string,
    params: { name: string; type: MssqlType; value: unknown }[],
    private readonly highWater: number,
  ) {
    const request = pool.request();
    request.stream = true;
    request.arrayRowMode = true;
    for (const p of params) request.input(p.name, p.type, p.value);
    this.request = request;
    request.on('row', (row: unknown[]) => {
      if (this.stopped) return;
      this.rows.push(row);
      this.received++;
      if (!this.paused && this.rows.length >= this.highWater) {
        this.paused = true;
        request.pause();
      }
      this.notify();
    });
    request.on('error', (err: unknown) => {
      this.failure ??= err;
      this.notify();
    });
    this.over = new Promise((resolve) => {
      request.on('done', () => {
        this.finished = true;
        this.notify();
        resolve();
      });
    });
    // In stream mode the outcome arrives through the events above; the promise only repeats it.
    request.query(sql).catch((err: unknown) => {
      this.failure ??= err;
      this.finished = true;
      this.notify();
    });
  }

  /**
   * The next batch of up to `size` rows, or null at the end. Gives up when the server sends
   * nothing for `timeoutMs` (a slow but moving stream is fine; time the consumer spends between
   * calls does not count); on that or an abort the statement is cancelled (TDS attention) and
   * `timeoutError()` / CANCELLED is thrown.
   */
  async next(size: number, opts: { signal?: AbortSignal; timeoutMs: number; timeoutError(): StudioError }): Promise<unknown[][] | null> {
    if (opts.signal?.aborted) {
      this.cancel();
      throw cancelled();
    }
    if (this.rows.length < size && !this.finished && !this.failure) {
      this.wanted = size;
      this.resumeIfLow(size);
      await this.waitForRows(opts);
    }
    if (this.failure) throw this.failure;
    if (!this.rows.length) return null;
    const batch = this.rows.length <= size ? this.rows : this.rows.slice(0, size);
    this.rows = this.rows.length <= size ? [] : this.rows.slice(size);
    this.resumeIfLow(size);
    return batch;
  }

  private waitForRows(opts: { signal?: AbortSignal; timeoutMs: number; timeoutError(): StudioError }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let seen = this.received;
      let timer: NodeJS.Timeout;
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.wake = null;
        fn();
      };
      const giveUp = (err: StudioError) =>
        settle(() => {
          this.cancel();
          reject(err);
        });
      const onAbort = () => giveUp(cancelled());
      // One timer per wait rather than per row: when it fires, rows that came meanwhile re-arm it.
      const arm = () => {
        timer = setTimeout(() => {
          if (this.received === seen) return giveUp(opts.timeoutError());
          seen = this.received;
          arm();
        }, opts.timeoutMs);
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => settle(resolve);
      arm();
    });
  }

  /** Stops the statement if it still runs and waits until its connection is released. */
  async close(): Promise<void> {
    if (!this.finished) this.cancel();
    this.rows = [];
    await this.over;
  }

  private cancel(): void {
    if (this.finished || this.stopped) return;
    this.stopped = true;
    // A cancelled request must not stay paused: tedious resumes it to read up to the
    // acknowledgement, and mssql needs it running to release the connection.
    this.request.cancel();
    if (this.paused) {
      this.paused = false;
      this.request.resume();
    }
  }

  private resumeIfLow(size: number): void {
    if (this.paused && this.rows.length < Math.max(size, this.highWater)) {
      this.paused = false;
      this.request.resume();
    }
  }

  private notify(): void {
    if (this.wake && (this.finished || this.failure || this.rows.length >= this.wanted)) {
      const w = this.wake;
      this.wake = null;
      w();
    }
  }
}
