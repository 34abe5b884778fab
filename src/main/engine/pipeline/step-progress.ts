import type { Counters } from '../../../shared/model/counters';
import type { RunProgress } from '../../../shared/model/run';
import { ProgressMeter } from './progress-meter';

/**
 * One step's progress events: at most one per `intervalMs` unless forced, with a rate and time
 * left. One meter per phase: the push counts from zero again and must not inherit the read
 * rate (transform and stage are one phase for the meter: staging follows each mapped batch).
 */
export class StepProgress {
  estimate: number | null = null;
  private meter: ProgressMeter;
  private phase: RunProgress['phase'] | null = null;
  private last = 0;
  private lastDone = 0;
  private lastTotal: number | null = null;

  constructor(
    private readonly now: () => number,
    private readonly intervalMs: number,
    private readonly publish: (progress: { phase: RunProgress['phase']; estimate: number | null; rate: number; etaSeconds: number | null; counters: Counters; done: number; total: number | null }) => void,
    private readonly counters: Counters,
  ) {
    this.meter = new ProgressMeter(now);
  }

  update(phase: RunProgress['phase'], done: number, options: { force?: boolean; total?: number | null } = {}): void {
    if (phase !== this.phase && !(this.phase === 'transform' && phase === 'stage')) {
      this.meter = new ProgressMeter(this.now);
      this.phase = phase;
    }
    this.meter.update(done);
    const total = options.total === undefined ? this.estimate : options.total;
    this.lastDone = done;
    this.lastTotal = total;
    const at = this.now();
    if (!options.force && at - this.last < this.intervalMs) return;
    this.last = at;
    this.publish({ phase, estimate: this.estimate, rate: this.meter.rate(), etaSeconds: this.meter.etaSeconds(total), counters: { ...this.counters }, done, total });
  }

  /**
   * The step's last event, always sent: the push's own count (records answered out of those
   * staged) when the step ended pushing, else the rows read.
   */
  finish(): void {
    if (this.phase === 'push') this.update('push', this.lastDone, { force: true, total: this.lastTotal });
    else this.update('push', this.counters.read, { force: true, total: this.counters.read });
  }
}
