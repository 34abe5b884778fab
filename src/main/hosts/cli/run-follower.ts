import type { Engine } from '../../engine/index';
import type { CliOutput } from './output';
import { formatProgress } from './progress-bar';

/** A run the CLI waits on: its progress and log lines go to stderr, and a signal cancels it. */
export interface RunFollower {
  /** The run started: a signal cancels it from now on (at once, if one already came). */
  follow(runId: string): void;
  /** Ends the progress line and stops listening to signals and events (again: nothing). */
  close(): void;
}

/**
 * Shows a run's progress (one line redrawn on a terminal, new lines only when it changes
 * otherwise) and its log on stderr. Ctrl-C (SIGINT) or SIGTERM cancels the run at the next batch
 * boundary; a second signal quits at once, and the run is then marked Interrupted when the
 * project is next opened. `noun` names what stops ("run", "rollback").
 */
export function followRun(engine: Engine, out: CliOutput, noun: string): RunFollower {
  let lastLine = '';
  let runId: string | null = null;
  let stopping = false;
  let closed = false;
  const cancel = () => {
    if (runId) void engine.api.runs.cancel({ runId }).catch(() => undefined);
  };
  const endLine = () => {
    if (out.interactive && lastLine) process.stderr.write('\n');
    lastLine = '';
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      out.log(`${signal} again: quitting now.`);
      process.exit(130);
    }
    stopping = true;
    endLine();
    out.log(`${signal}: stopping the ${noun} at the next batch boundary (send it again to quit at once).`);
    cancel();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const off = engine.onEvent((m) => {
    if (m.kind !== 'event') return;
    if (m.event === 'run.progress') {
      const line = formatProgress(m.payload as Parameters<typeof formatProgress>[0]);
      if (out.interactive) process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
      else if (line !== lastLine) out.log(line);
      lastLine = line;
    } else if (m.event === 'run.event') {
      const e = m.payload as { level: string; message: string; entity: string | null };
      endLine();
      out.log(`${e.level === 'info' ? '' : `${e.level}: `}${e.entity ? `[${e.entity}] ` : ''}${e.message}`);
    }
  });
  return {
    follow(id) {
      runId = id;
      if (stopping) cancel();
    },
    close() {
      if (closed) return;
      closed = true;
      endLine();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      off();
    },
  };
}
