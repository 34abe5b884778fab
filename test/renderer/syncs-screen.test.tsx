import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { SyncsScreen } from '../../src/renderer/src/features/syncs/SyncsScreen';
import type { TransportStatus } from '../../src/renderer/src/transport/transport';
import type { EntityMapping } from '../../src/shared/model/mapping';
import type { SyncHold } from '../../src/shared/model/sync';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

const mapping = (entity: string): EntityMapping => ({ id: `${entity}-m`, entity, connectionId: 'c1', stream: entity.toUpperCase(), keyColumns: ['ID'], fields: [], updatedAt: '2025-01-10T09:00:00.000Z' });

const hold: SyncHold = {
  reason: 'Held by the change gate: students.deletes is 10.5 % of 400 (threshold 5 %).',
  summary: '42 students would be withdrawn; 3 classes would lose their teacher.',
  categories: [{ category: 'students.deletes', entity: 'students', kind: 'deletes', count: 42, of: 400, threshold: 0.05, sentence: '42 students would be withdrawn', approved: false }],
};

async function openSyncs(syncHold: SyncHold | null = null, defined = false) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, mappings: [mapping('students'), mapping('staff')], syncHold });
  if (defined) await fake.client.api.syncs.define({ name: 'nightly', type: 'Delta', entities: [{ entity: 'students' }] });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SyncsScreen />);
  await screen.findByTestId('sync-form');
  return { fake, stores };
}

describe('syncs screen', () => {
  it('is reached from the left navigation, after Runs, and with Alt+8', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    const transport = { status: (): TransportStatus => 'open', onStatus: () => () => undefined };
    render(<App stores={storesFor(fake)} transport={transport} />);
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    const order = within(nav)
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(order.indexOf('nav-syncs')).toBe(order.indexOf('nav-runs') + 1);
    fireEvent.keyDown(window, { key: '8', altKey: true });
    expect(screen.getByTestId('nav-syncs').getAttribute('aria-current')).toBe('page');
    expect(await screen.findByTestId('sync-form')).toBeTruthy();
  });

  it('defines a sync from the form, with the mapped entities to choose from', async () => {
    const { fake } = await openSyncs();
    const form = screen.getByTestId('sync-form');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'nightly' } });
    // Nothing chosen yet: said, not sent.
    fireEvent.click(within(form).getByTestId('sync-save'));
    expect(await within(form).findByRole('alert')).toBeTruthy();
    expect(fake.calls.some((c) => c.method === 'syncs.define')).toBe(false);
    fireEvent.click(within(form).getByLabelText('students'));
    fireEvent.change(within(form).getByLabelText('When a source row disappears'), { target: { value: 'withdraw' } });
    fireEvent.change(within(form).getByLabelText('Schedule (cron, empty for by hand)'), { target: { value: '0 2 * * *' } });
    fireEvent.click(within(form).getByTestId('sync-save'));
    await waitFor(() => expect(screen.getByTestId('sync-nightly')).toBeTruthy());
    const define = fake.calls.find((c) => c.method === 'syncs.define')!.params;
    expect(define).toMatchObject({ name: 'nightly', type: 'Delta', direction: 'one-way', entities: [{ entity: 'students', deletes: { policy: 'withdraw' } }], schedule: { cron: '0 2 * * *' }, gate: { default: { deletes: 0.05, updates: 0.2 } } });
    expect(within(screen.getByTestId('sync-nightly')).getByText('0 2 * * * (UTC)')).toBeTruthy();
  });

  it('runs a sync, shows its held change set in plain words, and approves it per category', async () => {
    const { fake } = await openSyncs(hold, true);
    fireEvent.click(await screen.findByTestId('sync-run-nightly'));
    const held = await screen.findByTestId('held-sync-1');
    expect(within(held).getByText('42 students would be withdrawn; 3 classes would lose their teacher.')).toBeTruthy();
    expect((await screen.findByTestId('sync-outcome')).textContent).toContain('Paused');
    fireEvent.click(within(held).getByTestId('approve-students.deletes'));
    await waitFor(() => expect(screen.queryByTestId('held-sync-1')).toBeNull());
    expect(fake.calls.find((c) => c.method === 'syncs.approve')!.params).toEqual({ runId: 'sync-1', category: 'students.deletes' });
    expect(screen.getByTestId('sync-outcome').textContent).toContain('Completed');
  });
});
