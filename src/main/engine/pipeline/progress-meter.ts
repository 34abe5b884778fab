/**
 * Rate and time-left for a progress bar, from a sliding window of samples so a slow start or a
 * pause does not skew the estimate for long. The clock is injected for tests.
 */
export class ProgressMeter {
  private samples: { at: number; done: number }[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 5_000,
  ) {}

  update(done: number): void {
    const at = this.now();
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[0].at > this.windowMs) this.samples.shift();
  }

  /** Units per second over the window; 0 until two samples exist. */
  rate(): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.at - first.at) / 1000;
    return seconds > 0 ? Math.max(0, (last.done - first.done) / seconds) : 0;
  }

  /** Seconds left to reach `total` at the current rate, or null when unknown. */
  etaSeconds(total: number | null): number | null {
    const rate = this.rate();
    if (total === null || rate <= 0 || !this.samples.length) return null;
    const done = this.samples[this.samples.length - 1].done;
    return Math.max(0, (total - done) / rate);
  }
}
