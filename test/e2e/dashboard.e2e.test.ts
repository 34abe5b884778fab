import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR as screenshots, startBrowserStudio, type BrowserStudio } from '../support/browser-studio';

/**
 * Issue 20's "done when", as a user sees it in Chromium: a small demo run shows on the Dashboard
 * (read from the figures table each chart carries for screen readers, not from pixels), a filter
 * changes what is shown, and when the sandbox is told to fail the target-down alert appears and
 * is acknowledged on the page. The alert rules are evaluated with `monitoring.refresh` rather
 * than by waiting for the minute timer.
 */
describe('dashboard in the browser (web host)', () => {
  let studio: BrowserStudio;
  let engine: BrowserStudio['engine'];
  let host: BrowserStudio['host'];
  let page: BrowserStudio['page'];
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    studio = await startBrowserStudio();
    ({ engine, host, page, consoleErrors } = studio);
  });

  afterAll(() => studio?.close());

  /** The chart's figures table: one row per period, the period's label then one cell per series. */
  async function figures(chart: Locator): Promise<string[][]> {
    // Typed by hand: this file is type-checked without the DOM library.
    type Row = { children: ArrayLike<{ textContent: string | null }> };
    return chart.locator('tbody tr').evaluateAll((rows: Row[]) => rows.map((r) => Array.from(r.children, (c) => (c.textContent ?? '').trim())));
  }
  const number = (cell: string) => Number(cell.replace(/[^\d.]/g, ''));
  /** Calls in the traffic chart's table, all periods together. */
  const callsShown = async () => (await figures(page.getByTestId('chart-traffic'))).reduce((sum, row) => sum + (row[1] === '—' ? 0 : number(row[1])), 0);

  it('runs a small demo and the dashboard draws its calls, latency and uptime', async () => {
    await page.goto(host.url);
    await engine.api.projects.openDemo({ pupils: 40 });
    await page.getByTestId('project-name').filter({ hasText: /Demo/ }).waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').filter({ hasText: /^Completed$/ }).waitFor({ timeout: 60_000 });
    const [run] = await engine.api.runs.list({});
    const stats = await engine.api.targets.requestStats({ runId: run.runId });
    expect(stats.requests).toBeGreaterThan(0);

    await page.getByTestId('nav-dashboard').click();
    const traffic = page.getByTestId('chart-traffic');
    await traffic.locator('tbody tr').first().waitFor();
    // Every HTTP attempt of the run is a call of this hour; none failed.
    await expect.poll(callsShown, { timeout: 10_000 }).toBe(stats.requests);
    const hours = await figures(traffic);
    const busy = hours.filter((row) => row[1] !== '—' && number(row[1]) > 0);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((row) => number(row[2]) === 0)).toBe(true);
    // uPlot drew into each chart (a canvas), and the latency chart has the run's percentiles.
    await traffic.locator('canvas').first().waitFor();
    const latency = await figures(page.getByTestId('chart-latency'));
    expect(latency.some((row) => /\d+ ms/.test(row[1]) && /\d+ ms/.test(row[2]))).toBe(true);
    // The run's own health check passed: the hour it vouches for is known up.
    const uptime = await figures(page.getByTestId('chart-uptime'));
    expect(uptime.some((row) => /^100(\.0)?\s?%$/.test(row[1]))).toBe(true);
    expect(await page.getByTestId('stat-runs').innerText()).toMatch(/\b1\b/);
  });

  it('filters: an entity shows only its calls, the period changes the rows', async () => {
    const all = await callsShown();
    await page.getByTestId('filter-entity').selectOption('students');
    // Fewer calls than the whole run (schools and the rest are left out), but some.
    await expect.poll(callsShown, { timeout: 10_000 }).toBeLessThan(all);
    expect(await callsShown()).toBeGreaterThan(0);
    await page.getByTestId('filter-entity').selectOption('');
    await expect.poll(callsShown, { timeout: 10_000 }).toBe(all);

    // Each row is a period: hourly for the last 24 hours, then calendar months, and back.
    const periods = async () => (await figures(page.getByTestId('chart-traffic'))).map((row) => row[0]).join('|');
    const hourly = await periods();
    await page.getByTestId('filter-period').selectOption('month');
    await expect.poll(periods, { timeout: 10_000 }).not.toBe(hourly);
    await expect.poll(callsShown, { timeout: 10_000 }).toBe(all);
    await page.getByTestId('filter-period').selectOption('hour');
    await expect.poll(periods, { timeout: 10_000 }).toBe(hourly);
  });

  it('raises the target-down alert when the sandbox is told to fail, and it is acknowledged on the page', async () => {
    const { spec: _spec, ...healthy } = await engine.api.sandboxAdmin.faults();
    await engine.api.sandboxAdmin.setFaults({ ...healthy, down: true });
    try {
      // The Target screen's "Test connection": the sandbox answers 503.
      const check = await engine.api.targets.test();
      expect(check.ok).toBe(false);
      const refresh = await engine.api.monitoring.refresh();
      expect(refresh.fired).toBeGreaterThanOrEqual(1);
      const [alert] = (await engine.api.monitoring.alerts({ state: 'firing' })).filter((a) => a.ruleKind === 'target-down');
      expect(alert).toBeDefined();

      const row = page.getByTestId(`alert-${alert.id}`);
      await row.waitFor({ timeout: 10_000 });
      expect(await row.innerText()).toMatch(/failed its health check/);
      await page.getByTestId('integration-target').filter({ hasText: /Error/ }).waitFor();
      await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });

      await page.getByTestId(`ack-${alert.id}`).click();
      await page.getByTestId(`ack-${alert.id}`).waitFor({ state: 'detached' });
      const [acknowledged] = (await engine.api.monitoring.alerts({ state: 'acknowledged' })).filter((a) => a.id === alert.id);
      expect(acknowledged?.acknowledgedAt).not.toBeNull();
      expect((await engine.api.monitoring.alertHistory({ id: alert.id })).map((h) => h.action)).toContain('acknowledged');
    } finally {
      await engine.api.sandboxAdmin.setFaults({ ...healthy, down: false });
    }

    // Healthy again: the next check passes, the alert resolves by itself and leaves the page.
    expect((await engine.api.targets.test()).ok).toBe(true);
    expect((await engine.api.monitoring.refresh()).resolved).toBeGreaterThanOrEqual(1);
    await page.getByTestId('dashboard-alerts').locator('tbody tr').first().waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
