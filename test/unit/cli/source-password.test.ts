import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/main/engine/index';
import { promptSecret } from '../../../src/main/hosts/cli/secret-input';
import { resolveSourcePassword, SOURCE_PASSWORD_ENV } from '../../../src/main/hosts/cli/source-password';

/** A stand-in terminal: what is typed goes in through `type`, raw-mode switches are recorded. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) {
    input.rawModes.push(mode);
    return input;
  } });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => (shown += d));
  return { input, output, type: (keys: string) => input.write(keys), shown: () => shown };
}

/** Standard input as a pipe: a plain stream without isTTY. */
function pipe(text: string | null) {
  const input = new PassThrough();
  if (text !== null) input.end(text);
  return input;
}

// The CLI sees a location as the engine's `sources.describe` tells it: kind, masked, whether a password is in it, the user.
const sources = createEngine({ host: 'cli' }).api.sources;
const mysqlUser = await sources.describe({ location: 'mysql://sis@127.0.0.1:3306/school' });
const mysqlNoUser = await sources.describe({ location: 'mysql://127.0.0.1:3306/school' });
const mysqlInUrl = await sources.describe({ location: 'mysql://sis:from-url@127.0.0.1:3306/school' });

describe('promptSecret (a password typed on a terminal)', () => {
  it('reads one line without echo, with Backspace, Ctrl+U and arrow keys, and restores the terminal', async () => {
    const t = fakeTerminal();
    const answer = promptSecret('Password: ', t.input, t.output);
    t.type('wrong\u0015');
    t.type('pa');
    t.type('x\u007f');
    t.type('\u001b[D\u001bOCss\u00e9\r');
    expect(await answer).toBe('pass\u00e9');
    expect(t.input.rawModes).toEqual([true, false]);
    expect(t.shown()).toBe('Password: \n');
    expect(t.input.listenerCount('data')).toBe(0);
  });

  it('cancels on Ctrl+C (a character in raw mode, not a signal) and on Ctrl+D, restoring the terminal', async () => {
    const t = fakeTerminal();
    const answer = promptSecret('Password: ', t.input, t.output);
    t.type('abc\u0003');
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(t.input.rawModes).toEqual([true, false]);
    const d = fakeTerminal();
    const eof = promptSecret('Password: ', d.input, d.output);
    d.type('\u0004');
    await expect(eof).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(d.input.rawModes).toEqual([true, false]);
  });

  it('refuses when standard input is not a terminal, reading nothing', async () => {
    const input = pipe('secret\n');
    await expect(promptSecret('Password: ', input, new PassThrough())).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('resolveSourcePassword (secrets never need argv)', () => {
  it('--password-stdin reads the whole pipe less one trailing line ending', async () => {
    expect(await resolveSourcePassword('discover', mysqlUser, true, { stdin: pipe('p@ss word\r\n'), env: {} })).toEqual({ password: 'p@ss word', from: 'stdin' });
    expect(await resolveSourcePassword('discover', mysqlUser, true, { stdin: pipe('two\nlines\n'), env: {} })).toEqual({ password: 'two\nlines', from: 'stdin' });
  });

  it('--password-stdin on a terminal asks without echo', async () => {
    const t = fakeTerminal();
    const resolved = resolveSourcePassword('preview', mysqlUser, true, { stdin: t.input, stderr: t.output, env: { [SOURCE_PASSWORD_ENV]: 'from-env' } });
    t.type('typed\r');
    expect(await resolved).toEqual({ password: 'typed', from: 'stdin' });
    expect(t.shown()).toContain('Password for mysql://sis@127.0.0.1:3306/school');
    expect(t.shown()).not.toContain('typed');
  });

  it('refuses --password-stdin with nothing piped, with a password already in the URL, or for a source without passwords', async () => {
    await expect(resolveSourcePassword('assess', mysqlUser, true, { stdin: pipe(''), env: {} })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('read no password') });
    await expect(resolveSourcePassword('assess', mysqlUser, true, { stdin: pipe('\n'), env: {} })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(resolveSourcePassword('assess', mysqlInUrl, true, { stdin: pipe('x'), env: {} })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('already holds a password') });
    const csv = { kind: 'csv' as const, masked: '/tmp/pupils.csv', hasPassword: false, user: null };
    await expect(resolveSourcePassword('assess', csv, true, { stdin: pipe('x'), env: {} })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('not to a csv source') });
  });

  it('takes the URL password over the environment, and the environment when the URL has none', async () => {
    const env = { [SOURCE_PASSWORD_ENV]: 'from-env' };
    // The URL's password stays in the location, where the engine reads it: never handed back to the CLI.
    expect(mysqlInUrl).toEqual({ kind: 'mysql', masked: 'mysql://sis:****@127.0.0.1:3306/school', hasPassword: true, user: 'sis', file: null });
    expect(await resolveSourcePassword('discover', mysqlInUrl, undefined, { stdin: pipe(null), env })).toEqual({ password: null, from: 'url' });
    expect(await resolveSourcePassword('discover', mysqlUser, undefined, { stdin: pipe(null), env })).toEqual({ password: 'from-env', from: 'env' });
    const t = fakeTerminal();
    expect(await resolveSourcePassword('discover', mysqlUser, undefined, { stdin: t.input, stderr: t.output, env })).toEqual({ password: 'from-env', from: 'env' });
    expect(t.shown()).toBe('');
  });

  it('asks on a terminal when the URL names a user but no password; an empty answer is no password', async () => {
    const t = fakeTerminal();
    const resolved = resolveSourcePassword('discover', mysqlUser, undefined, { stdin: t.input, stderr: t.output, env: { [SOURCE_PASSWORD_ENV]: '' } });
    t.type('typed\r');
    expect(await resolved).toEqual({ password: 'typed', from: 'prompt' });
    const e = fakeTerminal();
    const empty = resolveSourcePassword('discover', mysqlUser, undefined, { stdin: e.input, stderr: e.output, env: {} });
    e.type('\r');
    expect(await empty).toEqual({ password: null, from: 'prompt' });
  });

  it('does not ask without a terminal, without a user in the URL, or for a source that has no password', async () => {
    expect(await resolveSourcePassword('discover', mysqlUser, undefined, { stdin: pipe('never read'), env: {} })).toEqual({ password: null, from: 'none' });
    const t = fakeTerminal();
    expect(await resolveSourcePassword('discover', mysqlNoUser, undefined, { stdin: t.input, stderr: t.output, env: {} })).toEqual({ password: null, from: 'none' });
    const csv = { kind: 'csv' as const, masked: '/tmp/pupils.csv', hasPassword: false, user: null };
    expect(await resolveSourcePassword('discover', csv, undefined, { stdin: t.input, stderr: t.output, env: { [SOURCE_PASSWORD_ENV]: 'x' } })).toEqual({ password: null, from: 'none' });
    expect(t.shown()).toBe('');
    expect(t.input.rawModes).toEqual([]);
  });
});
