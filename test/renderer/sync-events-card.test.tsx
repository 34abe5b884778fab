import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncsScreen } from '../../src/renderer/src/features/syncs/SyncsScreen';
import type { EntityMapping } from '../../src/shared/model/mapping';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const mapping = (entity: string): EntityMapping => ({ id: `${entity}-m`, entity, connectionId: 'c1', stream: entity.toUpperCase(), keyColumns: ['ID'], fields: [], updatedAt: '2025-01-10T09:00:00.000Z' });

async function openSyncs() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, mappings: [mapping('students')] });
  await fake.client.api.syncs.define({ name: 'nightly', type: 'Delta', entities: [{ entity: 'students' }] });
  await fake.client.api.syncs.define({ name: 'on-events', type: 'Delta', entities: [{ entity: 'students' }], events: { webhook: { port: 8741 }, feed: { intervalSeconds: 120 } } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SyncsScreen />);
  await screen.findByTestId('sync-form');
  return { fake };
}

describe('syncs screen: event-driven syncs', () => {
  it("shows each event-driven sync's receiver address and state, its feed, and its last event", async () => {
    await openSyncs();
    expect(within(screen.getByTestId('sync-on-events')).getByText('On events')).toBeTruthy();
    expect(within(screen.getByTestId('sync-nightly')).getByText('Run by hand')).toBeTruthy();
    const row = await screen.findByTestId('sync-events-on-events');
    expect(row.textContent).toContain('Listening');
    expect(row.textContent).toContain('Register in Academia Pro: http://127.0.0.1:8741/academia/events');
    expect(row.textContent).toContain('1 delivery refused');
    expect(row.textContent).toContain('Polled every 120 s');
    expect(row.textContent).toContain('record.updated of students (evt_12, by webhook) at 2025-01-10T10:00:05.000Z');
    expect(row.textContent).toContain('12 events received');
    expect(screen.queryByTestId('sync-events-nightly')).toBeNull();
  });

  it('keeps the event settings when the form saves the sync (it does not edit them)', async () => {
    const { fake } = await openSyncs();
    fireEvent.click(screen.getByTestId('sync-edit-on-events'));
    fireEvent.click(within(screen.getByTestId('sync-form')).getByTestId('sync-save'));
    await act(async () => undefined);
    const update = fake.calls.find((c) => c.method === 'syncs.update')!.params;
    expect(update).toMatchObject({ name: 'on-events', events: { webhook: { host: '127.0.0.1', port: 8741, path: '/academia/events' }, feed: { intervalSeconds: 120 } } });
  });
});
