import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR as screenshots, startBrowserStudio, type BrowserStudio } from '../support/browser-studio';

/** `finding-<code>-<table>-<column>`, as the Assessment screen names each finding. */
const findingTestId = (f: { code: string; table: string; column: string | null }) => ['finding', f.code, f.table, ...(f.column === null ? [] : [f.column])].join('-');

/**
 * Assessment as a user does it, in Debian's Chromium against the web host (real engine): open the
 * demo, assess its legacy source, read the score, open a finding onto its rows, decide a duplicate
 * pair in the review queue, and download the HTML report. Saves the screenshots README shows.
 */
describe('assessment in the browser (web host)', () => {
  let studio: BrowserStudio;
  let engine: BrowserStudio['engine'];
  let host: BrowserStudio['host'];
  let page: BrowserStudio['page'];
  let assessmentId: string;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    studio = await startBrowserStudio({ acceptDownloads: true });
    ({ engine, host, page, consoleErrors } = studio);
  });

  afterAll(() => studio?.close());

  it('assesses the demo source and shows the readiness score', async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: /Open demo project/i }).click();
    await page.getByTestId('project-name').filter({ hasText: /Demo/ }).waitFor({ timeout: 60_000 });

    await page.getByTestId('nav-assessment').click();
    await page.getByTestId('start-assessment').click();
    const score = page.getByTestId('readiness-score');
    await score.waitFor({ timeout: 100_000 });
    const value = Number(await score.innerText());
    expect(Number.isInteger(value) && value >= 0 && value <= 100).toBe(true);

    const [summary] = await engine.api.assessment.list();
    expect(summary.status).toBe('Completed');
    expect(summary.score).toBe(value);
    assessmentId = summary.assessmentId;
    expect(await page.getByTestId('readiness-explanation').locator('li').count()).toBeGreaterThan(0);
    // Readiness up front, findings by severity below it: the view README shows.
    await page.screenshot({ path: join(screenshots, 'assessment.png') });
  });

  it('opens a finding and sees its offending rows', async () => {
    const result = await engine.api.assessment.get({ assessmentId });
    // A finding whose examples carry masked personal data, to see the masking on screen.
    const finding = result.findings.find((f) => JSON.stringify(f.examples).includes('•')) ?? result.findings.find((f) => f.examples.length > 0);
    expect(finding).toBeDefined();
    const item = page.getByTestId(findingTestId(finding!));
    await item.locator('.finding-toggle').click();
    const examples = item.getByTestId('finding-examples');
    await examples.waitFor();
    expect(await examples.locator('tbody tr').count()).toBe(finding!.examples.length);
    // Shown as the engine masked them, never un-masked.
    if (JSON.stringify(finding!.examples).includes('•')) expect(await examples.innerText()).toContain('•');
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'assessment-finding.png') });
  });

  it('decides a duplicate pair in the review queue', async () => {
    await page.getByTestId('tab-duplicates').click();
    await page.getByTestId('tab-duplicates').evaluate((tab) => tab.scrollIntoView({ block: 'start' }));
    const queue = page.getByTestId('duplicates-queue');
    await queue.waitFor();
    const pair = queue.locator('[data-testid^="pair-"]').first();
    await pair.getByRole('button', { name: /Same person/ }).click();
    await pair.getByTestId('pair-decision').filter({ hasText: /^Same person/ }).waitFor();
    const after = await engine.api.assessment.get({ assessmentId });
    expect(after.decisions).toHaveLength(1);
    expect(after.decisions[0].decision).toBe('same');
    await page.screenshot({ path: join(screenshots, 'assessment-review.png') });
  });

  it('exports the HTML report as a download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
    expect(download.suggestedFilename()).toBe(`assessment-${assessmentId}.html`);
    const saved = join(studio.dir, download.suggestedFilename());
    await download.saveAs(saved);
    const html = readFileSync(saved, 'utf8');
    expect(html).toMatch(/<html/i);
  });

  it('shows a connection form that fits SQL Server, with a warning when certificate checks are turned off', async () => {
    await page.getByTestId('nav-sources').click();
    await page.getByTestId('connection-kind').selectOption('mssql');
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe('1433');
    await page.getByLabel('Server', { exact: true }).fill('sis-server');
    await page.getByLabel('Named instance (optional)').fill('SQLEXPRESS');
    await page.getByLabel('Database', { exact: true }).fill('School');
    await page.getByLabel('User', { exact: true }).fill('sa');
    await page.getByLabel(/Trust the server certificate/).check();
    await page.getByTestId('tls-warning').waitFor();
    expect(await page.getByTestId('location-preview').innerText()).toBe('mssql://sa@sis-server/School?instance=SQLEXPRESS&trustServerCertificate=true');
    await page.getByTestId('database-fields').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'sources-form.png') });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
