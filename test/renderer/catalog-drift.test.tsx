import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SourcesScreen } from '../../src/renderer/src/features/connections/SourcesScreen';
import { delimiterName } from '../../src/renderer/src/features/connections/StreamSourceDetails';
import { formatDateTime } from '../../src/renderer/src/format/time';
import type { Catalog, ConnectionInfo, StreamInfo } from '../../src/shared/model/connection';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const folder: ConnectionInfo = {
  id: 'c1',
  name: 'Exports',
  kind: 'folder',
  location: '/exports',
  config: {},
  hasSecret: false,
  secretStatus: 'missing',
  createdAt: '2025-01-01T00:00:00Z',
};

const stream = (name: string, extra: Partial<StreamInfo> = {}): StreamInfo => ({
  name,
  columns: [{ name: 'sourcedId', type: 'string', nativeType: 'text', nullable: false }],
  primaryKey: [],
  foreignKeys: [],
  rowEstimate: 10,
  ...extra,
});

async function discoverWith(catalog: Catalog) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, connections: [folder] });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SourcesScreen />);
  fake.state.catalogs.c1 = catalog;
  fireEvent.click(screen.getByRole('button', { name: 'Discover' }));
  await screen.findByRole('list', { name: 'Tables' });
}

describe('schema drift', () => {
  it('shows what changed since the previous discovery, and the mappings it affects', async () => {
    const previousAt = '2025-01-05T08:30:00.000Z';
    await discoverWith({
      discoveredAt: '2025-01-10T09:00:00.000Z',
      streams: [stream('users'), stream('classes')],
      drift: {
        previousAt,
        addedStreams: ['classes'],
        removedStreams: ['teachers_old'],
        changedStreams: [{ stream: 'users', addedColumns: ['middleName'], removedColumns: ['fax'], retypedColumns: [{ column: 'birthDate', from: 'string', to: 'date' }] }],
        affectedMappings: [{ mappingId: 'm1', entity: 'students', stream: 'users', columns: ['fax'], reason: 'Column fax was removed.' }],
      },
    });
    const banner = screen.getByTestId('drift-banner');
    expect(within(banner).getByRole('heading').textContent?.trim()).toBe(`Changed since ${formatDateTime(previousAt)}`);
    expect(within(banner).getByTestId('drift-added-streams').textContent).toBe('Tables added: classes');
    expect(within(banner).getByTestId('drift-removed-streams').textContent).toBe('Tables removed: teachers_old');
    expect(within(banner).getByTestId('drift-stream-users').textContent).toBe('users: columns added middleName; columns removed fax; retyped birthDate string → date');
    const affected = within(banner).getByTestId('drift-affected-mappings');
    expect(affected.textContent).toContain('Mappings affected — check them before the next run');
    expect(affected.textContent).toContain('students from users (fax): Column fax was removed.');
    expect(banner.className).toContain('drift-affects-mappings');
  });

  it('shows no banner on a first discovery, nor for a drift record that changed nothing', async () => {
    await discoverWith({ discoveredAt: '2025-01-10T09:00:00.000Z', streams: [stream('users')] });
    expect(screen.queryByTestId('drift-banner')).toBeNull();
    cleanup();
    await discoverWith({
      discoveredAt: '2025-01-10T09:00:00.000Z',
      streams: [stream('users')],
      drift: { previousAt: '2025-01-05T08:30:00.000Z', addedStreams: [], removedStreams: [], changedStreams: [], affectedMappings: [] },
    });
    expect(screen.queryByTestId('drift-banner')).toBeNull();
  });
});

describe('catalog details of a file stream', () => {
  it('shows encoding, delimiter, header line, OneRoster file and the issues met', async () => {
    await discoverWith({
      discoveredAt: '2025-01-10T09:00:00.000Z',
      streams: [
        stream('users', {
          encoding: 'windows-1252',
          delimiter: ';',
          headerRow: 3,
          oneRoster: { version: '1.1', file: 'users', mode: 'bulk' },
          issues: [{ message: 'A row has 4 fields where the header has 6.', where: { file: 'users.csv', line: 18 } }],
        }),
        stream('orders', { recordPath: '$.data.orders' }),
        stream('plain'),
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: /^users/ }));
    const details = screen.getByTestId('stream-source-details');
    const facts = Array.from(details.querySelectorAll('dl > div')).map((d) => `${d.querySelector('dt')?.textContent}=${d.querySelector('dd')?.textContent}`);
    expect(facts).toEqual(['Encoding=windows-1252', 'Delimiter=semicolon (;)', 'Header=line 3', 'OneRoster=users · v1.1 · bulk']);
    expect(within(details).getByTestId('stream-issues').textContent).toBe('A row has 4 fields where the header has 6. (file users.csv, line 18)');

    fireEvent.click(screen.getByRole('button', { name: /^orders/ }));
    expect(screen.getByTestId('stream-source-details').textContent).toBe('Records at$.data.orders');

    // A stream without any of it shows nothing extra.
    fireEvent.click(screen.getByRole('button', { name: /^plain/ }));
    expect(screen.queryByTestId('stream-source-details')).toBeNull();
  });

  it('names invisible delimiters', () => {
    expect(delimiterName('\t')).toBe('tab');
    expect(delimiterName('|')).toBe('pipe (|)');
    expect(delimiterName('~')).toBe('“~”');
  });
});

describe('encryption of a tested connection', () => {
  it('marks an unencrypted link in the status line as well as in the warning', async () => {
    const fake = createFakeStudio({
      project: { ...DEMO_PROJECT },
      connections: [
        { ...folder, id: 'c9', name: 'MIS', kind: 'mysql', location: 'mysql://mis:••••@db/school', lastTest: { ok: true, at: new Date().toISOString(), message: 'Connected', encrypted: false } },
      ],
    });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <SourcesScreen />);
    expect(screen.getByTestId('unencrypted-c9').textContent).toBe(' Not encrypted');
    expect(screen.getByRole('note').textContent).toMatch(/^Unencrypted link: passwords and pupils' data cross the network readable/);
    // The advice is MariaDB's, not SQL Server's.
    expect(screen.getByRole('note').textContent).toContain('MySQL / MariaDB: require_secure_transport=ON');
    expect(screen.getByRole('note').textContent).not.toContain('encrypt=true');
  });
});

describe('discovering again', () => {
  it('keeps the table the user was looking at', async () => {
    await discoverWith({ discoveredAt: '2025-01-10T09:00:00.000Z', streams: [stream('classes'), stream('pupils'), stream('staff')] });
    fireEvent.click(screen.getByRole('button', { name: /^pupils/ }));
    expect(screen.getByRole('button', { name: /^pupils/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Discover again' }));
    await act(async () => undefined);
    expect(screen.getByRole('button', { name: /^pupils/ }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: /^classes/ }).getAttribute('aria-pressed')).toBe('false');
  });
});
