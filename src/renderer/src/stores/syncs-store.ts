import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SyncConflict, SyncDefinition, SyncDefinitionInput, SyncOutcome, SyncRunInfo } from '../../../shared/model/sync';
import type { SyncEventsOverview } from '../../../shared/model/sync-events';
import { isNoProjectError, type StoreDeps } from './store-deps';

export interface SyncsState {
  syncs: SyncDefinition[];
  /** Sync runs, newest first. */
  runs: SyncRunInfo[];
  /** Entities some mapping feeds: what a sync can follow. */
  entities: string[];
  /** Two-way conflicts not applied yet (open, or decided and waiting for the next run). */
  conflicts: SyncConflict[];
  loaded: boolean;
  /** The event-driven syncs' receivers, feed and last events (null until read). */
  events: SyncEventsOverview | null;
  /** Reads the event-driven syncs' state again (their receivers and last events change without a call of ours). */
  loadEvents(): Promise<void>;
  /** The sync being run or the run being approved, while the engine works. */
  busy: string | null;
  /** The last run's or approval's outcome, shown until the next one. */
  outcome: SyncOutcome | null;
  load(): Promise<void>;
  /** Saves a new definition (`editing` false) or replaces one; true when saved. */
  save(input: SyncDefinitionInput, editing: boolean): Promise<boolean>;
  run(name: string): Promise<void>;
  approve(runId: string, category?: string): Promise<void>;
  /** A person's decision on a conflict: the source's value, Academia Pro's, or a typed one. */
  resolve(conflictId: string, keep: 'source' | 'target' | 'value', value?: unknown): Promise<void>;
  reset(): void;
}

export type SyncsStore = StoreApi<SyncsState>;

const initial = { syncs: [] as SyncDefinition[], runs: [] as SyncRunInfo[], entities: [] as string[], conflicts: [] as SyncConflict[], events: null as SyncEventsOverview | null, loaded: false, busy: null as string | null, outcome: null as SyncOutcome | null };

/** The Syncs screen's data: definitions, their runs (held ones waiting for approval) and the mapped entities. */
export function createSyncsStore({ api, reportError }: StoreDeps): SyncsStore {
  return createStore<SyncsState>()((set, get) => {
    const refresh = async () => {
      const [syncs, runs, mappings, conflicts, events] = await Promise.all([api.syncs.list({}), api.syncs.runs({ limit: 20 }), api.mappings.list(), api.syncs.conflicts({}), api.syncs.events({})]);
      set({ syncs, runs, conflicts, entities: [...new Set(mappings.map((m) => m.entity))].sort(), events, loaded: true });
    };
    const working = async (key: string, action: string, work: () => Promise<SyncOutcome>) => {
      if (get().busy) return;
      set({ busy: key });
      try {
        set({ outcome: await work() });
        await refresh();
      } catch (error) {
        reportError(error, action);
      } finally {
        set({ busy: null });
      }
    };
    return {
      ...initial,
      async load() {
        try {
          await refresh();
        } catch (error) {
          set({ loaded: true });
          if (!isNoProjectError(error)) reportError(error, 'Reading the syncs');
        }
      },
      async loadEvents() {
        try {
          set({ events: await api.syncs.events({}) });
        } catch (error) {
          if (!isNoProjectError(error)) reportError(error, 'Reading the event-driven syncs');
        }
      },
      async save(input, editing) {
        try {
          await (editing ? api.syncs.update(input) : api.syncs.define(input));
          await refresh();
          return true;
        } catch (error) {
          reportError(error, editing ? 'Saving the sync' : 'Defining the sync');
          return false;
        }
      },
      run: (name) => working(name, 'Running the sync', () => api.syncs.run({ name })),
      approve: (runId, category) => working(`${runId}:${category ?? '*'}`, 'Approving the held changes', () => api.syncs.approve({ runId, ...(category ? { category } : {}) })),
      async resolve(conflictId, keep, value) {
        if (get().busy) return;
        set({ busy: `conflict:${conflictId}` });
        try {
          await api.syncs.resolve({ conflictId, keep, ...(keep === 'value' ? { value } : {}) });
          await refresh();
        } catch (error) {
          reportError(error, 'Deciding the conflict');
        } finally {
          set({ busy: null });
        }
      },
      reset: () => set({ ...initial }),
    };
  });
}
