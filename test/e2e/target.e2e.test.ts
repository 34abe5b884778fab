import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS_DIR as screenshots, startBrowserStudio, type BrowserStudio } from '../support/browser-studio';

/**
 * The Target screen and the sandbox admin page as a user sees them, in Debian's Chromium against
 * the web host: test the connection to the demo's built-in sandbox, look at its versions and
 * endpoints, and give the studio's client a throttle exception for a migration window.
 */
describe('target and sandbox admin in the browser (web host)', () => {
  let studio: BrowserStudio;
  let engine: BrowserStudio['engine'];
  let host: BrowserStudio['host'];
  let page: BrowserStudio['page'];
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    studio = await startBrowserStudio();
    ({ engine, host, page, consoleErrors } = studio);
    await page.goto(host.url);
    await page.getByRole('button', { name: /Open demo project/i }).click();
    await page.getByTestId('project-name').filter({ hasText: /Demo/ }).waitFor({ timeout: 60_000 });
  });

  afterAll(() => studio?.close());

  it('tests the connection to the built-in sandbox: every stage answers', async () => {
    await page.getByTestId('nav-target').click();
    await page.getByTestId('target-form').waitFor();
    await page.getByTestId('target-test').click();
    await page.getByTestId('target-check-outcome').filter({ hasText: /^Connected$/ }).waitFor({ timeout: 60_000 });
    for (const stage of ['health', 'info', 'auth']) {
      expect(await page.getByTestId(`stage-${stage}`).innerText()).toMatch(/OK/);
    }
    expect(await page.getByTestId('target-api-info').innerText()).toMatch(/requests a minute/);
    await page.getByTestId('target-history').getByRole('row').nth(1).waitFor();
    await page.screenshot({ path: join(screenshots, 'target.png') });
    const history = await engine.api.targets.history({});
    expect(history[0].ok).toBe(true);
  });

  it('opens the sandbox admin page and sees its versions and endpoints', async () => {
    await page.getByTestId('target-tab-admin').click();
    await page.getByTestId('sandbox-admin').waitFor({ timeout: 60_000 });
    const versions = await page.getByTestId('admin-versions').innerText();
    expect(versions).toMatch(/v1/);
    expect(versions).toMatch(/Production/);
    expect(versions).toMatch(/v2/);
    await page.screenshot({ path: join(screenshots, 'sandbox-admin-versions.png') });

    await page.getByTestId('admin-tab-endpoints').click();
    await page.getByLabel('Filter endpoints').fill('students batch');
    const endpoints = await page.getByTestId('admin-endpoints').innerText();
    expect(endpoints).toMatch(/\/students\/batch/);
    expect(endpoints).toMatch(/students:write/);
    await page.screenshot({ path: join(screenshots, 'sandbox-admin-endpoints.png') });
  });

  it('creates a throttle exception for the studio client', async () => {
    await page.getByTestId('admin-tab-throttling').click();
    const form = page.getByRole('form', { name: 'Add a throttle exception' });
    await form.getByLabel('Reason (optional)').fill('Migration weekend');
    await form.getByRole('button', { name: 'Add exception' }).click();
    await page.getByTestId('admin-exceptions').getByText('Migration weekend').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshots, 'sandbox-admin-throttling.png') });

    const overview = await engine.api.sandboxAdmin.overview();
    expect(overview.throttleExceptions).toHaveLength(1);
    expect(overview.throttleExceptions[0]).toMatchObject({ reason: 'Migration weekend', active: true });
  });

  it('shows the calls the test made in the monitoring section', async () => {
    await page.getByTestId('admin-tab-monitoring').click();
    await page.getByTestId('sandbox-refresh').click();
    const monitoring = page.getByTestId('admin-monitoring');
    await monitoring.getByRole('row').nth(1).waitFor({ timeout: 30_000 });
    expect(await monitoring.getByRole('list', { name: 'Totals' }).innerText()).not.toMatch(/^0\s*calls/);
    await page.screenshot({ path: join(screenshots, 'sandbox-admin-monitoring.png') });
  });

  it('lists the API clients with their scopes and live tokens', async () => {
    await page.getByTestId('admin-tab-clients').click();
    const clients = await page.getByTestId('admin-clients').innerText();
    expect(clients).toMatch(/Active/);
    expect(clients).toMatch(/token/);
    await page.screenshot({ path: join(screenshots, 'sandbox-admin-clients.png') });
  });

  it('makes v2 Production, and the next test warns that v1 is deprecated', async () => {
    await page.getByTestId('admin-tab-versions').click();
    const v2 = page.getByTestId('version-v2');
    await v2.getByLabel('New status of v2').selectOption('Production');
    await v2.getByRole('button', { name: 'Change…' }).click();
    expect(await page.getByTestId('version-consequence-v2').innerText()).toMatch(/deprecates v1/);
    await v2.getByRole('button', { name: 'Make it Production' }).click();
    await page.getByTestId('version-v1').getByText('Deprecated', { exact: true }).waitFor({ timeout: 30_000 });

    await page.getByTestId('target-tab-profile').click();
    await page.getByTestId('target-test').click();
    const banner = page.getByTestId('deprecation-banner');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.innerText()).toMatch(/API version v1 is deprecated/);
    expect(await banner.innerText()).toMatch(/v2/);
    await page.screenshot({ path: join(screenshots, 'target-deprecation.png') });
    const history = page.getByTestId('target-history');
    await history.getByRole('row').nth(2).waitFor();
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'target-history.png') });
  });

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
