import { StudioError } from '../../../shared/errors';
import type { ConnectionKind } from '../../../shared/model/connection';
import type { OpenSourceInfo, SourceSketch, SourcesService } from '../../../shared/api/contracts/sources';
import { promptSecret, readPipedSecret, type SecretInput } from './secret-input';
import { sourceReadOverrides, type SOURCE_READ_OPTIONS } from './source-options';

type ReadFlags = Partial<Record<keyof typeof SOURCE_READ_OPTIONS, string | undefined>>;

/**
 * Where a script hands a source's password over without putting it on the command line, where
 * every local account can read it in the process list (docs/conventions.md: secrets never need
 * argv). An empty value counts as unset.
 */
export const SOURCE_PASSWORD_ENV = 'APSTUDIO_SOURCE_PASSWORD';

/** The flag every command that takes a source adds to its options (spread into parseCommandArgs). */
export const SOURCE_PASSWORD_OPTIONS = { 'password-stdin': { type: 'boolean' } } as const;

/** The kinds of source that can ask for a password: database servers, Access files, REST APIs (client secret or API key). */
const PASSWORD_KINDS: readonly ConnectionKind[] = ['mysql', 'postgres', 'mssql', 'access', 'rest'];

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
 * 2. the password inside the URL (still accepted; it is visible in the process list): left there,
 *    the engine reads it from the location (`password` is null);
 * 3. `APSTUDIO_SOURCE_PASSWORD`;
 * 4. a prompt without echo, when standard input is a terminal and the URL names a user but no
 *    password: asked before connecting, as `mysql -p` does, so a login without a password never
 *    counts against the account (SQL Server's lockout policy counts failed logins). An empty
 *    answer means no password;
 * 5. none. A source that then reports a password is required gets one more chance: see
 *    `withSourceConnector`.
 */
export async function resolveSourcePassword(command: string, parsed: SourceSketch, passwordStdin: boolean | undefined, io: SecretIo = {}): Promise<SourcePassword> {
  const stdin = io.stdin ?? process.stdin;
  const env = io.env ?? process.env;
  if (passwordStdin) {
    if (!PASSWORD_KINDS.includes(parsed.kind)) {
      throw new StudioError('USAGE', `academia-studio ${command}: --password-stdin applies to database servers and Access files, not to a ${parsed.kind} source.`, 'Leave --password-stdin out for this source.');
    }
    if (parsed.hasPassword) {
      throw new StudioError('USAGE', `academia-studio ${command}: the connection string already holds a password, and --password-stdin gives another.`, 'Leave the password out of the connection string (mysql://user@host/db) and pipe it in with --password-stdin.');
    }
    const password = stdin.isTTY ? await promptSecret(promptFor(parsed), stdin, io.stderr ?? process.stderr) : await readPipedSecret(stdin);
    if (!password) {
      throw new StudioError('USAGE', `academia-studio ${command} --password-stdin read no password from standard input.`, `Pipe the password in, e.g. \`printf %s "$PASSWORD" | academia-studio ${command} mysql://user@host/db --password-stdin\`.`);
    }
    return { password, from: 'stdin' };
  }
  if (parsed.hasPassword) return { password: null, from: 'url' };
  if (!PASSWORD_KINDS.includes(parsed.kind)) return { password: null, from: 'none' };
  const fromEnv = env[SOURCE_PASSWORD_ENV];
  if (fromEnv) return { password: fromEnv, from: 'env' };
  if (canPrompt(stdin) && parsed.user !== null) {
    const typed = await promptSecret(promptFor(parsed), stdin, io.stderr ?? process.stderr);
    return { password: typed || null, from: 'prompt' };
  }
  return { password: null, from: 'none' };
}

/**
 * The one way a CLI command reads a source: through the engine's `sources` service, in a session
 * without a project file. The location is described (the engine refuses the studio's own files),
 * the reading flags checked against its kind, the password found (`resolveSourcePassword`), the
 * source opened, `work` run and the source closed whatever happens. When no password was given at
 * all, standard input is a terminal, and the source answers `SOURCE_AUTH_FAILED` (a
 * password-protected Access file, a server that wants a password from a URL naming no user), the
 * person is asked once and `work` runs again with the answer. The password goes to the engine
 * only: never printed, logged or stored (the location shown is `masked`).
 */
export async function withSource<T>(sources: SourcesService, command: string, location: string, passwordStdin: boolean | undefined, io: SecretIo, work: (source: OpenSourceInfo) => Promise<T>, readFlags?: ReadFlags): Promise<T> {
  const sketch = await sources.describe({ location });
  // Reading options from flags (--encoding, --delimiter…) win over those in the location.
  const options = readFlags ? sourceReadOverrides(command, sketch, readFlags) : {};
  const first = await resolveSourcePassword(command, sketch, passwordStdin, io);
  let mayAsk = first.from === 'none' && PASSWORD_KINDS.includes(sketch.kind) && canPrompt(io.stdin ?? process.stdin);
  const source = await sources.open({ location, ...(Object.keys(options).length ? { options } : {}), ...(first.password !== null ? { password: first.password } : {}) });
  try {
    for (;;) {
      let failure: unknown;
      try {
        return await work(source);
      } catch (err) {
        if (!mayAsk || !(err instanceof StudioError) || err.code !== 'SOURCE_AUTH_FAILED') throw err;
        failure = err;
      }
      mayAsk = false;
      (io.stderr ?? process.stderr).write(`${failure instanceof Error ? failure.message : ''}\n`);
      const typed = await promptSecret(promptFor(sketch), io.stdin ?? process.stdin, io.stderr ?? process.stderr);
      if (!typed) throw failure;
      await sources.setSecret({ sourceId: source.sourceId, secret: typed });
    }
  } finally {
    await sources.close({ sourceId: source.sourceId });
  }
}

function canPrompt(stdin: SecretInput): boolean {
  return Boolean(stdin.isTTY) && typeof stdin.setRawMode === 'function';
}

function promptFor(parsed: SourceSketch): string {
  return `Password for ${parsed.masked} (not shown as you type): `;
}
