import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TargetProfile } from '../../../shared/model/settings';
import type { TargetCheck, TargetProfileInput } from '../../../shared/model/target';
import { isNoProjectError, type StoreDeps } from './store-deps';

/** Checks shown in the health history (the engine keeps more; the screen shows the recent ones). */
export const TARGET_HISTORY_LIMIT = 50;

/** What is being done to the target right now (for spinners and disabled buttons). */
export type TargetTask = 'save' | 'secret' | 'forget' | 'test';

export interface TargetState {
  /** The open project's target profile; null until loaded or without a project. */
  profile: TargetProfile | null;
  loaded: boolean;
  /** Connection tests, newest first (from the engine's history, tests run here and `target.checked` events). */
  history: TargetCheck[];
  task: TargetTask | null;
  load(): Promise<void>;
  /** Saves the profile; true when the engine took it. */
  save(input: TargetProfileInput): Promise<boolean>;
  /** Hands the secret straight to the engine's vault; it is never kept in the store. */
  setSecret(secret: string): Promise<boolean>;
  forgetSecret(): Promise<boolean>;
  /** Runs "test connection"; the check (ok or not) lands in the history. */
  test(): Promise<TargetCheck | null>;
  /** A check finished elsewhere (a run's pre-flight, another window): add it to the history. */
  applyChecked(check: TargetCheck): void;
  reset(): void;
}

export type TargetStore = StoreApi<TargetState>;

const initial = { profile: null as TargetProfile | null, loaded: false, history: [] as TargetCheck[], task: null as TargetTask | null };

/** Newest first; the same check (by id) only once, the later copy winning. */
function mergeChecks(history: TargetCheck[], check: TargetCheck): TargetCheck[] {
  const rest = history.filter((c) => c.id !== check.id);
  return [check, ...rest].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id).slice(0, TARGET_HISTORY_LIMIT);
}

/** The most recent check, which decides what the screen says about the target now. */
export function latestCheck(state: Pick<TargetState, 'history'>): TargetCheck | null {
  return state.history[0] ?? null;
}

export function createTargetStore({ api, reportError }: StoreDeps): TargetStore {
  return createStore<TargetState>()((set, get) => {
    const run = async <T>(task: TargetTask, action: string, body: () => Promise<T>): Promise<T | null> => {
      set({ task });
      try {
        return await body();
      } catch (error) {
        reportError(error, action);
        return null;
      } finally {
        set({ task: null });
      }
    };

    return {
      ...initial,
      async load() {
        const [profile, history] = await Promise.allSettled([api.targets.get(), api.targets.history({ limit: TARGET_HISTORY_LIMIT })]);
        if (profile.status === 'fulfilled') set({ profile: profile.value });
        else if (!isNoProjectError(profile.reason)) reportError(profile.reason, 'Reading the target profile');
        if (history.status === 'fulfilled') {
          // A check that arrived as an event while the history was on its way is kept.
          set({ history: history.value.reduce(mergeChecks, get().history) });
        } else if (!isNoProjectError(history.reason)) reportError(history.reason, 'Reading the target health history');
        set({ loaded: true });
      },
      async save(input) {
        const profile = await run('save', `Saving the target profile “${input.name}”`, () => api.targets.save(input));
        if (profile) set({ profile });
        return profile !== null;
      },
      async setSecret(secret) {
        const profile = await run('secret', 'Saving the target secret', () => api.targets.setSecret({ secret }));
        if (profile) set({ profile });
        return profile !== null;
      },
      async forgetSecret() {
        const profile = await run('forget', 'Forgetting the target secret', () => api.targets.forgetSecret());
        if (profile) set({ profile });
        return profile !== null;
      },
      async test() {
        const check = await run('test', 'Testing the connection to Academia Pro', () => api.targets.test());
        if (check) get().applyChecked(check);
        return check;
      },
      applyChecked(check) {
        set({ history: mergeChecks(get().history, check) });
      },
      reset() {
        set({ ...initial });
      },
    };
  });
}
