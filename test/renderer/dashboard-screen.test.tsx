import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { DashboardScreen } from '../../src/renderer/src/features/dashboard/DashboardScreen';
import type { TransportStatus } from '../../src/renderer/src/transport/transport';
import type { Alert, IntegrationView, MetricsAnswer } from '../../src/shared/api/contracts/monitoring';
import { createFakeStudio, DEMO_PROJECT, metricPoint } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

const HOURS = ['2026-05-04T07:00:00.000Z', '2026-05-04T08:00:00.000Z', '2026-05-04T09:00:00.000Z'];

/** Metrics as the engine answers them: all entities, or students only (fewer calls, slower). */
function metrics(query: { period: MetricsAnswer['period']; entity?: string }): MetricsAnswer {
  const students = query.entity === 'students';
  const points = HOURS.map((start, i) => metricPoint(start, { calls: students ? 10 * (i + 1) : 100 * (i + 1), successRate: 0.9, p50Ms: 40, p95Ms: students ? 2400 : 180, p99Ms: 300, uptime: 1, coverage: 0.5 }));
  const total = metricPoint(HOURS[0], { calls: students ? 60 : 600, successRate: 0.9, p95Ms: students ? 2400 : 180, uptime: 1, coverage: 0.5, records: 1234, runs: 2, runsFailed: 1 });
  return { period: query.period, from: HOURS[0], to: '2026-05-04T10:00:00.000Z', integration: null, entity: query.entity ?? null, points, total };
}

const INTEGRATIONS: IntegrationView[] = [
  { id: 'target', name: 'Embedded sandbox', kind: 'target', status: 'Testing', lastSync: '2026-05-04T09:30:00.000Z', nextSync: null, errorCount: 60, successRate: 0.9, p95Ms: 180, uptime: 1, lastCheck: { at: '2026-05-04T09:55:00.000Z', ok: true, trigger: 'schedule', message: null } },
  { id: 'source:c1', name: 'Legacy MIS', kind: 'source', status: 'Error', lastSync: null, nextSync: null, errorCount: 2, successRate: 0.5, p95Ms: null, uptime: 0.5, lastCheck: { at: '2026-05-04T09:55:00.000Z', ok: false, trigger: 'schedule', message: 'The file is gone.' } },
];

const firing: Alert = {
  id: '7',
  rule: 'error-rate',
  ruleKind: 'error-rate',
  subject: 'target',
  severity: 'warning',
  state: 'firing',
  message: 'Error rate 10 % of 120 calls to target over the last 15 minutes (threshold 5 %).',
  value: 0.1,
  firedAt: '2026-05-04T09:45:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  resolvedBy: null,
  escalationLevel: 1,
};

async function openDashboard() {
  const fake = createFakeStudio({
    project: { ...DEMO_PROJECT },
    metrics,
    integrations: INTEGRATIONS,
    mappings: [{ entity: 'students' }, { entity: 'guardians' }] as never,
  });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <DashboardScreen />);
  await screen.findByTestId('chart-traffic');
  return { fake, stores };
}

/** The figures a chart shows, row by row, from its table (the same numbers the canvas draws). */
const chartRows = (testId: string) =>
  Array.from(screen.getByTestId(testId).querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent));

describe('dashboard screen', () => {
  it('sits after Runs and Syncs in the navigation, with Alt+9', () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, metrics, integrations: INTEGRATIONS });
    const transport = { status: (): TransportStatus => 'open', onStatus: () => () => undefined };
    render(<App stores={storesFor(fake)} transport={transport} />);
    const nav = screen.getByRole('navigation', { name: 'Screens' });
    const order = within(nav)
      .getAllByRole('button')
      .map((b) => b.getAttribute('data-testid'));
    expect(order.slice(6, 10)).toEqual(['nav-runs', 'nav-syncs', 'nav-dashboard', 'nav-settings']);
    fireEvent.keyDown(window, { key: '9', altKey: true });
    expect(screen.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
    expect(window.location.hash).toBe('#/dashboard');
  });

  it('charts calls, errors, response time and uptime per period, with gauges and the integrations', async () => {
    await openDashboard();
    expect(chartRows('chart-traffic')).toEqual([
      ['100', '10'],
      ['200', '20'],
      ['300', '30'],
    ]);
    expect(chartRows('chart-latency')[0]).toEqual(['40 ms', '180 ms', '300 ms']);
    expect(within(screen.getByTestId('gauge-success')).getByText('90%')).toBeTruthy();
    expect(screen.getByTestId('gauge-uptime').textContent).toContain('50% of the time known');
    expect(screen.getByTestId('stat-records').textContent).toContain('1,234');
    const target = screen.getByTestId('integration-target');
    expect(target.textContent).toContain('Embedded sandbox');
    expect(target.textContent).toContain('Testing');
    expect(screen.getByTestId('integration-source:c1').textContent).toContain('Error');
    // Each integration's last health check, and why it failed.
    expect(screen.getByTestId('integration-check-target').textContent).toMatch(/^Passed .*\(scheduled\)$/);
    expect(screen.getByTestId('integration-check-source:c1').textContent).toMatch(/^Failed .*\(scheduled\): The file is gone\.$/);
    expect(screen.getByTestId('dashboard-alerts').textContent).toContain('No open alerts.');
  });

  it('changes the charts with the filters', async () => {
    const { fake } = await openDashboard();
    fireEvent.change(screen.getByTestId('filter-entity'), { target: { value: 'students' } });
    await waitFor(() => expect(chartRows('chart-traffic')[0]).toEqual(['10', '1']));
    expect(chartRows('chart-latency')[0][1]).toBe('2,400 ms');
    fireEvent.change(screen.getByTestId('filter-period'), { target: { value: 'day' } });
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'monitoring.metrics').at(-1)?.params).toEqual({ period: 'day', entity: 'students' }));
    fireEvent.change(screen.getByTestId('filter-integration'), { target: { value: 'source:c1' } });
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'monitoring.metrics').at(-1)?.params).toEqual({ period: 'day', entity: 'students', integration: 'source:c1' }));
  });

  it('shows an alert as it fires, and acknowledges and resolves it', async () => {
    const { fake } = await openDashboard();
    act(() => {
      fake.state.alerts.push({ ...firing });
      fake.emit('alert.fired', firing);
    });
    const row = await screen.findByTestId('alert-7');
    expect(row.textContent).toContain('Error rate 10 %');
    expect(row.textContent).toContain('Warning');
    fireEvent.click(within(row).getByTestId('ack-7'));
    await waitFor(() => expect(screen.getByTestId('alert-7').textContent).toContain('Acknowledged by it@office-pc'));
    expect(within(screen.getByTestId('alert-7')).queryByTestId('ack-7')).toBeNull();
    fireEvent.click(within(screen.getByTestId('alert-7')).getByTestId('resolve-7'));
    await waitFor(() => expect(screen.queryByTestId('alert-7')).toBeNull());
    expect(fake.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['monitoring.acknowledge', 'monitoring.resolve']));
  });
});
