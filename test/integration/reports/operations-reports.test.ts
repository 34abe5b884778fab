import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine } from '../../../src/main/engine';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { tempDir } from '../../support/temp-dir';

/** Issue 20, item 5 on a real demo run: the SLA/uptime and syncs reports as CSV, HTML and a PDF printed by Chromium. */
describe('SLA and syncs reports on demand', () => {
  const dir = tempDir();
  let engine: Engine;

  beforeAll(async () => {
    engine = createHostEngine({ host: 'cli', configDir: join(dir.path, 'config') });
    await engine.api.projects.openDemo({ path: join(dir.path, 'demo.apstudio'), pupils: 40 });
    await engine.api.runs.start({ dryRun: false });
    await engine.idle();
  });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('measures the target over the last day from the metrics: calls, success rate, percentiles and volume', async () => {
    const csv = await engine.api.runReports.render({ report: 'sla', format: 'csv', period: 'day' });
    expect(csv.filename).toMatch(/^sla-report-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = csv.content.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    const keys = header.split(',');
    expect(keys).toEqual(['integration', 'id', 'kind', 'uptimePct', 'coveragePct', 'calls', 'successPct', 'errorPct', 'p50Ms', 'p95Ms', 'p99Ms', 'callsPerMinute', 'records', 'runs', 'runsFailed', 'alerts']);
    const target = rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v]))).find((r) => r.id === 'target')!;
    expect(Number(target.calls)).toBeGreaterThan(0);
    expect(Number(target.successPct)).toBeGreaterThan(0);
    expect(Number(target.p95Ms)).toBeGreaterThanOrEqual(Number(target.p50Ms));
    expect(Number(target.p99Ms)).toBeGreaterThanOrEqual(Number(target.p95Ms));
    expect(Number(target.records)).toBeGreaterThan(0);
    expect(Number(target.runs)).toBe(1);
    // The same figures as the monitoring answers for the target.
    const total = (await engine.api.monitoring.metrics({ period: 'hour', integration: 'target', from: new Date(Date.now() - 86_400_000).toISOString() })).total;
    expect(Number(target.calls)).toBe(total.calls);

    const one = await engine.api.runReports.render({ report: 'sla', format: 'csv', integration: 'target' });
    expect(one.content.split('\r\n').filter(Boolean)).toHaveLength(2);
    await expect(engine.api.runReports.render({ report: 'sla', format: 'csv', integration: 'source:nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(engine.api.runReports.render({ report: 'sla', format: 'csv', period: 'week', since: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // A range of decades, reaching past now, is summed by the month and measured up to now.
    const decades = await engine.api.runReports.render({ report: 'sla', format: 'csv', since: '2020-01-01T00:00:00Z', until: '2099-12-31T23:59:59Z' });
    expect(decades.content).toContain(`,target,target,`);
    expect(decades.content.split('\r\n').find((l) => l.includes(',target,target,'))?.split(',')[5]).toBe(String(total.calls));
    const ahead = await engine.api.runReports.render({ report: 'sla', format: 'csv', since: '2098-01-01T00:00:00Z', until: '2099-01-01T00:00:00Z', integration: 'target' });
    expect(ahead.content.split('\r\n')[1].split(',')[5]).toBe('0');
  });

  it('prints the SLA report as a PDF whose text names the integrations and the alerts section', async () => {
    const html = await engine.api.runReports.render({ report: 'sla', format: 'html', period: 'week' });
    expect(html.content).toContain('<h2>Integrations</h2>');
    expect(html.content).toContain('<h2>Alerts in the period</h2>');
    const pdf = await engine.api.runReports.render({ report: 'sla', format: 'pdf', period: 'week' });
    expect(pdf).toMatchObject({ contentType: 'application/pdf', encoding: 'base64' });
    const file = join(dir.path, pdf.filename);
    writeFileSync(file, Buffer.from(pdf.content, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/SLA and uptime — /);
    expect(text).toMatch(/Target\s+uptime/i);
    // Landscape pages: the last column of the wide table is printed, not cut off.
    expect(text).toMatch(/Runs\s+failed\s+Alerts/);
    expect(text).toContain('Alerts in the period');
  });

  it('reports the sync runs (none yet): a header-only CSV, and a PDF that says so', async () => {
    const csv = await engine.api.runReports.render({ report: 'syncs', format: 'csv', period: 'month' });
    expect(csv.content.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)).toEqual(['job,runId,status,startedAt,durationS,inserts,updates,deletes,conflicts,created,updated,rejected,failed,held,approved,error']);
    const pdf = await engine.api.runReports.render({ report: 'syncs', format: 'pdf' });
    const file = join(dir.path, pdf.filename);
    writeFileSync(file, Buffer.from(pdf.content, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Syncs — /);
    expect(text).toContain('Nothing to report in this period.');
  });
});
