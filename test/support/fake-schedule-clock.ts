import type { ScheduleClock } from '../../src/main/engine/sync/schedule/schedule-clock';

interface Task {
  due: number;
  order: number;
  task: () => void | Promise<void>;
}

/**
 * A wall clock and timer for the scheduler's tests: time stands still until the test moves it.
 * `advance` passes time normally (timers fire at their due times, in order); `jump` moves the wall
 * clock without time passing for the timers, as a computer that slept or whose clock was set does
 * (the OS's timers count monotonic time, so a pending timer still waits what it had left).
 */
export class FakeScheduleClock implements ScheduleClock {
  private time: number;
  private counter = 0;
  private tasks: Task[] = [];

  constructor(start: string | number) {
    this.time = typeof start === 'string' ? Date.parse(start) : start;
  }

  readonly now = (): number => this.time;

  schedule(delayMs: number, task: () => void | Promise<void>): () => void {
    const entry = { due: this.time + Math.max(0, delayMs), order: this.counter++, task };
    this.tasks.push(entry);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== entry);
    };
  }

  get pending(): number {
    return this.tasks.length;
  }

  /** Lets time pass: fires every timer that falls due on the way, each at its own time, and what it started. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      const next = this.tasks.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (!next) break;
      this.tasks = this.tasks.filter((t) => t !== next);
      this.time = Math.max(this.time, next.due);
      await next.task();
    }
    this.time = target;
    await settle();
  }

  /** Advances to an ISO instant. */
  advanceTo(iso: string): Promise<void> {
    return this.advance(Date.parse(iso) - this.time);
  }

  /** The wall clock jumps by `ms` (forward: sleep or clock set ahead; negative: set back); no timer fires. */
  jump(ms: number): void {
    this.time += ms;
    for (const t of this.tasks) t.due += ms;
  }
}

/** Lets started promises (runs, their logging) move on: a few turns of the event loop. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
}
