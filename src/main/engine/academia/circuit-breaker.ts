/** closed: requests flow; open: they are refused at once; half-open: one probe decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failed attempts (5xx, 408, timeouts, dropped or refused connections) that open it. Default 10. */
  failureThreshold?: number;
  /** How long it stays open before letting one probe through. Default 30 s. */
  cooldownMs?: number;
}

/**
 * A circuit breaker over request attempts. When the service keeps failing, the client stops
 * sending for a while instead of hammering it (and a run fails quickly and clearly, to be resumed
 * later); after the cool-down one probe request goes through, and its outcome closes the circuit
 * again or re-opens it. Rate limiting (429) and other 4xx are neither success nor failure here.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly cooldownMs: number;

  constructor(
    private readonly now: () => number,
    options: CircuitBreakerOptions = {},
    private readonly onChange?: (state: CircuitState) => void,
  ) {
    this.threshold = options.failureThreshold ?? 10;
    this.cooldownMs = options.cooldownMs ?? 30_000;
  }

  get current(): CircuitState {
    return this.state;
  }

  /** Consecutive failures counted so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Milliseconds until a probe may go, when open (0 otherwise). */
  retryInMs(): number {
    return this.state === 'open' ? Math.max(0, this.openedAt + this.cooldownMs - this.now()) : 0;
  }

  /** Whether an attempt may go now; in half-open only one (the probe) at a time. */
  allow(): boolean {
    if (this.state === 'open') {
      if (this.now() < this.openedAt + this.cooldownMs) return false;
      this.set('half-open');
    }
    if (this.state === 'half-open') {
      if (this.probing) return false;
      this.probing = true;
    }
    return true;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    if (this.state !== 'closed') this.set('closed');
  }

  failure(): void {
    this.failures++;
    const wasProbe = this.state === 'half-open';
    this.probing = false;
    if (wasProbe || this.failures >= this.threshold) {
      this.openedAt = this.now();
      this.set('open');
    }
  }

  /** An attempt that says nothing about the service's health (429, a 4xx, a cancelled request). */
  neutral(): void {
    if (this.state === 'half-open') this.probing = false;
  }

  private set(state: CircuitState): void {
    if (this.state === state) return;
    this.state = state;
    this.onChange?.(state);
  }
}
