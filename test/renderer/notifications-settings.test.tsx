import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsScreen } from '../../src/renderer/src/features/settings/SettingsScreen';
import type { WebhookDeliveryInfo, WebhookEndpointInfo } from '../../src/shared/model/notify';
import { createFakeStudio, DEMO_PROJECT, type FakeState } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const endpoint: WebhookEndpointInfo = {
  id: 'wh-ops',
  name: 'Ops channel',
  url: 'https://hooks.example.org/ops',
  method: 'POST',
  contentType: 'json',
  events: ['run.failed'],
  retry: { count: 3, intervalsSeconds: [30, 120, 600] },
  timeoutMs: 10_000,
  enabled: true,
  secretStatus: 'set',
  createdAt: '2025-01-10T09:00:00.000Z',
  updatedAt: '2025-01-10T09:00:00.000Z',
};

const failedDelivery: WebhookDeliveryInfo = {
  id: 'd-failed',
  endpointId: 'wh-ops',
  event: 'run.failed',
  subject: 'run-7',
  status: 'failed',
  attempts: 4,
  nextAttemptAt: null,
  createdAt: '2025-01-10T09:10:00.000Z',
  completedAt: '2025-01-10T09:25:00.000Z',
  redeliveryOf: null,
  lastError: 'HTTP 503 Service Unavailable',
  attemptLog: [],
};

async function openSettings(initial: Partial<FakeState> = {}) {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, ...initial });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SettingsScreen />);
  await screen.findByTestId('webhook-endpoints');
  return { fake, stores };
}

describe('settings: webhook endpoints', () => {
  it('adds an endpoint with the chosen events and retry policy, and shows its made secret only once', async () => {
    const { fake } = await openSettings();
    expect(screen.getByText('No webhook endpoints yet')).toBeTruthy();
    fireEvent.click(screen.getByTestId('webhook-add'));
    const dialog = await screen.findByTestId('webhook-dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Head office' } });
    fireEvent.change(within(dialog).getByLabelText('URL'), { target: { value: 'ftp://files.example.org' } });
    // Nothing chosen and a non-web address: said in the form, not sent.
    fireEvent.click(screen.getByTestId('webhook-save'));
    expect(within(dialog).getByText('Enter an address starting with http:// or https://.')).toBeTruthy();
    expect(within(dialog).getByText('Choose at least one event.')).toBeTruthy();
    expect(fake.calls.some((c) => c.method === 'notifications.createEndpoint')).toBe(false);

    fireEvent.change(within(dialog).getByLabelText('URL'), { target: { value: 'https://hooks.example.org/academia' } });
    fireEvent.change(within(dialog).getByLabelText('Method'), { target: { value: 'PUT' } });
    fireEvent.change(within(dialog).getByLabelText('Content type'), { target: { value: 'xml' } });
    fireEvent.click(within(dialog).getByLabelText('Sync failed'));
    fireEvent.click(within(dialog).getByLabelText('Run failed'));
    fireEvent.change(within(dialog).getByLabelText('Retries after a failure'), { target: { value: '2' } });
    fireEvent.change(within(dialog).getByLabelText('Wait before each retry (seconds, comma-separated)'), { target: { value: '10, 60' } });
    fireEvent.click(screen.getByTestId('webhook-save'));

    const secretDialog = await screen.findByTestId('webhook-secret-dialog');
    const create = fake.calls.find((c) => c.method === 'notifications.createEndpoint')!.params;
    // Events in the studio's order, whatever order they were ticked in; no secret sent: the studio makes one.
    expect(create).toEqual({
      name: 'Head office',
      url: 'https://hooks.example.org/academia',
      method: 'PUT',
      contentType: 'xml',
      events: ['run.failed', 'sync.failed'],
      retry: { count: 2, intervalsSeconds: [10, 60] },
      enabled: true,
    });
    const made = fake.state.webhookSecrets[fake.state.webhookEndpoints[0].id];
    expect((within(secretDialog).getByTestId('webhook-secret') as HTMLInputElement).value).toBe(made);
    expect(secretDialog.textContent).toContain('Select the secret and copy it');
    expect(screen.queryByTestId('webhook-dialog')).toBeNull();

    fireEvent.click(screen.getByTestId('webhook-secret-done'));
    expect(screen.queryByTestId('webhook-secret-dialog')).toBeNull();
    const row = screen.getByTestId(`webhook-${fake.state.webhookEndpoints[0].id}`);
    expect(row.textContent).toContain('Head office');
    expect(row.textContent).toContain('PUT https://hooks.example.org/academia');
    expect(row.textContent).toContain('Run failed, Sync failed');
    expect(row.textContent).toContain('Never');
    // Once: nowhere in the page any more.
    expect(document.body.innerHTML).not.toContain(made);
  });

  it("shows the engine's WEBHOOK_URL_INVALID as a toast and keeps the form open", async () => {
    const { fake, stores } = await openSettings();
    fireEvent.click(screen.getByTestId('webhook-add'));
    const dialog = await screen.findByTestId('webhook-dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Bad' } });
    // Passes the form's quick look, refused by the engine (credentials in the address).
    fireEvent.change(within(dialog).getByLabelText('URL'), { target: { value: 'https://user:pw@hooks.example.org' } });
    fireEvent.click(within(dialog).getByLabelText('Alert fired'));
    fireEvent.click(screen.getByTestId('webhook-save'));
    await waitFor(() => expect(stores.toasts.getState().toasts.map((t) => t.error.code)).toEqual(['WEBHOOK_URL_INVALID']));
    expect(screen.getByTestId('webhook-dialog')).toBeTruthy();
    expect(fake.state.webhookEndpoints).toEqual([]);
  });

  it('edits an endpoint: the form starts from it and the whole endpoint is sent back', async () => {
    const { fake } = await openSettings({ webhookEndpoints: [structuredClone(endpoint)], webhookSecrets: { 'wh-ops': 'whsec_0123456789abcdef' } });
    fireEvent.click(screen.getByTestId('webhook-edit-wh-ops'));
    const dialog = await screen.findByTestId('webhook-dialog');
    expect((within(dialog).getByLabelText('URL') as HTMLInputElement).value).toBe('https://hooks.example.org/ops');
    expect((within(dialog).getByLabelText('Run failed') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByLabelText('Enabled'));
    fireEvent.click(screen.getByTestId('webhook-save'));
    await waitFor(() => expect(screen.queryByTestId('webhook-dialog')).toBeNull());
    expect(fake.calls.find((c) => c.method === 'notifications.updateEndpoint')!.params).toEqual({
      id: 'wh-ops',
      name: 'Ops channel',
      url: 'https://hooks.example.org/ops',
      method: 'POST',
      contentType: 'json',
      events: ['run.failed'],
      retry: { count: 3, intervalsSeconds: [30, 120, 600] },
      enabled: false,
    });
    // The secret is neither shown nor replaced by an edit.
    expect(screen.queryByTestId('webhook-secret-dialog')).toBeNull();
    expect(fake.state.webhookSecrets['wh-ops']).toBe('whsec_0123456789abcdef');
    expect(screen.getByTestId('webhook-wh-ops').textContent).toContain('No');
  });

  it('sends a test, removes an endpoint after confirmation', async () => {
    const { fake } = await openSettings({ webhookEndpoints: [structuredClone(endpoint)], webhookSecrets: { 'wh-ops': 'whsec_0123456789abcdef' } });
    fireEvent.click(screen.getByTestId('webhook-test-wh-ops'));
    expect((await screen.findByTestId('webhook-test-result')).textContent).toBe('Test sent to Ops channel: delivered (HTTP 200) in 9 ms.');
    expect(fake.calls.find((c) => c.method === 'notifications.testSend')!.params).toEqual({ endpointId: 'wh-ops' });
    await waitFor(() => expect(screen.getByTestId('webhook-last-wh-ops').textContent).toContain('Delivered'));

    fireEvent.click(screen.getByTestId('webhook-remove-wh-ops'));
    const confirm = await screen.findByTestId('webhook-remove-dialog');
    expect(confirm.textContent).toContain('https://hooks.example.org/ops');
    expect(fake.calls.some((c) => c.method === 'notifications.removeEndpoint')).toBe(false);
    fireEvent.click(within(confirm).getByTestId('webhook-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('webhook-wh-ops')).toBeNull());
    expect(fake.state.webhookEndpoints).toEqual([]);
  });
});

describe('settings: webhook deliveries', () => {
  it("lists the selected endpoint's deliveries with status, attempts and last error, and redelivers one", async () => {
    const other: WebhookEndpointInfo = { ...endpoint, id: 'wh-other', name: 'Other' };
    const otherDelivery: WebhookDeliveryInfo = { ...failedDelivery, id: 'd-other', endpointId: 'wh-other', lastError: 'timed out' };
    const { fake } = await openSettings({ webhookEndpoints: [structuredClone(endpoint), other], webhookDeliveries: [structuredClone(failedDelivery), otherDelivery] });
    const card = screen.getByTestId('webhook-deliveries');
    await waitFor(() => expect(within(card).getByTestId('delivery-d-failed')).toBeTruthy());
    expect(within(card).queryByTestId('delivery-d-other')).toBeNull();
    const row = within(card).getByTestId('delivery-d-failed');
    expect(row.textContent).toContain('Run failed');
    expect(row.textContent).toContain('Failed');
    expect(row.textContent).toContain('4');
    expect(row.textContent).toContain('HTTP 503 Service Unavailable');
    expect(fake.calls.find((c) => c.method === 'notifications.listDeliveries' && (c.params as { endpointId?: string }).endpointId)!.params).toEqual({ endpointId: 'wh-ops', limit: 50 });

    fireEvent.click(within(card).getByTestId('redeliver-d-failed'));
    await waitFor(() => expect(within(card).getAllByRole('row')).toHaveLength(3));
    expect(fake.calls.find((c) => c.method === 'notifications.redeliver')!.params).toEqual({ deliveryId: 'd-failed' });
    const again = fake.state.webhookDeliveries.find((d) => d.redeliveryOf === 'd-failed')!;
    expect(within(card).getByTestId(`delivery-status-${again.id}`).textContent).toBe('Delivered · Again of d-failed');

    // Another endpoint: its own log.
    fireEvent.change(within(card).getByTestId('deliveries-endpoint'), { target: { value: 'wh-other' } });
    await waitFor(() => expect(within(card).getByTestId('delivery-d-other')).toBeTruthy());
    expect(within(card).queryByTestId('delivery-d-failed')).toBeNull();
  });
});

describe('settings: SMTP', () => {
  it('saves the settings, then the password through the secret box, and sends a test email', async () => {
    const { fake } = await openSettings();
    const card = screen.getByTestId('smtp-card');
    expect((within(card).getByTestId('smtp-test') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(card).getByTestId('smtp-save'));
    expect(within(card).getByRole('alert').textContent).toContain('Enter a host');
    expect(fake.calls.some((c) => c.method === 'notifications.setSmtpSettings')).toBe(false);

    fireEvent.change(within(card).getByLabelText('Host'), { target: { value: 'smtp.school.example' } });
    fireEvent.change(within(card).getByLabelText('Port'), { target: { value: '465' } });
    fireEvent.change(within(card).getByLabelText('TLS'), { target: { value: 'tls' } });
    fireEvent.change(within(card).getByLabelText('User (empty: no sign-in)'), { target: { value: 'alerts' } });
    fireEvent.change(within(card).getByLabelText('From'), { target: { value: 'studio@school.example' } });
    fireEvent.change(within(card).getByLabelText('Send alerts to (comma-separated)'), { target: { value: 'it@school.example, head@school.example' } });
    fireEvent.click(within(card).getByTestId('smtp-save'));
    await waitFor(() => expect(fake.state.smtp).not.toBeNull());
    const saved = { host: 'smtp.school.example', port: 465, tls: 'tls', user: 'alerts', from: 'studio@school.example', to: ['it@school.example', 'head@school.example'], allowSelfSigned: false };
    expect(fake.calls.find((c) => c.method === 'notifications.setSmtpSettings')!.params).toEqual(saved);
    expect(card.textContent).toContain('No password is stored');

    const password = within(card).getByLabelText('Password') as HTMLInputElement;
    fireEvent.change(password, { target: { value: 'hunter2-smtp' } });
    fireEvent.submit(within(card).getByRole('form', { name: 'SMTP password' }));
    await waitFor(() => expect(fake.state.smtpPassword).toBe('hunter2-smtp'));
    expect(fake.calls.filter((c) => c.method === 'notifications.setSmtpSettings')[1].params).toEqual({ ...saved, password: 'hunter2-smtp' });
    expect(password.value).toBe('');
    await waitFor(() => expect(card.textContent).toContain('A password is stored in the vault'));

    fireEvent.click(within(card).getByTestId('smtp-test'));
    expect((await within(card).findByTestId('smtp-test-result')).textContent).toBe('Test email accepted for it@school.example, head@school.example in 21 ms.');
    expect(fake.calls.find((c) => c.method === 'notifications.testSmtp')!.params).toEqual({});
  });

  it('shows saved settings when opened', async () => {
    await openSettings({ smtp: { host: 'relay.local', port: 25, tls: 'none', user: null, from: 'studio@school.example', to: ['it@school.example'], allowSelfSigned: true }, smtpPassword: null });
    const card = screen.getByTestId('smtp-card');
    expect((within(card).getByLabelText('Host') as HTMLInputElement).value).toBe('relay.local');
    expect((within(card).getByLabelText('TLS') as HTMLSelectElement).value).toBe('none');
    expect((within(card).getByLabelText('Accept a self-signed certificate') as HTMLInputElement).checked).toBe(true);
    expect((within(card).getByTestId('smtp-test') as HTMLButtonElement).disabled).toBe(false);
  });
});
