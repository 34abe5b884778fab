import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProjectFile } from '../../src/main/engine/project/project-file';
import { purgeCommand } from '../../src/main/hosts/cli/commands/privacy-commands';
import { createOutput } from '../../src/main/hosts/cli/output';
import { tempDir } from '../support/temp-dir';

const DAY = 24 * 60 * 60 * 1000;

/** `purge` in-process: the human lines and the --json document name what the later tables lost. */
describe('purge <project>: the tables added after the policy', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  function project(name: string): string {
    const path = join(dir.path, name);
    const file = createProjectFile(path, 'test', { name: 'P' });
    const old = new Date(Date.now() - 400 * DAY).toISOString();
    const db = file.db;
    db.prepare("INSERT INTO runs (id, operation, status, dry_run, started_at, ended_at, counters_json) VALUES ('old', 'Migration', 'Completed', 0, ?, ?, '{}')").run(old, old);
    db.prepare("INSERT INTO run_preimages (run_id, entity, external_id, version, record_json) VALUES ('old', 'students', 's-1', 2, '{}')").run();
    db.prepare("INSERT INTO target_requests (run_id, at, method, path, status, latency_ms, attempt) VALUES ('old', ?, 'POST', '/api/v1/students/batch', 200, 5, 1)").run(old);
    db.prepare("INSERT INTO monitoring_cursors (name, value) VALUES ('target_requests', '1') ON CONFLICT(name) DO UPDATE SET value = excluded.value").run();
    file.close();
    return path;
  }

  async function run(argv: string[], json: boolean): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const sink = { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream;
    const code = await purgeCommand(argv, createOutput(json, { stdout: sink, stderr: { write: () => true } as unknown as NodeJS.WritableStream }));
    return { code, stdout };
  }

  it('says what else it purged, and --json counts it additively', async () => {
    const human = await run([project('a.apstudio'), '--retention-days', '30'], false);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Also purged: 0 reconciliation mismatches, 0 merged rows, 1 rollback pre-images, 0 sync changes, 1 request-log rows');

    const json = await run([project('b.apstudio'), '--retention-days', '30', '--json'], true);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ retentionDays: 30, runs: [], stagedRows: 0, rejects: 0, mismatches: 0, merges: 0, preimages: 1, syncChanges: 0, requests: 1, baselineKept: 0 });
  });
});
