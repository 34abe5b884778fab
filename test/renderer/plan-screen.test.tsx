import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { PlanScreen } from '../../src/renderer/src/features/plan/PlanScreen';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

async function openPlan() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <PlanScreen />);
  await screen.findByTestId('plan-where');
  return { fake, stores };
}

describe('migration plan screen', () => {
  it('is opened from the header stepper and from the navigation, second, with Alt+2', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    render(<App stores={storesFor(fake)} transport={{ status: () => 'open', onStatus: () => () => undefined }} />);
    const stepper = screen.getByRole('navigation', { name: 'Migration stage' });
    await waitFor(() => expect(within(stepper).getByTestId('step-Planning').querySelector('button')!.disabled).toBe(false));
    fireEvent.click(within(stepper).getByTestId('step-Assessment').querySelector('button')!);
    expect(window.location.hash).toBe('#/plan');
    expect(await screen.findByTestId('plan-where')).toBeTruthy();
    expect(screen.getByTestId('nav-plan').getAttribute('title')).toBe('Plan (Alt+2)');
  });

  it('says where the migration stands and sends the user to the screen of the next step', async () => {
    const { stores } = await openPlan();
    const progress = stores.project.getState().migration!;
    expect(screen.getByTestId('plan-status').textContent).toBe(`Status: ${progress.status}`);
    const open = progress.stages.flatMap((s) => s.exit).find((c) => c.item === progress.stage)!;
    expect(screen.getByTestId('plan-next').textContent).toBe(`Next: ${open.detail}`);
    fireEvent.click(screen.getByTestId('plan-next-go'));
    expect(stores.navigation.getState().screen).toBe(open.where);
  });

  it('lists the go/no-go checklist with a way to each open item', async () => {
    const { stores } = await openPlan();
    const card = screen.getByTestId('plan-go-no-go');
    expect(within(card).getByText('NO-GO')).toBeTruthy();
    const freeze = screen.getByTestId('check-freeze-window');
    fireEvent.click(within(freeze).getByRole('button', { name: 'Go to Settings' }));
    expect(stores.navigation.getState().screen).toBe('settings');
  });

  it('saves the record through the engine and shows what the chosen strategy implies', async () => {
    const { fake } = await openPlan();
    fireEvent.change(screen.getByTestId('plan-legacy-name'), { target: { value: 'Greenfield SIS' } });
    fireEvent.change(screen.getByTestId('plan-approach'), { target: { value: 'parallel-run' } });
    fireEvent.change(screen.getByTestId('plan-start'), { target: { value: '2027-03-01' } });
    fireEvent.click(screen.getByTestId('plan-record-save'));
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'migration.setRecord')).toBe(true));
    expect(fake.calls.find((c) => c.method === 'migration.setRecord')!.params).toMatchObject({ legacySystem: { name: 'Greenfield SIS', version: null }, approach: 'parallel-run', startDate: '2027-03-01', scope: 'Full' });
    await waitFor(() => expect(screen.getByTestId('plan-implications').textContent).toMatch(/sync definition keeps Academia Pro in step/));
  });

  it('plans a milestone in its row and shows every milestone with its status', async () => {
    const { fake } = await openPlan();
    const rows = within(screen.getByTestId('plan-timeline')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual([
      'milestone-assessment-done',
      'milestone-mapping-signed-off',
      'milestone-rehearsal-1',
      'milestone-rehearsal-2',
      'milestone-data-freeze',
      'milestone-cutover',
      'milestone-validation',
      'milestone-decommission',
    ]);
    const cutover = screen.getByTestId('milestone-cutover');
    fireEvent.change(within(cutover).getByLabelText('Due cutover'), { target: { value: '2027-07-21' } });
    fireEvent.change(within(cutover).getByLabelText('Owner cutover'), { target: { value: 'Dana' } });
    fireEvent.click(screen.getByTestId('milestone-save-cutover'));
    await waitFor(() => expect(fake.calls.find((c) => c.method === 'migration.setMilestones')?.params).toEqual({ milestones: [{ name: 'cutover', due: '2027-07-21', owner: 'Dana' }] }));
    await waitFor(() => expect(screen.queryByTestId('milestone-save-cutover')).toBeNull());
    fireEvent.click(within(screen.getByTestId('milestone-decommission')).getByRole('button', { name: 'Mark done' }));
    await waitFor(() => expect(screen.getByTestId('milestone-status-decommission').textContent).toBe('Done'));
  });
});
