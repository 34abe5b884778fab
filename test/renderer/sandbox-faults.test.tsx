import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetScreen } from '../../src/renderer/src/features/target/TargetScreen';
import { faultProblems, fieldsOf, requestOf } from '../../src/renderer/src/features/sandbox-admin/fault-form-model';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

async function openFaults() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <TargetScreen />);
  await screen.findByTestId('target-form');
  fireEvent.click(screen.getByTestId('target-tab-admin'));
  await screen.findByTestId('sandbox-admin');
  fireEvent.click(screen.getByTestId('admin-tab-faults'));
  return { fake, faults: screen.getByTestId('admin-faults') };
}

const paramsOf = (fake: ReturnType<typeof createFakeStudio>, method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.params);

describe('Sandbox admin: the fault control (issue 20)', () => {
  it('takes the sandbox down and makes it healthy again, the facts following', async () => {
    const { fake, faults } = await openFaults();
    expect(screen.getByTestId('faults-now').textContent).toBe('Now: no faults');
    expect((screen.getByTestId('faults-healthy') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(within(faults).getByLabelText('Down: every API request answers 503'));
    fireEvent.click(screen.getByTestId('faults-apply'));
    await waitFor(() => expect(screen.getByTestId('faults-now').textContent).toBe('Now: down=1'));
    expect(paramsOf(fake, 'sandboxAdmin.setFaults')).toEqual([{ down: true, serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0 }]);
    expect(screen.getByTestId('sandbox-admin').textContent).toContain('down=1');

    fireEvent.click(screen.getByTestId('faults-healthy'));
    await waitFor(() => expect(screen.getByTestId('faults-now').textContent).toBe('Now: no faults'));
    expect(paramsOf(fake, 'sandboxAdmin.setFaults')[1]).toEqual({ down: false, serverError: 0, timeout: 0, reset: 0, burst429: 0, latencyMs: 0 });
  });

  it('sends percentages as probabilities and refuses values out of range', async () => {
    const { fake, faults } = await openFaults();
    fireEvent.change(within(faults).getByLabelText('503 errors (% of requests)'), { target: { value: '150' } });
    expect(faults.textContent).toContain('503 errors (% of requests): enter a percentage from 0 to 100.');
    expect((screen.getByTestId('faults-apply') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(within(faults).getByLabelText('503 errors (% of requests)'), { target: { value: '10' } });
    fireEvent.change(within(faults).getByLabelText('Added latency (ms)'), { target: { value: '40' } });
    fireEvent.click(screen.getByTestId('faults-apply'));
    await waitFor(() => expect(screen.getByTestId('faults-now').textContent).toBe('Now: 5xx=0.1,latency=40ms'));
    expect(paramsOf(fake, 'sandboxAdmin.setFaults')).toEqual([{ down: false, serverError: 0.1, timeout: 0, reset: 0, burst429: 0, latencyMs: 40 }]);
  });

  it('converts between the form and the profile without drift', () => {
    const fields = fieldsOf({ serverError: 0.07, timeout: 0.005, reset: 0, burst429: 1, latencyMs: 25, down: false });
    expect(fields).toMatchObject({ serverError: '7', timeout: '0.5', burst429: '100' });
    expect(requestOf(fields)).toEqual({ serverError: 0.07, timeout: 0.005, reset: 0, burst429: 1, latencyMs: 25, down: false });
    expect(faultProblems({ ...fields, latencyMs: '1.5', reset: '-1' })).toEqual({ percent: ['reset'], latency: true });
  });
});
