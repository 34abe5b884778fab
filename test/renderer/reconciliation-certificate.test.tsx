import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsScreen } from '../../src/renderer/src/features/runs/RunsScreen';
import type { ReconciliationMismatch } from '../../src/shared/api/contracts/reconcile';
import type { ReconciliationLine } from '../../src/shared/model/run';
import { createFakeStudio, DEMO_PROJECT, run } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const SUM = 'a'.repeat(64);
const line = (entity: string, partial: Partial<ReconciliationLine> = {}): ReconciliationLine => ({
  entity,
  source: 10,
  staged: 10,
  rejected: 0,
  pushed: 10,
  target: 10,
  mismatches: 0,
  filtered: 0,
  merged: 0,
  readBack: 10,
  sourceChecksum: SUM,
  targetChecksum: SUM,
  checksumMismatches: 0,
  ...partial,
});

async function showRun(reconciliation: ReconciliationLine[], mismatches: ReconciliationMismatch[] = []) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const finished = run('run-7', { status: 'Completed', endedAt: '2025-01-10T10:05:00.000Z', durationMs: 300_000, reconciliation });
  fake.state.runs = [finished];
  fake.state.mismatches['run-7'] = mismatches;
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <RunsScreen />);
  await waitFor(() => expect(screen.getByTestId('reconciliation-certificate')).toBeTruthy());
  return fake;
}

describe('the reconciliation certificate on the Runs screen', () => {
  it('says the run reconciles when every checksum is equal and nothing is listed', async () => {
    const fake = await showRun([line('schools', { source: 1, staged: 1, pushed: 1, target: 1, readBack: 1 }), line('students', { filtered: 2, merged: 1 })]);
    await waitFor(() => expect(screen.getByTestId('certificate-verdict').textContent).toMatch(/checksums are equal/));
    expect(screen.getByTestId('checksum-students').textContent).toBe('Equal');
    expect(screen.queryByTestId('certificate-mismatches')).toBeNull();
    expect(fake.calls.find((c) => c.method === 'runs.reconciliation')?.params).toEqual({ runId: 'run-7', limit: 200 });
  });

  it('lists each mismatch with both values, and checks again on request', async () => {
    const fake = await showRun(
      [line('schools'), line('students', { checksumMismatches: 1, targetChecksum: 'b'.repeat(64), mismatches: 1 })],
      [
        { entity: 'students', externalId: '000139', field: 'lastName', source: 'Lee', target: 'Lea', kind: 'field' },
        { entity: 'students', externalId: '000309', field: null, source: null, target: { lastName: 'Lee' }, kind: 'merged', survivor: '000139' },
      ],
    );
    await waitFor(() => expect(screen.getByTestId('certificate-mismatches')).toBeTruthy());
    expect(screen.getByTestId('certificate-verdict').textContent).toMatch(/2 mismatches/);
    expect(screen.getByTestId('checksum-students').textContent).toBe('Differ');
    const table = screen.getByTestId('certificate-mismatches');
    expect(within(table).getByText('lastName')).toBeTruthy();
    expect(within(table).getByText('Lea')).toBeTruthy();
    expect(within(table).getByText('Merged into 000139, still in Academia Pro')).toBeTruthy();
    expect(within(table).getByText('(whole record)')).toBeTruthy();
    fireEvent.click(screen.getByTestId('certificate-recheck'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'runs.reconcile')).toBe(true));
  });

  it('shows nothing for a run of an older engine, which has no checksums', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    fake.state.runs = [run('run-8', { status: 'Completed', endedAt: '2025-01-10T10:05:00.000Z', reconciliation: [{ entity: 'schools', source: 1, staged: 1, rejected: 0, pushed: 1, target: 1, mismatches: 0 }] })];
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    await waitFor(() => expect(screen.getByTestId('reconciliation')).toBeTruthy());
    expect(screen.queryByTestId('reconciliation-certificate')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'runs.reconciliation')).toBe(false);
  });
});
