import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SystemService } from '../../../shared/api/services';
import type { Settings, TargetProfile } from '../../../shared/model/settings';
import type { PersonEraseResult, PersonFound } from '../../../shared/api/contracts/privacy';
import type { AssessmentReportFile } from '../../../shared/model/assessment';
import { isNoProjectError, type StoreDeps } from './store-deps';

export type ThemePreference = Settings['theme'];
export type SystemInfo = Awaited<ReturnType<SystemService['info']>>;

export interface SettingsState {
  /** The open project's settings; null without a project. */
  settings: Settings | null;
  target: TargetProfile | null;
  system: SystemInfo | null;
  /**
   * The theme in use: the person's, not the project's (switching projects must not switch the
   * theme). Remembered in localStorage; a project's setting only fills in until the person has
   * chosen one, and a choice is still written to the open project for older builds.
   */
  theme: ThemePreference;
  saving: boolean;
  load(): Promise<void>;
  loadSystem(): Promise<void>;
  update(change: Partial<Settings>): Promise<boolean>;
  setTheme(theme: ThemePreference): Promise<void>;
  /** A family's request (Settings → Privacy requests): the people the last search found, null before one. */
  people: PersonFound[] | null;
  personBusy: boolean;
  findPeople(text: string): Promise<void>;
  /** Everything the project holds about the person, as a file to download; null when it failed (reported). */
  personFile(person: PersonKey): Promise<AssessmentReportFile | null>;
  /** Erases the person from the project; null when it failed (reported). */
  erasePerson(person: PersonKey): Promise<PersonEraseResult | null>;
  reset(): void;
}

export type PersonKey = Pick<PersonFound, 'entity' | 'externalId'>;

export type SettingsStore = StoreApi<SettingsState>;

export const THEME_STORAGE_KEY = 'academia-studio.theme';

export interface ThemeMemory {
  read(): ThemePreference | null;
  write(theme: ThemePreference): void;
}

/** Remembers the theme in localStorage; silently forgets when storage is unavailable. */
export function localThemeMemory(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): ThemeMemory {
  return {
    read() {
      try {
        const value = storage?.getItem(THEME_STORAGE_KEY);
        return value === 'light' || value === 'dark' || value === 'system' ? value : null;
      } catch {
        return null;
      }
    },
    write(theme) {
      try {
        storage?.setItem(THEME_STORAGE_KEY, theme);
      } catch {
        // A theme that is not remembered is a small loss; nothing to tell the user.
      }
    },
  };
}

export function createSettingsStore({ api, reportError }: StoreDeps, memory: ThemeMemory): SettingsStore {
  return createStore<SettingsState>()((set, get) => ({
    settings: null,
    target: null,
    system: null,
    theme: memory.read() ?? 'system',
    saving: false,
    async load() {
      const [settings, target] = await Promise.allSettled([api.settings.get(), api.targets.get()]);
      if (settings.status === 'fulfilled') {
        set({ settings: settings.value });
        if (memory.read() === null) set({ theme: settings.value.theme });
      } else if (!isNoProjectError(settings.reason)) reportError(settings.reason, 'Reading the settings');
      if (target.status === 'fulfilled') set({ target: target.value });
      else if (!isNoProjectError(target.reason)) reportError(target.reason, 'Reading the target profile');
    },
    async loadSystem() {
      try {
        set({ system: await api.system.info() });
      } catch (error) {
        reportError(error, 'Asking the engine for its version');
      }
    },
    async update(change) {
      set({ saving: true });
      try {
        const settings = await api.settings.update(change);
        set({ settings });
        return true;
      } catch (error) {
        reportError(error, 'Saving the settings');
        return false;
      } finally {
        set({ saving: false });
      }
    },
    async setTheme(theme) {
      set({ theme });
      memory.write(theme);
      if (get().settings) await get().update({ theme });
    },
    people: null,
    personBusy: false,
    async findPeople(text) {
      set({ personBusy: true });
      try {
        set({ people: await api.projects.personFind({ text }) });
      } catch (error) {
        reportError(error, 'Searching for the person');
      } finally {
        set({ personBusy: false });
      }
    },
    async personFile(person) {
      set({ personBusy: true });
      try {
        return await api.projects.personDocument({ entity: person.entity, externalId: person.externalId });
      } catch (error) {
        reportError(error, 'Exporting what the project holds about the person');
        return null;
      } finally {
        set({ personBusy: false });
      }
    },
    async erasePerson(person) {
      set({ personBusy: true });
      try {
        const result = await api.projects.personErase({ entity: person.entity, externalId: person.externalId });
        set({ people: (get().people ?? []).filter((p) => !(p.entity === person.entity && p.externalId === person.externalId)) });
        return result;
      } catch (error) {
        reportError(error, 'Erasing the person');
        return null;
      } finally {
        set({ personBusy: false });
      }
    },
    reset() {
      set({ settings: null, target: null, people: null });
    },
  }));
}
