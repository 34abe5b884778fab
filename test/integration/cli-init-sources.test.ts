import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/hosts/cli/cli';
import { createOutput } from '../../src/main/hosts/cli/output';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]): Promise<{ code: number; doc: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (d) => (text += d));
  stderr.resume();
  const code = await runCli([...args, '--json'], createOutput(true, { stdout, stderr }));
  return { code, doc: JSON.parse(text) };
}

/** Bad input on the headless path: clear typed errors, and no half-made project. */
describe('init --source and mapping suggest: bad input', () => {
  const dir = tempDir('apstudio-init-');
  const saved = process.env.APSTUDIO_CONFIG_DIR;
  beforeAll(() => {
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = saved;
    dir.cleanup();
  });

  it('a missing source file is SOURCE_NOT_FOUND and leaves no project behind', async () => {
    const project = join(dir.path, 'missing.apstudio');
    const { code, doc } = await cli(['init', project, '--source', join(dir.path, 'nowhere.csv')]);
    expect(code).toBe(1);
    expect(doc.error?.code).toBe('SOURCE_NOT_FOUND');
    expect(doc.error?.message).toContain('nowhere.csv');
    expect(existsSync(project)).toBe(false);
  });

  it('mapping suggest on a project without connections says what to do; misplaced flags are usage errors', async () => {
    const project = join(dir.path, 'empty.apstudio');
    expect((await cli(['init', project])).code).toBe(0);
    const none = await cli(['mapping', project, 'suggest', '--accept']);
    expect(none.code).toBe(1);
    expect(none.doc.error?.code).toBe('CONNECTION_NOT_FOUND');
    expect((await cli(['mapping', project, 'list', '--accept'])).code).toBe(2);
    expect((await cli(['mapping', project, 'suggest', 'extra'])).code).toBe(2);
    expect((await cli(['mapping', project, 'suggest', '--min-confidence', 'high'])).code).toBe(2);
  });
});
