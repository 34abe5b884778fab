import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR as screenshots, startBrowserStudio, type BrowserStudio } from '../support/browser-studio';

/**
 * The studio as a user sees it: Debian's Chromium drives the web host (the same renderer and
 * engine as the desktop app). Opens the demo, starts the run, watches it complete, and saves the
 * screenshots that README shows.
 */
describe('studio in the browser (web host)', () => {
  let studio: BrowserStudio;
  let engine: BrowserStudio['engine'];
  let host: BrowserStudio['host'];
  let browser: BrowserStudio['browser'];
  let page: BrowserStudio['page'];
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    studio = await startBrowserStudio();
    ({ engine, host, browser, page, consoleErrors } = studio);
  });

  afterAll(() => studio?.close());

  it('refuses to work without the token and says where to find the link', async () => {
    const anon = await browser.newPage();
    await anon.goto(`http://127.0.0.1:${host.port}/`);
    await anon.getByText(/Open the link printed by/).waitFor();
    await anon.close();
  });

  it('opens with a one-time launch link (what `serve --open` gives the browser) once, and keeps the token only in the tab', async () => {
    const launch = host.launchUrl();
    const first = await browser.newPage();
    await first.goto(launch);
    await first.getByRole('button', { name: /Open demo project/i }).waitFor();
    // A string, so it runs in the page (this file is type-checked without the DOM library).
    await first.waitForFunction(`sessionStorage.getItem('academia-studio.access-token') === ${JSON.stringify(host.token)}`);
    expect(first.url()).not.toContain('code=');
    await first.close();
    const second = await browser.newPage();
    await second.goto(launch);
    await second.getByTestId('engine-stopped-banner').filter({ hasText: /one-time link that was already used/ }).waitFor();
    await second.close();
  });

  it('opens the demo project from the Projects screen', async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: /Open demo project/i }).click();
    await page.getByTestId('project-name').filter({ hasText: /Demo/ }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(screenshots, 'projects.png') });
  });

  it('shows the demo source, its catalog and a masked preview', async () => {
    await page.getByTestId('nav-sources').click();
    await page.getByRole('button', { name: /^Discover/ }).first().click();
    await page.getByText(/PUPILS/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshots, 'sources.png') });
  });

  it('starts the run and sees it complete with a reconciliation', async () => {
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('start-run').click();
    await page.getByTestId('run-status').filter({ hasText: /^Completed$/ }).waitFor({ timeout: 90_000 });
    const reconciliation = page.getByTestId('reconciliation');
    await reconciliation.waitFor();
    const text = await reconciliation.innerText();
    expect(text).toMatch(/students/);
    expect(text).toMatch(/schools/);
    await page.screenshot({ path: join(screenshots, 'runs.png'), fullPage: false });
    const runs = await engine.api.runs.list({});
    expect(runs[0].status).toBe('Completed');
    expect(runs[0].reconciliation.every((l) => l.mismatches === 0)).toBe(true);
    // The run's conversation with the sandbox: every request logged, all answered 200.
    const requests = page.getByTestId('run-requests');
    await requests.waitFor();
    const stats = await engine.api.targets.requestStats({ runId: runs[0].runId });
    expect(stats.requests).toBeGreaterThan(0);
    expect(await requests.getByTestId('run-requests-statuses').innerText()).toMatch(/^200 × [\d,]+/);
  });

  it('is guided from the stepper to Completed: the plan names the next step, its button leads there, and the stage moves when it is done', async () => {
    await page.getByTestId('step-Assessment').getByRole('button').click();
    await page.getByTestId('plan-where').waitFor();
    // The demo comes with its source and mappings, and the run above completed: only the assessment is missing.
    await page.getByTestId('plan-status').filter({ hasText: 'Status: Assessment' }).waitFor();
    await page.getByTestId('plan-next').filter({ hasText: /Not assessed yet/ }).waitFor();
    await page.getByTestId('plan-next-go').click();
    await page.getByTestId('start-assessment').click();
    await page.getByTestId('readiness-score').waitFor({ timeout: 100_000 });
    await page.getByTestId('nav-plan').click();
    await page.getByTestId('plan-status').filter({ hasText: 'Status: Completed' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('step-Completed').getAttribute('aria-current')).toBe('step');
    // Go/no-go stays NO-GO on the demo's planted problems, each with the way to its fix.
    expect(await page.getByTestId('plan-go-no-go').innerText()).toMatch(/NO-GO/);
    await page.getByTestId('plan-legacy-name').fill('Greenfield SIS');
    await page.getByTestId('plan-approach').selectOption('big-bang');
    await page.getByTestId('plan-record-save').click();
    await page.getByTestId('plan-implications').filter({ hasText: /One cutover/ }).waitFor();
    expect((await engine.api.migration.status()).record?.legacySystem?.name).toBe('Greenfield SIS');
    await page.screenshot({ path: join(screenshots, 'plan.png') });
  });

  it('switches to the dark theme and the settings screen renders', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('target-profile').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(screenshots, 'settings.png') });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
