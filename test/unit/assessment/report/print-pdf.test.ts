import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../src/shared/errors';
import { findChromium, printHtmlToPdf, printHtmlToPdfBuffer } from '../../../../src/main/engine/assessment/report/print-pdf';
import { renderAssessmentHtml } from '../../../../src/main/engine/assessment/report/render-html';
import { tempDir } from '../../../support/temp-dir';
import { sampleResult } from './sample-result';

const CHROMIUM = process.env.APSTUDIO_CHROMIUM ?? '/usr/bin/chromium';

describe('printing the report to PDF', () => {
  const tmp = tempDir('apstudio-pdf-');
  afterAll(() => tmp.cleanup());

  it('finds the machine\'s Chromium', () => {
    expect(existsSync(CHROMIUM)).toBe(true);
    expect(findChromium(CHROMIUM)).toBe(CHROMIUM);
  });

  it('prints the HTML report, Hebrew and Arabic included, to a real PDF file', async () => {
    const file = join(tmp.path, 'report.pdf');
    await printHtmlToPdf(renderAssessmentHtml(sampleResult(), { title: 'Readiness — Northgate', schoolName: 'בית ספר مدرسة' }), file, { chromiumPath: CHROMIUM });
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.subarray(-8).toString('latin1')).toContain('%%EOF');
  }, 60_000);

  it('says what to install when no Chromium is found', async () => {
    const missing = join(tmp.path, 'no-such-browser');
    const err = await printHtmlToPdfBuffer('<p>x</p>', { chromiumPath: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('REPORT_PRINTER_MISSING');
    expect((err as StudioError).hint).toContain('apt-get install chromium');
  });
});
