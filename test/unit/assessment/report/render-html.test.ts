import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { renderAssessmentHtml } from '../../../../src/main/engine/assessment/report/render-html';
import { sampleResult } from './sample-result';

/** The little of jsdom's DOM these tests use (jsdom ships no type declarations here). */
interface El {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
}
interface Doc extends El {
  title: string;
  body: El;
  getElementById(id: string): El | null;
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string) => { window: { document: Doc } } };

describe('the HTML report', () => {
  const markup = renderAssessmentHtml(sampleResult(), { title: 'Readiness <b>report</b>', schoolName: 'מדרשה & Co' });
  const doc = new JSDOM(markup).window.document;

  it('is one self-contained page: inline style, no scripts, no external assets', () => {
    expect(markup.startsWith('<!doctype html>')).toBe(true);
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect(doc.querySelectorAll('link, img, iframe, object, embed').length).toBe(0);
    expect(doc.querySelectorAll('style').length).toBe(1);
    expect(markup).not.toMatch(/\s(?:src|href)=/);
  });

  it('has the summary, findings, per-table drill-down, duplicates, relationships, not-assessed and explanation sections', () => {
    for (const id of ['summary', 'findings', 'tables', 'duplicates', 'relationships', 'not-assessed', 'explanation']) expect(doc.getElementById(id)).not.toBeNull();
    const summary = doc.getElementById('summary')?.textContent ?? '';
    expect(summary).toContain('72 / 100');
    expect(summary).toContain('Medium');
    expect(summary).toContain('6.5 days');
    expect(summary).toContain('600 requests/min in batches of 500 ≈ 1 min');
    expect(summary).toMatch(/Errors\s*1 findings, 23 rows/);
    expect(doc.querySelectorAll('svg').length).toBeGreaterThanOrEqual(3);
    expect(doc.querySelectorAll('details.table').length).toBe(2);
  });

  it('keeps hostile text inert: <script> in the data is shown as text', () => {
    expect(doc.title).toBe('Readiness <b>report</b>');
    expect(doc.querySelector('h1')?.textContent).toBe('Readiness <b>report</b>');
    expect(doc.querySelector('h1 b')).toBeNull();
    const text = doc.body.textContent ?? '';
    expect(text).toContain('<script>alert("x")</script>');
    expect(markup).not.toContain('<script>alert');
  });

  it('lets Hebrew and Arabic names lay out by themselves (dir="auto") and shows spaces at either end', () => {
    const values = [...doc.querySelectorAll('.val')];
    const hebrew = values.find((v) => v.textContent?.includes('ש••'));
    expect(hebrew?.getAttribute('dir')).toBe('auto');
    expect(hebrew?.textContent).toBe('“ ש•• ”');
    const pill = [...doc.querySelectorAll('.pill span[dir="auto"]')].find((e) => e.textContent === 'محمد');
    expect(pill).toBeDefined();
    expect(doc.querySelector('.meta span[dir="auto"]')?.textContent).toBe('מדרשה & Co');
  });

  it('shows a missing push estimate as not estimated', () => {
    const r = sampleResult();
    r.readiness.pushEstimate = null;
    expect(new JSDOM(renderAssessmentHtml(r)).window.document.getElementById('summary')?.textContent).toContain("not estimated: the target's limits are unknown");
  });
});
