import { StringDecoder } from 'node:string_decoder';
import { StudioError } from '../../../shared/errors';

/** Standard input as the CLI sees it: a pipe or file, or a terminal that can be put in raw mode. */
export type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/**
 * Reads a secret piped to standard input (`printf %s "$PW" | academia-studio … --password-stdin`):
 * the whole input, less one trailing line ending, which is never part of a secret.
 */
export async function readPipedSecret(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

/**
 * Asks a person at a terminal for a secret without echoing it. The terminal is put in raw mode
 * (nothing is shown, not even asterisks: their count would give the length away) and restored
 * whatever happens. Enter finishes; Backspace and Ctrl+U edit; Ctrl+C and Ctrl+D on an empty line
 * cancel with `CANCELLED`, since raw mode turns Ctrl+C into a character instead of a signal.
 * The question goes to `output` (stderr), so a `--json` document on stdout stays clean.
 */
export function promptSecret(question: string, input: SecretInput, output: NodeJS.WritableStream): Promise<string> {
  if (!input.isTTY || typeof input.setRawMode !== 'function') {
    return Promise.reject(new StudioError('USAGE', 'There is no terminal to type a password on.', 'Pipe it in with --password-stdin, or set it in the environment variable named in --help.'));
  }
  const setRaw = input.setRawMode.bind(input);
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    let escape: 'none' | 'start' | 'sequence' = 'none';
    let done = false;
    // A pasted character may arrive split across two chunks.
    const decoder = new StringDecoder('utf8');
    const finish = (err: StudioError | null) => {
      if (done) return;
      done = true;
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      setRaw(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const cancelled = () => new StudioError('CANCELLED', 'No password was typed: the prompt was cancelled.', 'Run the command again and type the password, or give it with --password-stdin.');
    const onEnd = () => finish(null);
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : decoder.write(chunk)) {
        // Arrow and function keys send ESC [ … letter (or ~): none of it is part of a password.
        if (escape === 'start') {
          escape = ch === '[' || ch === 'O' ? 'sequence' : 'none';
          continue;
        }
        if (escape === 'sequence') {
          if (/[A-Za-z~]/.test(ch)) escape = 'none';
          continue;
        }
        if (ch === '\u001b') {
          escape = 'start';
          continue;
        }
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003') return finish(cancelled());
        if (ch === '\u0004') {
          if (typed === '') return finish(cancelled());
          return finish(null);
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch === '\u0015') typed = '';
        else if (ch >= ' ') typed += ch;
      }
    };
    // Raw mode first: a key pressed the moment the question shows is already not echoed.
    setRaw(true);
    output.write(question);
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
  });
}
