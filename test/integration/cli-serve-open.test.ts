import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startServedCli, type ServedCli } from '../support/served-cli';
import { tempDir } from '../support/temp-dir';

/** Waits for a file the stand-in opener writes (it runs detached, a moment after serve starts). */
async function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return text;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${path} was not written in time`);
}

/** The first message on a socket opened with `url`, or the HTTP status it was refused with. */
function firstMessage(url: string, origin: string): Promise<{ message?: Record<string, unknown>; refused?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { origin } });
    ws.once('message', (data) => {
      resolve({ message: JSON.parse(String(data)) });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    ws.once('error', reject);
  });
}

describe('serve --open (built CLI)', () => {
  const dir = tempDir();
  let served: ServedCli | undefined;
  afterAll(async () => {
    await served?.stop();
    dir.cleanup();
  });

  it('gives the browser a one-time code instead of the token, the code works once, and the token is written to no file', async () => {
    // A stand-in for xdg-open that records its command line, i.e. what `ps` shows every account.
    const argvFile = join(dir.path, 'opener-argv.txt');
    const opener = join(dir.path, 'stand-in-opener.sh');
    writeFileSync(opener, `#!/bin/sh\nfor a in "$0" "$@"; do printf '%s\\n' "$a"; done > "${argvFile}.tmp" && mv "${argvFile}.tmp" "${argvFile}"\n`);
    chmodSync(opener, 0o755);
    // A project, so the host has an audit trail and a recent-projects list to (not) write the token to.
    const project = join(dir.path, 'school.apstudio');
    const maker = createHostEngine({ host: 'web', configDir: join(dir.path, 'maker-config') });
    await maker.api.projects.create({ path: project, name: 'School' });
    await maker.dispose();
    served = await startServedCli(['--project', project, '--open'], { env: { APSTUDIO_CONFIG_DIR: join(dir.path, 'config'), APSTUDIO_OPEN_WITH: opener } });

    // The terminal and --json still carry the tokenised address, as README documents.
    expect(served.url).toBe(`http://127.0.0.1:${served.port}/?token=${served.token}`);
    const argv = (await waitForFile(argvFile)).trimEnd().split('\n');
    for (let i = 0; i < 200 && !served.stderr().includes('Studio running at'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(served.stderr()).toContain(`Studio running at ${served.url}`);

    expect(argv).toHaveLength(2);
    expect(argv.join(' ')).not.toContain(served.token);
    const opened = new URL(argv[1]);
    expect(`${opened.origin}${opened.pathname}`).toBe(`http://127.0.0.1:${served.port}/`);
    expect([...opened.searchParams.keys()]).toEqual(['code']);
    // Nor does the serve process's own command line carry it.
    const cmdline = `/proc/${served.child.pid}/cmdline`;
    if (existsSync(cmdline)) expect(readFileSync(cmdline, 'utf8')).not.toContain(served.token);

    const code = opened.searchParams.get('code')!;
    const origin = `http://127.0.0.1:${served.port}`;
    const rpc = `ws://127.0.0.1:${served.port}/rpc?code=${encodeURIComponent(code)}`;
    expect(await firstMessage(rpc, origin)).toEqual({ message: { kind: 'session', token: served.token } });
    // A change through the session, so the audit trail gains an entry while the host serves.
    const session = new WebSocket(`ws://127.0.0.1:${served.port}/rpc?token=${served.token}`, { headers: { origin } });
    const added = await new Promise<Record<string, unknown>>((resolve, reject) => {
      session.once('open', () => session.send(JSON.stringify({ kind: 'call', id: 1, service: 'targets', method: 'save', params: { name: 'District', kind: 'remote', baseUrl: 'https://sis.example.org', apiVersion: 'v1', auth: 'oauth2', clientId: 'studio', schoolId: 'north' } })));
      session.on('message', (data) => {
        const m = JSON.parse(String(data));
        if (m.id === 1) resolve(m);
      });
      session.once('error', reject);
    });
    session.close();
    expect(added).toMatchObject({ kind: 'result' });
    expect(await firstMessage(rpc, origin)).toEqual({ refused: 401 });
    expect(served.alive()).toBe(true);

    // Nothing the studio wrote while serving (the project with its audit trail and run log, the
    // configuration folder) holds the token.
    expect(await served.stop()).toBe(0);
    const written = readdirSync(dir.path, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('opener-argv'));
    expect(written.map((e) => e.name)).toContain('school.apstudio');
    for (const file of written) expect(readFileSync(join(file.parentPath, file.name), 'latin1'), file.name).not.toContain(served.token);
  });
});
