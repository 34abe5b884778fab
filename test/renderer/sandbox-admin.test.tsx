import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetScreen } from '../../src/renderer/src/features/target/TargetScreen';
import { fromLocalInput, toLocalInput } from '../../src/renderer/src/features/sandbox-admin/admin-form-model';
import { createFakeStudio, DEMO_PROJECT, type FakeState } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

async function openAdmin(initial: Partial<FakeState> = {}) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, ...initial });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <TargetScreen />);
  await screen.findByTestId('target-form');
  // Not asked before the page is shown: for the built-in sandbox, asking starts it.
  expect(fake.calls.some((c) => c.method === 'sandboxAdmin.overview')).toBe(false);
  fireEvent.click(screen.getByTestId('target-tab-admin'));
  return { fake, stores };
}

const paramsOf = (fake: ReturnType<typeof createFakeStudio>, method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.params);
const openSection = (name: string) => fireEvent.click(screen.getByTestId(`admin-tab-${name}`));

describe('Sandbox admin: what the sandbox serves', () => {
  it('shows the versions with their status and breaking changes, and the sandbox facts', async () => {
    await openAdmin();
    const admin = await screen.findByTestId('sandbox-admin');
    expect(admin.textContent).toContain('http://127.0.0.1:4010');
    const versions = screen.getByTestId('admin-versions');
    expect(within(screen.getByTestId('version-v1')).getByText('Production')).toBeTruthy();
    expect(within(screen.getByTestId('version-v2')).getByText('Testing')).toBeTruthy();
    expect(within(versions).getByText('2 changes')).toBeTruthy();
    expect(versions.textContent).toContain('students.preferredName is now knownAs.');
    expect(screen.getByTestId('admin-tab-endpoints').textContent).toBe('Endpoints 8');
  });

  it('filters the endpoints by words, method and version', async () => {
    await openAdmin();
    await screen.findByTestId('sandbox-admin');
    openSection('endpoints');
    const table = screen.getByTestId('admin-endpoints');
    expect(within(table).getAllByRole('row')).toHaveLength(9);
    expect(within(table).getAllByText('none (public)')).toHaveLength(3);
    expect(screen.getByTestId('endpoint-count').textContent).toBe('8 endpoints');

    fireEvent.change(screen.getByLabelText('Filter endpoints'), { target: { value: 'students WRITE' } });
    expect(screen.getByTestId('endpoint-count').textContent).toBe('2 of 8 endpoints');
    fireEvent.change(screen.getByLabelText('API version'), { target: { value: 'v2' } });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(table.textContent).toContain('/api/v2/schools/{schoolId}/students/batch');

    fireEvent.change(screen.getByLabelText('Filter endpoints'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('API version'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'GET' } });
    expect(screen.getByTestId('endpoint-count').textContent).toBe('4 of 8 endpoints');
    fireEvent.change(screen.getByLabelText('Filter endpoints'), { target: { value: 'nothing-like-this' } });
    expect(screen.getByText('No endpoint matches this filter.')).toBeTruthy();
  });

  it('shows per-endpoint monitoring, busiest first, and refreshes it', async () => {
    const { fake } = await openAdmin();
    await screen.findByTestId('sandbox-admin');
    openSection('monitoring');
    const monitoring = screen.getByTestId('admin-monitoring');
    expect(within(monitoring).getByRole('list', { name: 'Totals' }).textContent).toContain('1,243calls');
    const rows = within(monitoring).getAllByRole('row').slice(1);
    expect(rows[0].getAttribute('data-testid')).toBe('monitor-students-batch');
    expect(rows[0].textContent).toContain('1,201');
    expect(rows[0].textContent).toContain('7 (4 / 3)');
    expect(rows[0].textContent).toContain('180 ms');

    fake.state.sandbox.monitoring!.endpoints[1].calls = 5_000;
    fireEvent.click(screen.getByTestId('sandbox-refresh'));
    await waitFor(() => expect(within(screen.getByTestId('admin-monitoring')).getAllByRole('row')[1].getAttribute('data-testid')).toBe('monitor-health'));
    expect(paramsOf(fake, 'sandboxAdmin.overview')).toHaveLength(2);
  });
});

describe('Sandbox admin: changes, each said in words first', () => {
  it('makes v2 Production after explaining that it deprecates v1', async () => {
    const { fake } = await openAdmin();
    await screen.findByTestId('sandbox-admin');
    const row = screen.getByTestId('version-v2');
    fireEvent.change(within(row).getByLabelText('New status of v2'), { target: { value: 'Production' } });
    fireEvent.change(within(row).getByLabelText('Sunset date (optional)'), { target: { value: '2099-06-30' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Change…' }));
    const consequence = screen.getByTestId('version-consequence-v2').textContent!;
    expect(consequence).toContain('Making v2 Production deprecates v1');
    expect(consequence).toContain('Deprecation and Sunset headers');
    expect(paramsOf(fake, 'sandboxAdmin.setVersionStatus')).toHaveLength(0);

    fireEvent.click(within(row).getByRole('button', { name: 'Make it Production' }));
    await waitFor(() => expect(within(screen.getByTestId('version-v1')).getByText('Deprecated')).toBeTruthy());
    expect(paramsOf(fake, 'sandboxAdmin.setVersionStatus')).toEqual([{ version: 'v2', status: 'Production', sunsetAt: new Date('2099-06-30T00:00').toISOString() }]);
    expect(within(screen.getByTestId('version-v2')).getByText('Production')).toBeTruthy();
    expect(screen.getByTestId('version-v1').textContent).toContain('Successor v2');
  });

  it('revokes an API client only after a confirm that says what stops working', async () => {
    const { fake } = await openAdmin();
    await screen.findByTestId('sandbox-admin');
    openSection('clients');
    const studio = screen.getByTestId('client-studio');
    expect(within(studio).getByText('All scopes')).toBeTruthy();
    expect(within(studio).getByText('1 token')).toBeTruthy();
    expect(within(screen.getByTestId('client-timetable-sync')).getByText('timetable-periods:read')).toBeTruthy();
    expect(within(screen.getByTestId('client-old-integration')).getByText(/Revoked/)).toBeTruthy();
    expect(within(screen.getByTestId('client-old-integration')).queryByRole('button')).toBeNull();

    fireEvent.click(within(studio).getByRole('button', { name: 'Revoke studio' }));
    const confirm = within(studio).getByRole('group', { name: 'Confirm revoking studio' });
    expect(confirm.textContent).toContain('Its 1 active token stops working at once');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(paramsOf(fake, 'sandboxAdmin.revokeClient')).toHaveLength(0);

    fireEvent.click(within(studio).getByRole('button', { name: 'Revoke studio' }));
    fireEvent.click(within(screen.getByTestId('client-studio')).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(within(screen.getByTestId('client-studio')).getByText(/Revoked/)).toBeTruthy());
    expect(paramsOf(fake, 'sandboxAdmin.revokeClient')).toEqual([{ clientId: 'studio' }]);
  });

  it('changes a throttle rule, refusing limits that make no sense', async () => {
    const { fake } = await openAdmin();
    await screen.findByTestId('sandbox-admin');
    openSection('throttling');
    const rules = screen.getByTestId('admin-rules');
    // The default rule comes first.
    expect(within(rules).getAllByRole('listitem')[0].getAttribute('data-testid')).toBe('rule-default');
    const rule = screen.getByTestId('rule-default');
    const save = within(rule).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(within(rule).getByLabelText('Per minute'), { target: { value: '50000' } });
    expect(rule.textContent).toContain('The hourly limit is below the per-minute one');
    expect(save.disabled).toBe(true);
    fireEvent.change(within(rule).getByLabelText('Per minute'), { target: { value: '1.5' } });
    expect(rule.textContent).toContain('whole number from 1 to 1,000,000');

    fireEvent.change(within(rule).getByLabelText('Per minute'), { target: { value: '1200' } });
    fireEvent.change(within(rule).getByLabelText('Per hour'), { target: { value: '40000' } });
    fireEvent.click(save);
    await waitFor(() => expect(paramsOf(fake, 'sandboxAdmin.updateThrottleRule')).toEqual([{ id: 'default', perMinute: 1200, perHour: 40000 }]));
    await waitFor(() => expect(save.disabled).toBe(true));
    expect(fake.state.sandbox.throttleRules.find((r) => r.id === 'default')?.perMinute).toBe(1200);
  });

  it('creates a throttle exception for a migration window, then removes it after a confirm', async () => {
    const { fake } = await openAdmin();
    await screen.findByTestId('sandbox-admin');
    openSection('throttling');
    expect(screen.getByText(/No exceptions/)).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Add a throttle exception' });
    // Starts from twice the default rule's limits, for four hours from now.
    expect((within(form).getByLabelText('Per minute') as HTMLInputElement).value).toBe('1200');
    const starts = Date.now() + 3_600_000;
    fireEvent.change(within(form).getByLabelText('Client'), { target: { value: 'timetable-sync' } });
    fireEvent.change(within(form).getByLabelText('Per minute'), { target: { value: '3000' } });
    fireEvent.change(within(form).getByLabelText('Per hour'), { target: { value: '100000' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: toLocalInput(starts) } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: toLocalInput(starts - 3_600_000) } });
    fireEvent.change(within(form).getByLabelText('Reason (optional)'), { target: { value: 'Migration weekend' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add exception' }));
    expect(within(form).getByText('The window must end after it starts.')).toBeTruthy();
    expect(paramsOf(fake, 'sandboxAdmin.createThrottleException')).toHaveLength(0);

    const ends = starts + 48 * 3_600_000;
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: toLocalInput(ends) } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add exception' }));
    const table = await screen.findByTestId('admin-exceptions');
    expect(paramsOf(fake, 'sandboxAdmin.createThrottleException')).toEqual([
      { clientId: 'timetable-sync', perMinute: 3000, perHour: 100000, startsAt: fromLocalInput(toLocalInput(starts)), endsAt: fromLocalInput(toLocalInput(ends)), reason: 'Migration weekend' },
    ]);
    const row = within(table).getByTestId('exception-exc_1');
    expect(row.textContent).toContain('timetable-sync');
    expect(row.textContent).toContain('3,000');
    expect(row.textContent).toContain('Migration weekend');
    expect(screen.getByTestId('admin-tab-throttling').textContent).toBe('Throttling 3');

    fireEvent.click(within(row).getByRole('button', { name: 'Remove the exception for timetable-sync' }));
    fireEvent.click(within(row).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByTestId('admin-exceptions')).toBeNull());
    expect(paramsOf(fake, 'sandboxAdmin.deleteThrottleException')).toEqual([{ id: 'exc_1' }]);
  });
});

describe('Sandbox admin: when there is none', () => {
  it('says why for a remote target and takes the admin token of a standalone sandbox', async () => {
    const { fake } = await openAdmin({
      target: { name: 'Rehearsal server', kind: 'remote', baseUrl: 'http://10.1.1.5:4010', apiVersion: 'v1', auth: 'oauth2', clientId: 'studio', hasSecret: true, schoolId: 'SCH-1' },
    });
    const reason = await screen.findByTestId('sandbox-unavailable-reason');
    expect(reason.textContent).toContain('"Rehearsal server" is a remote service');
    const box = screen.getByLabelText('Admin token') as HTMLInputElement;
    expect(box.type).toBe('password');
    fireEvent.change(box, { target: { value: 'adm_s3cr3t-token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save token' }));

    await screen.findByTestId('sandbox-admin');
    expect(paramsOf(fake, 'sandboxAdmin.setAdminToken')).toEqual([{ token: 'adm_s3cr3t-token' }]);
    expect(document.body.innerHTML).not.toContain('adm_s3cr3t');
  });

  it('gives the reason without a token box when the built-in sandbox cannot be administered', async () => {
    const fake = createFakeStudio();
    fake.state.sandbox = { ...fake.state.sandbox, available: false, reason: 'The built-in sandbox could not start: port 4010 is in use.' };
    const { fake: opened } = await openAdmin({ sandbox: fake.state.sandbox });
    expect((await screen.findByTestId('sandbox-unavailable-reason')).textContent).toBe('The built-in sandbox could not start: port 4010 is in use.');
    expect(screen.queryByLabelText('Admin token')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(paramsOf(opened, 'sandboxAdmin.overview')).toHaveLength(2));
  });
});

describe('Sandbox admin: following the target', () => {
  it('looks again when the target becomes another service, but not when only its name changes', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    const stores = storesFor(fake);
    await stores.refreshAll();
    await stores.sandboxAdmin.getState().load();
    expect(stores.sandboxAdmin.getState().overview?.available).toBe(true);
    const { hasSecret: _hasSecret, ...input } = stores.target.getState().profile!;

    await stores.target.getState().save({ ...input, name: 'Rehearsal' });
    expect(paramsOf(fake, 'sandboxAdmin.overview')).toHaveLength(1);

    await stores.target.getState().save({ name: 'Live', kind: 'remote', baseUrl: 'https://school.academiapro.example', apiVersion: 'v1', auth: 'oauth2', clientId: 'studio', schoolId: 'SCH-1' });
    await waitFor(() => expect(stores.sandboxAdmin.getState().overview?.available).toBe(false));
    expect(stores.sandboxAdmin.getState().overview?.reason).toContain('"Live" is a remote service');
    stores.dispose();
  });
});
