import type { Alert, IntegrationStatus } from '../../../shared/api/contracts/monitoring';

/**
 * Where an alert's escalation goes, one method per step: `desktop` when it fires, `webhook` after
 * N minutes unacknowledged, `email` after 2N (N: the rule's `escalateAfterMinutes`). Each may
 * throw or reject: the failure is written in the alert's history and nothing else waits for it —
 * not the evaluation, not a run, not a sync. The engine is handed one through
 * `EngineOptions.monitoring.notifier`; the real channels (the desktop shell's notification, the
 * outgoing webhooks, SMTP) are wired there.
 */
export interface AlertNotifier {
  desktop(alert: Alert): Promise<void> | void;
  webhook(alert: Alert): Promise<void> | void;
  email(alert: Alert): Promise<void> | void;
}

/**
 * The notifier of an engine nobody wired: windows learn of an alert from the `alert.fired` event
 * anyway, so `desktop` has nothing more to do; webhook and email say plainly that no channel exists,
 * which the alert's history then shows.
 */
export const unwiredNotifier: AlertNotifier = {
  desktop: () => undefined,
  webhook: () => {
    throw new Error('No webhook channel is set up for alerts.');
  },
  email: () => {
    throw new Error('No e-mail channel is set up for alerts.');
  },
};

/** One sync job as the integrations view and the sync rules see it (provided by the sync engine). */
export interface SyncSummary {
  name: string;
  status: IntegrationStatus;
  lastSync: string | null;
  nextSync: string | null;
  errorCount: number;
  /** 0–1, null when it never ran. */
  successRate: number | null;
  /** Set while a change set waits for approval (the change gate held it). */
  held?: { reason: string; since?: string } | null;
}

/** Lists the open project's sync jobs; answers [] until syncs exist. */
export interface SyncSummaryProvider {
  syncs(): SyncSummary[] | Promise<SyncSummary[]>;
}

/** One outgoing webhook endpoint as the integrations view shows it (provided by the webhooks engine). */
export interface WebhookSummary {
  id: string;
  name: string;
  status: IntegrationStatus;
  /** The last delivery attempt; null when none. */
  lastDelivery: string | null;
  errorCount: number;
  successRate: number | null;
}

export interface WebhookSummaryProvider {
  webhooks(): WebhookSummary[] | Promise<WebhookSummary[]>;
}

/** What a host (or the lead's wiring in createEngine) hands the monitoring. */
export interface MonitoringHooks {
  notifier: AlertNotifier;
  syncs: SyncSummaryProvider;
  webhooks: WebhookSummaryProvider;
  /** How often an open project's monitoring refreshes itself; 0: never (tests call `monitoring.refresh`). Default one minute. */
  intervalMs?: number;
}

export const noSyncs: SyncSummaryProvider = { syncs: () => [] };
export const noWebhooks: WebhookSummaryProvider = { webhooks: () => [] };

export function monitoringHooks(given: Partial<MonitoringHooks> = {}): MonitoringHooks {
  return { notifier: given.notifier ?? unwiredNotifier, syncs: given.syncs ?? noSyncs, webhooks: given.webhooks ?? noWebhooks, intervalMs: given.intervalMs };
}
