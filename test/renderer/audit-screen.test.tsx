import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { AuditScreen } from '../../src/renderer/src/features/audit/AuditScreen';
import { AUDIT_PAGE_SIZE, KNOWN_AUDIT_ACTIONS } from '../../src/renderer/src/stores/audit-store';
import type { TransportStatus } from '../../src/renderer/src/transport/transport';
import type { AuditEntryInfo } from '../../src/shared/api/services';
import { auditEntry, createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

async function openAudit(audit: AuditEntryInfo[], auditBrokenAt: number | null = null) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, audit, auditBrokenAt });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <AuditScreen />);
  const table = await screen.findByTestId('audit-table');
  return { fake, stores, table };
}

/** The sequence numbers shown, top to bottom. */
const shownSeqs = (table: HTMLElement) => Array.from(table.querySelectorAll('tbody tr')).map((row) => Number(row.getAttribute('data-seq')));

const listCalls = (fake: ReturnType<typeof createFakeStudio>) => fake.calls.filter((c) => c.method === 'audit.list').map((c) => c.params);

const trail = (count: number) => Array.from({ length: count }, (_, i) => auditEntry(i + 1));

describe('audit screen', () => {
  it('is reached from the left navigation, after Settings (the eleventh screen: Alt+1…9 and 0 cover the first ten)', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, audit: [auditEntry(1, { action: 'project.create', object: 'project' })] });
    const transport = { status: (): TransportStatus => 'open', onStatus: () => () => undefined };
    render(<App stores={storesFor(fake)} transport={transport} />);

    const nav = screen.getByRole('navigation', { name: 'Screens' });
    const order = within(nav)
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(order.slice(-2)).toEqual(['nav-settings', 'nav-audit']);

    fireEvent.click(screen.getByTestId('nav-audit'));
    expect(window.location.hash).toBe('#/audit');
    expect(within(await screen.findByTestId('audit-table')).getByText('project.create')).toBeTruthy();

    expect(screen.getByTestId('nav-audit').getAttribute('title')).toBe('Audit');
    fireEvent.keyDown(window, { key: '0', altKey: true });
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-settings').getAttribute('title')).toBe('Settings (Alt+0)');
  });

  it('lists entries newest first with time, actor, action, object and the masked summary', async () => {
    const { table } = await openAudit([
      auditEntry(1, { action: 'project.create', object: 'project', summary: 'Created project "Demo school".', actor: 'it@office-pc' }),
      auditEntry(2, { action: 'connection.add', object: 'connection:c1', summary: 'Added mysql connection "MIS" at mysql://mis:••••••@db/school.' }),
      auditEntry(3, { action: 'connection.test', object: 'connection:c1', summary: 'Test failed: pupil ד••••• not found.', at: '2025-03-04T10:20:30.000Z' }),
    ]);

    expect(shownSeqs(table)).toEqual([3, 2, 1]);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['#', 'Time', 'Actor', 'Action', 'Object', 'Summary']);

    const newest = table.querySelector('tbody tr')!;
    expect(newest.querySelector('time')!.getAttribute('dateTime')).toBe('2025-03-04T10:20:30.000Z');
    const summary = within(newest as HTMLElement).getByText('Test failed: pupil ד••••• not found.');
    expect(summary.getAttribute('dir')).toBe('auto');
    expect(within(table).getByText('it@office-pc')).toBeTruthy();
    // The summary is shown as the engine masked it.
    expect(table.textContent).toContain('mysql://mis:••••••@db/school');
    expect(screen.getByText('All 3 entries shown.')).toBeTruthy();
  });

  it('filters by action (known and seen ones) and by the start of the object', async () => {
    const { fake, table } = await openAudit([
      auditEntry(1, { action: 'connection.add', object: 'connection:c1' }),
      auditEntry(2, { action: 'vault.set', object: 'connection:c1:password' }),
      auditEntry(3, { action: 'connection.add', object: 'connection:c2' }),
      auditEntry(4, { action: 'mapping.update', object: 'mapping:m1' }),
      auditEntry(5, { action: 'run.start', object: 'run:r1' }),
    ]);

    const select = screen.getByLabelText('Action') as HTMLSelectElement;
    const options = Array.from(select.options).map((o) => o.value);
    expect(options[0]).toBe('');
    for (const known of KNOWN_AUDIT_ACTIONS) expect(options).toContain(known);
    // An action the studio did not know about when this screen was written still shows up.
    expect(options).toContain('mapping.update');

    fireEvent.change(select, { target: { value: 'connection.add' } });
    await waitFor(() => expect(shownSeqs(table)).toEqual([3, 1]));
    expect(listCalls(fake).at(-1)).toEqual({ action: 'connection.add', limit: AUDIT_PAGE_SIZE + 1 });

    fireEvent.change(select, { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Object starts with'), { target: { value: 'connection:c1' } });
    fireEvent.submit(screen.getByRole('form', { name: 'Filter the audit trail' }));
    await waitFor(() => expect(shownSeqs(table)).toEqual([2, 1]));
    expect(listCalls(fake).at(-1)).toEqual({ object: 'connection:c1*', limit: AUDIT_PAGE_SIZE + 1 });

    fireEvent.change(select, { target: { value: 'run.start' } });
    expect(await screen.findByText('No entries match these filters')).toBeTruthy();
    expect(listCalls(fake).at(-1)).toEqual({ action: 'run.start', object: 'connection:c1*', limit: AUDIT_PAGE_SIZE + 1 });

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(shownSeqs(screen.getByTestId('audit-table'))).toEqual([5, 4, 3, 2, 1]));
    expect((screen.getByLabelText('Object starts with') as HTMLInputElement).value).toBe('');
  });

  it('pages back in time with Load more until the first entry', async () => {
    const total = AUDIT_PAGE_SIZE * 2 + 50;
    const { fake, table } = await openAudit(trail(total));

    expect(shownSeqs(table)).toHaveLength(AUDIT_PAGE_SIZE);
    expect(shownSeqs(table)[0]).toBe(total);
    expect(screen.getByText(`Showing the newest ${AUDIT_PAGE_SIZE} entries.`)).toBeTruthy();

    fireEvent.click(screen.getByTestId('audit-load-more'));
    await waitFor(() => expect(shownSeqs(table)).toHaveLength(AUDIT_PAGE_SIZE * 2));
    expect(listCalls(fake).at(-1)).toEqual({ limit: AUDIT_PAGE_SIZE + 1, beforeSeq: total - AUDIT_PAGE_SIZE + 1 });

    fireEvent.click(screen.getByTestId('audit-load-more'));
    await waitFor(() => expect(shownSeqs(table)).toHaveLength(total));
    const seqs = shownSeqs(table);
    // Every entry exactly once, newest first.
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => total - i));
    expect(screen.queryByTestId('audit-load-more')).toBeNull();
    expect(screen.getByText('All 250 entries shown.')).toBeTruthy();
  });

  it('says every entry is intact when the chain verifies', async () => {
    const { fake } = await openAudit(trail(12));
    fireEvent.click(screen.getByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(fake.calls.some((c) => c.method === 'audit.verify')).toBe(true);
    expect(result.getAttribute('role')).toBe('status');
    expect(result.textContent).toContain('All 12 entries are intact');
    expect(result.className).not.toContain('error');
  });

  it('names the first broken entry in an error and marks its row when the chain does not verify', async () => {
    const { table } = await openAudit(trail(12), 7);
    fireEvent.click(screen.getByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(result.getAttribute('role')).toBe('alert');
    expect(result.className).toContain('error-box');
    expect(result.textContent).toContain('Entry #7 was changed or removed — the audit trail has been tampered with');
    expect(result.textContent).toContain('Entries #1 to #6 still check out.');
    expect(table.querySelector('tr[data-seq="7"]')!.className).toContain('is-mismatch');
    expect(table.querySelectorAll('tr.is-mismatch')).toHaveLength(1);
  });

  it('shows a password entered on the Sources screen as a vault entry, without the password', async () => {
    const fake = createFakeStudio({
      project: { ...DEMO_PROJECT },
      connections: [{ id: 'c1', name: 'MIS', kind: 'mysql', location: 'mysql://mis@db/school', config: {}, hasSecret: false, secretStatus: 'missing', createdAt: '2025-01-01T00:00:00Z' }],
    });
    const transport = { status: (): TransportStatus => 'open', onStatus: () => () => undefined };
    window.location.hash = '#/sources';
    render(<App stores={storesFor(fake)} transport={transport} />);

    fireEvent.click(await screen.findByRole('button', { name: 'Enter the password of MIS' }));
    fireEvent.change(screen.getByLabelText('Password for MIS'), { target: { value: 'pa55-w0rd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save password' }));
    await screen.findByText('Password: set (kept in the encrypted vault)');

    fireEvent.click(screen.getByTestId('nav-audit'));
    const table = await screen.findByTestId('audit-table');
    expect(within(table).getByText('vault.set')).toBeTruthy();
    expect(within(table).getByText('connection:c1:password')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain('pa55-w0rd');
  });
});
