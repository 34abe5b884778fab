import type { StudioErrorShape } from '../../../shared/errors';

/**
 * Where the CLI writes. With `--json`, stdout carries exactly one JSON document and everything
 * else (logs, progress) goes to stderr; without it, results go to stdout for people.
 */
export interface CliOutput {
  json: boolean;
  /** Human lines on stdout (suppressed in --json mode, where stdout is the document only). */
  print(line: string): void;
  /** Logs and progress, always on stderr. */
  log(line: string): void;
  /** The one JSON document (only in --json mode). */
  document(value: unknown): void;
  error(error: StudioErrorShape): void;
  /** True when stderr is a terminal, so progress may redraw in place. */
  interactive: boolean;
}

export function createOutput(json: boolean, streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream & { isTTY?: boolean } } = process): CliOutput {
  return {
    json,
    interactive: Boolean(streams.stderr.isTTY),
    print: (line) => {
      if (!json) streams.stdout.write(`${line}\n`);
    },
    log: (line) => streams.stderr.write(`${line}\n`),
    document: (value) => streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    error: (error) => {
      if (json) streams.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint, ...(error.where ? { where: error.where } : {}) } }, null, 2)}\n`);
      else streams.stderr.write(`Error (${error.code}): ${error.message}\n  What to do: ${error.hint}\n`);
    },
  };
}
