import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsScreen } from '../../src/renderer/src/features/runs/RunsScreen';
import { createFakeStudio, counters, DEMO_PROJECT, run, step } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

async function openRunsScreen() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <RunsScreen />);
  return { fake, stores };
}

describe('Runs screen', () => {
  it('starts a run and shows it selected with its status', async () => {
    const { fake } = await openRunsScreen();
    expect(screen.getByText('No runs yet')).toBeTruthy();
    fireEvent.click(screen.getByTestId('start-run'));
    await waitFor(() => expect(screen.getByTestId('run-status').textContent).toBe('Queued'));
    expect(fake.calls.find((c) => c.method === 'runs.start')?.params).toEqual({ dryRun: false });
    // One run at a time: both buttons wait until this one has finished.
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('dry-run') as HTMLButtonElement).disabled).toBe(true);
    const finished = { ...fake.state.runs[0], status: 'Completed' as const, endedAt: '2025-01-10T11:05:00.000Z', durationMs: 1000 };
    act(() => fake.emit('run.updated', finished));
    expect((screen.getByTestId('dry-run') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('dry-run'));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'runs.start').at(-1)?.params).toEqual({ dryRun: true }));
    await waitFor(() => expect(screen.getByRole('heading', { name: /^Dry run/ })).toBeTruthy());
  });

  it('renders live progress from events: bar percentage, rate and time left, then the reconciliation with a highlighted mismatch', async () => {
    const { fake } = await openRunsScreen();
    const processing = run('run-42', {
      steps: [step('students', { status: 'Processing', estimate: 2000 }), step('guardians', { status: 'Queued', estimate: 3100 })],
    });
    fake.state.runs = [processing];
    act(() => fake.emit('run.updated', processing));
    await waitFor(() => expect(screen.getByTestId('run-status').textContent).toBe('Processing'));

    act(() =>
      fake.emit('run.progress', {
        runId: 'run-42',
        entity: 'students',
        phase: 'push',
        counters: counters({ read: 1200, created: 700, updated: 100, unchanged: 0 }),
        estimate: 2000,
        rate: 1250.4,
        etaSeconds: 95,
      }),
    );

    const row = screen.getByTestId('step-students');
    expect(within(row).getByTestId('step-percent-students').textContent).toBe('40%');
    expect(within(row).getByRole('progressbar', { name: 'students progress' }).getAttribute('aria-valuenow')).toBe('40');
    expect(within(row).getByTestId('step-rate-students').textContent).toBe('1,250 rows/s');
    expect(within(row).getByTestId('step-eta-students').textContent).toBe('2 min left');
    expect(within(row).getByText('1,200')).toBeTruthy();
    expect(within(row).getByText('pushing')).toBeTruthy();
    expect(screen.getByTestId('cancel-run')).toBeTruthy();
    expect(screen.queryByTestId('reconciliation')).toBeNull();

    // The log follows live events after the first fetch.
    act(() => fake.emit('run.event', { seq: 1, runId: 'run-42', at: '2025-01-10T10:00:05.000Z', level: 'warning', entity: 'students', message: '3 rows have no birth date' }));
    expect(within(screen.getByTestId('run-log')).getByText('3 rows have no birth date')).toBeTruthy();

    const finished = run('run-42', {
      status: 'Completed',
      endedAt: '2025-01-10T10:03:00.000Z',
      durationMs: 180_000,
      counters: counters({ read: 5100, created: 5000, rejected: 2 }),
      steps: [
        step('students', { status: 'Completed', estimate: 2000, counters: counters({ read: 2000, created: 1998, rejected: 2 }) }),
        step('guardians', { status: 'Completed', estimate: 3100, counters: counters({ read: 3100, created: 3002 }) }),
      ],
      reconciliation: [
        { entity: 'students', source: 2000, staged: 1998, rejected: 2, pushed: 1998, target: 1998, mismatches: 0 },
        { entity: 'guardians', source: 3100, staged: 3100, rejected: 0, pushed: 3002, target: 3002, mismatches: 98 },
      ],
    });
    act(() => fake.emit('run.updated', finished));

    expect(screen.getByTestId('run-status').textContent).toBe('Completed');
    expect(screen.queryByTestId('cancel-run')).toBeNull();
    expect(within(screen.getByTestId('step-students')).getByTestId('step-percent-students').textContent).toBe('100%');
    expect(within(screen.getByTestId('step-students')).getByTestId('step-rate-students').textContent).toBe('—');

    const table = screen.getByTestId('reconciliation');
    const guardians = within(table).getByTestId('reconciliation-guardians');
    const students = within(table).getByTestId('reconciliation-students');
    expect(guardians.className).toContain('is-mismatch');
    expect(students.className).not.toContain('is-mismatch');
    expect([...guardians.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['3,100', '3,100', '0', '3,002', '3,002', '98 (mismatch)']);
    expect(screen.getByText(/1 entity has rows that are not accounted for: guardians/)).toBeTruthy();

    // Once finished, how the run's requests to Academia Pro went (the fake answered one 429).
    await waitFor(() => expect(screen.getByTestId('run-requests')).toBeTruthy());
    expect(fake.calls.filter((c) => c.method === 'targets.requestStats').map((c) => c.params)).toEqual([{ runId: 'run-42' }]);
    const requests = screen.getByTestId('run-requests');
    expect(within(requests).getByText('12')).toBeTruthy();
    expect(within(requests).getByText('40 / 170 / 210 ms')).toBeTruthy();
    expect(within(requests).getByTestId('run-requests-statuses').textContent).toBe('200 × 11, 429 × 1');
    expect(within(requests).getByTestId('run-requests-statuses').className).toContain('text-warning');
  });

  it('keeps a finished run finished when an older copy arrives late', async () => {
    const { fake, stores } = await openRunsScreen();
    const done = run('run-7', { status: 'Completed', endedAt: '2025-01-10T10:01:00.000Z', durationMs: 60_000 });
    fake.state.runs = [run('run-7', { status: 'Processing' })];
    act(() => fake.emit('run.updated', done));
    // `select` fetches the (stale) copy from the fake engine after the event.
    await act(() => stores.runs.getState().select('run-7'));
    expect(screen.getByTestId('run-status').textContent).toBe('Completed');
  });

  it('shows the error of a failed run with what to do', async () => {
    const { fake } = await openRunsScreen();
    const failed = run('run-9', {
      status: 'Failed',
      endedAt: '2025-01-10T10:00:10.000Z',
      durationMs: 10_000,
      error: { code: 'TARGET_UNREACHABLE', message: 'Academia Pro did not answer at https://ap.example/api/v1.', hint: 'Check the base URL in Settings.' },
    });
    fake.state.runs = [failed];
    act(() => fake.emit('run.updated', failed));
    await waitFor(() => expect(screen.getByTestId('run-status').textContent).toBe('Failed'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('TARGET_UNREACHABLE');
    expect(alert.textContent).toContain('Check the base URL in Settings.');
  });

  it('never shows the green "accounted for" under a failed dry run, even when the entities it reached all match', async () => {
    const { fake } = await openRunsScreen();
    const failed = run('run-10', {
      status: 'Failed',
      dryRun: true,
      endedAt: '2025-01-10T10:00:10.000Z',
      durationMs: 10_000,
      reconciliation: [{ entity: 'schools', source: 1, staged: 1, rejected: 0, pushed: 0, target: 0, mismatches: 0 }],
      error: { code: 'TARGET_NOT_FOUND', message: 'Academia Pro has no school "NPS-4021".', hint: 'Push the schools entity first.' },
    });
    fake.state.runs = [failed];
    act(() => fake.emit('run.updated', failed));
    await waitFor(() => expect(screen.getByTestId('run-status').textContent).toBe('Failed'));
    expect(screen.getByTestId('reconciliation')).toBeTruthy();
    expect(screen.queryByText(/Every source row is accounted for/)).toBeNull();
    expect(document.querySelector('.reconciliation .status-ok')).toBeNull();
    expect(screen.getByTestId('reconciliation-incomplete').textContent).toMatch(/dry run failed before it\s+finished/);
  });
});

describe('run history: dry runs apart, one clock', () => {
  it('marks a dry run in the history so its counts do not read as written, and says Started and Running for from one clock', async () => {
    const started = new Date(Date.now() - 41_000).toISOString();
    const fake = createFakeStudio({
      project: { ...DEMO_PROJECT },
      runs: [run('dry', { dryRun: true, status: 'Processing', startedAt: started, endedAt: null, durationMs: null }), run('real', { dryRun: false })],
    });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    const dry = await screen.findByTestId('run-row-dry');
    expect(dry.className).toContain('is-dry-run');
    expect(dry.textContent).toContain('nothing written');
    expect(dry.getAttribute('title')).toContain('nothing was written to Academia Pro');
    expect(screen.getByTestId('run-row-real').className).not.toContain('is-dry-run');
    // "Started 41 seconds ago" beside "Running for 41 s", not "28 seconds ago" from a slower clock.
    const detail = await screen.findByTestId('run-detail');
    await waitFor(() => expect(within(detail).getByText('Running for').nextElementSibling!.textContent).toMatch(/^4\d s$/));
    const seconds = Number(within(detail).getByText('Running for').nextElementSibling!.textContent!.replace(' s', ''));
    expect(within(detail).getByText('Started').nextElementSibling!.textContent).toBe(`${seconds} seconds ago`);
  });
});

describe('run history: labels people can tell apart', () => {
  it('shows each run by its label, with the run id beside it', async () => {
    const fake = createFakeStudio({
      project: { ...DEMO_PROJECT },
      runs: [
        run('run-20261207T140200-a1', { label: 'Run 2 · students, guardians · 7 Dec 14:02', startedAt: '2026-12-07T14:02:00.000Z' }),
        run('run-20261207T130000-b2', { label: 'Run 1 · students · 7 Dec 13:00', startedAt: '2026-12-07T13:00:00.000Z', dryRun: true }),
      ],
    });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <RunsScreen />);
    const second = await screen.findByTestId('run-row-run-20261207T140200-a1');
    expect(within(second).getByRole('button').textContent).toBe('Run 2 · students, guardians · 7 Dec 14:02');
    expect(second.textContent).toContain('run-2026');
    const first = screen.getByTestId('run-row-run-20261207T130000-b2');
    expect(within(first).getByRole('button').textContent).toBe('Run 1 · students · 7 Dec 13:00');
    expect(first.textContent).toContain('dry run, nothing written');
  });
});
