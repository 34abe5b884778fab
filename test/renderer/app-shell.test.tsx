import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { MissingTokenPage } from '../../src/renderer/src/components/MissingTokenPage';
import { LONG_OUTAGE_MS } from '../../src/renderer/src/components/ReconnectBanner';
import type { TransportStatus } from '../../src/renderer/src/transport/transport';
import { createFakeStudio, DEMO_PROJECT, run } from './support/fake-studio';
import { storesFor } from './support/render-studio';

afterEach(cleanup);
beforeEach(() => {
  window.location.hash = '';
});

function fakeTransportStatus(initial: TransportStatus = 'open') {
  let status = initial;
  const listeners = new Set<(s: TransportStatus) => void>();
  return {
    status: () => status,
    onStatus: (l: (s: TransportStatus) => void) => (listeners.add(l), () => listeners.delete(l)),
    set(next: TransportStatus) {
      status = next;
      for (const l of listeners) l(next);
    },
  };
}

describe('app shell', () => {
  it('opens the demo project from Projects, shows its name and stage, and navigates to Runs', async () => {
    const fake = createFakeStudio();
    const transport = fakeTransportStatus();
    render(<App stores={storesFor(fake)} transport={transport} />);

    expect(screen.getByText('Academia Pro Migration & Sync Studio')).toBeTruthy();
    for (const name of ['projects', 'sources', 'runs', 'settings']) expect(screen.getByTestId(`nav-${name}`)).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('project-name').textContent).toBe('No project open'));

    fireEvent.click(screen.getByRole('button', { name: 'Open demo project' }));
    await waitFor(() => expect(screen.getByTestId('project-name').textContent).toBe('Demo school'));
    const stepper = screen.getByRole('navigation', { name: 'Migration stage' });
    expect(within(stepper).getByText('Execution').closest('li')!.getAttribute('aria-current')).toBe('step');
    expect(within(stepper).getByText('Assessment').closest('li')!.className).toContain('step-done');
    // Each stage's exit criteria, from migration.status, are its tooltip.
    await waitFor(() => expect(within(stepper).getByTestId('step-Planning').getAttribute('title')).toMatch(/^[✓✗] /));

    fireEvent.click(screen.getByTestId('nav-runs'));
    expect(screen.getByTestId('nav-runs').getAttribute('aria-current')).toBe('page');
    expect(await screen.findByTestId('start-run')).toBeTruthy();
    expect(window.location.hash).toBe('#/runs');
  });

  it('follows project.changed events from the engine', async () => {
    const fake = createFakeStudio();
    render(<App stores={storesFor(fake)} transport={fakeTransportStatus()} />);
    await waitFor(() => expect(screen.getByTestId('project-name').textContent).toBe('No project open'));
    fake.state.project = { ...DEMO_PROJECT, name: 'בית ספר', migrationStatus: 'Validation' };
    act(() => fake.emit('project.changed', fake.state.project));
    expect(screen.getByTestId('project-name').textContent).toBe('בית ספר');
    expect(screen.getByTestId('project-name').getAttribute('dir')).toBe('auto');
  });

  it('shows the reconnect banner while the link is down and reloads when it is back', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    const transport = fakeTransportStatus();
    render(<App stores={storesFor(fake)} transport={transport} />);
    await waitFor(() => expect(screen.getByTestId('project-name').textContent).toBe('Demo school'));
    expect(screen.queryByTestId('reconnect-banner')).toBeNull();

    vi.useFakeTimers();
    try {
      act(() => transport.set('reconnecting'));
      const banner = screen.getByTestId('reconnect-banner');
      expect(banner.textContent).toContain('Reconnecting to the studio engine…');
      expect(banner.textContent).not.toContain('access token changed');
      act(() => vi.advanceTimersByTime(LONG_OUTAGE_MS));
      expect(banner.textContent).toContain('if the engine was restarted, its access token changed');
    } finally {
      vi.useRealTimers();
    }

    const callsBefore = fake.calls.filter((c) => c.method === 'runs.list').length;
    act(() => transport.set('open'));
    expect(screen.queryByTestId('reconnect-banner')).toBeNull();
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'runs.list').length).toBe(callsBefore + 1));
  });

  it('says so plainly when the engine is gone for good', async () => {
    const fake = createFakeStudio();
    const transport = { ...fakeTransportStatus(), stopReason: () => 'The studio engine kept stopping (exit code 3).' };
    render(<App stores={storesFor(fake)} transport={transport} />);
    act(() => transport.set('stopped'));
    const banner = screen.getByTestId('engine-stopped-banner');
    expect(banner.textContent).toContain('The studio engine kept stopping (exit code 3).');
    expect(banner.textContent).toContain('your project file is safe');
  });

  it('switches the theme from the top bar and puts it on the document', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    render(<App stores={storesFor(fake)} transport={fakeTransportStatus()} />);
    // The project's setting (light) wins over the default once loaded.
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    fireEvent.click(screen.getByRole('button', { name: /^Theme: Light/ }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await waitFor(() => expect(fake.state.settings.theme).toBe('dark'));
  });

  it('keeps the theme the person chose when another project (with another theme) is opened', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    const stores = storesFor(fake);
    render(<App stores={stores} transport={fakeTransportStatus()} />);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    fireEvent.click(screen.getByRole('button', { name: /^Theme: Light/ }));
    await waitFor(() => expect(fake.state.settings.theme).toBe('dark'));
    // The next project says light; the person's dark stays.
    fake.state.settings = { ...fake.state.settings, theme: 'light' };
    await act(() => stores.project.getState().open('/schools/other.apstudio'));
    await waitFor(() => expect(stores.settings.getState().settings?.theme).toBe('light'));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it("keeps the Projects card's counts of sources and runs live (not the counts read when the project opened)", async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT }, runs: [run('r1'), run('r2'), run('r3')] });
    render(<App stores={storesFor(fake)} transport={fakeTransportStatus()} />);
    await waitFor(() => expect(screen.getByTestId('project-count-runs').textContent).toBe('3'));
    expect(screen.getByTestId('project-count-sources').textContent).toBe(String(fake.state.connections.length));
    expect(screen.getByRole('button', { name: '3 runs: open Runs' })).toBeTruthy();
  });

  it('starts the Tab order at the skip link, then the screens, not the theme toggle; the skip link moves to the screen', async () => {
    const fake = createFakeStudio();
    render(<App stores={storesFor(fake)} transport={fakeTransportStatus()} />);
    await waitFor(() => expect(screen.getByTestId('project-name').textContent).toBe('No project open'));
    const focusable = Array.from(document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input, [tabindex="0"]'));
    expect(focusable[0].textContent).toBe('Skip to main content');
    expect(focusable[1]).toBe(screen.getByTestId('nav-projects'));
    expect(focusable.indexOf(screen.getByRole('button', { name: /^Theme:/ }))).toBeGreaterThan(focusable.indexOf(screen.getByRole('button', { name: 'Open demo project' })));
    fireEvent.click(focusable[0]);
    expect(document.activeElement).toBe(screen.getByRole('main'));
    expect(window.location.hash).toBe('#/projects');
  });

  it('tells a browser without the access token where to get the link', () => {
    render(<MissingTokenPage />);
    expect(screen.getByRole('main').textContent).toContain('Open the link printed by npm start / academia-studio serve (it carries an access token).');
  });
});

describe('settings screen', () => {
  it('saves masking and a valid batch size, refuses one out of range, and shows the target profile', async () => {
    const fake = createFakeStudio({ project: { ...DEMO_PROJECT } });
    window.location.hash = '#/settings';
    render(<App stores={storesFor(fake)} transport={fakeTransportStatus()} />);

    const mask = (await screen.findByLabelText('Mask personal data')) as HTMLInputElement;
    expect(mask.checked).toBe(true);
    fireEvent.click(mask);
    await waitFor(() => expect(fake.state.settings.maskPersonalData).toBe(false));

    const batch = screen.getByLabelText('Batch size') as HTMLInputElement;
    expect(batch.value).toBe('200');
    fireEvent.change(batch, { target: { value: '900' } });
    expect(screen.getByText('Enter a whole number from 1 to 500.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(batch, { target: { value: '250' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.state.settings.batchSize).toBe(250));

    const target = screen.getByTestId('target-profile');
    expect(target.textContent).toContain('Built-in sandbox');
    expect(target.textContent).toContain('demo-school');
    expect(target.textContent).toContain('Made by the sandbox when it starts');
    fireEvent.click(screen.getByTestId('edit-target'));
    expect(window.location.hash).toBe('#/target');
    expect(await screen.findByTestId('target-form')).toBeTruthy();
  });
});
