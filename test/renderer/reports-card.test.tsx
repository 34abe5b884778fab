import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardScreen } from '../../src/renderer/src/features/dashboard/DashboardScreen';
import type { MetricsAnswer } from '../../src/shared/api/contracts/monitoring';
import { createFakeStudio, DEMO_PROJECT, metricPoint } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

const START = '2026-05-04T07:00:00.000Z';
const metrics = (q: { period: MetricsAnswer['period'] }): MetricsAnswer => ({ period: q.period, from: START, to: START, integration: null, entity: null, points: [metricPoint(START, {})], total: metricPoint(START, {}) });

async function openDashboard() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, metrics, integrations: [] });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <DashboardScreen />);
  await screen.findByTestId('dashboard-reports');
  return { fake, stores };
}

describe('the Dashboard\'s Reports card (issue 20, item 5)', () => {
  let clicked: string[];
  beforeEach(() => {
    clicked = [];
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('exports the report picked: kind, period and format', async () => {
    const { fake } = await openDashboard();
    fireEvent.change(screen.getByTestId('report-kind'), { target: { value: 'sla' } });
    fireEvent.change(screen.getByTestId('report-period'), { target: { value: 'month' } });
    fireEvent.change(screen.getByTestId('report-format'), { target: { value: 'csv' } });
    fireEvent.click(screen.getByTestId('report-export'));
    await waitFor(() => expect(clicked).toEqual(['sla-report.csv']));
    expect(fake.calls.find((c) => c.method === 'runReports.render')?.params).toEqual({ report: 'sla', format: 'csv', period: 'month' });
    fireEvent.change(screen.getByTestId('report-period'), { target: { value: 'all' } });
    fireEvent.click(screen.getByTestId('report-export'));
    await waitFor(() => expect(clicked).toHaveLength(2));
    expect(fake.calls.filter((c) => c.method === 'runReports.render').at(-1)?.params).toEqual({ report: 'sla', format: 'csv' });
  });

  it('creates a schedule, lists it with its next time, delivers it now showing the outcome, and deletes it', async () => {
    const { fake } = await openDashboard();
    expect(screen.getByTestId('dashboard-reports').textContent).toContain('No report is scheduled.');
    fireEvent.change(screen.getByTestId('schedule-name'), { target: { value: 'Weekly SLA' } });
    fireEvent.change(screen.getByTestId('schedule-timezone'), { target: { value: 'Europe/Berlin' } });
    fireEvent.change(screen.getByTestId('schedule-folder'), { target: { value: '/srv/reports' } });
    fireEvent.click(screen.getByTestId('schedule-email'));
    fireEvent.change(screen.getByTestId('schedule-email-to'), { target: { value: 'head@school.example, it@school.example' } });
    fireEvent.submit(screen.getByTestId('report-schedule-form'));
    const row = await screen.findByTestId('report-schedule-schedule-1');
    expect(fake.calls.find((c) => c.method === 'runReports.saveSchedule')?.params).toEqual({
      name: 'Weekly SLA',
      kind: 'sla',
      period: 'week',
      format: 'pdf',
      cron: '0 7 * * 1',
      timezone: 'Europe/Berlin',
      folder: '/srv/reports',
      email: true,
      emailTo: ['head@school.example', 'it@school.example'],
    });
    expect(row.textContent).toContain('SLA and uptime · Last 7 days · PDF');
    expect(row.textContent).toContain('0 7 * * 1 (Europe/Berlin)');
    expect(row.textContent).toContain('/srv/reports · E-mail: head@school.example, it@school.example');
    expect(screen.getByTestId('report-last-schedule-1').textContent).toBe('Not yet');

    fireEvent.click(within(row).getByTestId('report-deliver-schedule-1'));
    await waitFor(() => expect(screen.getByTestId('report-last-schedule-1').textContent).toContain('Folder ok'));

    fireEvent.click(within(screen.getByTestId('report-schedule-schedule-1')).getByTestId('report-remove-schedule-1'));
    await waitFor(() => expect(screen.queryByTestId('report-schedule-schedule-1')).toBeNull());
    expect(fake.calls.some((c) => c.method === 'runReports.removeSchedule')).toBe(true);
  });

  it('shows the engine\'s refusal of a schedule without a destination', async () => {
    const { stores } = await openDashboard();
    fireEvent.change(screen.getByTestId('schedule-name'), { target: { value: 'Nowhere' } });
    fireEvent.submit(screen.getByTestId('report-schedule-form'));
    await waitFor(() => expect(JSON.stringify(stores.toasts.getState().toasts)).toContain('needs somewhere to deliver to'));
    expect(screen.queryByTestId('report-schedules')).toBeNull();
  });
});
