import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsScreen } from '../../src/renderer/src/features/runs/RunsScreen';
import type { RejectRecord } from '../../src/shared/api/contracts/rejects';
import { createFakeStudio, counters, DEMO_PROJECT, run, step } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const reject = (id: number, sourceRow: number, field: string, value: unknown): RejectRecord => ({
  id,
  entity: 'students',
  stage: 'validate',
  key: `P${sourceRow}`,
  sourceRow,
  reasons: [{ code: 'required', field, stage: 'validate', message: `${field} is required but missing.`, value }],
  row: {},
});

describe('Runs screen: the plan before a run, and fixing rejects in place', () => {
  it('shows the plan with rows, requests and a time estimate before Start', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, runs: [] });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    const plan = await screen.findByTestId('run-plan');
    await waitFor(() => expect(within(plan).getByTestId('run-plan-total').textContent).toBe('2,001 rows, 15 requests to Academia Pro, about 1.6 s.'));
    expect(within(plan).getByTestId('run-plan-students').textContent).toBe('students2,000121.4 s');
    expect(within(plan).getByTestId('run-plan-basis').textContent).toMatch(/600 a minute, 20000 an hour\), a latency of 40 ms \(measured\)/);
  });

  it('saves a corrected value inline, then re-runs only the unresolved rows and shows them resolved', async () => {
    const finished = run('run-7', {
      status: 'Completed',
      endedAt: '2025-01-10T10:03:00.000Z',
      counters: counters({ read: 10, created: 8, rejected: 2 }),
      steps: [step('students', { status: 'Completed', counters: counters({ read: 10, created: 8, rejected: 2 }) })],
    });
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, runs: [finished], rejects: { 'run-7': [reject(1, 4, 'birthDate', null), reject(2, 9, 'firstName', '')] } });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    await act(() => stores.runs.getState().select('run-7'));

    const panel = await screen.findByTestId('run-rejects');
    await waitFor(() => expect(within(panel).getByTestId('rejects-pending').textContent).toBe('2 rows not resolved yet, 0 corrected.'));
    const input = (await within(panel).findByTestId('reject-1-birthDate')) as HTMLInputElement;
    fireEvent.change(input, { target: { value: '2012-03-04' } });
    fireEvent.click(within(panel).getByTestId('reject-1-birthDate-save'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'runs.fixRejects')).toBe(true));
    expect(fake.calls.find((c) => c.method === 'runs.fixRejects')?.params).toEqual({ runId: 'run-7', fixes: [{ rejectId: 1, field: 'birthDate', value: '2012-03-04' }] });
    await waitFor(() => expect(within(panel).getByTestId('rejects-pending').textContent).toBe('2 rows not resolved yet, 1 corrected.'));
    expect(within(panel).getByText(/corrected by tester@fake/)).toBeTruthy();

    fireEvent.click(within(panel).getByTestId('rerun-rejects'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'runs.rerunRejects')).toBe(true));
    expect(fake.calls.find((c) => c.method === 'runs.rerunRejects')?.params).toEqual({ runId: 'run-7' });
    // The re-run is selected; back on the first run, the corrected row is resolved and the other still fails.
    await waitFor(() => expect(stores.runs.getState().selectedRunId).not.toBe('run-7'));
    await act(() => stores.runs.getState().select('run-7'));
    const again = await screen.findByTestId('run-rejects');
    await within(again).findByTestId('reject-1-resolved');
    expect(within(again).getByText(/Still failing:/)).toBeTruthy();
  });

  it('pages a long quarantine from the engine by id: "Show more rows" appends the next page', async () => {
    const many = Array.from({ length: 501 }, (_, i) => reject(i + 1, i + 2, 'birthDate', null));
    const finished = run('run-8', { status: 'Completed', counters: counters({ read: 600, created: 99, rejected: 501 }), steps: [step('students', { status: 'Completed', counters: counters({ read: 600, created: 99, rejected: 501 }) })] });
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, runs: [finished], rejects: { 'run-8': many } });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    await act(() => stores.runs.getState().select('run-8'));
    const panel = await screen.findByTestId('run-rejects');
    await waitFor(() => expect(within(panel).getByTestId('rejects-shown').textContent).toBe('Showing 500 of 501 matching rows.'));
    fireEvent.click(within(panel).getByTestId('rejects-more'));
    await waitFor(() => expect(within(panel).getByTestId('rejects-shown').textContent).toBe('Showing 501 of 501 matching rows.'));
    expect(fake.calls.filter((c) => c.method === 'runs.rejects').at(-1)?.params).toEqual({ runId: 'run-8', limit: 500, afterId: 500 });
    expect(within(panel).queryByTestId('rejects-more')).toBeNull();
  });
});
