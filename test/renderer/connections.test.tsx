import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SourcesScreen } from '../../src/renderer/src/features/connections/SourcesScreen';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

async function openSources(initial: Parameters<typeof createFakeStudio>[0] = {}) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, ...initial });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SourcesScreen />);
  return { fake, stores };
}

describe('Sources screen', () => {
  it('submits the connection form and shows the new connection in the list', async () => {
    const { fake } = await openSources();
    expect(screen.getByText('No sources yet')).toBeTruthy();

    const add = screen.getByRole('button', { name: 'Add source' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Old MIS' } });
    fireEvent.change(screen.getByLabelText('Connection string or path'), { target: { value: 'mysql://mis:hunter2@10.0.0.5/school' } });
    expect(add.disabled).toBe(false);
    fireEvent.click(add);

    const list = await screen.findByTestId('connection-list');
    expect(fake.calls.find((c) => c.method === 'connections.add')?.params).toEqual({ name: 'Old MIS', location: 'mysql://mis:hunter2@10.0.0.5/school' });
    expect(within(list).getByText('Old MIS')).toBeTruthy();
    // The password never shows, even if the engine handed it back unmasked.
    expect(list.textContent).not.toContain('hunter2');
    expect(within(list).getByText('Not tested yet')).toBeTruthy();
    // The form is cleared for the next source.
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
  });

  it('sends the chosen kind when one is picked', async () => {
    const { fake } = await openSources();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Fees' } });
    fireEvent.change(screen.getByLabelText('Connection string or path'), { target: { value: '/data/fees.xlsx' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'excel' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Add a source' }));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'connections.add')?.params).toEqual({ name: 'Fees', location: '/data/fees.xlsx', kind: 'excel' }));
  });

  it('tests a connection and warns when the link is not encrypted', async () => {
    const { fake } = await openSources({
      connections: [{ id: 'c1', name: 'SQL MIS', kind: 'mssql', location: 'mssql://sa:••••@mis/school', config: {}, hasSecret: true, createdAt: '2025-01-01T00:00:00Z' }],
    });
    fake.client.api.connections.test = async () => ({ ok: true, at: new Date().toISOString(), message: 'Connected', serverInfo: 'SQL Server 2019', latencyMs: 12, encrypted: false });
    fireEvent.click(screen.getByRole('button', { name: 'Test SQL MIS' }));
    expect(await screen.findByText('Connected')).toBeTruthy();
    expect(screen.getByText('SQL Server 2019 · 12 ms')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/^Unencrypted/);
  });

  it('discovers a catalog and shows streams, columns with both types, and keys', async () => {
    const { fake } = await openSources({
      connections: [{ id: 'c1', name: 'MIS', kind: 'sqlite', location: 'sqlite:/data/mis.db', config: {}, hasSecret: false, createdAt: '2025-01-01T00:00:00Z' }],
    });
    expect(await screen.findByText('Not discovered yet')).toBeTruthy();
    fake.state.catalogs.c1 = {
      discoveredAt: new Date().toISOString(),
      streams: [
        {
          name: 'pupils',
          rowEstimate: 2013,
          primaryKey: ['pupil_id'],
          foreignKeys: [{ columns: ['form_id'], refStream: 'forms', refColumns: ['id'], declared: false }],
          columns: [
            { name: 'pupil_id', type: 'integer', nativeType: 'INTEGER', nullable: false },
            { name: 'form_id', type: 'integer', nativeType: 'INTEGER', nullable: true },
            { name: 'dob', type: 'date', nativeType: 'TEXT', nullable: true },
          ],
        },
        { name: 'forms', rowEstimate: 14, primaryKey: ['id'], foreignKeys: [], columns: [{ name: 'id', type: 'integer', nativeType: 'INTEGER', nullable: false }] },
      ],
    };
    fireEvent.click(screen.getByRole('button', { name: 'Discover' }));
    fireEvent.click(await screen.findByRole('button', { name: /pupils/ }));
    expect(screen.getByText('2,013 rows')).toBeTruthy();
    const columns = screen.getByRole('table', { name: 'Columns of pupils' });
    expect(within(columns).getByText('dob').closest('tr')!.textContent).toContain('TEXT');
    expect(within(columns).getByText('PK')).toBeTruthy();
    expect(within(columns).getByText(/forms/).textContent).toContain('(inferred)');
  });
});
