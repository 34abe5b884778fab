import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '..', '..');

/** pid → parent pid of every process on the machine (Linux /proc). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      map.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

function descendants(pid: number): number[] {
  const map = parents();
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of map) {
      if (parent !== p) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** Alive and not a zombie (a zombie is dead, only not yet reaped by its parent). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/**
 * `npm start` and `serve` stop their children whichever process gets the signal: the npm
 * process, scripts/start.mjs, or the studio server itself. Each case starts the real tree
 * (web host, no browser), waits for the server, signals one process and checks none is left.
 */
describe.runIf(process.platform === 'linux')('npm start leaves no orphans', () => {
  const dir = tempDir('apstudio-start-');
  const env = { ...process.env, APSTUDIO_START_HOST: 'web', APSTUDIO_START_NO_OPEN: '1', APSTUDIO_CONFIG_DIR: join(dir.path, 'config') };
  const project = join(dir.path, 'p.apstudio');
  let tree: ChildProcess | null = null;

  beforeAll(async () => {
    expect(existsSync(join(root, 'out', 'main', 'cli.js'))).toBe(true);
    expect((await runBuiltCli(['init', project], { env })).code).toBe(0);
  });
  afterEach(() => {
    // Never leave a tree behind, even when a case fails.
    if (tree?.pid) for (const pid of [...descendants(tree.pid), tree.pid]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    tree = null;
  });
  afterAll(() => dir.cleanup());

  /** Starts the tree and resolves once the studio server says it is running. */
  async function start(command: string, args: string[]): Promise<{ top: ChildProcess; server: number; all: number[] }> {
    const top = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    tree = top;
    let output = '';
    top.stdout!.on('data', (d) => (output += d));
    top.stderr!.on('data', (d) => (output += d));
    const up = await until(() => output.includes('Studio running at'), 30_000);
    expect(up, `the studio did not start:\n${output}`).toBe(true);
    const all = descendants(top.pid!);
    const server = all.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('academia-studio.mjs\0serve'));
    expect(server, `no serve process under ${top.pid}: ${all.join(', ')}`).toBeDefined();
    return { top, server: server!, all: [top.pid!, ...all] };
  }

  async function expectAllGone(pids: number[]): Promise<void> {
    const gone = await until(() => pids.every((pid) => !alive(pid)), 15_000);
    expect(gone, `still running: ${pids.filter(alive).join(', ')}`).toBe(true);
  }

  it.each([['SIGTERM'], ['SIGKILL']] as const)('%s to scripts/start.mjs stops the studio server', async (signal) => {
    const { top, all } = await start(process.execPath, ['scripts/start.mjs', project]);
    process.kill(top.pid!, signal);
    await expectAllGone(all);
  });

  it('SIGTERM to the studio server ends scripts/start.mjs too', async () => {
    const { server, all } = await start(process.execPath, ['scripts/start.mjs', project]);
    process.kill(server, 'SIGTERM');
    await expectAllGone(all);
  });

  // npm passes SIGINT and SIGTERM on to the script; SIGHUP (its terminal closed) it does not.
  it('SIGHUP to the npm process of `npm start` stops the whole tree', async () => {
    const { top, all } = await start('npm', ['start', '--silent', '--', project]);
    process.kill(top.pid!, 'SIGHUP');
    await expectAllGone(all);
  });
});
