import { resolve } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { TargetProfile } from '../../../../shared/model/settings';
import type { TargetCheck, TargetProfileInput } from '../../../../shared/model/target';
import { type Engine } from '../../../engine/index';
import { createHostEngine } from '../../host-engine';
import { intOption, parseCommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import type { CliOutput } from '../output';

/** Where an unattended job hands over the target's secret: never a command-line argument (visible in process lists). */
export const TARGET_SECRET_ENV = 'APSTUDIO_TARGET_SECRET';

const ACTIONS = ['show', 'set', 'test', 'history'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * `target <project> [show|set|test|history]`: the project's Academia Pro target profile. `set`
 * changes only the fields given (the secret from stdin with --secret-stdin, or from
 * APSTUDIO_TARGET_SECRET), except that a new URL, sign-in method or client id forgets the stored
 * secret, which it says; `test` checks health, API and credentials (exit 1 when it fails) and
 * keeps the outcome in the health history.
 */
export async function targetCommand(argv: string[], out: CliOutput, io: { stdin?: NodeJS.ReadableStream; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const { positionals, values } = parseCommandArgs(
    'target',
    argv,
    {
      url: { type: 'string' },
      'api-version': { type: 'string' },
      auth: { type: 'string' },
      'client-id': { type: 'string' },
      school: { type: 'string' },
      name: { type: 'string' },
      embedded: { type: 'boolean' },
      'secret-stdin': { type: 'boolean' },
      limit: { type: 'string' },
    },
    { min: 1, max: 2, names: 'a project path and show, set, test or history' },
  );
  const action = (positionals[1] ?? 'show') as Action;
  if (!ACTIONS.includes(action)) {
    throw new StudioError('USAGE', `academia-studio target takes show, set, test or history, not "${positionals[1]}".`, 'For example `academia-studio target school.apstudio test`.');
  }
  const setFlags = ['url', 'api-version', 'auth', 'client-id', 'school', 'name', 'embedded', 'secret-stdin'] as const;
  const misplaced = setFlags.filter((f) => values[f] !== undefined);
  if (action !== 'set' && misplaced.length) {
    throw new StudioError('USAGE', `academia-studio target ${action} does not take --${misplaced[0]}.`, `Change the profile with \`academia-studio target <project> set --${misplaced[0]} …\`.`);
  }
  if (action !== 'history' && values.limit !== undefined) throw new StudioError('USAGE', `academia-studio target ${action} does not take --limit.`, 'Use --limit with `target <project> history`.');
  if (values.embedded && values.url !== undefined) throw new StudioError('USAGE', 'academia-studio target set: --embedded and --url contradict each other.', 'Give --url for a remote Academia Pro, or --embedded for the local sandbox.');
  const limit = intOption('target history', 'limit', values.limit, 1, 1000);

  const engine = createHostEngine({ host: 'cli' });
  try {
    await engine.api.projects.open({ path: resolve(positionals[0]) });
    if (action === 'show') return report(out, await engine.api.targets.get(), printProfile);
    if (action === 'history') return report(out, await engine.api.targets.history({ limit: limit ?? 20 }), printHistory);
    if (action === 'test') {
      const check = await engine.api.targets.test();
      report(out, check, printCheck);
      return check.ok ? EXIT.ok : EXIT.failed;
    }
    const { profile, forgotten } = await setProfile(engine, values, io);
    const code = report(out, profile, printProfile);
    if (forgotten) {
      out.log(`The stored secret was forgotten: it belonged to the old ${forgotten}, and a secret is never sent to another client or address. Enter the new one with --secret-stdin (or APSTUDIO_TARGET_SECRET).`);
    }
    return code;
  } finally {
    await engine.dispose();
  }
}

type SetValues = { url?: string; 'api-version'?: string; auth?: string; 'client-id'?: string; school?: string; name?: string; embedded?: boolean; 'secret-stdin'?: boolean };

/**
 * Merges the flags into the stored profile, saves it, then stores the secret when one is handed
 * over. Changing the URL, sign-in method or client id forgets the stored secret (targets.save):
 * `forgotten` says which of them did it, so the command can say so.
 */
async function setProfile(engine: Engine, values: SetValues, io: { stdin?: NodeJS.ReadableStream; env?: NodeJS.ProcessEnv }): Promise<{ profile: TargetProfile; forgotten: string | null }> {
  const current = await engine.api.targets.get();
  const kind: TargetProfile['kind'] = values.embedded ? 'embedded-sandbox' : values.url !== undefined ? 'remote' : current.kind;
  const next: TargetProfileInput = {
    name: values.name ?? (kind !== current.kind ? (kind === 'remote' ? 'Academia Pro' : 'Local sandbox') : current.name),
    kind,
    baseUrl: kind === 'remote' ? (values.url ?? current.baseUrl) : null,
    apiVersion: values['api-version'] === undefined ? current.apiVersion : choice('api-version', values['api-version'], ['v1', 'v2'] as const),
    auth: values.auth === undefined ? current.auth : choice('auth', values.auth, ['oauth2', 'api-key', 'jwt'] as const),
    clientId: values['client-id'] ?? current.clientId,
    schoolId: values.school ?? current.schoolId,
  };
  const env = io.env ?? process.env;
  const secret = values['secret-stdin'] ? await readSecret(io.stdin ?? process.stdin) : kind === 'remote' ? (env[TARGET_SECRET_ENV] ?? null) : null;
  if (values['secret-stdin'] && !secret) throw new StudioError('USAGE', 'academia-studio target set --secret-stdin read no secret from standard input.', 'Pipe the secret in, e.g. `printf %s "$SECRET" | academia-studio target school.apstudio set --secret-stdin`.');
  let profile = await engine.api.targets.save(next);
  if (secret) profile = await engine.api.targets.setSecret({ secret });
  const changed = [current.baseUrl !== next.baseUrl && 'URL', current.auth !== next.auth && 'sign-in method', current.clientId !== next.clientId && 'client id'].filter(Boolean);
  const forgotten = current.hasSecret && !profile.hasSecret && changed.length ? changed.join(', ') : null;
  return { profile, forgotten };
}

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new StudioError('USAGE', `academia-studio target set: --${flag} must be ${allowed.join(', ')}, not "${value}".`, `For example --${flag} ${allowed[0]}.`);
  return value as T;
}

/** The whole of standard input (a pipe), or one line when a person types it; the line ending is not part of the secret. */
async function readSecret(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stdin.isTTY) process.stderr.write('Type or paste the secret, then press Enter: ');
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (stdin.isTTY && text.includes('\n')) break;
  }
  return (stdin.isTTY ? text.split('\n')[0] : text).replace(/\r?\n$/, '').replace(/\r$/, '');
}

function report<T>(out: CliOutput, value: T, print: (value: T, out: CliOutput) => void): number {
  if (out.json) out.document(value);
  else print(value, out);
  return EXIT.ok;
}

function printProfile(p: TargetProfile, out: CliOutput): void {
  out.print(`Target "${p.name}"`);
  out.print(`  kind:        ${p.kind === 'embedded-sandbox' ? 'embedded sandbox (started by the studio)' : 'remote Academia Pro'}`);
  if (p.kind === 'remote') out.print(`  address:     ${p.baseUrl ?? '(none yet)'}`);
  out.print(`  API version: ${p.apiVersion}`);
  out.print(`  sign-in:     ${p.auth}${p.clientId ? ` as client "${p.clientId}"` : ''}`);
  out.print(`  school:      ${p.schoolId}`);
  if (p.kind === 'remote') out.print(`  secret:      ${p.hasSecret ? 'stored (encrypted in the project)' : 'not stored: set it with --secret-stdin or APSTUDIO_TARGET_SECRET'}`);
}

function printCheck(c: TargetCheck, out: CliOutput): void {
  out.print(`${c.ok ? 'Connection test passed' : 'Connection test FAILED'} (${c.at})`);
  out.print(`  health:      ${c.health ? `${c.health.status} in ${c.health.latencyMs} ms` : 'not reached'}`);
  out.print(`  API:         ${c.info ? `${c.info.name} ${c.info.apiVersion} (${c.info.version}, ${c.info.status}); limits ${c.info.limits.perMinute}/min, ${c.info.limits.perHour}/h, ${c.info.limits.maxBatchRecords} records a batch` : 'not reached'}`);
  out.print(`  credentials: ${c.auth ? (c.auth.ok ? `accepted in ${c.auth.latencyMs} ms${c.auth.scopes ? ` (${c.auth.scopes.length} scopes)` : ''}` : 'refused') : 'not tried'}`);
  if (c.deprecation) out.print(`  deprecation: ${c.deprecation.message}`);
  if (c.error) {
    out.print(`  problem:     ${c.error.message}`);
    out.print(`  what to do:  ${c.error.hint}`);
  }
}

function printHistory(checks: TargetCheck[], out: CliOutput): void {
  if (!checks.length) {
    out.print('No connection tests yet. Run `academia-studio target <project> test`.');
    return;
  }
  for (const c of checks) {
    const latency = c.health ? `${c.health.latencyMs} ms` : '-';
    out.print(`${c.at}  ${c.ok ? 'ok    ' : 'FAILED'}  ${c.trigger.padEnd(8)}  ${latency.padStart(7)}  ${c.info ? `${c.info.apiVersion} ${c.info.status}` : ''}${c.deprecation ? '  deprecated' : ''}${c.error ? `  ${c.error.code}` : ''}`);
  }
}
