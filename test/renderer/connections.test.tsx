import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SourcesScreen } from '../../src/renderer/src/features/connections/SourcesScreen';
import { StudioError } from '../../src/shared/errors';
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
  it('submits a connection string (expert mode) and shows the new connection in the list', async () => {
    const { fake } = await openSources();
    expect(screen.getByText('No sources yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Connection string' }));

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
    fireEvent.click(screen.getByRole('radio', { name: 'Connection string' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Fees' } });
    fireEvent.change(screen.getByLabelText('Connection string or path'), { target: { value: '/data/fees.xlsx' } });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'excel' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Add a source' }));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'connections.add')?.params).toEqual({ name: 'Fees', location: '/data/fees.xlsx', kind: 'excel' }));
  });

  it('tests a connection and warns when the link is not encrypted', async () => {
    const { fake } = await openSources({
      connections: [{ id: 'c1', name: 'SQL MIS', kind: 'mssql', location: 'mssql://sa:••••@mis/school', config: {}, hasSecret: true, secretStatus: 'set', createdAt: '2025-01-01T00:00:00Z' }],
    });
    fake.client.api.connections.test = async () => ({ ok: true, at: new Date().toISOString(), message: 'Connected', serverInfo: 'SQL Server 2019', latencyMs: 12, encrypted: false });
    fireEvent.click(screen.getByRole('button', { name: 'Test SQL MIS' }));
    expect(await screen.findByText('Connected')).toBeTruthy();
    expect(screen.getByText('SQL Server 2019 · 12 ms')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/^Unencrypted/);
  });

  it('discovers a catalog and shows streams, columns with both types, and keys', async () => {
    const { fake } = await openSources({
      connections: [{ id: 'c1', name: 'MIS', kind: 'sqlite', location: 'sqlite:/data/mis.db', config: {}, hasSecret: false, secretStatus: 'missing', createdAt: '2025-01-01T00:00:00Z' }],
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

describe('connection passwords', () => {
  const base = { config: {}, createdAt: '2025-01-01T00:00:00Z' };

  it('shows each password state without the password, and asks again for one sealed elsewhere', async () => {
    await openSources({
      connections: [
        { ...base, id: 'c1', name: 'MIS', kind: 'mysql', location: 'mysql://mis:••••••@db/school', hasSecret: true, secretStatus: 'set' },
        { ...base, id: 'c2', name: 'Fees', kind: 'access', location: '/data/fees.accdb', hasSecret: false, secretStatus: 'missing' },
        { ...base, id: 'c4', name: 'Pupils', kind: 'csv', location: '/data/pupils.csv', hasSecret: false, secretStatus: 'missing' },
        { ...base, id: 'c5', name: 'Timetable', kind: 'sqlite', location: '/data/tt.sqlite', hasSecret: false, secretStatus: 'missing' },
        { ...base, id: 'c3', name: 'Old SQL', kind: 'mssql', location: 'mssql://sa:••••••@old/school', hasSecret: true, secretStatus: 'needs-reentry' },
      ],
    });

    const set = screen.getByTestId('secret-c1');
    expect(set.textContent).toContain('Password: set (kept in the encrypted vault)');
    expect(within(set).getByRole('button', { name: 'Replace the password of MIS' }).textContent).toBe('Replace password');
    expect(within(set).queryByLabelText(/Password/)).toBeNull();

    const missing = screen.getByTestId('secret-c2');
    expect(within(missing).getByText('No password')).toBeTruthy();
    // A file source has no server to ask for a password.
    expect(missing.textContent).not.toContain('server');
    expect(within(missing).getByRole('button', { name: 'Enter the password of Fees' })).toBeTruthy();

    // CSV and SQLite files cannot ask for a password: no "No password / Enter password" for them.
    expect(screen.queryByTestId('secret-c4')).toBeNull();
    expect(screen.queryByTestId('secret-c5')).toBeNull();

    const reentry = screen.getByTestId('secret-c3');
    expect(within(reentry).getByRole('note').textContent).toBe('Password needs to be entered again — this project was copied from another computer or user');
    const input = within(reentry).getByLabelText('Password for Old SQL') as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.getAttribute('autocomplete')).toBe('off');
    // The form stays open until the password is entered: there is nothing else to do with it.
    expect(within(reentry).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('enters a password through the vault, clears it, refreshes the status, and never puts it in the page', async () => {
    const secret = 'Tr0ub4dor&3-hunter2';
    const { fake, stores } = await openSources({
      connections: [{ ...base, id: 'c1', name: 'MIS', kind: 'mysql', location: 'mysql://mis@db/school', hasSecret: false, secretStatus: 'missing' }],
    });
    const box = screen.getByTestId('secret-c1');
    expect(box.textContent).toContain('No password · enter one if the server asks for it');

    fireEvent.click(within(box).getByRole('button', { name: 'Enter the password of MIS' }));
    const input = within(box).getByLabelText('Password for MIS') as HTMLInputElement;
    const save = within(box).getByRole('button', { name: 'Save password' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(input, { target: { value: secret } });
    expect(save.disabled).toBe(false);
    // While typed, the password lives only in the input's value, not in any attribute.
    expect(document.body.innerHTML).not.toContain(secret);

    fireEvent.click(save);
    await waitFor(() => expect(box.textContent).toContain('Password: set (kept in the encrypted vault)'));
    expect(fake.calls.find((c) => c.method === 'connections.setSecret')?.params).toEqual({ id: 'c1', secret });
    expect(fake.state.secrets.c1).toBe(secret);
    expect(input.value).toBe('');
    expect(within(box).queryByLabelText('Password for MIS')).toBeNull();
    expect(within(box).getByRole('button', { name: 'Replace the password of MIS' })).toBeTruthy();
    expect(document.body.innerHTML).not.toContain(secret);
    expect(document.body.textContent).not.toContain(secret);
    expect(JSON.stringify(stores.connections.getState())).not.toContain(secret);
  });

  it('replaces a password that needs re-entry, and keeps the form when the engine refuses', async () => {
    const { fake, stores } = await openSources({
      connections: [{ ...base, id: 'c1', name: 'Old SQL', kind: 'mssql', location: 'mssql://sa@old/school', hasSecret: true, secretStatus: 'needs-reentry' }],
    });
    const box = screen.getByTestId('secret-c1');
    const input = within(box).getByLabelText('Password for Old SQL') as HTMLInputElement;

    fake.failNext('connections.setSecret', new StudioError('VAULT_KEY_UNREADABLE', 'The vault key file could not be read.', 'Check the key file and try again.'));
    fireEvent.change(input, { target: { value: 'first-try' } });
    fireEvent.click(within(box).getByRole('button', { name: 'Save password' }));
    await waitFor(() => expect(stores.toasts.getState().toasts).toHaveLength(1));
    expect(stores.toasts.getState().toasts[0].action).toBe('Saving the password of “Old SQL”');
    expect(within(box).getByRole('note')).toBeTruthy();
    expect(within(box).getByLabelText('Password for Old SQL')).toBe(input);

    fireEvent.change(input, { target: { value: 'second-try' } });
    fireEvent.click(within(box).getByRole('button', { name: 'Save password' }));
    await waitFor(() => expect(box.textContent).toContain('Password: set (kept in the encrypted vault)'));
    expect(within(box).queryByRole('note')).toBeNull();
    expect(fake.state.audit.at(-1)).toMatchObject({ action: 'vault.replace', object: 'connection:c1:password' });
    expect(document.body.innerHTML).not.toContain('second-try');
  });
});
