import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacySchool } from '../../src/main/engine/demo/generate-legacy-school';
import { runBuiltCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

describe('academia-studio assess (built binary)', () => {
  const dir = tempDir();
  const legacy = join(dir.path, 'legacy.sqlite');
  beforeAll(async () => {
    await generateLegacySchool({ file: legacy, pupils: 400, seed: 7 });
  });
  afterAll(() => dir.cleanup());

  it('prints the assess document of docs/conventions.md and writes the HTML report', async () => {
    const report = join(dir.path, 'readiness.html');
    const res = await runBuiltCli(['assess', `sqlite:${legacy}`, '--json', '--report', report], { timeoutMs: 120_000 });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(Object.keys(doc.readiness)).toEqual(expect.arrayContaining(['score', 'complexity', 'effortDays', 'pushEstimate']));
    for (const f of doc.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['code', 'severity', 'table', 'column', 'count', 'message', 'examples', 'fix']));
    expect(Array.isArray(doc.duplicates)).toBe(true);
    expect(Array.isArray(doc.relationships)).toBe(true);
    expect(readFileSync(report, 'utf8')).toMatch(/<html/i);
  });

  it('prints the report to PDF with Chromium', async () => {
    const pdf = join(dir.path, 'readiness.pdf');
    const res = await runBuiltCli(['assess', legacy, '--report', pdf], { timeoutMs: 120_000 });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Readiness \d+\/100/);
    expect(existsSync(pdf) && readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('refuses a report of an unknown kind with a usage error', async () => {
    const res = await runBuiltCli(['assess', legacy, '--report', join(dir.path, 'r.docx')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/\.html, \.pdf or \.csv/);
  });
});
