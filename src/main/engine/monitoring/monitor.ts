import type { ConnectionTestResult } from '../../../shared/model/connection';
import type { Alert, IntegrationView, MonitoringRefresh } from '../../../shared/api/contracts/monitoring';
import type { SqliteDatabase } from '../../../platform/open-sqlite';
import type { MonitoringHooks } from './alert-notifier';
import { conditionsOf } from './alert-conditions';
import { AlertEngine } from './alert-engine';
import { integrationsView } from './integrations-view';
import { MetricStore } from './metric-store';
import { HOUR_MS, MINUTE_MS } from './periods';

export interface MonitorOptions {
  now: () => Date;
  hooks: MonitoringHooks;
  emit: (event: 'alert.fired' | 'alert.resolved', alert: Alert) => void;
  /** How often the open project is refreshed (ingest, evaluate) by the timer; 0: never (tests drive `refresh`). */
  intervalMs?: number;
}

/** Compaction runs at most this often (and on open). */
export const COMPACT_EVERY_MS = HOUR_MS;

/**
 * The monitoring of one open project: its metric store and alert engine, refreshed on open and
 * then every minute (`refresh`: copy what was recorded, compact when an hour has passed since the
 * last compaction, evaluate the rules). Everything runs on the injected clock.
 */
export class Monitor {
  readonly store: MetricStore;
  readonly alerts: AlertEngine;
  private timer: NodeJS.Timeout | null = null;
  private lastCompaction: number | null = null;
  private running: Promise<MonitoringRefresh> | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: MonitorOptions,
  ) {
    this.store = new MetricStore(db);
    this.alerts = new AlertEngine(db, { now: options.now, notifier: options.hooks.notifier, emit: options.emit });
  }

  /** Refreshes once now and then on the timer; a refresh that fails is said and tried again next time. */
  start(): void {
    void this.refresh().catch((err: unknown) => console.warn(`Monitoring could not refresh: ${(err as Error).message}`));
    const every = this.options.intervalMs ?? MINUTE_MS;
    if (every > 0) {
      this.timer = setInterval(() => {
        void this.refresh().catch((err: unknown) => console.warn(`Monitoring could not refresh: ${(err as Error).message}`));
      }, every);
      this.timer.unref();
    }
  }

  /** One refresh at a time: a second caller waits for the one running. */
  refresh(): Promise<MonitoringRefresh> {
    if (!this.running) {
      this.running = this.doRefresh().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async doRefresh(): Promise<MonitoringRefresh> {
    // A long request log (the first open of a big project) is copied a chunk at a time, letting
    // the engine answer calls in between.
    let samples = 0;
    for (let n = this.store.ingestSome(); n > 0; n = this.store.ingestSome()) {
      samples += n;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const now = this.options.now();
    if (this.lastCompaction === null || now.getTime() - this.lastCompaction >= COMPACT_EVERY_MS) {
      this.store.compact(now);
      this.lastCompaction = now.getTime();
    }
    const syncs = await this.providerList(() => this.options.hooks.syncs.syncs());
    const result = this.alerts.evaluate((rule) => conditionsOf(rule, { store: this.store, now: this.options.now(), syncs }));
    return { samples, ...result };
  }

  /** A source's connection test, kept as a health check of that source at the engine's time (the clock every other sample is on). */
  recordSourceCheck(connectionId: string, result: ConnectionTestResult): void {
    this.store.record([{ at: this.options.now().getTime(), integration: `source:${connectionId}`, kind: 'check', entity: '', ok: result.ok, latencyMs: result.latencyMs ?? null, records: 0 }]);
  }

  async integrations(): Promise<IntegrationView[]> {
    this.store.ingest();
    const syncs = await this.providerList(() => this.options.hooks.syncs.syncs());
    const webhooks = await this.providerList(() => this.options.hooks.webhooks.webhooks());
    return integrationsView(this.db, this.store, this.options.now(), syncs, webhooks);
  }

  /** A provider that fails leaves its part of the view empty rather than the whole view failing. */
  private async providerList<T>(list: () => T[] | Promise<T[]>): Promise<T[]> {
    try {
      return await list();
    } catch (err) {
      console.warn(`A monitoring provider failed: ${(err as Error).message}`);
      return [];
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.alerts.close();
  }
}
