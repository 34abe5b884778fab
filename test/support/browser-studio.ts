import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Engine } from '../../src/main/engine';
import { createHostEngine } from '../../src/main/hosts/host-engine';
import { startWebHost, type WebHost } from '../../src/main/hosts/web-host';
import { launchChromium } from './chromium';
import { tempDir } from './temp-dir';

const root = resolve(__dirname, '..', '..');
const rendererDir = join(root, 'out', 'renderer');

/**
 * Where the browser tests save the screenshots README and docs show: test-results/ (ignored by
 * git), so the suite leaves a clone clean. `npm run screenshots` copies them into the docs
 * when someone means to update the pictures.
 */
export const SCREENSHOTS_DIR = join(root, 'test-results', 'screenshots');

/** A real engine behind the web host, and Debian's Chromium on one page of it. */
export interface BrowserStudio {
  engine: Engine;
  host: WebHost;
  browser: Browser;
  page: Page;
  /** A temporary folder for the test's own files (removed by close). */
  dir: string;
  /** Console errors and uncaught page errors, so a test can assert there were none. */
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Starts the studio as a browser user meets it: an engine with a fresh configuration folder, the
 * loopback web host serving the built renderer, Chromium with a 1366×768 page. The renderer must
 * have been built (npm test does it in pretest).
 */
export async function startBrowserStudio(options: { acceptDownloads?: boolean } = {}): Promise<BrowserStudio> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer is missing: run `npm run build` first (npm test does it in pretest).');
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const dir = tempDir();
  const engine = createHostEngine({ host: 'web', configDir: join(dir.path, 'config') });
  let host: WebHost | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await host?.close();
    await engine.dispose();
    dir.cleanup();
  };
  try {
    host = await startWebHost({ engine, rendererDir });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: options.acceptDownloads ?? false });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    return {
      engine,
      host,
      browser,
      page,
      dir: dir.path,
      consoleErrors,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
