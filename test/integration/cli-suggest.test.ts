import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLegacySchool } from '../../src/main/engine/demo/generate-legacy-school';
import { runCli } from '../../src/main/hosts/cli/cli';
import { createOutput } from '../../src/main/hosts/cli/output';
import { runBuiltCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

describe('academia-studio suggest (built binary)', () => {
  const dir = tempDir();
  const legacy = join(dir.path, 'legacy.sqlite');
  beforeAll(async () => {
    await generateLegacySchool({ file: legacy, pupils: 60, seed: 3 });
  });
  afterAll(() => dir.cleanup());

  it('prints the suggest document of docs/conventions.md: entities with their table and ranked fields', async () => {
    const res = await runBuiltCli(['suggest', `sqlite:${legacy}`, '--json'], { timeoutMs: 120_000 });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout);
    expect(Array.isArray(doc.entities)).toBe(true);
    for (const e of doc.entities) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['entity', 'table', 'confidence', 'fields', 'streams']));
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
      for (const f of e.fields) {
        expect(Object.keys(f)).toEqual(expect.arrayContaining(['field', 'column', 'confidence', 'reasons']));
        expect(Array.isArray(f.reasons)).toBe(true);
        expect(f.confidence >= 0 && f.confidence <= 1).toBe(true);
      }
    }
    const students = doc.entities.find((e: { entity: string }) => e.entity === 'students');
    expect(students.table).toBe('PUPILS');
    expect(students.fields.find((f: { field: string }) => f.field === 'birthDate')).toMatchObject({ column: 'DOB' });
    expect(res.stderr).not.toMatch(/Error/);
  });

  it('prints a readable table without --json (in process), and refuses an unknown API version as a usage error', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let text = '';
    stdout.on('data', (d) => (text += d));
    const code = await runCli(['suggest', legacy], createOutput(false, { stdout, stderr }));
    expect(code).toBe(0);
    expect(text).toMatch(/students ← PUPILS \(0\.\d\d\)/);
    expect(text).toMatch(/firstName\*\s+FORENAME/);
    let doc = '';
    const jsonOut = new PassThrough();
    jsonOut.on('data', (d) => (doc += d));
    expect(await runCli(['suggest', legacy, '--api-version', 'v9', '--json'], createOutput(true, { stdout: jsonOut, stderr }))).toBe(2);
    expect(JSON.parse(doc).error.code).toBe('USAGE');
  });
});
