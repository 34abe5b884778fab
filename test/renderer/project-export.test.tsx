import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ToastArea } from '../../src/renderer/src/components/ToastArea';
import { ProjectsScreen } from '../../src/renderer/src/features/projects/ProjectsScreen';
import type { ConnectionInfo } from '../../src/shared/model/connection';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

const base: Omit<ConnectionInfo, 'id' | 'name' | 'kind' | 'location' | 'hasSecret' | 'secretStatus'> = { config: {}, createdAt: '2025-01-01T00:00:00Z' };

async function renderProjects(fake = createFakeStudio()) {
  const stores = storesFor(fake);
  renderWithStores(
    stores,
    <>
      <ProjectsScreen />
      <ToastArea />
    </>,
  );
  await stores.refreshAll();
  return fake;
}

describe('Projects screen: export for hand-over', () => {
  it('asks for a path (suggesting one beside the project), exports, and lists the secrets to enter again', async () => {
    const fake = await renderProjects(
      createFakeStudio({
        project: { ...DEMO_PROJECT, path: '/srv/school.apstudio' },
        connections: [
          { ...base, id: 'c1', name: 'Old SIS', kind: 'mysql', location: 'mysql://sis:****@db/school', hasSecret: true, secretStatus: 'set' },
          { ...base, id: 'c2', name: 'Pupil list', kind: 'csv', location: '/data/pupils.csv', hasSecret: false, secretStatus: 'missing' },
        ],
      }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Export for hand-over…' }));
    const input = screen.getByLabelText('Where to save the copy') as HTMLInputElement;
    expect(input.value).toBe('/srv/school-handover.apstudio');
    fireEvent.change(input, { target: { value: '/mnt/usb/school-copy.apstudio' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export copy' }));

    const result = await screen.findByTestId('project-export-result');
    expect(fake.calls.filter((c) => c.method === 'projects.export')).toEqual([{ method: 'projects.export', params: { path: '/mnt/usb/school-copy.apstudio' } }]);
    expect(result.textContent).toContain('Copy written without secrets');
    expect(result.textContent).toContain('48 KB');
    expect(result.textContent).toContain('/mnt/usb/school-copy.apstudio');
    const items = within(screen.getByRole('list', { name: 'Secrets to enter again' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([expect.stringMatching(/Old SIS.*Source connection/), expect.stringMatching(/Sandbox.*Academia Pro target/)]);
    expect(screen.queryByLabelText('Where to save the copy')).toBeNull();
  });

  it('keeps the form open and shows the engine’s error with its hint when the export is refused', async () => {
    await renderProjects(createFakeStudio({ project: { ...DEMO_PROJECT, path: '/srv/school.apstudio' } }));
    fireEvent.click(await screen.findByRole('button', { name: 'Export for hand-over…' }));
    fireEvent.change(screen.getByLabelText('Where to save the copy'), { target: { value: '/srv/school.apstudio' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export copy' }));
    const toast = await screen.findByTestId('error-toast');
    expect(toast.textContent).toContain('onto the open project itself');
    expect(toast.textContent).toContain('Choose a new file name');
    expect(screen.queryByTestId('project-export-result')).toBeNull();
    expect((screen.getByLabelText('Where to save the copy') as HTMLInputElement).value).toBe('/srv/school.apstudio');
  });

  it('offers no export while no project is open', async () => {
    await renderProjects(createFakeStudio({ project: null }));
    await waitFor(() => expect(screen.getByText('No project is open')).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Export for hand-over…' })).toBeNull();
  });
});
