import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { overallPercent } from '../../src/renderer/src/features/assessment/AssessmentProgressCard';
import { AssessmentScreen } from '../../src/renderer/src/features/assessment/AssessmentScreen';
import { StudioError } from '../../src/shared/errors';
import type { ConnectionInfo } from '../../src/shared/model/connection';
import { completedSummary, demoAssessmentResult } from './support/assessment-fixture';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

const connection = (id: string, name: string): ConnectionInfo => ({
  id,
  name,
  kind: 'sqlite',
  location: `sqlite:/data/${id}.db`,
  config: {},
  hasSecret: false,
  secretStatus: 'missing',
  createdAt: '2025-01-01T00:00:00Z',
});

/** The Assessment screen over the fake engine, with one completed demo assessment (unless told otherwise). */
async function openAssessment(initial: Parameters<typeof createFakeStudio>[0] = {}) {
  const fake = createFakeStudio({
    project: { ...DEMO_PROJECT },
    connections: [connection('c1', 'Legacy SIS (demo)'), connection('c2', 'Fees spreadsheet')],
    assessments: [completedSummary('a1')],
    assessmentResults: { a1: demoAssessmentResult() },
    ...initial,
  });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <AssessmentScreen />);
  return { fake, stores };
}

describe('assessment screen: navigation and running', () => {
  it('sits between Sources and Runs in the navigation, with Alt+4', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    render(<App stores={storesFor(fake)} transport={{ status: () => 'open', onStatus: () => () => undefined }} />);
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    const order = within(nav)
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(order).toEqual(['nav-projects', 'nav-plan', 'nav-sources', 'nav-assessment', 'nav-mapping', 'nav-target', 'nav-runs', 'nav-syncs', 'nav-dashboard', 'nav-settings', 'nav-audit']);
    expect(screen.getByTestId('nav-assessment').getAttribute('title')).toBe('Assessment (Alt+4)');
    expect(screen.getByTestId('nav-runs').getAttribute('title')).toBe('Runs (Alt+7)');

    fireEvent.keyDown(window, { key: '4', altKey: true });
    expect(screen.getByTestId('nav-assessment').getAttribute('aria-current')).toBe('page');
    expect(window.location.hash).toBe('#/assessment');
    expect(await screen.findByText('No assessment yet')).toBeTruthy();
  });

  it('assesses the chosen connection, shows live progress, then the result when the engine says it completed', async () => {
    const { fake } = await openAssessment({ assessments: [], assessmentResults: {} });
    expect(screen.getByText('No assessment yet')).toBeTruthy();

    fireEvent.change(screen.getByTestId('assess-connection'), { target: { value: 'c2' } });
    fireEvent.click(screen.getByTestId('start-assessment'));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'assessment.start')?.params).toEqual({ connectionId: 'c2' }));
    const [summary] = fake.state.assessments;
    act(() => fake.emit('assessment.updated', summary));

    const progress = await screen.findByTestId('assessment-progress');
    expect(progress.textContent).toContain('Assessing Fees spreadsheet');
    // Another assessment cannot start while one runs (the engine would refuse it).
    expect((screen.getByTestId('start-assessment') as HTMLButtonElement).disabled).toBe(true);

    act(() => fake.emit('assessment.progress', { assessmentId: summary.assessmentId, table: 'PUPILS', rowsDone: 500, rowsTotal: 2000, tablesDone: 1, tablesTotal: 4 }));
    expect(screen.getByTestId('assessment-rows').textContent).toBe('500 of 2,000 rows');
    expect(screen.getByTestId('assessment-tables').textContent).toBe('1 of 4 tables');
    expect(within(progress).getByText('PUPILS')).toBeTruthy();
    // (1 table + a quarter of the next) of 4 tables.
    expect(screen.getByRole('progressbar', { name: 'Assessment progress' }).getAttribute('aria-valuenow')).toBe('31');
    expect(screen.getByRole('progressbar', { name: 'Rows of PUPILS' }).getAttribute('aria-valuenow')).toBe('25');

    act(() => void fake.finishAssessment(summary.assessmentId));
    expect((await screen.findByTestId('readiness-score')).textContent).toBe('64');
    expect(screen.queryByTestId('assessment-progress')).toBeNull();
    const row = screen.getByTestId(`assessment-row-${summary.assessmentId}`);
    expect(row.textContent).toContain('Fees spreadsheet');
    expect(row.textContent).toContain('64');
    expect(row.textContent).toContain('2 errors · 4 warnings · 2 info');
  });

  it('opens the result of an assessment that completed before the engine’s answer to start arrived', async () => {
    const { fake, stores } = await openAssessment();
    await screen.findByTestId('readiness');
    const start = fake.client.api.assessment.start;
    fake.client.api.assessment.start = async (req) => {
      const answer = await start(req);
      const result = demoAssessmentResult();
      result.readiness.score = 97;
      fake.finishAssessment(answer.assessmentId, result);
      return answer;
    };
    fireEvent.click(screen.getByTestId('start-assessment'));
    await waitFor(() => expect(screen.getByTestId('readiness-score').textContent).toBe('97'));
    expect(stores.assessment.getState().selectedId).toBe(fake.state.assessments.at(-1)?.assessmentId);
  });

  it('counts the whole of a finished table only once in the overall progress', () => {
    expect(overallPercent({ assessmentId: 'a', table: 'T', rowsDone: 10, rowsTotal: 10, tablesDone: 2, tablesTotal: 4 })).toBe(50);
    expect(overallPercent({ assessmentId: 'a', table: 'T', rowsDone: 5, rowsTotal: null, tablesDone: 1, tablesTotal: 4 })).toBe(25);
    expect(overallPercent({ assessmentId: 'a', table: 'T', rowsDone: 0, rowsTotal: 0, tablesDone: 0, tablesTotal: 0 })).toBeNull();
  });

  it('cancels a running assessment', async () => {
    const running = completedSummary('a2', { status: 'Processing', endedAt: null, score: null, complexity: null, findings: { error: 0, warning: 0, info: 0 } });
    const { fake } = await openAssessment({ assessments: [running], assessmentResults: {} });
    fireEvent.click(await screen.findByTestId('cancel-assessment'));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'assessment.cancel')?.params).toEqual({ assessmentId: 'a2' }));
    act(() => fake.emit('assessment.updated', { ...running, status: 'Cancelled', endedAt: '2025-01-10T10:06:00.000Z' }));
    expect(await screen.findByText(/was cancelled/)).toBeTruthy();
  });

  it('shows why an assessment failed and what to do', async () => {
    await openAssessment({
      assessments: [
        completedSummary('a3', {
          status: 'Failed',
          score: null,
          error: { code: 'SOURCE_UNREACHABLE', message: 'The server at db:3306 did not answer.', hint: 'Check that the server is running.' },
        }),
      ],
      assessmentResults: {},
    });
    const failed = await screen.findByTestId('assessment-failed');
    expect(failed.textContent).toContain('The server at db:3306 did not answer.');
    expect(failed.textContent).toContain('What to do: Check that the server is running.');
  });

  it('lists an assessment started elsewhere (CLI, another window) as soon as the engine announces it', async () => {
    const { fake } = await openAssessment();
    await screen.findByTestId('readiness');
    expect(screen.queryByTestId('assessment-row-a9')).toBeNull();
    act(() => fake.emit('assessment.updated', completedSummary('a9', { connectionName: 'Old Access file', startedAt: '2025-01-11T08:00:00.000Z', score: 91, complexity: 'Low' })));
    const row = screen.getByTestId('assessment-row-a9');
    expect(row.textContent).toContain('Old Access file');
    expect(row.querySelector('.score-pill')?.className).toContain('band-good');
    // Newest first; the result being looked at stays open.
    const rows = screen.getAllByTestId(/^assessment-row-/).map((r) => r.getAttribute('data-testid'));
    expect(rows).toEqual(['assessment-row-a9', 'assessment-row-a1']);
    expect(screen.getByTestId('assessment-row-a1').getAttribute('aria-current')).toBe('true');
  });
});

describe('assessment result', () => {
  it('puts readiness up front: score with its band, complexity, effort, push time and how the score was reached', async () => {
    await openAssessment();
    const readiness = await screen.findByTestId('readiness');
    expect(screen.getByTestId('readiness-score').textContent).toBe('64');
    expect(readiness.className).toContain('band-fair');
    expect(screen.getByTestId('readiness-band').textContent).toBe('Needs work before migrating');
    expect(screen.getByTestId('readiness-complexity').textContent).toBe('Medium');
    expect(screen.getByTestId('readiness-effort').textContent).toBe('≈ 6 days');
    expect(screen.getByTestId('readiness-push').textContent).toContain('at 600 requests/min in batches of 500 ≈ 1 min');
    const lines = within(screen.getByTestId('readiness-explanation'))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(lines).toEqual(demoAssessmentResult().readiness.explanation);

    // Per table, worst first, each bar as wide as its score and coloured by its band.
    const chart = screen.getByTestId('table-readiness');
    const rows = within(chart).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['PUPILS: 48 of 100, 2,013 rows', 'CONTACTS: 71 of 100, 3,870 rows', 'FEES: 86 of 100, 5,120 rows', 'FORMS: 100 of 100, 14 rows']);
    const bar = rows[0].querySelector('.table-chart-bar') as HTMLElement;
    expect(bar.style.width).toBe('48%');
    expect(bar.className).toContain('band-poor');
  });

  it('says the push time is not estimated when the target’s limits are unknown', async () => {
    const result = demoAssessmentResult();
    result.readiness.pushEstimate = null;
    await openAssessment({ assessmentResults: { a1: result } });
    expect((await screen.findByTestId('readiness-push')).textContent).toMatch(/^Not estimated/);
  });

  it('filters findings by severity and table, with counts', async () => {
    await openAssessment();
    await screen.findByTestId('readiness');
    expect(screen.getByTestId('severity-filter-all').textContent).toBe('All 8');
    expect(screen.getByTestId('severity-filter-error').textContent).toBe('Errors 2');
    expect(screen.getByTestId('severity-filter-warning').textContent).toBe('Warnings 4');
    expect(screen.getByTestId('severity-filter-info').textContent).toBe('Info 2');
    // Grouped worst first.
    const groups = screen.getAllByTestId(/^finding-group-/).map((g) => g.getAttribute('data-testid'));
    expect(groups).toEqual(['finding-group-error', 'finding-group-warning', 'finding-group-info']);

    fireEvent.click(screen.getByTestId('severity-filter-error'));
    expect(screen.getByTestId('severity-filter-error').getAttribute('aria-checked')).toBe('true');
    const shown = () => screen.getAllByTestId(/^finding-[A-Z]/).map((f) => f.getAttribute('data-testid'));
    expect(shown()).toEqual(['finding-ORPHAN_REFERENCE-PUPILS-FORM_ID', 'finding-IMPOSSIBLE_DATE-PUPILS-DOB']);

    fireEvent.click(screen.getByTestId('severity-filter-all'));
    fireEvent.change(screen.getByTestId('findings-table-filter'), { target: { value: 'CONTACTS' } });
    expect(shown()).toEqual(['finding-UNTRIMMED_TEXT-CONTACTS-EMAIL']);
    // Counts follow the table filter.
    expect(screen.getByTestId('severity-filter-warning').textContent).toBe('Warnings 1');
    expect(screen.getByTestId('severity-filter-error').textContent).toBe('Errors 0');

    fireEvent.click(screen.getByTestId('severity-filter-error'));
    expect(screen.getByText('No findings match these filters.')).toBeTruthy();
  });

  it('opens a finding onto its message, the masked example rows and the suggested fix', async () => {
    await openAssessment();
    const finding = await screen.findByTestId('finding-MOJIBAKE-PUPILS-SURNAME');
    const toggle = within(finding).getByRole('button');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(finding).queryByTestId('finding-examples')).toBeNull();

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const body = within(finding).getByTestId('finding-body');
    expect(body.textContent).toContain('9 surnames carry damaged characters');
    expect(body.textContent).toContain('Affects 9 rows of PUPILS.SURNAME.');
    const examples = within(finding).getByTestId('finding-examples');
    expect(within(examples).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['row', 'value']);
    const cells = within(examples)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    // Shown exactly as the engine masked them: the damage visible, the name not.
    expect(cells).toEqual([
      ['P0044', 'MÃ¼•••'],
      ['P0391', 'Ã–••••'],
    ]);
    const fix = within(finding).getByTestId('finding-fix');
    expect(fix.textContent).toBe('Transform Repair the text encoding (fix-mojibake transform).');

    // A leading space is part of the problem: it is kept, not collapsed.
    const untrimmed = screen.getByTestId('finding-UNTRIMMED_TEXT-CONTACTS-EMAIL');
    fireEvent.click(within(untrimmed).getByRole('button'));
    expect(Array.from(untrimmed.querySelectorAll('.example-value')).map((v) => v.textContent)).toEqual(['C0007', ' j•••@example.org']);

    // A finding about a whole table, counted in pairs; one without examples or fix says so.
    const duplicates = screen.getByTestId('finding-DUPLICATE_PERSON-PUPILS');
    expect(within(duplicates).getByRole('button').textContent).toContain('3 pairs');
    const empty = screen.getByTestId('finding-LEADING_ZERO_ID-PUPILS-UPN');
    fireEvent.click(within(empty).getByRole('button'));
    expect(empty.textContent).toContain('No example rows were kept for this finding.');
    expect(within(empty).getByTestId('finding-fix').textContent).toContain('No suggested fix');

    fireEvent.click(toggle);
    expect(within(finding).queryByTestId('finding-body')).toBeNull();
  });

  it('shows relationships, declared and inferred, with confidence and orphan keys', async () => {
    await openAssessment();
    fireEvent.click(await screen.findByTestId('tab-relationships'));
    const inferred = screen.getByTestId('relationship-PUPILS-FORMS');
    const cells = within(inferred)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[0]).toBe('PUPILS.FORM_ID');
    expect(cells[1]).toBe('FORMS.FORM_ID');
    expect(cells[2]).toContain('Inferred');
    expect(cells[2]).toContain('column names match');
    expect(cells[3]).toBe('97%');
    expect(cells[4]).toBe('7 of 2,013 (0.3%)');
    expect(cells[5]).toBe('F99, F12X');
    const declared = screen.getByTestId('relationship-CONTACTS-PUPILS');
    expect(within(declared).getByText('Declared')).toBeTruthy();
    expect(within(declared).getAllByRole('cell')[5].textContent).toBe('—');
  });

  it('lists what could not be assessed, and why', async () => {
    await openAssessment();
    const tab = await screen.findByTestId('tab-not-assessed');
    fireEvent.click(tab);
    expect(screen.getByTestId('not-assessed').textContent).toContain('The table could not be read: the file is damaged at page 12.');
  });

  it('moves between the tabs with the arrow keys', async () => {
    await openAssessment();
    const findings = await screen.findByTestId('tab-findings');
    findings.focus();
    fireEvent.keyDown(findings, { key: 'ArrowRight' });
    expect(screen.getByTestId('tab-duplicates').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('tab-duplicates'));
    fireEvent.keyDown(screen.getByTestId('tab-duplicates'), { key: 'ArrowLeft' });
    expect(screen.getByTestId('tab-findings').getAttribute('aria-selected')).toBe('true');
  });
});

describe('duplicates review queue', () => {
  async function openQueue(initial: Parameters<typeof createFakeStudio>[0] = {}) {
    const opened = await openAssessment(initial);
    fireEvent.click(await screen.findByTestId('tab-duplicates'));
    return { ...opened, queue: screen.getByTestId('duplicates-queue') };
  }
  const decideCalls = (fake: ReturnType<typeof createFakeStudio>) => fake.calls.filter((c) => c.method === 'assessment.decide').map((c) => c.params);

  it('groups the pairs by cluster with both keys, score and reasons, and documents the keys', async () => {
    const { queue } = await openQueue();
    const clusters = within(queue)
      .getAllByTestId(/^cluster-/)
      .map((c) => c.getAttribute('data-testid'));
    expect(clusters).toEqual(['cluster-PUPILS:P0007', 'cluster-PUPILS:P0020', 'cluster-CONTACTS:C0091']);
    const first = within(screen.getByTestId('cluster-PUPILS:P0007')).getAllByRole('listitem', { name: /^PUPILS:/ });
    expect(first).toHaveLength(2);
    const pair = screen.getByTestId('pair-PUPILS-P0007-P0193');
    expect(pair.textContent).toContain('P0007');
    expect(pair.textContent).toContain('P0193');
    expect(pair.textContent).toContain('96%');
    expect(within(pair).getByRole('list', { name: 'Why they match' }).textContent).toContain('first name is a nickname (Kate / Katherine)');
    expect(within(pair).getByTestId('pair-decision').textContent).toBe('Not reviewed');
    // Across tables, each key names its table.
    expect(screen.getByTestId('pair-STAFF-S004-C0091').textContent).toContain('STAFF:S004');
    expect(screen.getByTestId('pair-STAFF-S004-C0091').textContent).toContain('CONTACTS:C0091');
    expect(screen.getByTestId('duplicates-summary').textContent).toBe('4 pairs in 3 clusters · 0 same person · 0 different · 4 to review');
    expect(queue.textContent).toContain('j/k or ↓/↑ next / previous pair · s same person · d different · u undo');
  });

  it('confirms, rejects and undoes decisions with the buttons, and shows who decided', async () => {
    const { fake, queue } = await openQueue();
    const pair = screen.getByTestId('pair-PUPILS-P0193-P0401');
    fireEvent.click(within(pair).getByRole('button', { name: /Same person/ }));
    await waitFor(() => expect(within(pair).getByTestId('pair-decision').textContent).toMatch(/^Same person · it@school-pc, /));
    expect(decideCalls(fake)).toEqual([{ assessmentId: 'a1', table: 'PUPILS', left: 'P0193', right: 'P0401', decision: 'same' }]);
    expect(within(pair).getByRole('button', { name: /Same person/ }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('duplicates-summary').textContent).toContain('1 same person · 0 different · 3 to review');

    fireEvent.click(within(pair).getByRole('button', { name: /Different/ }));
    await waitFor(() => expect(within(pair).getByTestId('pair-decision').textContent).toMatch(/^Different people/));
    expect(fake.state.decisions).toEqual([expect.objectContaining({ table: 'PUPILS', left: 'P0193', right: 'P0401', decision: 'different' })]);

    const undo = within(pair).getByRole('button', { name: /Undo/ }) as HTMLButtonElement;
    fireEvent.click(undo);
    await waitFor(() => expect(within(pair).getByTestId('pair-decision').textContent).toBe('Not reviewed'));
    expect(decideCalls(fake).at(-1)).toEqual({ assessmentId: 'a1', table: 'PUPILS', left: 'P0193', right: 'P0401', decision: null });
    expect(fake.state.decisions).toEqual([]);
    expect(undo.disabled).toBe(true);
    expect(queue.textContent).toContain('4 to review');
  });

  it('works from the keyboard: j/k to move, s and d to decide (moving on), u to undo', async () => {
    const { fake } = await openQueue();
    const rows = ['pair-PUPILS-P0007-P0193', 'pair-PUPILS-P0193-P0401', 'pair-PUPILS-P0020-P0311', 'pair-STAFF-S004-C0091'].map((id) => screen.getByTestId(id));
    expect(rows[0].tabIndex).toBe(0);
    expect(rows[1].tabIndex).toBe(-1);
    rows[0].focus();

    fireEvent.keyDown(rows[0], { key: 's' });
    expect(document.activeElement).toBe(rows[1]);
    fireEvent.keyDown(rows[1], { key: 'j' });
    expect(document.activeElement).toBe(rows[2]);
    fireEvent.keyDown(rows[2], { key: 'd' });
    expect(document.activeElement).toBe(rows[3]);
    fireEvent.keyDown(rows[3], { key: 'k' });
    fireEvent.keyDown(rows[2], { key: 'ArrowUp' });
    expect(document.activeElement).toBe(rows[1]);
    await waitFor(() => expect(fake.state.decisions).toHaveLength(2));
    expect(within(rows[0]).getByTestId('pair-decision').textContent).toMatch(/^Same person/);
    expect(within(rows[2]).getByTestId('pair-decision').textContent).toMatch(/^Different people/);

    fireEvent.keyDown(rows[1], { key: 'k' });
    fireEvent.keyDown(rows[0], { key: 'u' });
    await waitFor(() => expect(within(rows[0]).getByTestId('pair-decision').textContent).toBe('Not reviewed'));
    expect(fake.state.decisions.map((d) => d.left)).toEqual(['P0020']);
  });

  it('shows decisions saved earlier (the engine saves them with the smaller key first)', async () => {
    const { queue } = await openQueue({
      decisions: [{ table: 'PUPILS', left: 'P0193', right: 'P0401', decision: 'same', decidedAt: '2025-01-09T10:00:00.000Z', decidedBy: 'consultant@laptop' }],
    });
    expect(within(screen.getByTestId('pair-PUPILS-P0193-P0401')).getByTestId('pair-decision').textContent).toMatch(/^Same person · consultant@laptop/);
    expect(queue.textContent).toContain('3 to review');
  });

  it('saves the survivor rule', async () => {
    const { fake } = await openQueue({ survivorRule: 'most-recent' });
    const select = screen.getByTestId('survivor-rule') as HTMLSelectElement;
    expect(select.value).toBe('most-recent');
    fireEvent.change(select, { target: { value: 'keep-left' } });
    await waitFor(() => expect(fake.state.survivorRule).toBe('keep-left'));
    await waitFor(() => expect((screen.getByTestId('survivor-rule') as HTMLSelectElement).value).toBe('keep-left'));
    expect(fake.calls.find((c) => c.method === 'assessment.setSurvivorRule')?.params).toEqual({ rule: 'keep-left' });
  });

  it('keeps the decision as it was when the engine refuses it', async () => {
    const { fake, stores } = await openQueue();
    fake.failNext('assessment.decide', new StudioError('BAD_REQUEST', 'The assessment has no candidate pair P0007 / P0193 in PUPILS.', 'Refresh the review queue.'));
    const pair = screen.getByTestId('pair-PUPILS-P0007-P0193');
    fireEvent.click(within(pair).getByRole('button', { name: /Same person/ }));
    await waitFor(() => expect(stores.toasts.getState().toasts).toHaveLength(1));
    expect(stores.toasts.getState().toasts[0].action).toBe('Saving the decision');
    expect(within(pair).getByTestId('pair-decision').textContent).toBe('Not reviewed');
  });
});

/** A Blob's text (jsdom's Blob has no text()). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

describe('report export', () => {
  let blobs: Blob[];
  let clicked: { href: string; download: string }[];
  beforeEach(() => {
    blobs = [];
    clicked = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:report-${blobs.length}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['html', 'text/html; charset=utf-8', 'assessment-a1.html', '<!doctype html><h1>Data readiness</h1>'],
    ['csv', 'text/csv; charset=utf-8', 'assessment-a1-findings.csv', 'code,severity\nORPHAN_REFERENCE,error\n'],
    ['pdf', 'application/pdf', 'assessment-a1.pdf', '%PDF-1.7 fake'],
  ] as const)('downloads the %s report with its type and name', async (format, type, filename, text) => {
    const { fake } = await openAssessment();
    fireEvent.click(await screen.findByTestId(`export-${format}`));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(fake.calls.find((c) => c.method === 'assessment.report')?.params).toEqual({ assessmentId: 'a1', format });
    expect(clicked[0]).toEqual({ href: 'blob:report-1', download: filename });
    expect(blobs[0].type).toBe(type);
    // PDF arrives base64-encoded and is decoded to its bytes.
    expect(await blobText(blobs[0])).toBe(text);
    // The link is gone once clicked.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('says so when the PDF cannot be made, and downloads nothing', async () => {
    const { fake, stores } = await openAssessment();
    fake.failNext('assessment.report', new StudioError('BAD_REQUEST', 'No Chromium was found to print the PDF.', 'Install Chromium, or export HTML and print it.'));
    fireEvent.click(await screen.findByTestId('export-pdf'));
    await waitFor(() => expect(stores.toasts.getState().toasts).toHaveLength(1));
    expect(stores.toasts.getState().toasts[0].action).toBe('Exporting the PDF report');
    expect(clicked).toEqual([]);
    expect((screen.getByTestId('export-pdf') as HTMLButtonElement).disabled).toBe(false);
  });
});
