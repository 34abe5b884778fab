import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/** A running `academia-studio serve --json` of the built binary, as a user starts it. */
export interface ServedCli {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  /** What the CLI wrote to stderr so far. */
  stderr(): string;
  /** True while the process is running. */
  alive(): boolean;
  /** SIGTERM, then waits for the exit (the CLI stops cleanly on it). */
  stop(): Promise<number | null>;
}

/** Starts the built CLI's web host and resolves once its `--json` document is printed. */
export function startServedCli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<ServedCli> {
  const bin = resolve(__dirname, '..', '..', 'bin', 'academia-studio.mjs');
  const child = spawn(process.execPath, [bin, 'serve', '--json', ...args], { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in time.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before it was ready.\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
    child.stdout!.on('data', (d) => {
      stdout += d;
      let doc: { url: string; port: number };
      try {
        doc = JSON.parse(stdout);
      } catch {
        return;
      }
      clearTimeout(timer);
      const token = new URL(doc.url).searchParams.get('token') ?? '';
      resolveStart({
        child,
        url: doc.url,
        port: doc.port,
        token,
        stderr: () => stderr,
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
