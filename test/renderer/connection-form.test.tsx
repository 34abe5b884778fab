import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildDatabaseLocation,
  buildFileLocation,
  emptyDatabaseFields,
  lessSafeChoices,
  previewDatabaseLocation,
} from '../../src/renderer/src/features/connections/connection-form-model';
import { SourcesScreen } from '../../src/renderer/src/features/connections/SourcesScreen';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

async function openForm() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SourcesScreen />);
  const form = screen.getByRole('form', { name: 'Add a source' });
  return { fake, stores, form };
}

const addCalls = (fake: ReturnType<typeof createFakeStudio>) => fake.calls.filter((c) => c.method === 'connections.add').map((c) => c.params);
const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const kind = (value: string) => fireEvent.change(screen.getByTestId('connection-kind'), { target: { value } });

describe('connection form: a database server', () => {
  it('builds a MySQL URL with the password URL-encoded, sends it, and leaves the password nowhere', async () => {
    const password = 'p@ss:w/rd#1 é';
    const { fake, stores, form } = await openForm();
    expect(screen.getByRole('radio', { name: 'Fill in the fields' }).getAttribute('aria-checked')).toBe('true');
    type('Name', 'Old MIS');
    kind('mysql');
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('3306');
    type('Server', 'db.school.local');
    type('Database', 'school');
    type('User', 'mis admin');
    const box = screen.getByLabelText('Password') as HTMLInputElement;
    expect(box.type).toBe('password');
    expect(box.getAttribute('autocomplete')).toBe('off');
    fireEvent.change(box, { target: { value: password } });
    fireEvent.change(within(form).getByLabelText('ssl-mode'), { target: { value: 'REQUIRED' } });

    // The preview shows the password as dots, never the password.
    expect(screen.getByTestId('location-preview').textContent).toBe('mysql://mis%20admin:••••••@db.school.local:3306/school?ssl-mode=REQUIRED');
    expect(document.body.innerHTML).not.toContain('p@ss');

    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(1));
    expect(addCalls(fake)[0]).toEqual({
      name: 'Old MIS',
      kind: 'mysql',
      location: 'mysql://mis%20admin:p%40ss%3Aw%2Frd%231%20%C3%A9@db.school.local:3306/school?ssl-mode=REQUIRED',
    });
    // The engine's URL parser gets the password back exactly.
    expect(decodeURIComponent(new URL(String((addCalls(fake)[0] as { location: string }).location)).password)).toBe(password);

    await waitFor(() => expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe(''));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
    expect(document.body.innerHTML).not.toContain('p@ss');
    expect(document.body.textContent).not.toContain('p@ss');
    // No store keeps it: only the engine's answer holds the location (the real engine masks it; the list masks it again).
    const { connections, ...rest } = stores.connections.getState();
    expect(JSON.stringify(rest)).not.toContain('p%40ss');
    expect(JSON.stringify(connections.map(({ location: _location, ...c }) => c))).not.toContain('p%40ss');
    expect(within(screen.getByTestId('connection-list')).getByText('Old MIS')).toBeTruthy();
  });

  it('follows the kind: PostgreSQL port and sslmode, and waits for the fields it needs', async () => {
    const { fake, form } = await openForm();
    type('Name', 'SIS');
    kind('mysql');
    kind('postgres');
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('5432');
    const add = within(form).getByRole('button', { name: 'Add source' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    expect(form.textContent).toContain('Still needed: the server (host), the database.');
    type('Server', '10.0.0.5');
    type('Database', 'sis');
    type('Port', '70000');
    expect(screen.getByText('Enter a port number from 1 to 65535.')).toBeTruthy();
    expect(add.disabled).toBe(true);
    type('Port', '6432');
    fireEvent.change(within(form).getByLabelText('sslmode'), { target: { value: 'verify-full' } });
    expect(add.disabled).toBe(false);
    fireEvent.click(add);
    await waitFor(() => expect(addCalls(fake)).toEqual([{ name: 'SIS', kind: 'postgres', location: 'postgres://10.0.0.5:6432/sis?sslmode=verify-full' }]));
  });

  it('builds a SQL Server URL with a named instance and the security options, and warns about the less safe ones', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Old SQL');
    kind('mssql');
    expect((screen.getByLabelText('Port') as HTMLInputElement).value).toBe('1433');
    type('Server', 'SIS-SERVER\\SQLEXPRESS');
    // A named instance finds its own port.
    expect((screen.getByLabelText('Port') as HTMLInputElement).disabled).toBe(true);
    type('Database', 'School');
    type('User', 'sa');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'Secr3t!' } });
    expect(screen.queryByTestId('tls-warning')).toBeNull();

    const encrypt = within(form).getByLabelText('Encrypt the connection (encrypt)') as HTMLInputElement;
    expect(encrypt.checked).toBe(true);
    fireEvent.click(within(form).getByLabelText(/Trust the server certificate/));
    expect(screen.getByTestId('tls-warning').textContent).toContain('Certificate checks are off');
    fireEvent.click(within(form).getByLabelText(/Allow old TLS/));
    fireEvent.click(encrypt);
    const warning = screen.getByTestId('tls-warning').textContent;
    expect(warning).toContain('Encryption is off');
    expect(warning).toContain('Old TLS 1.0/1.1 is allowed');

    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(1));
    expect(addCalls(fake)[0]).toEqual({
      name: 'Old SQL',
      kind: 'mssql',
      location: 'mssql://sa:Secr3t!@SIS-SERVER/School?instance=SQLEXPRESS&encrypt=false&allowLegacyTls=true&trustServerCertificate=true',
    });
    await waitFor(() => expect(document.body.innerHTML).not.toContain('Secr3t'));
  });

  it('offers Windows authentication for SQL Server, which needs the domain', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Office SQL');
    kind('mssql');
    type('Server', 'sql01');
    type('Database', 'MIS');
    type('User', 'jsmith');
    fireEvent.change(within(form).getByLabelText('Sign in with'), { target: { value: 'ntlm' } });
    expect(form.textContent).toContain('Still needed: the Windows domain.');
    type('Windows domain', 'SCHOOL');
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toEqual([{ name: 'Office SQL', kind: 'mssql', location: 'mssql://jsmith@sql01:1433/MIS?authentication=ntlm&domain=SCHOOL' }]));
  });
});

describe('connection form: files', () => {
  it('sends a CSV path as it is, with its kind', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Pupils export');
    kind('csv');
    expect(screen.queryByTestId('database-fields')).toBeNull();
    expect(screen.queryByLabelText('Password')).toBeNull();
    type('File path', 'C:\\Exports\\pupils (2024).csv');
    expect(screen.getByTestId('location-preview').textContent).toBe('C:\\Exports\\pupils (2024).csv');
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toEqual([{ name: 'Pupils export', kind: 'csv', location: 'C:\\Exports\\pupils (2024).csv' }]));
  });

  it('writes a SQLite file as sqlite:path and a folder as its path', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Timetable');
    kind('sqlite');
    type('File path', '/data/timetable.s3db');
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(1));
    expect(addCalls(fake)[0]).toEqual({ name: 'Timetable', kind: 'sqlite', location: 'sqlite:/data/timetable.s3db' });

    type('Name', 'Summer exports');
    kind('folder');
    type('Folder path', '/exports/2024-summer');
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(2));
    expect(addCalls(fake)[1]).toEqual({ name: 'Summer exports', kind: 'folder', location: '/exports/2024-summer' });
  });

  it('puts an Access database password in the vault, not in the path', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Old Access');
    kind('access');
    type('File path', '/data/school.accdb');
    fireEvent.change(screen.getByLabelText('Database password (if the file has one)'), { target: { value: 'acc3ss-pw' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(fake.state.secrets).toEqual({ c1: 'acc3ss-pw' }));
    expect(addCalls(fake)).toEqual([{ name: 'Old Access', kind: 'access', location: '/data/school.accdb' }]);
    await waitFor(() => expect((screen.getByLabelText('Database password (if the file has one)') as HTMLInputElement).value).toBe(''));
    expect(document.body.innerHTML).not.toContain('acc3ss-pw');
  });
});

describe('connection form model', () => {
  const fields = (change: Partial<ReturnType<typeof emptyDatabaseFields>> = {}, kind: 'mysql' | 'postgres' | 'mssql' = 'mysql') => ({ ...emptyDatabaseFields(kind), host: 'db', database: 'school', ...change });

  it('leaves out what is not given, and brackets an IPv6 address', () => {
    expect(buildDatabaseLocation('mysql', fields({ port: '' }), '')).toBe('mysql://db/school');
    expect(buildDatabaseLocation('postgres', fields({ host: '::1', port: '5432', user: 'pg' }, 'postgres'), '')).toBe('postgres://pg@[::1]:5432/school');
    expect(buildDatabaseLocation('mysql', fields({ port: '3306', database: 'école 2' }), 'x')).toBe('mysql://:x@db:3306/%C3%A9cole%202');
    expect(previewDatabaseLocation('mysql', fields({ user: 'u' }), true)).toBe('mysql://u:••••••@db:3306/school');
    expect(previewDatabaseLocation('mysql', fields({ user: 'u' }), false)).toBe('mysql://u@db:3306/school');
  });

  it('keeps sqlite: once, and leaves other paths alone', () => {
    expect(buildFileLocation('sqlite', ' sqlite:/a.db ')).toBe('sqlite:/a.db');
    expect(buildFileLocation('sqlite', 'C:\\a.db')).toBe('sqlite:C:\\a.db');
    expect(buildFileLocation('zip', '/x/oneroster.zip')).toBe('/x/oneroster.zip');
  });

  it('names each less safe choice', () => {
    expect(lessSafeChoices('postgres', fields({ sslMode: 'disable' }, 'postgres'))).toHaveLength(1);
    expect(lessSafeChoices('mysql', fields({ sslMode: 'DISABLED', trustServerCertificate: true }))).toHaveLength(2);
    expect(lessSafeChoices('mssql', fields({}, 'mssql'))).toEqual([]);
  });
});
