import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StudioBridge } from '../../src/shared/api/bridge';
import { SourcesScreen } from '../../src/renderer/src/features/connections/SourcesScreen';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(() => {
  cleanup();
  delete window.studioBridge;
});

async function openForm() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SourcesScreen />);
  const form = screen.getByRole('form', { name: 'Add a source' });
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Pupils' } });
  return { fake, form };
}

const kind = (value: string) => fireEvent.change(screen.getByTestId('connection-kind'), { target: { value } });
const calls = (fake: ReturnType<typeof createFakeStudio>, method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.params);

describe('connection form: picking a file the studio may read', () => {
  it('in the browser, browses the engine\'s folders, shows the studio\'s own files locked, and grants the picked file', async () => {
    const { fake, form } = await openForm();
    kind('csv');
    fireEvent.click(within(form).getByRole('button', { name: 'Browse…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose a file' });
    await waitFor(() => expect(screen.getByTestId('picker-path').textContent).toBe('/home/it'));

    fireEvent.click(within(dialog).getByRole('button', { name: /\.config/ }));
    await waitFor(() => expect(screen.getByTestId('picker-path').textContent).toBe('/home/it/.config'));
    const locked = within(dialog).getByRole('button', { name: /academia-studio/ }) as HTMLButtonElement;
    expect(locked.disabled).toBe(true);
    expect(locked.textContent).toContain('studio file');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Up one folder' }));
    await waitFor(() => expect(screen.getByTestId('picker-path').textContent).toBe('/home/it'));
    fireEvent.click(within(dialog).getByRole('button', { name: /pupils\.csv/ }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls(fake, 'files.grant')).toEqual([{ path: '/home/it/pupils.csv' }]);
    expect((screen.getByLabelText('File path') as HTMLInputElement).value).toBe('/home/it/pupils.csv');

    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(calls(fake, 'connections.add')).toEqual([{ name: 'Pupils', kind: 'csv', location: '/home/it/pupils.csv' }]));
  });

  it('picks a folder for a folder source; files in it cannot be chosen one by one', async () => {
    const { fake, form } = await openForm();
    kind('folder');
    fireEvent.click(within(form).getByRole('button', { name: 'Browse…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose a folder' });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: /exports/ })).toBeTruthy());
    expect((within(dialog).getByRole('button', { name: /pupils\.csv/ }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: /exports/ }));
    await waitFor(() => expect(screen.getByTestId('picker-path').textContent).toBe('/home/it/exports'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose this folder' }));
    await waitFor(() => expect((screen.getByLabelText('Folder path') as HTMLInputElement).value).toBe('/home/it/exports'));
    expect(calls(fake, 'files.grant')).toEqual([{ path: '/home/it/exports' }]);
  });

  it('Cancel closes the picker and grants nothing', async () => {
    const { fake, form } = await openForm();
    kind('json');
    fireEvent.click(within(form).getByRole('button', { name: 'Browse…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Choose a file' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls(fake, 'files.grant')).toEqual([]);
  });

  it('in the desktop app, uses the system dialog (main grants the choice), not the engine picker', async () => {
    const asked: unknown[] = [];
    window.studioBridge = {
      send: () => undefined,
      onMessage: () => () => undefined,
      onEngineStatus: () => () => undefined,
      pickPath: async (request) => (asked.push(request), { path: '/Users/it/Exports/staff.xlsx' }),
    } satisfies StudioBridge;
    const { fake, form } = await openForm();
    kind('excel');
    fireEvent.click(within(form).getByRole('button', { name: 'Browse…' }));
    await waitFor(() => expect((screen.getByLabelText('File path') as HTMLInputElement).value).toBe('/Users/it/Exports/staff.xlsx'));
    expect(asked).toEqual([{ kind: 'file' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls.filter((c) => c.method.startsWith('files.'))).toEqual([]);
  });
});
