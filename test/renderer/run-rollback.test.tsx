import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsScreen } from '../../src/renderer/src/features/runs/RunsScreen';
import type { RollbackConflict } from '../../src/shared/api/contracts/rollback';
import type { RunInfo } from '../../src/shared/model/run';
import { createFakeStudio, counters, DEMO_PROJECT, run, step, type FakeState } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const ended = { endedAt: '2025-01-10T10:03:00.000Z', durationMs: 180_000 };

/** A completed migration that created and updated students and guardians. */
const migration = (runId = 'run-7', partial: Partial<RunInfo> = {}) =>
  run(runId, {
    status: 'Completed',
    ...ended,
    counters: counters({ read: 12, created: 8, updated: 4 }),
    steps: [
      step('students', { status: 'Completed', counters: counters({ read: 7, created: 5, updated: 2 }) }),
      step('guardians', { status: 'Completed', counters: counters({ read: 5, created: 3, updated: 2 }) }),
    ],
    ...partial,
  });

const conflict = (entity: string, externalId: string, action: RollbackConflict['action'], code: string, reason: string): RollbackConflict => ({ entity, externalId, action, code, reason, expectedVersion: 2, targetVersion: 3 });

async function showRun(state: Partial<FakeState>, runId: string) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, ...state });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <RunsScreen />);
  await act(() => stores.runs.getState().select(runId));
  await screen.findByTestId('run-detail');
  return { fake, stores };
}

const rollbackCalls = (fake: { calls: { method: string; params: unknown }[] }) => fake.calls.filter((c) => c.method === 'runs.rollback').map((c) => c.params);

describe('Runs screen: rolling back a run', () => {
  it('offers "Roll back…" only on a completed, real migration run', async () => {
    const cases: [RunInfo, boolean][] = [
      [migration('run-1'), true],
      [migration('run-2', { dryRun: true }), false],
      [migration('run-3', { status: 'Failed' }), true],
      [migration('run-4', { status: 'Cancelled' }), true],
      [migration('run-5', { operation: 'Rollback' }), false],
      [migration('run-6', { operation: 'Sync' }), false],
    ];
    for (const [shown, eligible] of cases) {
      await showRun({ runs: [shown] }, shown.runId);
      expect(screen.queryByTestId('rollback-open') !== null, `${shown.runId} ${shown.operation} ${shown.status} dry=${shown.dryRun}`).toBe(eligible);
      cleanup();
    }

    // While another run is in progress the button waits, like Start run.
    await showRun({ runs: [run('run-9', { status: 'Processing', startedAt: '2025-01-10T11:00:00.000Z' }), migration('run-1')] }, 'run-1');
    const button = screen.getByTestId('rollback-open') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toMatch(/A run is in progress/);
  });

  it('says what will happen and rolls back the whole run, then opens the rollback with its report', async () => {
    const { fake, stores } = await showRun(
      {
        runs: [migration()],
        rollbackConflicts: { 'run-7': [conflict('students', 'P0002', 'restore', 'CHANGED_SINCE', 'Changed in Academia Pro since the run (version 3, expected 2).'), conflict('guardians', 'G0001', 'delete', 'STILL_REFERENCED', 'Other records point at it.')] },
      },
      'run-7',
    );
    // A migration run's steps carry no `deleted`: no such column.
    expect(within(screen.getByTestId('run-steps')).queryByRole('columnheader', { name: 'Deleted' })).toBeNull();

    fireEvent.click(screen.getByTestId('rollback-open'));
    const dialog = await screen.findByRole('dialog', { name: 'Roll back run-7' });
    const effects = within(dialog).getByTestId('rollback-effects').textContent ?? '';
    expect(effects).toContain('Records this run created are deleted.');
    expect(effects).toContain('Records this run updated get their earlier values back.');
    expect(effects).toContain('Anything changed in Academia Pro since this run is left alone and listed as a conflict');
    expect((within(dialog).getByTestId('rollback-whole') as HTMLInputElement).checked).toBe(true);
    expect(within(dialog).queryByTestId('rollback-entity')).toBeNull();
    // Nothing is asked of the engine before the confirmation.
    expect(rollbackCalls(fake)).toEqual([]);

    fireEvent.click(within(dialog).getByTestId('rollback-confirm'));
    await waitFor(() => expect(rollbackCalls(fake)).toEqual([{ runId: 'run-7' }]));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(stores.runs.getState().selectedRunId).toBe('run-1'));
    expect(stores.runs.getState().runs.find((r) => r.runId === 'run-1')?.operation).toBe('Rollback');

    const report = await screen.findByTestId('rollback-report');
    expect(within(report).getByTestId('rollback-of').textContent).toBe('Rolls back run run-7.');
    // Reverse load order; restored = updated, deleted = created, less each entity's conflicts.
    const entities = within(report).getByTestId('rollback-entities');
    const rows = within(entities).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))).toEqual([
      ['guardians', '2', '2', '0', '1'],
      ['students', '1', '5', '0', '1'],
    ]);
    const conflicts = within(report).getByTestId('rollback-conflicts');
    expect(within(conflicts).getByRole('heading', { name: '2 conflicts' })).toBeTruthy();
    const table = within(conflicts).getByTestId('rollback-conflicts-table');
    expect(within(table).getByText('P0002')).toBeTruthy();
    expect(within(table).getByText('CHANGED_SINCE')).toBeTruthy();
    expect(within(table).getByText('Changed in Academia Pro since the run (version 3, expected 2).')).toBeTruthy();
    expect(within(table).getByText('G0001')).toBeTruthy();
    expect(within(table).getByText('STILL_REFERENCED')).toBeTruthy();
    expect(within(conflicts).queryByTestId('rollback-next')).toBeNull();

    // The rollback run's steps carry `deleted`: the column appears, after Updated.
    const steps = screen.getByTestId('run-steps');
    const headers = within(steps).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.slice(3, 7)).toEqual(['Read', 'Created', 'Updated', 'Deleted']);
    expect(within(steps).getByTestId('step-deleted-students').textContent).toBe('5');
    expect(screen.queryByTestId('rollback-open')).toBeNull();
  });

  it('rolls back one entity when one is chosen', async () => {
    const { fake } = await showRun({ runs: [migration()] }, 'run-7');
    fireEvent.click(screen.getByTestId('rollback-open'));
    const dialog = await screen.findByTestId('rollback-dialog');
    fireEvent.click(within(dialog).getByTestId('rollback-one'));
    const select = within(dialog).getByTestId('rollback-entity') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['students (5 created, 2 updated)', 'guardians (3 created, 2 updated)']);
    fireEvent.change(select, { target: { value: 'guardians' } });
    expect(within(dialog).getByTestId('rollback-confirm').textContent).toBe('Roll back guardians');

    // Back to the whole run and to one entity again: the last choice is what is sent.
    fireEvent.click(within(dialog).getByTestId('rollback-whole'));
    expect(within(dialog).queryByTestId('rollback-entity')).toBeNull();
    fireEvent.click(within(dialog).getByTestId('rollback-one'));
    fireEvent.change(within(dialog).getByTestId('rollback-entity'), { target: { value: 'guardians' } });
    fireEvent.click(within(dialog).getByTestId('rollback-confirm'));
    await waitFor(() => expect(rollbackCalls(fake)).toEqual([{ runId: 'run-7', entity: 'guardians' }]));

    const report = await screen.findByTestId('rollback-report');
    expect(within(report).getByTestId('rollback-of').textContent).toBe('Rolls back guardians of run run-7.');
    expect(within(within(report).getByTestId('rollback-entities')).getAllByRole('row')).toHaveLength(2);
    expect(within(report).getByText('Every record was put back: no conflicts.')).toBeTruthy();
  });

  it('cancelling the dialog rolls back nothing', async () => {
    const { fake } = await showRun({ runs: [migration()] }, 'run-7');
    fireEvent.click(screen.getByTestId('rollback-open'));
    fireEvent.click(within(await screen.findByTestId('rollback-dialog')).getByTestId('rollback-cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(rollbackCalls(fake)).toEqual([]);
  });

  it('pages the conflicts when there are more than a page of them', async () => {
    const many = Array.from({ length: 130 }, (_, i) => conflict('students', `P${String(i + 1).padStart(4, '0')}`, 'restore', 'CHANGED_SINCE', `Changed since (${i + 1}).`));
    const { fake } = await showRun({ runs: [migration('run-7', { steps: [step('students', { status: 'Completed', counters: counters({ read: 200, created: 20, updated: 180 }) })] })], rollbackConflicts: { 'run-7': many } }, 'run-7');
    fireEvent.click(screen.getByTestId('rollback-open'));
    fireEvent.click(within(await screen.findByTestId('rollback-dialog')).getByTestId('rollback-confirm'));

    const conflicts = await screen.findByTestId('rollback-conflicts');
    expect(within(conflicts).getByRole('heading', { name: '130 conflicts' })).toBeTruthy();
    expect(within(conflicts).getByTestId('rollback-page').textContent).toBe('Conflicts 1–100 of 130');
    expect((within(conflicts).getByTestId('rollback-previous') as HTMLButtonElement).disabled).toBe(true);
    expect(within(conflicts).getByText('P0001')).toBeTruthy();

    fireEvent.click(within(conflicts).getByTestId('rollback-next'));
    await waitFor(() => expect(within(conflicts).getByTestId('rollback-page').textContent).toBe('Conflicts 101–130 of 130'));
    expect(fake.calls.filter((c) => c.method === 'runs.rollbackReport').at(-1)?.params).toEqual({ runId: 'run-1', limit: 100, offset: 100 });
    expect(within(conflicts).getByText('P0130')).toBeTruthy();
    expect(within(conflicts).queryByText('P0001')).toBeNull();
    expect((within(conflicts).getByTestId('rollback-next') as HTMLButtonElement).disabled).toBe(true);
    const [students] = within(within(screen.getByTestId('rollback-report')).getByTestId('rollback-entities')).getAllByRole('row').slice(1);
    expect([...students.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual(['students', '50', '20', '0', '130']);
  });
});
