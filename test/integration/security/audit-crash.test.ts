import { spawn } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../src/platform/open-sqlite';
import { AuditLog } from '../../../src/main/engine/security/audit-log';
import { tempDir } from '../../support/temp-dir';
import { openSecurityDb } from '../../unit/security/security-helpers';

/**
 * A process killed (SIGKILL, no chance to clean up) while it appends audit entries as fast as it
 * can: every entry it reported as written is there, the one it was writing is whole or absent,
 * and the chain verifies.
 */
describe('audit trail survives a crash mid-append', () => {
  let dir: ReturnType<typeof tempDir>;
  let childScript: string;

  beforeAll(async () => {
    dir = tempDir();
    const out = join(dir.path, 'child');
    // The child runs the real engine code, bundled from TypeScript; better-sqlite3 stays external
    // and resolves through a link to the project's node_modules.
    await build({ configFile: false, logLevel: 'silent', root: resolve('.'), build: { ssr: resolve('test/integration/security/audit-burst-child.ts'), outDir: out, emptyOutDir: true, minify: false } });
    symlinkSync(resolve('node_modules'), join(out, 'node_modules'), 'junction');
    childScript = join(out, 'audit-burst-child.js');
  });
  afterAll(() => dir.cleanup());

  /** Runs the child until it has reported `after` more entries, then kills it without warning. */
  function burstAndKill(file: string, after: number): Promise<number> {
    return new Promise((resolveRun, reject) => {
      const child = spawn(process.execPath, [childScript, file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let lastReported = 0;
      let seen = 0;
      let buffered = '';
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          lastReported = Number(line);
          if (++seen === after) child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`the child stopped on its own (code ${code}): ${stderr}`));
        else resolveRun(lastReported);
      });
    });
  }

  it('keeps every reported entry and a valid chain across repeated kills', async () => {
    const db = openSecurityDb(dir.path, 'crash.apstudio');
    new AuditLog(db, { actor: 'parent@test' }).append({ action: 'project.create', object: 'project', summary: 'before the crashes' });
    db.close();
    const file = join(dir.path, 'crash.apstudio');

    let reported = 1;
    for (const after of [150, 400, 250]) {
      reported = await burstAndKill(file, after);
      const check = openSqlite(file);
      const log = new AuditLog(check);
      const result = log.verify();
      expect(result).toMatchObject({ valid: true, firstBadEntry: null });
      // Everything the child said it committed is there; at most the one in flight beyond it.
      expect(result.entries).toBeGreaterThanOrEqual(reported);
      expect(result.entries).toBeLessThanOrEqual(reported + 1);
      check.close();
    }
    const final = openSqlite(file);
    const log = new AuditLog(final, { actor: 'parent@test' });
    const next = log.append({ action: 'project.open', object: 'project', summary: 'after the crashes' });
    expect(next.seq).toBe(log.count());
    expect(log.verify().valid).toBe(true);
    final.close();
  });
});
