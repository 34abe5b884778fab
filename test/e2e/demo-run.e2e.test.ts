import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/main/engine';
import { startWebHost, type WebHost } from '../../src/main/hosts/web-host';
import { launchChromium } from '../support/chromium';
import { tempDir } from '../support/temp-dir';

const root = resolve(__dirname, '..', '..');
const rendererDir = join(root, 'out', 'renderer');
const screenshots = join(root, 'docs', 'screenshots');

/**
 * The studio as a user sees it: Debian's Chromium drives the web host (the same renderer and
 * engine as the desktop app). Opens the demo, starts the run, watches it complete, and saves the
 * screenshots that README shows.
 */
describe('studio in the browser (web host)', () => {
  const dir = tempDir();
  let engine: Engine;
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm test does it in pretest).');
    mkdirSync(screenshots, { recursive: true });
    engine = createEngine({ host: 'web', configDir: join(dir.path, 'config') });
    host = await startWebHost({ engine, rendererDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await engine?.dispose();
    dir.cleanup();
  });

  it('refuses to work without the token and says where to find the link', async () => {
    const anon = await browser.newPage();
    await anon.goto(`http://127.0.0.1:${host.port}/`);
    await anon.getByText(/Open the link printed by/).waitFor();
    await anon.close();
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
