import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ToastArea } from '../../src/renderer/src/components/ToastArea';
import { ProjectsScreen } from '../../src/renderer/src/features/projects/ProjectsScreen';
import { StudioError } from '../../src/shared/errors';
import { createFakeStudio } from './support/fake-studio';
import { renderWithStores, storesFor } from './support/render-studio';

afterEach(cleanup);

describe('error toasts', () => {
  it('shows the code, message, place and hint of an error from the API, and can be dismissed', async () => {
    const fake = createFakeStudio();
    const stores = storesFor(fake);
    await act(() => stores.refreshAll());
    renderWithStores(
      stores,
      <>
        <ProjectsScreen />
        <ToastArea />
      </>,
    );
    fake.failNext(
      'projects.openDemo',
      new StudioError('PROJECT_IN_USE', 'The demo project is open in another studio (pid 4242).', 'Close the other studio window, then try again.', {
        where: { file: '/home/it/demo.apstudio' },
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open demo project' }));

    const toast = await screen.findByRole('alert');
    expect(within(toast).getByText('PROJECT_IN_USE')).toBeTruthy();
    expect(within(toast).getByText('The demo project is open in another studio (pid 4242).')).toBeTruthy();
    expect(within(toast).getByText('Close the other studio window, then try again.')).toBeTruthy();
    expect(toast.textContent).toContain('Opening the demo project failed');
    expect(toast.textContent).toContain('Where: file /home/it/demo.apstudio');

    fireEvent.click(within(toast).getByRole('button', { name: 'Dismiss this message' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('turns an unexpected failure into an INTERNAL error with a next step, and folds repeats together', async () => {
    const fake = createFakeStudio();
    const stores = storesFor(fake);
    renderWithStores(stores, <ToastArea />);
    act(() => {
      stores.toasts.getState().showError(new Error('socket hang up'), 'Listing the runs');
      stores.toasts.getState().showError(new Error('socket hang up'), 'Listing the runs');
    });
    const toasts = screen.getAllByRole('alert');
    expect(toasts).toHaveLength(1);
    expect(toasts[0].textContent).toContain('INTERNAL');
    expect(toasts[0].textContent).toContain('socket hang up');
    expect(toasts[0].textContent).toContain('×2');
    expect(toasts[0].textContent).toContain('What to do:');
  });
});
