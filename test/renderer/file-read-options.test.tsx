import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SourcesScreen } from '../../src/renderer/src/features/connections/SourcesScreen';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

async function openForm() {
  const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
  const stores = storesFor(fake);
  await act(() => stores.refreshAll());
  renderWithStores(stores, <SourcesScreen />);
  return { fake, form: screen.getByRole('form', { name: 'Add a source' }) };
}

const addCalls = (fake: ReturnType<typeof createFakeStudio>) => fake.calls.filter((c) => c.method === 'connections.add').map((c) => c.params);
const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('connection form: reading options of a file (issue 16)', () => {
  it('a CSV source sends its encoding, delimiter and header row; empty boxes are left to detection', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Élèves');
    fireEvent.change(screen.getByTestId('connection-kind'), { target: { value: 'csv' } });
    type('File path', '/data/eleves.csv');
    const options = screen.getByTestId('read-options');
    fireEvent.change(within(options).getByLabelText('Encoding'), { target: { value: 'windows-1252' } });
    fireEvent.change(within(options).getByLabelText('Delimiter'), { target: { value: ';' } });
    fireEvent.change(within(options).getByLabelText('Row holding the column names'), { target: { value: '2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(1));
    expect(addCalls(fake)[0]).toEqual({ name: 'Élèves', kind: 'csv', location: '/data/eleves.csv', options: { encoding: 'windows-1252', delimiter: ';', headerRow: 2 } });
  });

  it('an XML source takes a record path; without one it sends no options', async () => {
    const { fake, form } = await openForm();
    type('Name', 'Timetable');
    fireEvent.change(screen.getByTestId('connection-kind'), { target: { value: 'xml' } });
    type('File path', '/data/schedule.xml');
    expect(within(screen.getByTestId('read-options')).queryByLabelText('Encoding')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(1));
    expect(addCalls(fake)[0]).toEqual({ name: 'Timetable', kind: 'xml', location: '/data/schedule.xml' });
    type('Name', 'Sections only');
    type('File path', '/data/schedule.xml');
    type(/Record path/, '/Schedule/Sections/Section');
    fireEvent.click(within(form).getByRole('button', { name: 'Add source' }));
    await waitFor(() => expect(addCalls(fake)).toHaveLength(2));
    expect(addCalls(fake)[1]).toMatchObject({ options: { recordPath: '/Schedule/Sections/Section' } });
  });
});
