import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsScreen } from '../../src/renderer/src/features/settings/SettingsScreen';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

describe('settings: scheduled health checks', () => {
  it('shows the default interval, refuses what is not a whole number of minutes, and saves 0 to turn the checks off', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(stores, <SettingsScreen />);
    const card = await screen.findByTestId('health-check-settings');
    const input = within(card).getByLabelText('Check the target and each source every (minutes)') as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('5'));
    const save = within(card).getByRole('button', { name: 'Save the interval' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(input, { target: { value: '2.5' } });
    expect(within(card).getByText('Enter a whole number of minutes from 0 to 1440 (0: off).')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(save.disabled).toBe(true);

    fireEvent.change(input, { target: { value: '0' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'settings.update').at(-1)?.params).toEqual({ healthCheckMinutes: 0 }));
    await waitFor(() => expect(save.disabled).toBe(true));
  });
});
