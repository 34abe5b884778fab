import type { EngineControlMessage } from './port-channel';

/** The part of Electron's UtilityProcess the supervisor uses (structural, so it is testable). */
export interface EngineChild<Port> {
  postMessage(message: EngineControlMessage, transfer?: Port[]): void;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** A port-like thing the supervisor can close when nobody will serve it. */
export interface ClosablePort {
  close(): void;
}

export interface EngineSupervisorOptions<Port extends ClosablePort> {
  /** Starts a fresh engine process (Electron: utilityProcess.fork of out/main/engine-process.js). */
  fork(): EngineChild<Port>;
  /** A replacement engine is running: hand every window a new port. */
  onRestart(info: { generation: number; reason: string }): void;
  /** The engine kept dying: tell the windows it is gone. */
  onGiveUp(reason: string): void;
  /** More than this many unexpected exits inside `crashWindowMs` means give up. Default 3. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** Waits before each restart, by crash count (0 = at once). Default [0, 1000, 3000]. */
  restartDelaysMs?: readonly number[];
  /** How long a clean shutdown may take before the process is killed. Default 5000. */
  shutdownTimeoutMs?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Keeps one engine process alive: forks it, hands it ports, restarts it when it dies (with a
 * short back-off), gives up after repeated crashes, and shuts it down cleanly on quit so the
 * project lock and SQLite WAL are released.
 */
export class EngineSupervisor<Port extends ClosablePort> {
  private child: EngineChild<Port> | null = null;
  private waitingPorts: Port[] = [];
  private crashes: number[] = [];
  private restartTimer: unknown = null;
  private stopping: Promise<void> | null = null;
  private gaveUp = false;
  private count = 0;
  private readonly opts: Required<Omit<EngineSupervisorOptions<Port>, 'fork' | 'onRestart' | 'onGiveUp'>> &
    Pick<EngineSupervisorOptions<Port>, 'fork' | 'onRestart' | 'onGiveUp'>;

  constructor(options: EngineSupervisorOptions<Port>) {
    this.opts = {
      maxCrashes: 3,
      crashWindowMs: 60_000,
      restartDelaysMs: [0, 1000, 3000],
      shutdownTimeoutMs: 5000,
      now: () => Date.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  /** How many engine processes have been started (1 after `start`). */
  get generation(): number {
    return this.count;
  }

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    if (this.child || this.stopping || this.gaveUp) return;
    this.spawn();
  }

  /** Gives the engine one end of a channel; held while a restart is pending, closed after giving up. */
  connect(port: Port): void {
    if (this.gaveUp || this.stopping) {
      port.close();
      return;
    }
    if (!this.child) {
      this.waitingPorts.push(port);
      return;
    }
    this.child.postMessage({ type: 'connect' }, [port]);
  }

  /** Sends a control message to the running engine; false when none runs (starting, restarting, stopped). */
  send(message: EngineControlMessage): boolean {
    if (!this.child || this.stopping) return false;
    this.child.postMessage(message);
    return true;
  }

  /** Asks the engine to release the project and exit; kills it if it does not within the timeout. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.restartTimer !== null) {
      this.opts.clearTimer(this.restartTimer);
      this.restartTimer = null;
    }
    for (const port of this.waitingPorts.splice(0)) port.close();
    const child = this.child;
    if (!child) {
      this.stopping = Promise.resolve();
      return this.stopping;
    }
    this.stopping = new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.opts.clearTimer(timer);
        this.child = null;
        resolve();
      };
      const timer = this.opts.setTimer(() => {
        child.kill();
        finish();
      }, this.opts.shutdownTimeoutMs);
      child.on('exit', finish);
      child.postMessage({ type: 'shutdown' });
    });
    return this.stopping;
  }

  private spawn(): void {
    const child = this.opts.fork();
    this.child = child;
    this.count += 1;
    child.on('exit', (code) => this.onExit(child, code));
    for (const port of this.waitingPorts.splice(0)) child.postMessage({ type: 'connect' }, [port]);
  }

  private onExit(child: EngineChild<Port>, code: number): void {
    if (this.stopping) return;
    if (this.child !== child && this.child !== null) return;
    this.child = null;
    const now = this.opts.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.opts.crashWindowMs), now];
    const reason = `The studio engine stopped unexpectedly (exit code ${code}).`;
    if (this.crashes.length > this.opts.maxCrashes) {
      this.gaveUp = true;
      for (const port of this.waitingPorts.splice(0)) port.close();
      this.opts.onGiveUp(
        `${reason} It stopped ${this.crashes.length} times within ${Math.round(this.opts.crashWindowMs / 1000)} seconds, so the studio no longer restarts it.`,
      );
      return;
    }
    const delays = this.opts.restartDelaysMs;
    const delay = delays[Math.min(this.crashes.length - 1, delays.length - 1)] ?? 0;
    this.restartTimer = this.opts.setTimer(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.spawn();
      this.opts.onRestart({ generation: this.count, reason: `${reason} It was restarted.` });
    }, delay);
  }
}
