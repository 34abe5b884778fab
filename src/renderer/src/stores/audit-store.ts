import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditEntryInfo } from '../../../shared/api/services';
import type { StoreDeps } from './store-deps';

/** Entries fetched per page ("Load more" fetches the next one). */
export const AUDIT_PAGE_SIZE = 100;

/**
 * Actions the engine writes, offered in the filter even before one has been seen (a filter that
 * only listed the loaded page's actions could not find an older kind of entry).
 */
export const KNOWN_AUDIT_ACTIONS = [
  'project.create',
  'connection.add',
  'connection.remove',
  'connection.test',
  'vault.set',
  'vault.replace',
  'vault.forget',
  'vault.rotate',
  'run.start',
  'run.finish',
] as const;

export interface AuditFilter {
  /** An exact action (`connection.add`); empty for every action. */
  action: string;
  /** The start of the object (`connection:c1`, `run:`); empty for every object. */
  object: string;
}

/** The outcome of checking the hash chain, and when it was asked for. */
export interface AuditVerification {
  valid: boolean;
  entries: number;
  firstBadEntry: number | null;
  checkedAt: string;
}

export interface AuditState {
  /** Entries matching the filter, newest first, as far as they have been paged in. */
  entries: AuditEntryInfo[];
  loaded: boolean;
  loading: boolean;
  loadingMore: boolean;
  /** True when older entries matching the filter remain to be fetched. */
  hasMore: boolean;
  filter: AuditFilter;
  /** Every action offered in the filter: the known ones plus any seen in the trail, sorted. */
  actions: string[];
  verifying: boolean;
  verification: AuditVerification | null;
  /** Fetches the newest page for the current filter (replacing what is shown). */
  load(): Promise<void>;
  /** Fetches the page of entries older than the last one shown. */
  loadMore(): Promise<void>;
  /** Changes the filter and loads its first page. */
  setFilter(change: Partial<AuditFilter>): Promise<void>;
  verify(): Promise<void>;
  reset(): void;
}

export type AuditStore = StoreApi<AuditState>;

const initial = {
  entries: [] as AuditEntryInfo[],
  loaded: false,
  loading: false,
  loadingMore: false,
  hasMore: false,
  filter: { action: '', object: '' } as AuditFilter,
  actions: [...KNOWN_AUDIT_ACTIONS].sort() as string[],
  verifying: false,
  verification: null as AuditVerification | null,
};

/**
 * The engine matches `object` exactly, or as a prefix when it ends in `*`. People type the
 * start of what they look for (`connection:c1`, `run:`), so the text is always sent as a prefix.
 */
export function auditListRequest(filter: AuditFilter, beforeSeq?: number): { action?: string; object?: string; limit: number; beforeSeq?: number } {
  const action = filter.action.trim();
  const object = filter.object.trim().replace(/\*+$/, '');
  return {
    ...(action ? { action } : {}),
    ...(object ? { object: `${object}*` } : {}),
    // One more than a page, to know whether another page exists without an empty extra call.
    limit: AUDIT_PAGE_SIZE + 1,
    ...(beforeSeq !== undefined ? { beforeSeq } : {}),
  };
}

export function createAuditStore({ api, reportError }: StoreDeps, now: () => Date = () => new Date()): AuditStore {
  return createStore<AuditState>()((set, get) => {
    // Answers to an older request are dropped: `generation` moves on with every new listing
    // (filter changed meanwhile), `epoch` when another project is opened.
    let generation = 0;
    let epoch = 0;

    const withSeenActions = (entries: AuditEntryInfo[]) => {
      const actions = new Set(get().actions);
      const before = actions.size;
      for (const e of entries) actions.add(e.action);
      return actions.size === before ? get().actions : [...actions].sort();
    };

    const fetchPage = async (beforeSeq?: number) => {
      const page = await api.audit.list(auditListRequest(get().filter, beforeSeq));
      return { entries: page.slice(0, AUDIT_PAGE_SIZE), hasMore: page.length > AUDIT_PAGE_SIZE };
    };

    return {
      ...initial,
      async load() {
        const mine = ++generation;
        set({ loading: true });
        try {
          const { entries, hasMore } = await fetchPage();
          if (mine === generation) set({ entries, hasMore, loaded: true, actions: withSeenActions(entries) });
        } catch (error) {
          if (mine === generation) set({ loaded: true });
          reportError(error, 'Reading the audit trail');
        } finally {
          if (mine === generation) set({ loading: false });
        }
      },
      async loadMore() {
        const last = get().entries.at(-1);
        if (!last || !get().hasMore || get().loadingMore || get().loading) return;
        const mine = generation;
        set({ loadingMore: true });
        try {
          const { entries, hasMore } = await fetchPage(last.seq);
          if (mine === generation) set({ entries: [...get().entries, ...entries], hasMore, actions: withSeenActions(entries) });
        } catch (error) {
          reportError(error, 'Reading older audit entries');
        } finally {
          if (mine === generation) set({ loadingMore: false });
        }
      },
      async setFilter(change) {
        set({ filter: { ...get().filter, ...change } });
        await get().load();
      },
      async verify() {
        const mine = epoch;
        set({ verifying: true, verification: null });
        try {
          const result = await api.audit.verify();
          if (mine === epoch) set({ verification: { ...result, checkedAt: now().toISOString() } });
        } catch (error) {
          reportError(error, 'Verifying the audit trail');
        } finally {
          if (mine === epoch) set({ verifying: false });
        }
      },
      reset() {
        generation++;
        epoch++;
        set({ ...initial });
      },
    };
  });
}
