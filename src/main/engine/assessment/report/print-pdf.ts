import { existsSync } from 'node:fs';
import { StudioError } from '../../../../shared/errors';
import { writeOwnerOnlyFile } from '../../../../platform/owner-only';

/** Options of printing the report with a headless Chromium. */
export interface PrintOptions {
  /** The browser to use; else APSTUDIO_CHROMIUM, else the usual install paths. */
  chromiumPath?: string;
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
}

/** Where Chromium or Chrome is usually installed, checked in order. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
];

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** The Chromium to print with, or a StudioError saying what to install. */
export function findChromium(explicit?: string): string {
  const wanted = explicit ?? process.env.APSTUDIO_CHROMIUM;
  if (wanted) {
    if (existsSync(wanted)) return wanted;
    throw new StudioError('REPORT_PRINTER_MISSING', `No browser was found at ${wanted} to print the PDF report.`, 'Check the path, or install Chromium (Debian/Ubuntu: apt-get install chromium) and try again; the HTML report needs no browser.');
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new StudioError(
    'REPORT_PRINTER_MISSING',
    'The PDF report needs Chromium or Google Chrome, and neither was found on this machine.',
    'Install Chromium (Debian/Ubuntu: apt-get install chromium; Windows/macOS: install Google Chrome or Microsoft Edge), or set APSTUDIO_CHROMIUM to the browser, or export the HTML report and print it from any browser.',
  );
}

/**
 * Prints the report's HTML to PDF bytes with a headless Chromium (the same engine that lays out
 * Hebrew and Arabic in the app). The desktop app prints the same HTML with Electron's
 * printToPDF instead; this is for the CLI and the web host.
 */
export async function printHtmlToPdfBuffer(html: string, opts: PrintOptions = {}): Promise<Buffer> {
  const executablePath = findChromium(opts.chromiumPath);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (err) {
    throw new StudioError('REPORT_PRINTER_MISSING', 'The PDF printer (playwright-core) is not installed with this copy of the studio.', 'Export the HTML report and print it from a browser, or reinstall the studio with its optional tools.', { cause: err });
  }
  const timeout = opts.timeoutMs ?? 60_000;
  let browser: Awaited<ReturnType<typeof playwright.chromium.launch>> | null = null;
  try {
    browser = await playwright.chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS, timeout });
    const page = await browser.newPage();
    // The report has no external assets, so nothing needs the network.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load', timeout });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    return Buffer.from(pdf);
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('REPORT_PRINT_FAILED', `Chromium (${executablePath}) could not print the report: ${(err as Error).message}`, 'Export the HTML report and print it from a browser; if this keeps happening, check that Chromium starts on this machine.', { cause: err });
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

/** Prints the report's HTML to a PDF file, owner-only (it names pupils), replacing one that is there. */
export async function printHtmlToPdf(html: string, outFile: string, opts: PrintOptions = {}): Promise<void> {
  const pdf = await printHtmlToPdfBuffer(html, opts);
  try {
    writeOwnerOnlyFile(outFile, pdf, { overwrite: true });
  } catch (err) {
    throw new StudioError('REPORT_PRINT_FAILED', `The PDF report could not be written to ${outFile}: ${(err as Error).message}`, 'Check that the folder exists and is writable.', { where: { file: outFile }, cause: err });
  }
}
