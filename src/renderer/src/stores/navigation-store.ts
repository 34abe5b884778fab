import { createStore, type StoreApi } from 'zustand/vanilla';

/** The screens of this build, in the order work flows (left navigation). */
export const SCREENS = ['projects', 'plan', 'sources', 'assessment', 'mapping', 'target', 'runs', 'syncs', 'dashboard', 'settings', 'audit'] as const;
export type Screen = (typeof SCREENS)[number];

export interface NavigationState {
  screen: Screen;
  go(screen: Screen): void;
}

export type NavigationStore = StoreApi<NavigationState>;

/** `#/runs` → `runs`; anything unknown → null. */
export function screenFromHash(hash: string): Screen | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : null;
}

export function createNavigationStore(initial: Screen = 'projects'): NavigationStore {
  return createStore<NavigationState>()((set) => ({
    screen: initial,
    go: (screen) => set({ screen }),
  }));
}
