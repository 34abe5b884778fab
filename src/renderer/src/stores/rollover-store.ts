import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BundleExport } from '../../../shared/model/oneroster';
import type { RolloverPreview } from '../../../shared/model/rollover';
import type { StoreDeps } from './store-deps';

export interface RolloverState {
  /** The last preview (or its approval, or its apply) this window saw; null until asked. */
  preview: RolloverPreview | null;
  /** The last OneRoster export, with its validation. */
  exported: BundleExport | null;
  /** What the engine is doing for the card. */
  busy: 'preview' | 'approve' | 'apply' | 'export' | null;
  previewNow(): Promise<void>;
  approve(category: string): Promise<void>;
  apply(): Promise<void>;
  exportOneRoster(out: string): Promise<void>;
  reset(): void;
}

export type RolloverStore = StoreApi<RolloverState>;

/** The Plan screen's rollover card: preview, approve per held category, apply, and the OneRoster export. */
export function createRolloverStore({ api, reportError }: StoreDeps): RolloverStore {
  return createStore<RolloverState>()((set, get) => {
    const working = async (busy: NonNullable<RolloverState['busy']>, action: string, work: () => Promise<Partial<RolloverState>>) => {
      if (get().busy) return;
      set({ busy });
      try {
        set(await work());
      } catch (error) {
        reportError(error, action);
      } finally {
        set({ busy: null });
      }
    };
    return {
      preview: null,
      exported: null,
      busy: null,
      previewNow: () => working('preview', 'Preview the rollover', async () => ({ preview: await api.migration.rollover({}) })),
      approve: (category) => working('approve', `Approve ${category}`, async () => ({ preview: await api.migration.rolloverApprove({ category }) })),
      apply: () => working('apply', 'Apply the rollover', async () => ({ preview: await api.migration.rolloverApply() })),
      exportOneRoster: (out) => working('export', 'Export OneRoster', async () => ({ exported: await api.oneRoster.export({ out }) })),
      reset: () => set({ preview: null, exported: null, busy: null }),
    };
  });
}
