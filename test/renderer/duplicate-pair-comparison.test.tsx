import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssessmentScreen } from '../../src/renderer/src/features/assessment/AssessmentScreen';
import type { ConnectionInfo } from '../../src/shared/model/connection';
import { completedSummary, demoAssessmentResult } from './support/assessment-fixture';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

const connection: ConnectionInfo = { id: 'c1', name: 'Legacy SIS (demo)', kind: 'sqlite', location: 'sqlite:/data/c1.db', config: {}, hasSecret: false, secretStatus: 'missing', createdAt: '2025-01-01T00:00:00Z' };

/** The review queue over the fake engine, with the demo's pairs and the records behind them. */
async function openQueue() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, connections: [connection], assessments: [completedSummary('a1')], assessmentResults: { a1: demoAssessmentResult() } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <AssessmentScreen />);
  fireEvent.click(await screen.findByTestId('tab-duplicates'));
  return { fake, stores };
}

const pairCalls = (fake: ReturnType<typeof createFakeStudio>) => fake.calls.filter((c) => c.method === 'assessment.pair').map((c) => c.params);
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);

async function compare(testId: string) {
  const pair = screen.getByTestId(testId);
  fireEvent.click(within(pair).getByTestId('pair-compare'));
  const comparison = await within(pair).findByTestId('pair-comparison');
  return { pair, comparison };
}

describe('comparing a duplicate pair side by side', () => {
  it('shows both records field by field, masked, with the differing fields marked in words', async () => {
    const { fake } = await openQueue();
    const { pair, comparison } = await compare('pair-PUPILS-P0007-P0193');
    expect(within(pair).getByTestId('pair-compare').getAttribute('aria-expanded')).toBe('true');
    expect(pairCalls(fake)).toEqual([{ assessmentId: 'a1', table: 'PUPILS', left: 'P0007', right: 'P0193' }]);
    const headers = within(comparison).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers[1]).toContain('P0007');
    expect(headers[2]).toContain('P0193');

    const forename = within(comparison).getByTestId('pair-field-FORENAME');
    expect(forename.className).toContain('is-different');
    expect(within(forename).getByRole('rowheader').textContent).toBe('FORENAME differs');
    // Personal values come masked until revealed.
    expect(cells(forename).slice(0, 2)).toEqual(['K•••', 'K••••••••']);
    const surname = within(comparison).getByTestId('pair-field-SURNAME');
    expect(surname.className).not.toContain('is-different');
    expect(within(surname).getByRole('rowheader').textContent).toBe('SURNAME');
    expect(within(comparison).getByTestId('pair-differences').textContent).toBe('6 fields differ');
    // A blank is said in words, not left as an empty cell.
    expect(cells(within(comparison).getByTestId('pair-field-PHONE'))[0]).toBe('(blank)');
  });

  it('shows the merged record the survivor rule would produce, and recomputes it when the rule changes', async () => {
    const { fake } = await openQueue();
    const { comparison } = await compare('pair-PUPILS-P0007-P0193');
    // most-complete: P0193 (7 values) survives; its blank form comes from P0007.
    const headers = () => within(comparison).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers()[2]).toBe('P0193 survives');
    expect(headers()[3]).toBe('If they are the same person');
    expect(cells(within(comparison).getByTestId('pair-field-FORM'))[2]).toBe('7B from P0007');
    expect(cells(within(comparison).getByTestId('pair-field-PHONE'))[2]).toBe('0•••• 9•••••');
    expect(cells(within(comparison).getByTestId('pair-field-PUPIL_ID'))[2]).toBe('P0193');
    expect(within(comparison).getByTestId('pair-merge-note').textContent).toBe('The run keeps P0193 (the most complete record) and fills its blank fields from the other record.');

    fireEvent.change(screen.getByTestId('survivor-rule'), { target: { value: 'keep-left' } });
    await waitFor(() => expect(headers()[1]).toBe('P0007 survives'));
    expect(cells(within(comparison).getByTestId('pair-field-FORM'))[2]).toBe('7B');
    expect(cells(within(comparison).getByTestId('pair-field-PHONE'))[2]).toBe('0•••• 9••••• from P0193');
    expect(cells(within(comparison).getByTestId('pair-field-FORENAME'))[2]).toBe('K•••');
    expect(within(comparison).getByTestId('pair-merge-note').textContent).toContain('The run keeps P0007 (the first record of the pair)');

    fireEvent.change(screen.getByTestId('survivor-rule'), { target: { value: 'most-recent' } });
    await waitFor(() => expect(headers()[2]).toBe('P0193 survives'));
    // The merge is the renderer's own computation from the records: the engine is not asked again.
    expect(pairCalls(fake)).toHaveLength(1);
  });

  it('reveals personal data on request (asking the engine, which records it)', async () => {
    const { fake } = await openQueue();
    const { comparison } = await compare('pair-PUPILS-P0007-P0193');
    expect(within(comparison).getByText(/Personal data is masked/)).toBeTruthy();
    fireEvent.click(within(comparison).getByTestId('pair-reveal'));
    await waitFor(() => expect(cells(within(comparison).getByTestId('pair-field-FORENAME')).slice(0, 2)).toEqual(['Kate', 'Katherine']));
    expect(pairCalls(fake)[1]).toEqual({ assessmentId: 'a1', table: 'PUPILS', left: 'P0007', right: 'P0193', reveal: true });
    expect(within(comparison).queryByTestId('pair-reveal')).toBeNull();
    expect(cells(within(comparison).getByTestId('pair-field-EMAIL'))[2]).toBe('k.morgan@example.org');
  });

  it('decides same or different with the comparison open, which stays as it is', async () => {
    const { fake } = await openQueue();
    const { pair } = await compare('pair-PUPILS-P0007-P0193');
    fireEvent.click(within(pair).getByRole('button', { name: /Same person/ }));
    await waitFor(() => expect(within(pair).getByTestId('pair-decision').textContent).toMatch(/^Same person/));
    fireEvent.click(within(pair).getByRole('button', { name: /Different/ }));
    await waitFor(() => expect(within(pair).getByTestId('pair-decision').textContent).toMatch(/^Different people/));
    expect(fake.calls.filter((c) => c.method === 'assessment.decide').map((c) => (c.params as { decision: string }).decision)).toEqual(['same', 'different']);
    expect(within(pair).getByTestId('pair-comparison')).toBeTruthy();
    expect(pairCalls(fake)).toHaveLength(1);
    // The keyboard closes and opens it too.
    fireEvent.keyDown(pair, { key: 'c' });
    expect(within(pair).queryByTestId('pair-comparison')).toBeNull();
    fireEvent.keyDown(pair, { key: 'c' });
    expect(await within(pair).findByTestId('pair-comparison')).toBeTruthy();
  });

  it('says a pair across two tables stays apart, with no merged record', async () => {
    await openQueue();
    const { comparison } = await compare('pair-STAFF-S004-C0091');
    const headers = within(comparison).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Field', 'CONTACTS:C0091', 'STAFF:S004']);
    expect(within(comparison).getByTestId('pair-merge-note').textContent).toMatch(/two tables, which load as different entities/);
    expect(within(comparison).getByTestId('pair-field-EMAIL').className).not.toContain('is-different');
  });

  it('says why when the records cannot be read', async () => {
    const { fake } = await openQueue();
    fake.state.duplicatePairs = {};
    const pair = screen.getByTestId('pair-PUPILS-P0020-P0311');
    fireEvent.click(within(pair).getByTestId('pair-compare'));
    expect((await within(pair).findByRole('alert')).textContent).toMatch(/^The two records could not be read: The assessment has no candidate pair P0020 \/ P0311/);
  });
});
