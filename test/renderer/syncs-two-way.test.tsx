import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncsScreen } from '../../src/renderer/src/features/syncs/SyncsScreen';
import { twoWayFormOf, twoWaySettingsOf } from '../../src/renderer/src/features/syncs/two-way-form';
import type { EntityMapping } from '../../src/shared/model/mapping';
import type { SyncConflict } from '../../src/shared/model/sync';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const mapping = (entity: string): EntityMapping => ({ id: `${entity}-m`, entity, connectionId: 'c1', stream: entity.toUpperCase(), keyColumns: ['ID'], fields: [], updatedAt: '2025-01-10T09:00:00.000Z' });
const conflict: SyncConflict = {
  id: 'cf-1',
  job: 'both',
  runId: 'sync-1',
  entity: 'students',
  externalId: '2',
  field: 'lastName',
  base: 'Lee',
  source: 'Lee-Smith',
  target: 'Smith',
  targetChangedAt: '2026-03-02T09:00:00.000Z',
  status: 'open',
  decision: null,
  appliedRunId: null,
  createdAt: '2026-03-02T10:00:00.000Z',
};

async function openSyncs(conflicts: SyncConflict[] = []) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, mappings: [mapping('students'), mapping('staff')], syncConflicts: conflicts });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SyncsScreen />);
  await screen.findByTestId('sync-form');
  return { fake };
}

describe('syncs screen, two-way', () => {
  it('shows a conflict side by side and sends the decision: keep one side, or a typed value', async () => {
    const { fake } = await openSyncs([conflict, { ...conflict, id: 'cf-2', externalId: '3', base: null }]);
    const item = await screen.findByTestId('conflict-cf-1');
    expect(within(item).getByRole('heading').textContent).toBe('students 2 · lastName (both)');
    expect([within(item).getByTestId('conflict-base').textContent, within(item).getByTestId('conflict-source').textContent, within(item).getByTestId('conflict-target').textContent]).toEqual(['Lee', 'Lee-Smith', 'Smith']);
    expect(within(screen.getByTestId('conflict-cf-2')).getByTestId('conflict-base').textContent).toBe('empty');
    fireEvent.click(within(item).getByTestId('keep-target-cf-1'));
    await waitFor(() => expect(within(screen.getByTestId('conflict-cf-1')).getByRole('status').textContent).toContain('“Smith”'));
    expect(fake.calls.find((c) => c.method === 'syncs.resolve')!.params).toEqual({ conflictId: 'cf-1', keep: 'target' });
    const other = screen.getByTestId('conflict-cf-2');
    expect((within(other).getByTestId('keep-typed-cf-2') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(other).getByLabelText('The right value of lastName'), { target: { value: 'Lee Smith' } });
    fireEvent.click(within(other).getByTestId('keep-typed-cf-2'));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'syncs.resolve')).toHaveLength(2));
    expect(fake.calls.filter((c) => c.method === 'syncs.resolve')[1].params).toEqual({ conflictId: 'cf-2', keep: 'value', value: 'Lee Smith' });
  });

  it('defines a two-way sync with its owners, policy and write-back; a field not placed on an entity is said, not sent', async () => {
    const { fake } = await openSyncs();
    expect(screen.getByTestId('syncs-conflicts').textContent).toContain('No conflict waits for a decision.');
    const form = screen.getByTestId('sync-form');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'both' } });
    fireEvent.click(within(form).getByLabelText('students'));
    fireEvent.change(within(form).getByLabelText('Direction'), { target: { value: 'two-way' } });
    fireEvent.change(within(form).getByLabelText('When both sides changed the same field'), { target: { value: 'newest-wins' } });
    fireEvent.change(within(form).getByLabelText('Fields Academia Pro owns'), { target: { value: 'gradeLevel' } });
    fireEvent.click(within(form).getByTestId('sync-save'));
    expect((await within(form).findByRole('alert')).textContent).toContain('“gradeLevel” is not entity.field');
    fireEvent.change(within(form).getByLabelText('Fields Academia Pro owns'), { target: { value: 'students.gradeLevel' } });
    fireEvent.change(within(form).getByLabelText('Fields either side may change'), { target: { value: 'students.lastName' } });
    fireEvent.change(within(form).getByLabelText('Fields the studio may write back into the old system'), { target: { value: 'students.gradeLevel, students.lastName' } });
    fireEvent.click(within(form).getByTestId('sync-save'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'syncs.define')).toBe(true));
    expect(fake.calls.find((c) => c.method === 'syncs.define')!.params).toMatchObject({
      direction: 'two-way',
      entities: [{ entity: 'students', twoWay: { policy: 'newest-wins', owners: { gradeLevel: 'target', lastName: 'both' }, writeBack: ['gradeLevel', 'lastName'] } }],
    });
  });

  it('puts a definition’s settings back into the form’s lists', () => {
    const values = twoWayFormOf([{ entity: 'students', twoWay: { policy: 'target-wins', owners: { gradeLevel: 'target', lastName: 'both' }, writeBack: ['gradeLevel'] } }]);
    expect(values).toEqual({ policy: 'target-wins', targetOwned: 'students.gradeLevel', bothOwned: 'students.lastName', writeBack: 'students.gradeLevel' });
    expect(twoWaySettingsOf(values, ['students'])).toEqual({ settings: { students: { policy: 'target-wins', owners: { gradeLevel: 'target', lastName: 'both' }, writeBack: ['gradeLevel'] } } });
    expect(twoWaySettingsOf({ ...values, writeBack: 'staff.x' }, ['students'])).toEqual({ bad: 'staff.x' });
  });
});
