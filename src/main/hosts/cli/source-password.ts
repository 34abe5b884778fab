import { StudioError } from '../../../shared/errors';
import type { ConnectionKind } from '../../../shared/model/connection';
import type { SourceConnector } from '../../engine/connectors/connector';
import { openConnector } from '../../engine/connectors/open-connector';
import { parseSourceLocation, type ParsedLocation } from '../../engine/connectors/source-location';
import { promptSecret, readPipedSecret, type SecretInput } from './secret-input';
import { commandLineSourceGuard } from './commands/command-line-source';

/**
 * Where a script hands a source's password over without putting it on the command line, where
 * every local account can read it in the process list (docs/conventions.md: secrets never need
 * argv). An empty value counts as unset.
 */
export const SOURCE_PASSWORD_ENV = 'APSTUDIO_SOURCE_PASSWORD';

/** The flag every command that takes a source adds to its options (spread into parseCommandArgs). */
export const SOURCE_PASSWORD_OPTIONS = { 'password-stdin': { type: 'boolean' } } as const;

/** The kinds of source that can ask for a password: database servers and Access files. */
const PASSWORD_KINDS: readonly ConnectionKind[] = ['mysql', 'postgres', 'mssql', 'access'];

/** The process's standard streams and environment; tests hand in their own. */
export interface SecretIo {
  stdin?: SecretInput;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** Where the password came from: never the value's own business, but the retry rule needs it. */
export type PasswordOrigin = 'url' | 'stdin' | 'env' | 'prompt' | 'none';

export interface SourcePassword {
  password: string | null;
  from: PasswordOrigin;
}

/**
 * Finds a source's password, first match wins:
 * 1. `--password-stdin`: piped in (the whole input, less a trailing newline), or typed without
 *    echo when standard input is a terminal; contradicts a password inside the URL.
 * 2. the password inside the URL (still accepted; it is visible in the process list);
 * 3. `APSTUDIO_SOURCE_PASSWORD`;
 * 4. a prompt without echo, when standard input is a terminal and the URL names a user but no
 *    password: asked before connecting, as `mysql -p` does, so a login without a password never
 *    counts against the account (SQL Server's lockout policy counts failed logins). An empty
 *    answer means no password;
 * 5. none. A source that then reports a password is required gets one more chance: see
 *    `withSourceConnector`.
 */
export async function resolveSourcePassword(command: string, parsed: ParsedLocation, passwordStdin: boolean | undefined, io: SecretIo = {}): Promise<SourcePassword> {
  const stdin = io.stdin ?? process.stdin;
  const env = io.env ?? process.env;
  if (passwordStdin) {
    if (!PASSWORD_KINDS.includes(parsed.kind)) {
      throw new StudioError('USAGE', `academia-studio ${command}: --password-stdin applies to database servers and Access files, not to a ${parsed.kind} source.`, 'Leave --password-stdin out for this source.');
    }
    if (parsed.password !== null) {
      throw new StudioError('USAGE', `academia-studio ${command}: the connection string already holds a password, and --password-stdin gives another.`, 'Leave the password out of the connection string (mysql://user@host/db) and pipe it in with --password-stdin.');
    }
    const password = stdin.isTTY ? await promptSecret(promptFor(parsed), stdin, io.stderr ?? process.stderr) : await readPipedSecret(stdin);
    if (!password) {
      throw new StudioError('USAGE', `academia-studio ${command} --password-stdin read no password from standard input.`, `Pipe the password in, e.g. \`printf %s "$PASSWORD" | academia-studio ${command} mysql://user@host/db --password-stdin\`.`);
    }
    return { password, from: 'stdin' };
  }
  if (parsed.password !== null) return { password: parsed.password, from: 'url' };
  if (!PASSWORD_KINDS.includes(parsed.kind)) return { password: null, from: 'none' };
  const fromEnv = env[SOURCE_PASSWORD_ENV];
  if (fromEnv) return { password: fromEnv, from: 'env' };
  if (canPrompt(stdin) && typeof parsed.config.user === 'string' && parsed.config.user !== '') {
    const typed = await promptSecret(promptFor(parsed), stdin, io.stderr ?? process.stderr);
    return { password: typed || null, from: 'prompt' };
  }
  return { password: null, from: 'none' };
}

/** The parsed source and its connector, open for the duration of a command's work. */
export interface OpenedSource {
  parsed: ParsedLocation;
  connector: SourceConnector;
}

/**
 * The one way a CLI command opens a source: parses the location, finds the password
 * (`resolveSourcePassword`), opens the connector, runs `work` and closes the connector whatever
 * happens. When no password was given at all, standard input is a terminal, and the source answers
 * `SOURCE_AUTH_FAILED` (a password-protected Access file, a server that wants a password from a URL
 * naming no user), the person is asked once and `work` runs again with the answer. The password is
 * handed to the connector only: never printed, logged or stored (the location shown is `masked`).
 */
export async function withSourceConnector<T>(command: string, location: string, passwordStdin: boolean | undefined, io: SecretIo, work: (source: OpenedSource) => Promise<T>): Promise<T> {
  // The user typed it, so it needs no pick; but the studio's own files are refused here too.
  const guard = commandLineSourceGuard(location);
  const parsed = parseSourceLocation(location);
  const first = await resolveSourcePassword(command, parsed, passwordStdin, io);
  let password = first.password;
  let mayAsk = first.from === 'none' && PASSWORD_KINDS.includes(parsed.kind) && canPrompt(io.stdin ?? process.stdin);
  for (;;) {
    const connector = openConnector(parsed.kind, parsed.config, password, guard);
    let failure: unknown;
    try {
      return await work({ parsed, connector });
    } catch (err) {
      if (!mayAsk || !(err instanceof StudioError) || err.code !== 'SOURCE_AUTH_FAILED') throw err;
      failure = err;
    } finally {
      await connector.close();
    }
    mayAsk = false;
    (io.stderr ?? process.stderr).write(`${failure instanceof Error ? failure.message : ''}\n`);
    const typed = await promptSecret(promptFor(parsed), io.stdin ?? process.stdin, io.stderr ?? process.stderr);
    if (!typed) throw failure;
    password = typed;
  }
}

function canPrompt(stdin: SecretInput): boolean {
  return Boolean(stdin.isTTY) && typeof stdin.setRawMode === 'function';
}

function promptFor(parsed: ParsedLocation): string {
  return `Password for ${parsed.masked} (not shown as you type): `;
}
