/**
 * Where the sandbox's asynchronous work runs: bulk operations processed slice by slice, webhook
 * deliveries and their retries. Real timers by default; tests inject a ManualScheduler that also
 * owns the clock, so a retry due in an hour happens the moment the test says so.
 */
export interface SandboxScheduler {
  /** Runs `task` once, `delayMs` from now on the sandbox's clock. Returns a function that cancels it. */
  schedule(delayMs: number, task: () => void | Promise<void>): () => void;
  /** Cancels everything still waiting (the sandbox is closing). */
  dispose(): void;
}

/** setTimeout-based scheduling; a task that throws is reported, never crashes the process. */
export class TimerScheduler implements SandboxScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  schedule(delayMs: number, task: () => void | Promise<void>): () => void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        try {
          void Promise.resolve(task()).catch(this.onError);
        } catch (err) {
          this.onError(err);
        }
      },
      Math.max(0, delayMs),
    );
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface ManualTask {
  due: number;
  order: number;
  task: () => void | Promise<void>;
}

/**
 * A scheduler and clock for tests: time stands still until `advance` moves it, and due tasks run
 * (awaited, in due order) as it passes them. Pass `now` as the sandbox's clock.
 */
export class ManualScheduler implements SandboxScheduler {
  private time: number;
  private counter = 0;
  private tasks: ManualTask[] = [];

  constructor(start: number = Date.parse('2024-09-01T08:00:00Z')) {
    this.time = start;
  }

  /** The clock to give the sandbox (and anything else that should share this time). */
  readonly now = (): number => this.time;

  schedule(delayMs: number, task: () => void | Promise<void>): () => void {
    const entry: ManualTask = { due: this.time + Math.max(0, delayMs), order: this.counter++, task };
    this.tasks.push(entry);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== entry);
    };
  }

  dispose(): void {
    this.tasks = [];
  }

  /** Tasks waiting to run. */
  get pending(): number {
    return this.tasks.length;
  }

  /** When the next task is due, or null when none waits. */
  get nextDue(): number | null {
    return this.tasks.length ? Math.min(...this.tasks.map((t) => t.due)) : null;
  }

  /** Moves the clock forward by `ms`, running every task that falls due on the way (and those they schedule). */
  async advance(ms: number): Promise<void> {
    const target = this.time + Math.max(0, ms);
    for (;;) {
      const next = this.takeNext(target);
      if (!next) break;
      this.time = Math.max(this.time, next.due);
      await next.task();
    }
    this.time = target;
  }

  /** Runs the one task due first, if any is due now; says whether one ran. */
  async step(): Promise<boolean> {
    const next = this.takeNext(this.time);
    if (!next) return false;
    await next.task();
    return true;
  }

  /** Runs what is due now, including tasks scheduled without delay by those tasks. */
  runDue(): Promise<void> {
    return this.advance(0);
  }

  /** Runs tasks (moving the clock to each) until none waits, or `limitMs` of clock time passed. */
  async runAll(limitMs = 7 * 24 * 3_600_000): Promise<void> {
    const end = this.time + limitMs;
    while (this.tasks.length > 0) {
      const due = this.nextDue as number;
      if (due > end) break;
      await this.advance(Math.max(0, due - this.time));
    }
  }

  private takeNext(notAfter: number): ManualTask | null {
    let best: ManualTask | null = null;
    for (const t of this.tasks) {
      if (t.due > notAfter) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.order < best.order)) best = t;
    }
    if (best) this.tasks = this.tasks.filter((t) => t !== best);
    return best;
  }
}
