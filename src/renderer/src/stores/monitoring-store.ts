import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Alert, IntegrationView, MetricPeriod, MetricsAnswer } from '../../../shared/api/contracts/monitoring';
import { isNoProjectError, type StoreDeps } from './store-deps';

/** The Dashboard's filters; '' is "all". */
export interface DashboardFilter {
  period: MetricPeriod;
  integration: string;
  entity: string;
}

export interface MonitoringState {
  filter: DashboardFilter;
  metrics: MetricsAnswer | null;
  integrations: IntegrationView[];
  /** Open alerts (firing and acknowledged), newest first. */
  alerts: Alert[];
  /** Entities the project maps, for the entity filter. */
  entities: string[];
  /** True once the Dashboard was shown: from then on it is kept fresh. */
  loaded: boolean;
  loading: boolean;
  load(): Promise<void>;
  setFilter(change: Partial<DashboardFilter>): Promise<void>;
  acknowledge(id: string): Promise<void>;
  resolve(id: string): Promise<void>;
  /** An alert fired or was resolved (engine event): the alerts and the view are read again. */
  applyAlert(alert: Alert): void;
  reset(): void;
}

export type MonitoringStore = StoreApi<MonitoringState>;

const INITIAL_FILTER: DashboardFilter = { period: 'hour', integration: '', entity: '' };

/** The Dashboard's data: metrics for the filter, the integrations view, open alerts. */
export function createMonitoringStore({ api, reportError }: StoreDeps): MonitoringStore {
  let generation = 0;
  return createStore<MonitoringState>()((set, get) => ({
    filter: INITIAL_FILTER,
    metrics: null,
    integrations: [],
    alerts: [],
    entities: [],
    loaded: false,
    loading: false,
    async load() {
      const mine = ++generation;
      set({ loading: true });
      const { filter } = get();
      try {
        const [metrics, integrations, alerts, mappings] = await Promise.all([
          api.monitoring.metrics({ period: filter.period, ...(filter.integration ? { integration: filter.integration } : {}), ...(filter.entity ? { entity: filter.entity } : {}) }),
          api.monitoring.integrations(),
          api.monitoring.alerts({ state: 'open' }),
          api.mappings.list(),
        ]);
        // A later load (another filter) wins over this one.
        if (mine !== generation) return;
        set({ metrics, integrations, alerts, entities: [...new Set(mappings.map((m) => m.entity))].sort(), loaded: true, loading: false });
      } catch (error) {
        if (mine !== generation) return;
        set({ loading: false, loaded: true });
        if (!isNoProjectError(error)) reportError(error, 'Reading the dashboard');
      }
    },
    async setFilter(change) {
      set({ filter: { ...get().filter, ...change } });
      await get().load();
    },
    async acknowledge(id) {
      try {
        await api.monitoring.acknowledge({ id });
        await get().load();
      } catch (error) {
        reportError(error, 'Acknowledging the alert');
      }
    },
    async resolve(id) {
      try {
        await api.monitoring.resolve({ id });
        await get().load();
      } catch (error) {
        reportError(error, 'Resolving the alert');
      }
    },
    applyAlert() {
      if (get().loaded) void get().load();
    },
    reset() {
      generation++;
      set({ filter: INITIAL_FILTER, metrics: null, integrations: [], alerts: [], entities: [], loaded: false, loading: false });
    },
  }));
}
