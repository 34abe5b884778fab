import { z } from 'zod';
import { defineService, globalEvent, method, noParams, type EventsOf, type ServiceOf } from '../contract';
import { id } from './common';

/**
 * Monitoring (issue 20): metrics of every integration per period, the integrations view, alerts
 * (fired by rules, escalated until acknowledged, resolved) and their rules. Units: milliseconds
 * for latencies and durations, rates and uptime as fractions 0–1, instants as ISO 8601 in UTC;
 * periods are UTC hours, days, ISO weeks (from Monday) and calendar months (docs/monitoring.md).
 */

export const METRIC_PERIODS = ['hour', 'day', 'week', 'month'] as const;
export type MetricPeriod = (typeof METRIC_PERIODS)[number];

export const INTEGRATION_KINDS = ['source', 'target', 'sync', 'webhook'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/** The seed's THIRD_PARTY_INTEGRATION statuses. */
export const INTEGRATION_STATUSES = ['Active', 'Inactive', 'Testing', 'Error'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** One period's measures. A rate or percentile is null when nothing was measured in it. */
export interface MetricPoint {
  /** Start of the period (inclusive) and its end (exclusive), ISO. */
  start: string;
  end: string;
  /** API calls (every HTTP attempt, retries included). */
  calls: number;
  /** Calls answered below 400, as a fraction of calls; null without calls. */
  successRate: number | null;
  /** 1 − successRate: calls with no answer or an answer of 400 and above. */
  errorRate: number | null;
  /** Response time percentiles of the calls (nearest rank; from a histogram once rolled up, within 5 %). */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Calls per minute over the period (the part of it that has passed). */
  throughputPerMinute: number;
  /** Data volume: records the target acknowledged (created, updated or unchanged) in runs that ended in the period. */
  records: number;
  runs: number;
  runsFailed: number;
  checks: number;
  /** Time known up / (time known up + known down) from health checks; null when nothing is known. */
  uptime: number | null;
  /** The share of the period health checks vouch for; the rest is unknown, neither up nor down. */
  coverage: number;
}

export interface MetricsAnswer {
  period: MetricPeriod;
  from: string;
  to: string;
  integration: string | null;
  entity: string | null;
  points: MetricPoint[];
  /** The whole range as one point. */
  total: MetricPoint;
}

/** One line of the integrations view (docs/conventions.md `status`). */
export interface IntegrationView {
  /** `target`, `source:<connectionId>`, `sync:<name>`, `webhook:<id>`: what `metrics` filters by. */
  id: string;
  name: string;
  kind: IntegrationKind;
  status: IntegrationStatus;
  /** Last run (source, target) or sync; null when none. */
  lastSync: string | null;
  nextSync: string | null;
  /** Over the last 24 hours: failed calls, runs and checks (source, target) or what the provider counts. */
  errorCount: number;
  /** Over the last 24 hours, 0–1; null when nothing was measured. */
  successRate: number | null;
  p95Ms: number | null;
  uptime: number | null;
  /**
   * The newest health check of a target or source (a person's test, a run's preflight, or the
   * scheduled check), whatever its age; null when it was never checked, and for syncs and webhooks.
   */
  lastCheck: IntegrationCheck | null;
}

/** One health check as the integrations view shows it. */
export interface IntegrationCheck {
  at: string;
  ok: boolean;
  /** `user` (someone tested it), `run` (a run's preflight) or `schedule` (the scheduled check). */
  trigger: 'user' | 'run' | 'schedule';
  /** Why it failed; null when it passed. */
  message: string | null;
}

export const ALERT_RULE_KINDS = ['error-rate', 'latency-p95', 'target-down', 'sync-failed', 'sync-late', 'change-set-held'] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type AlertState = 'firing' | 'acknowledged' | 'resolved';
/** Escalation steps, in order: at firing, after N minutes unacknowledged, after 2N. */
export const ALERT_CHANNELS = ['desktop', 'webhook', 'email'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

const windowMinutes = z.number().int().min(1).max(1440);
const minCalls = z.number().int().min(1).max(1_000_000);
const integration = z.string().min(1).max(300);

/** Each rule kind's settings. */
export const alertRuleParamsSchemas = {
  'error-rate': z.object({ threshold: z.number().min(0).max(1), windowMinutes, minCalls, integration }).strict(),
  'latency-p95': z.object({ thresholdMs: z.number().int().min(1).max(3_600_000), windowMinutes, minCalls, integration }).strict(),
  'target-down': z.object({}).strict(),
  'sync-failed': z.object({}).strict(),
  'sync-late': z.object({ graceMinutes: z.number().int().min(0).max(10_080) }).strict(),
  'change-set-held': z.object({}).strict(),
} satisfies Record<AlertRuleKind, z.ZodType>;

export type AlertRuleParams = { [K in AlertRuleKind]: z.output<(typeof alertRuleParamsSchemas)[K]> };

export interface AlertRule<K extends AlertRuleKind = AlertRuleKind> {
  id: string;
  kind: K;
  enabled: boolean;
  severity: AlertSeverity;
  params: AlertRuleParams[K];
  /** N: the webhook is called after N minutes unacknowledged, the email after 2N. */
  escalateAfterMinutes: number;
}

export interface Alert {
  id: string;
  rule: string;
  ruleKind: AlertRuleKind;
  /** What it is about: an integration id (`target`, `sync:nightly`). */
  subject: string;
  severity: AlertSeverity;
  state: AlertState;
  message: string;
  /** The measured value that broke the threshold (a rate, milliseconds), when there is one. */
  value: number | null;
  firedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** `auto` when the condition cleared, else who resolved it. */
  resolvedBy: string | null;
  /** Channels reached so far: 0 none, 1 desktop, 2 webhook, 3 email. */
  escalationLevel: number;
}

export interface AlertHistoryEntry {
  at: string;
  /** fired, notified, acknowledged, resolved. */
  action: string;
  channel: AlertChannel | null;
  /** For a notification: whether the channel took it. */
  ok: boolean | null;
  detail: string | null;
}

export interface MonitoringRefresh {
  samples: number;
  fired: number;
  resolved: number;
  escalated: number;
}

const iso = z.string().datetime({ offset: true });
const ruleBase = { id, enabled: z.boolean(), severity: z.enum(ALERT_SEVERITIES), escalateAfterMinutes: z.number().int().min(1).max(10_080) };

export const alertRuleSchema = z.discriminatedUnion('kind', [
  z.object({ ...ruleBase, kind: z.literal('error-rate'), params: alertRuleParamsSchemas['error-rate'] }).strict(),
  z.object({ ...ruleBase, kind: z.literal('latency-p95'), params: alertRuleParamsSchemas['latency-p95'] }).strict(),
  z.object({ ...ruleBase, kind: z.literal('target-down'), params: alertRuleParamsSchemas['target-down'] }).strict(),
  z.object({ ...ruleBase, kind: z.literal('sync-failed'), params: alertRuleParamsSchemas['sync-failed'] }).strict(),
  z.object({ ...ruleBase, kind: z.literal('sync-late'), params: alertRuleParamsSchemas['sync-late'] }).strict(),
  z.object({ ...ruleBase, kind: z.literal('change-set-held'), params: alertRuleParamsSchemas['change-set-held'] }).strict(),
]);

export const monitoringContract = defineService({
  /** Measures per period, filtered by integration (an IntegrationView id) and entity (as the API names it, e.g. `students`). */
  metrics: method(
    z
      .object({
        period: z.enum(METRIC_PERIODS),
        integration: integration.optional(),
        entity: z.string().min(1).max(200).optional(),
        /** Default: 24 periods back from `to`. */
        from: iso.optional(),
        /** Default: now. */
        to: iso.optional(),
      })
      .strict(),
  ).returns<MetricsAnswer>(),
  /** Every source, the target, every sync and webhook endpoint with status, last and next sync, errors and success rate. */
  integrations: method(noParams).returns<IntegrationView[]>(),
  /** Newest first; `open` (default) is firing and acknowledged. */
  alerts: method(z.object({ state: z.enum(['open', 'firing', 'acknowledged', 'resolved', 'all']).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict().optional()).returns<Alert[]>(),
  alertHistory: method(z.object({ id }).strict()).returns<AlertHistoryEntry[]>(),
  /** Stops the escalation; the alert stays open until resolved (by a person or when its condition clears). */
  acknowledge: method(z.object({ id }).strict()).returns<Alert>(),
  resolve: method(z.object({ id }).strict()).returns<Alert>(),
  rules: method(noParams).returns<AlertRule[]>(),
  /** Creates or replaces a rule (by id). */
  setRule: method(alertRuleSchema).returns<AlertRule>(),
  /** Copies what was recorded since the last time into the metrics and evaluates the rules now (the studio also does it every minute). */
  refresh: method(noParams).returns<MonitoringRefresh>(),
});

export type MonitoringService = ServiceOf<typeof monitoringContract>;

export const monitoringEvents = {
  /** An alert started firing (the desktop notification's cue). */
  'alert.fired': globalEvent<Alert>(),
  /** An alert was resolved, by a person or because its condition cleared. */
  'alert.resolved': globalEvent<Alert>(),
};
export type MonitoringEvents = EventsOf<typeof monitoringEvents>;
