import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsScreen } from '../../src/renderer/src/features/runs/RunsScreen';
import type { RejectRecord } from '../../src/shared/api/contracts/rejects';
import { createFakeStudio, counters, DEMO_PROJECT, run, step } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const reject = (id: number, sourceRow: number, reasons: [code: string, field: string | null][], row: Record<string, unknown>): RejectRecord => ({
  id,
  entity: 'students',
  stage: 'validate',
  key: `P${sourceRow}`,
  sourceRow,
  reasons: reasons.map(([code, field]) => ({ code, field, stage: 'validate', message: `${field ?? 'row'} is wrong`, value: null })),
  row,
});

describe('Runs screen: a run’s rejected rows', () => {
  it('lists the rejects with row numbers and reasons, and filters them by reason and by field', async () => {
    const finished = run('run-7', {
      status: 'Completed',
      endedAt: '2025-01-10T10:03:00.000Z',
      durationMs: 180_000,
      counters: counters({ read: 10, created: 7, rejected: 3 }),
      steps: [step('students', { status: 'Completed', counters: counters({ read: 10, created: 7, rejected: 3 }) })],
    });
    const fake = createFakeStudio({
      project: { ...DEMO_PROJECT },
      runs: [finished],
      rejects: {
        'run-7': [
          reject(1, 4, [['required', 'lastName']], { SURNAME: '', FORENAME: 'A•••' }),
          reject(2, 9, [['format', 'dateOfBirth']], { DOB: '31/02/2010' }),
          reject(3, 12, [['required', 'dateOfBirth'], ['format', 'email']], { DOB: '', EMAIL: 'x' }),
        ],
      },
    });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    await act(() => stores.runs.getState().select('run-7'));

    const panel = await screen.findByTestId('run-rejects');
    expect(within(panel).getByRole('heading', { name: '3 rejected rows' })).toBeTruthy();
    const table = await within(panel).findByTestId('rejects-table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(within(table).getByText('12')).toBeTruthy();
    expect(within(table).getByText('P9')).toBeTruthy();
    expect(within(table).getByText('DOB: 31/02/2010')).toBeTruthy();
    expect(within(panel).getByTestId('rejects-shown').textContent).toBe('Showing 3 of 3 matching rows.');
    expect(within(panel).getByText('Personal values are masked.')).toBeTruthy();

    // The reason filter lists each code with how many rejects carry it.
    const byCode = within(panel).getByTestId('rejects-code') as HTMLSelectElement;
    expect([...byCode.options].map((o) => o.textContent)).toEqual(['All reasons', 'required (2)', 'format (2)']);
    fireEvent.change(byCode, { target: { value: 'required' } });
    await waitFor(() => expect(within(panel).getByTestId('rejects-shown').textContent).toBe('Showing 2 of 2 matching rows.'));
    expect(fake.calls.filter((c) => c.method === 'runs.rejects').at(-1)?.params).toEqual({ runId: 'run-7', code: 'required', limit: 500 });

    // Reason and field together: the same reason must name the field.
    fireEvent.change(within(panel).getByTestId('rejects-field'), { target: { value: 'dateOfBirth' } });
    await waitFor(() => expect(within(panel).getByTestId('rejects-shown').textContent).toBe('Showing 1 of 1 matching rows.'));
    expect(within(screen.getByTestId('rejects-table')).getByText('P12')).toBeTruthy();
    expect(fake.calls.filter((c) => c.method === 'runs.rejects').at(-1)?.params).toEqual({ runId: 'run-7', code: 'required', field: 'dateOfBirth', limit: 500 });

    fireEvent.change(within(panel).getByTestId('rejects-code'), { target: { value: '' } });
    await waitFor(() => expect(within(panel).getByTestId('rejects-shown').textContent).toBe('Showing 2 of 2 matching rows.'));
  });

  it('shows no rejects panel for a run without rejected rows, and asks for none', async () => {
    const clean = run('run-8', { status: 'Completed', endedAt: '2025-01-10T10:03:00.000Z', durationMs: 1000, counters: counters({ read: 5, created: 5 }), steps: [step('students', { status: 'Completed', counters: counters({ read: 5, created: 5 }) })] });
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, runs: [clean] });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    await act(() => stores.runs.getState().select('run-8'));
    await screen.findByTestId('run-detail');
    expect(screen.queryByTestId('run-rejects')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'runs.rejects')).toBe(false);
  });
});
