import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { ThemePreference } from '../../../src/renderer/src/stores/settings-store';
import { createStudioStores, type StudioStores } from '../../../src/renderer/src/stores/studio-stores';
import { StudioProvider } from '../../../src/renderer/src/stores/StudioProvider';
import type { FakeStudio } from './fake-studio';

/** Stores around the fake engine, with a theme memory that touches no real storage. */
export function storesFor(fake: FakeStudio): StudioStores {
  let theme: ThemePreference | null = null;
  return createStudioStores(fake.client, { themeMemory: { read: () => theme, write: (t) => void (theme = t) } });
}

/** Renders `ui` inside the stores' provider. */
export function renderWithStores(stores: StudioStores, ui: ReactNode): RenderResult {
  return render(<StudioProvider stores={stores}>{ui}</StudioProvider>);
}
