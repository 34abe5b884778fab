import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetScreen } from '../../src/renderer/src/features/target/TargetScreen';
import { createFakeStudio, DEMO_PROJECT, type FakeState } from './support/fake-studio';
import { targetCheck } from './support/fake-target';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const REMOTE: FakeState['target'] = {
  name: 'Academia Pro (live)',
  kind: 'remote',
  baseUrl: 'https://school.academiapro.example',
  apiVersion: 'v1',
  auth: 'oauth2',
  clientId: 'studio-42',
  hasSecret: false,
  schoolId: 'SCH-001',
};

async function openTarget(initial: Partial<FakeState> = {}) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, ...initial });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <TargetScreen />);
  await screen.findByTestId('target-form');
  return { fake, stores };
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const calls = (fake: ReturnType<typeof createFakeStudio>, method: string) => fake.calls.filter((c) => c.method === method);

describe('Target screen: the profile', () => {
  it('edits and saves the profile, switching the built-in sandbox for a remote service', async () => {
    const { fake } = await openTarget();
    // The built-in sandbox needs no address and makes its own credentials.
    expect(screen.queryByLabelText('Service address')).toBeNull();
    expect(screen.getByTestId('target-secret').textContent).toContain('Nothing to enter');
    const save = screen.getByRole('button', { name: 'Save profile' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(field('Profile name'), { target: { value: 'Academia Pro (live)' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Remote Academia Pro service' }));
    fireEvent.change(field('Service address'), { target: { value: ' https://school.academiapro.example ' } });
    fireEvent.change(field('Sign-in method'), { target: { value: 'jwt' } });
    fireEvent.change(field('Client id'), { target: { value: 'studio-42' } });
    fireEvent.change(field('API version'), { target: { value: 'v2' } });
    fireEvent.change(field('School id'), { target: { value: 'SCH-001' } });
    // The fake's sandbox profile had a secret: a new address and sign-in method forget it.
    expect(screen.getByTestId('forgets-secret').textContent).toContain('Saving forgets the stored secret');
    fireEvent.click(save);

    await waitFor(() => expect(calls(fake, 'targets.save')).toHaveLength(1));
    expect(calls(fake, 'targets.save')[0].params).toEqual({
      name: 'Academia Pro (live)',
      kind: 'remote',
      baseUrl: 'https://school.academiapro.example',
      apiVersion: 'v2',
      auth: 'jwt',
      clientId: 'studio-42',
      schoolId: 'SCH-001',
    });
    // The saved profile is the new starting point: nothing left to save, and the secret card follows it.
    await waitFor(() => expect((screen.getByRole('button', { name: 'Save profile' }) as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('target-secret-status').textContent).toContain('JWT signing secret: not set');
    expect(field('Service address').value).toBe('https://school.academiapro.example');
  });

  it('shows what is wrong beside each field once it is left, and saves nothing until it is fixed', async () => {
    const { fake } = await openTarget({ target: { ...REMOTE } });

    fireEvent.change(field('Profile name'), { target: { value: '   ' } });
    expect(screen.queryByText(/Give the profile a name/)).toBeNull();
    fireEvent.blur(field('Profile name'));
    expect(screen.getByText(/Give the profile a name/)).toBeTruthy();
    expect(field('Profile name').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(field('Service address'), { target: { value: 'school server' } });
    fireEvent.blur(field('Service address'));
    expect(screen.getByText(/This is not a web address/)).toBeTruthy();
    fireEvent.change(field('Service address'), { target: { value: 'https://school.academiapro.example/api/v1' } });
    expect(screen.getByText(/without \/api\/v1 or \/api\/v2/)).toBeTruthy();
    fireEvent.change(field('Service address'), { target: { value: 'ftp://school.example' } });
    expect(screen.getByText(/must start with https:\/\//)).toBeTruthy();
    fireEvent.change(field('Service address'), { target: { value: 'http://school.example' } });
    expect(screen.getByRole('note').textContent).toContain('Not encrypted');

    fireEvent.change(field('Client id'), { target: { value: '' } });
    fireEvent.change(field('School id'), { target: { value: 'SCH 001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText(/Enter the client id Academia Pro gave the school/)).toBeTruthy();
    expect(screen.getByText(/no spaces, slashes/)).toBeTruthy();
    // The first field with a problem gets the focus.
    expect(document.activeElement).toBe(field('Profile name'));
    expect(calls(fake, 'targets.save')).toHaveLength(0);

    // An API key needs no client id.
    fireEvent.change(field('Sign-in method'), { target: { value: 'api-key' } });
    expect(screen.queryByText(/Enter the client id/)).toBeNull();
    expect(screen.getByLabelText('Client id (optional)')).toBeTruthy();
  });
});

describe('Target screen: the secret', () => {
  it('takes a secret without ever showing it back, and forgets it after a confirm', async () => {
    const { fake } = await openTarget({ target: { ...REMOTE } });
    const card = screen.getByTestId('target-secret');
    expect(within(card).getByTestId('target-secret-status').textContent).toBe(' Client secret: not set');
    const box = within(card).getByLabelText('Client secret') as HTMLInputElement;
    expect(box.type).toBe('password');
    expect(box.value).toBe('');

    fireEvent.change(box, { target: { value: 'hunter2-very-secret' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(card).getByTestId('target-secret-status').textContent).toContain('set (kept in the encrypted vault)'));
    expect(calls(fake, 'targets.setSecret')[0].params).toEqual({ secret: 'hunter2-very-secret' });
    expect(fake.state.targetSecret).toBe('hunter2-very-secret');
    const replace = within(card).getByLabelText('Replace the client secret') as HTMLInputElement;
    expect(replace.value).toBe('');
    expect(document.body.innerHTML).not.toContain('hunter2');

    fireEvent.click(within(card).getByRole('button', { name: /Forget the client secret/ }));
    const confirm = within(card).getByRole('group', { name: 'Confirm forgetting the client secret' });
    expect(confirm.textContent).toContain('refused (401)');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Forget' }));
    await waitFor(() => expect(within(card).getByTestId('target-secret-status').textContent).toContain('not set'));
    expect(calls(fake, 'targets.forgetSecret')).toHaveLength(1);
    expect(fake.state.targetSecret).toBeNull();
  });
});

describe('Target screen: test connection and health history', () => {
  it('shows each stage with its latency, the API limits, and adds the test to the history once', async () => {
    const { fake } = await openTarget();
    expect(screen.getByText('No tests yet')).toBeTruthy();
    expect(screen.getByTestId('target-api-info').textContent).toContain('Test the connection');

    fireEvent.click(screen.getByTestId('target-test'));
    await screen.findByTestId('target-check-result');
    expect(screen.getByTestId('target-check-outcome').textContent).toBe('Connected');
    const health = screen.getByTestId('stage-health');
    expect(health.textContent).toContain('OK');
    expect(health.textContent).toContain('4 ms');
    expect(screen.getByTestId('stage-info').textContent).toContain('Academia Pro v1 (document 1.4.0), Production.');
    expect(screen.getByTestId('stage-auth').textContent).toContain('Accepted, with 2 scopes');
    expect(screen.getByTestId('stage-auth').textContent).toContain('9 ms');

    expect(screen.getByTestId('limit-per-minute').textContent).toBe('600requests a minute');
    expect(screen.getByTestId('limit-per-hour').textContent).toContain('20,000');
    expect(screen.getByTestId('limit-max-batch').textContent).toContain('500');

    // The engine announced the same check as an event too: one row, not two.
    const rows = within(screen.getByTestId('target-history')).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(fake.state.targetChecks).toHaveLength(1);
    expect(within(rows[1]).getByText('OK')).toBeTruthy();
    expect(within(rows[1]).getByText('You')).toBeTruthy();
  });

  it('says which stage failed and why, and that the later ones were not tried', async () => {
    const { fake } = await openTarget({ target: { ...REMOTE, hasSecret: true } });
    fake.state.targetFailure = 'health';
    fireEvent.click(screen.getByTestId('target-test'));
    await screen.findByTestId('target-check-result');
    expect(screen.getByTestId('target-check-outcome').textContent).toBe('Failed');
    expect(screen.getByTestId('stage-health').textContent).toContain('Failed');
    expect(screen.getByTestId('stage-health').textContent).toContain('did not answer (connection refused)');
    expect(screen.getByTestId('stage-info').textContent).toContain('Not tried: an earlier step failed.');
    expect(screen.getByTestId('stage-auth').textContent).toContain('Not tried');
    const error = screen.getByTestId('target-check-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Check the address and that the service is running');
    expect(error.textContent).toContain('TARGET_UNREACHABLE');

    // Refused credentials: health and info answered, the credentials stage failed.
    fake.state.targetFailure = 'auth';
    fireEvent.click(screen.getByTestId('target-test'));
    await waitFor(() => expect(screen.getByTestId('stage-auth').textContent).toContain('refused the credentials'));
    expect(screen.getByTestId('stage-health').textContent).toContain('OK');
    expect(within(screen.getByTestId('target-history')).getAllByText('Failed')).toHaveLength(2);
  });

  it('lists earlier tests newest first, with a run’s pre-flight and failures marked', async () => {
    await openTarget({
      targetChecks: [
        targetCheck(3, { trigger: 'run' }),
        targetCheck(2, { ok: false, health: null, info: null, auth: null, error: { code: 'TARGET_UNREACHABLE', message: 'Timed out after 10 s.', hint: 'Try again.' } }),
        targetCheck(1),
      ],
    });
    const history = screen.getByTestId('target-history');
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['history-3', 'history-2', 'history-1']);
    expect(within(rows[0]).getByText('A run')).toBeTruthy();
    expect(within(rows[1]).getByText('Timed out after 10 s.')).toBeTruthy();
    expect(history.textContent).toContain('1 failed');
    expect(screen.getByTestId('latency-sparkline').getAttribute('aria-label')).toBe('Health round trip over the last 3 tests: from 4 to 6 ms; 1 failed.');
    // The newest check drives the result panel.
    expect(screen.getByTestId('target-check-result').textContent).toContain('before a run');
  });
});

describe('Target screen: deprecation', () => {
  it('shows a deprecation notice when the test finds the API version deprecated', async () => {
    const { fake } = await openTarget();
    expect(screen.queryByTestId('deprecation-banner')).toBeNull();
    Object.assign(fake.state.sandbox.versions[0], { status: 'Deprecated', deprecatedAt: '2025-01-10T10:00:00.000Z', sunsetAt: '2099-06-30T00:00:00.000Z', successorVersion: 'v2' });

    fireEvent.click(screen.getByTestId('target-test'));
    const banner = await screen.findByTestId('deprecation-banner');
    expect(banner.getAttribute('role')).toBe('status');
    expect(within(banner).getByRole('heading').textContent).toBe('API version v1 is deprecated');
    expect(screen.getByTestId('deprecation-successor').textContent).toContain('Successor: v2');
    expect(screen.getByTestId('deprecation-sunset').textContent).toMatch(/Stops working .*2099/);
    expect(within(banner).getByRole('link').getAttribute('href')).toBe('http://127.0.0.1:4010/api/v2/openapi.json');
    expect(screen.getByTestId('stage-info').textContent).toContain('Warning');
  });

  it('raises an alert from a target.checked event when the sunset is near, and drops it when a later check is clean', async () => {
    const { fake } = await openTarget({ targetChecks: [targetCheck(1)] });
    const soon = new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString();
    act(() =>
      fake.emit(
        'target.checked',
        targetCheck(2, {
          at: new Date().toISOString(),
          trigger: 'run',
          deprecation: { apiVersion: 'v1', deprecatedAt: '2025-01-10T10:00:00.000Z', sunsetAt: soon, successorUrl: 'https://school.example/api/v2', docsUrl: null, message: 'v1 is going away; move to v2.' },
        }),
      ),
    );
    const banner = screen.getByTestId('deprecation-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('v1 is going away; move to v2.');
    expect(screen.getByTestId('deprecation-sunset').textContent).toContain('in 5 days');
    expect(screen.getByTestId('deprecation-successor').textContent).toContain('v2');

    act(() => fake.emit('target.checked', targetCheck(3, { at: new Date(Date.now() + 1000).toISOString() })));
    expect(screen.queryByTestId('deprecation-banner')).toBeNull();
  });
});
