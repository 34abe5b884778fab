import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacySchool } from '../../src/main/engine/demo/generate-legacy-school';
import { tempDir } from '../support/temp-dir';
import { runCliInProcess } from '../support/run-cli';

const cli = runCliInProcess;

/** A command that writes a file never replaces one silently: `assess --report` needs --overwrite. */
describe('assess --report onto an existing file', () => {
  const dir = tempDir();
  const legacy = join(dir.path, 'legacy.sqlite');
  beforeAll(async () => {
    await generateLegacySchool({ file: legacy, pupils: 40, seed: 7 });
  });
  afterAll(() => dir.cleanup());

  it('is refused (FILE_EXISTS, exit 1, the hint names --overwrite) and the file is kept', async () => {
    const report = join(dir.path, 'readiness.html');
    writeFileSync(report, 'the head teacher’s notes');
    const res = await cli('assess', legacy, '--report', report, '--json');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error).toMatchObject({ code: 'FILE_EXISTS', hint: expect.stringContaining('--overwrite') });
    expect(readFileSync(report, 'utf8')).toBe('the head teacher’s notes');
  });

  it('with --overwrite replaces it with a whole, owner-only report and leaves nothing beside it', async () => {
    const report = join(dir.path, 'findings.csv');
    writeFileSync(report, 'old', { mode: 0o644 });
    const res = await cli('assess', legacy, '--report', report, '--overwrite');
    expect(res.code, res.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).toMatch(/^\ufeff?code,|severity/);
    if (process.platform !== 'win32') expect(statSync(report).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir.path).sort()).toEqual(['findings.csv', 'legacy.sqlite', 'legacy.sqlite.manifest.json', 'readiness.html']);
  });
});
