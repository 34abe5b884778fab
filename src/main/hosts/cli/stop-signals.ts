/** The signals that mean "stop" for a foreground command (SIGHUP: its terminal went away). */
export const STOP_SIGNALS: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * The environment variable a launcher (scripts/start.mjs) sets to its own pid: the command then
 * also stops when that process is gone, even if it died without passing a signal on (SIGKILL),
 * so `npm start` never leaves a studio server behind as an orphan.
 */
export const EXIT_WITH_PARENT_ENV = 'APSTUDIO_EXIT_WITH_PARENT';

export interface StopWait {
  /** Resolves with what asked to stop: a signal's name, or 'parent-exited'. */
  stopped: Promise<string>;
  /** Removes the listeners and the parent watch (after stopping, or when the command ends otherwise). */
  dispose(): void;
}

/**
 * Waits for a stop request: SIGINT, SIGTERM or SIGHUP, or the launcher named in
 * APSTUDIO_EXIT_WITH_PARENT going away (checked every `pollMs`). Signals after the first are
 * absorbed while the caller shuts down (Ctrl+C reaches both `npm start` and its children, so the
 * same stop often arrives twice) instead of killing the process half-way through closing.
 */
export function waitForStop(opts: { env?: NodeJS.ProcessEnv; pollMs?: number } = {}): StopWait {
  const env = opts.env ?? process.env;
  const parent = Number(env[EXIT_WITH_PARENT_ENV]);
  let resolveStop!: (why: string) => void;
  let stopped = false;
  const stoppedPromise = new Promise<string>((resolve) => (resolveStop = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopped) return;
    stopped = true;
    resolveStop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let timer: NodeJS.Timeout | null = null;
  if (Number.isInteger(parent) && parent > 0) {
    timer = setInterval(() => {
      if (stopped || (isAlive(parent) && process.ppid === parent)) return;
      stopped = true;
      resolveStop('parent-exited');
    }, opts.pollMs ?? 1000);
    timer.unref();
  }
  return {
    stopped: stoppedPromise,
    dispose() {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      if (timer) clearInterval(timer);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
