import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusDocument } from '../../src/main/hosts/cli/commands/status-command';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { openSqlite } from '../../src/platform/open-sqlite';
import { runCliInProcess } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

/**
 * Issue 20, points 1, 2 and 7 end to end: the demo migrates 30 pupils into the embedded sandbox
 * (a real run, every push a logged API call); then `status --json` shows the integrations view
 * and open alerts in the shape docs/conventions.md gives, and the metrics of that run agree with
 * the request log it left in the project file.
 */
describe('status --json and metrics after a real demo run against the embedded sandbox', () => {
  const dir = tempDir('apstudio-status-');
  const project = join(dir.path, 'demo.apstudio');
  const saved = process.env.APSTUDIO_CONFIG_DIR;
  let demo: { code: number; stdout: string };

  beforeAll(async () => {
    process.env.APSTUDIO_CONFIG_DIR = join(dir.path, 'config');
    demo = await runCliInProcess('demo', '--project', project, '--pupils', '30', '--json');
  }, 180_000);
  afterAll(() => {
    if (saved === undefined) delete process.env.APSTUDIO_CONFIG_DIR;
    else process.env.APSTUDIO_CONFIG_DIR = saved;
    dir.cleanup();
  });

  it('prints the integrations and open alerts exactly as the conventions say', async () => {
    // 3: the run completed and the planted problems left rejected rows (docs/demo-school.md).
    expect(demo.code).toBe(3);
    const run = JSON.parse(demo.stdout) as { status: string; dryRun: boolean };
    expect(run).toMatchObject({ status: 'Completed', dryRun: false });

    const status = await runCliInProcess('status', project, '--json');
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout) as StatusDocument;
    expect(Object.keys(doc)).toEqual(['integrations', 'alerts']);
    for (const i of doc.integrations) {
      expect(Object.keys(i)).toEqual(['name', 'kind', 'status', 'successRate', 'p95Ms', 'lastSync', 'nextSync', 'errorCount', 'lastCheck']);
      if (i.lastCheck) expect(Object.keys(i.lastCheck)).toEqual(['at', 'ok', 'trigger', 'message']);
      expect(['source', 'target', 'sync', 'webhook']).toContain(i.kind);
      expect(['Active', 'Inactive', 'Testing', 'Error']).toContain(i.status);
      if (i.successRate !== null) expect(i.successRate >= 0 && i.successRate <= 1).toBe(true);
      expect(Number.isInteger(i.errorCount)).toBe(true);
    }
    const target = doc.integrations.find((i) => i.kind === 'target')!;
    // The embedded sandbox is a rehearsal target; the run's calls were measured.
    expect(target).toMatchObject({ name: 'Embedded sandbox', status: 'Testing', nextSync: null });
    expect(target.successRate).toBeGreaterThan(0.9);
    expect(target.p95Ms).toBeGreaterThan(0);
    expect(Date.parse(target.lastSync!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    // Its last health check is the run's preflight; the source was never checked.
    expect(target.lastCheck).toMatchObject({ ok: true, trigger: 'run', message: null });
    expect(doc.integrations.filter((i) => i.kind === 'source').map((i) => i.lastCheck)).toEqual([null]);
    // The demo's source was never tested, but the run read it: it is in use.
    expect(doc.integrations.filter((i) => i.kind === 'source').map((i) => i.status)).toEqual(['Active']);
    for (const a of doc.alerts) expect(Object.keys(a)).toEqual(['id', 'rule', 'severity', 'since', 'acknowledged']);

    const text = await runCliInProcess('status', project);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual(['Integrations (last 24 hours)', expect.stringMatching(/^ {2}Embedded sandbox \(target, target\): Testing; success \d.*; last check \S+ passed \(before a run\)$/)]);
  });

  it("measures the run: calls as in its request log, records the target acknowledged, per entity", async () => {
    const db = openSqlite(project, { readonly: true });
    const logged = db.prepare('SELECT count(*) AS calls, sum(status < 400) AS ok FROM target_requests').get() as { calls: number; ok: number };
    const receipts = "SELECT count(*) FROM push_receipts WHERE status IN ('created', 'updated', 'unchanged')";
    const acknowledged = db.prepare(receipts).pluck().get() as number;
    const students = db.prepare(`${receipts} AND entity = 'students'`).pluck().get() as number;
    db.close();
    const engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    try {
      await engine.api.projects.open({ path: project });
      const day = await engine.api.monitoring.metrics({ period: 'day', from: new Date(Date.now() - 86_400_000).toISOString() });
      expect(day.total.calls).toBe(logged.calls);
      expect(day.total.successRate).toBeCloseTo(logged.ok / logged.calls, 12);
      expect(day.total.runs).toBe(1);
      expect(day.total.runsFailed).toBe(0);
      expect(day.total.records).toBe(acknowledged);
      const byEntity = await engine.api.monitoring.metrics({ period: 'hour', entity: 'students', from: day.from });
      expect(byEntity.total.calls).toBeGreaterThan(0);
      expect(byEntity.total.calls).toBeLessThan(day.total.calls);
      // 30 pupils, less the ones the planted problems reject.
      expect(byEntity.total.records).toBe(students);
      expect(students).toBeGreaterThan(20);
      const integrations = await engine.api.monitoring.integrations();
      expect(integrations.map((i) => i.id)).toContain('target');
      // The rules are there and the demo's clean run fires none of the call rules.
      expect((await engine.api.monitoring.rules()).map((r) => r.id)).toContain('error-rate');
      expect((await engine.api.monitoring.alerts({})).filter((a) => a.rule === 'error-rate' || a.rule === 'latency-p95')).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });
});
