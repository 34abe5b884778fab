import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ToastArea } from '../../src/renderer/src/components/ToastArea';
import { ProjectsScreen } from '../../src/renderer/src/features/projects/ProjectsScreen';
import { StudioError } from '../../src/shared/errors';
import { TOAST_DISMISS_MS } from '../../src/renderer/src/stores/toast-store';
import { createStudioStores } from '../../src/renderer/src/stores/studio-stores';
import { createFakeStudio, DEMO_PROJECT } from './support/fake-studio';
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

describe('toasts that tidy themselves away', () => {
  function manualTimers() {
    const timers = new Map<number, { fn: () => void; ms: number }>();
    let next = 1;
    return {
      timers,
      set: (fn: () => void, ms: number) => (timers.set(next, { fn, ms }), next++),
      clear: (handle: unknown) => void timers.delete(handle as number),
      /** Runs every timer due within `ms` (all of them: one delay for every toast). */
      elapse(ms: number) {
        for (const [id, t] of [...timers]) {
          if (t.ms > ms) continue;
          timers.delete(id);
          t.fn();
        }
      },
    };
  }
  const storesWithTimers = (fake: ReturnType<typeof createFakeStudio>, timers: ReturnType<typeof manualTimers>) =>
    createStudioStores(fake.client, { themeMemory: { read: () => null, write: () => undefined }, toastTimers: timers });

  it('dismisses itself after a while, but not while it is being read', () => {
    const timers = manualTimers();
    const stores = storesWithTimers(createFakeStudio(), timers);
    renderWithStores(stores, <ToastArea />);
    act(() => stores.toasts.getState().showError(new Error('socket hang up'), 'Listing the runs'));
    const toast = screen.getByRole('alert');
    fireEvent.mouseEnter(toast);
    act(() => timers.elapse(TOAST_DISMISS_MS));
    expect(screen.queryByRole('alert')).not.toBeNull();
    fireEvent.mouseLeave(toast);
    act(() => timers.elapse(TOAST_DISMISS_MS - 1));
    expect(screen.queryByRole('alert')).not.toBeNull();
    act(() => timers.elapse(TOAST_DISMISS_MS));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(timers.timers.size).toBe(0);
  });

  it('goes away when the same call succeeds on a retry, and when another project is opened', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    const stores = storesWithTimers(fake, manualTimers());
    await act(() => stores.refreshAll());
    renderWithStores(stores, <ToastArea />);
    fake.failNext('runs.list', new StudioError('TOO_MANY_CALLS', 'The engine is busy.', 'Try again in a moment.'));
    await act(() => stores.runs.getState().load());
    expect(screen.getByRole('alert').textContent).toContain('Listing the runs failed');
    // Another call succeeding leaves it; the same call succeeding clears it.
    await act(() => stores.connections.getState().load());
    expect(screen.queryByRole('alert')).not.toBeNull();
    await act(() => stores.runs.getState().load());
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => stores.toasts.getState().showError(new Error('socket hang up'), 'Reading the settings'));
    expect(screen.queryByRole('alert')).not.toBeNull();
    await act(() => stores.project.getState().open('/schools/other.apstudio'));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
