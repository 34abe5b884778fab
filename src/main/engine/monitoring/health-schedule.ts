/**
 * The clock health checks run on: the same shape as the scheduler's `ScheduleClock`
 * (engine/sync/schedule/schedule-clock.ts), so the studio hands the one it already has and tests
 * move time by hand.
 */
export interface HealthClock {
  now(): number;
  schedule(delayMs: number, task: () => void | Promise<void>): () => void;
}

/**
 * One thing to check (the target, a source connection). `check` makes the check (a cheap
 * connect or authenticated call) and answers its outcome; `record` keeps an outcome that came in
 * time; `timedOut` keeps a failed one for a check that did not answer within the timeout. An
 * outcome that comes after its timeout is dropped: the failure was already recorded.
 */
export interface HealthProbe<T = unknown> {
  /** `target`, `source:<connectionId>`: the integration the check is about. */
  id: string;
  check(signal: AbortSignal): Promise<T>;
  record(outcome: T): void | Promise<void>;
  timedOut(timeoutMs: number): void | Promise<void>;
}

export interface HealthScheduleOptions {
  clock: HealthClock;
  /** What to check this round (read each round: a connection added or removed counts at once). */
  probes: () => HealthProbe[] | Promise<HealthProbe[]>;
  /** Minutes between rounds, read each time a round is armed; 0 or null: checks are off. */
  intervalMinutes: () => number | null;
  /** The longest one check may take; then it counts as failed (default 30 s). */
  timeoutMs?: number;
  /** After each round: the monitoring copies the new checks and evaluates its alert rules. */
  afterRound?: () => Promise<unknown> | void;
  /** Why a round or a probe could not run at all (a probe that fails is an outcome, not this). */
  warn?: (message: string) => void;
}

export const DEFAULT_HEALTH_CHECK_MINUTES = 5;
export const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 30_000;

/**
 * Checks every integration of the open project every N minutes (issue 20 point 1), so the
 * target's and each source's uptime is measured and "target down" fires and resolves without a
 * run touching the target. Rounds run on the injected clock; the first comes one interval after
 * the start (opening a project does not wait for, nor start, anything). Within a round the probes
 * run side by side, each bounded by the timeout. Checks never overlap: a round due while the last
 * one runs is skipped, and a probe whose timed-out check is still winding down is left out of the
 * rounds until it ends. Nothing here waits on or blocks a run.
 */
export class HealthSchedule {
  private readonly timeoutMs: number;
  /** Probe ids whose check has not ended yet (also past its timeout). */
  private readonly inFlight = new Set<string>();
  private readonly controller = new AbortController();
  private cancelTimer: (() => void) | null = null;
  private round: Promise<void> | null = null;
  private nextAt: number | null = null;
  private stopped = false;

  constructor(private readonly options: HealthScheduleOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS;
  }

  /** Arms the first round one interval from now (nothing when checks are off). */
  start(): void {
    this.arm();
  }

  /** The interval setting changed: the next round is one (new) interval from now, or none when off. */
  reschedule(): void {
    this.arm();
  }

  /** When the next round is due (ms since the epoch), or null when checks are off or stopped. */
  get nextRoundAt(): number | null {
    return this.nextAt;
  }

  /** Runs one round now (unless one is running: then waits for that one). */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.round ??= this.runRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  /** Stops the timer, aborts checks in progress and waits for the round (the project is closing). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.nextAt = null;
    this.controller.abort();
    await this.round?.catch(() => undefined);
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.nextAt = null;
    if (this.stopped) return;
    const minutes = this.readInterval();
    if (!minutes) return;
    const delay = minutes * 60_000;
    this.nextAt = this.options.clock.now() + delay;
    this.cancelTimer = this.options.clock.schedule(delay, () => {
      this.cancelTimer = null;
      // A round still running when the next is due is not doubled: this one is skipped. The
      // round is not waited for here, so the timer (and the clock it runs on) is never held up.
      if (!this.round) void this.runNow();
      this.arm();
    });
  }

  private readInterval(): number | null {
    try {
      return this.options.intervalMinutes();
    } catch (err) {
      this.warn(`The health check interval could not be read: ${(err as Error).message}`);
      return DEFAULT_HEALTH_CHECK_MINUTES;
    }
  }

  private async runRound(): Promise<void> {
    let probes: HealthProbe[];
    try {
      probes = await this.options.probes();
    } catch (err) {
      this.warn(`The health checks could not be listed: ${(err as Error).message}`);
      return;
    }
    await Promise.all(probes.filter((p) => !this.inFlight.has(p.id)).map((p) => this.runProbe(p)));
    if (this.stopped) return;
    try {
      await this.options.afterRound?.();
    } catch (err) {
      this.warn(`The health checks could not be evaluated: ${(err as Error).message}`);
    }
  }

  /** One probe, bounded by the timeout; resolves once its outcome (or its timeout) is recorded. */
  private runProbe(probe: HealthProbe): Promise<void> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    this.controller.signal.addEventListener('abort', abort, { once: true });
    this.inFlight.add(probe.id);
    return new Promise<void>((resolve) => {
      let settled = false;
      // Stopping (the project closes) gives up on the check at once; whatever it answers later is dropped.
      const onStop = () => {
        settled = true;
        cancelTimeout();
        resolve();
      };
      const cancelTimeout = this.options.clock.schedule(this.timeoutMs, async () => {
        if (settled) return;
        settled = true;
        controller.abort();
        if (!this.stopped) await this.keep(() => probe.timedOut(this.timeoutMs), probe);
        resolve();
      });
      if (this.controller.signal.aborted) onStop();
      else this.controller.signal.addEventListener('abort', onStop, { once: true });
      let checking: Promise<unknown>;
      try {
        checking = probe.check(controller.signal);
      } catch (err) {
        checking = Promise.reject(err);
      }
      void checking
        .then(
          async (outcome) => {
            if (settled) return;
            settled = true;
            cancelTimeout();
            // A check cut short by the project closing says nothing about the integration.
            if (!this.stopped) await this.keep(() => probe.record(outcome), probe);
          },
          (err: unknown) => {
            if (settled) return;
            settled = true;
            cancelTimeout();
            this.warn(`The health check of ${probe.id} could not run: ${(err as Error)?.message ?? String(err)}`);
          },
        )
        .finally(() => {
          // Only now may the next round check this integration again (no overlap, also after a timeout).
          this.inFlight.delete(probe.id);
          this.controller.signal.removeEventListener('abort', abort);
          this.controller.signal.removeEventListener('abort', onStop);
          resolve();
        });
    });
  }

  private async keep(write: () => void | Promise<void>, probe: HealthProbe): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.warn(`The health check of ${probe.id} could not be recorded: ${(err as Error).message}`);
    }
  }

  private warn(message: string): void {
    (this.options.warn ?? ((m: string) => console.warn(m)))(message);
  }
}
