import type { AlertRule, AlertRuleParams } from '../../../shared/api/contracts/monitoring';
import { toPoint } from './metric-aggregate';
import type { MetricStore } from './metric-store';
import type { SyncSummary } from './alert-notifier';
import { MINUTE_MS } from './periods';

/** A rule's condition holding for one subject right now. */
export interface Condition {
  subject: string;
  message: string;
  value: number | null;
}

export interface ConditionContext {
  store: MetricStore;
  now: Date;
  syncs: SyncSummary[];
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toString()} %`;

/** What a rule finds wrong now; [] when all is well (or too little was measured to say). */
export function conditionsOf(rule: AlertRule, ctx: ConditionContext): Condition[] {
  const t = ctx.now.getTime();
  switch (rule.kind) {
    case 'error-rate': {
      const p = rule.params as AlertRuleParams['error-rate'];
      const w = windowPoint(ctx, p.integration, p.windowMinutes);
      if (w.calls < p.minCalls || w.errorRate === null || !(w.errorRate > p.threshold)) return [];
      return [{ subject: p.integration, value: w.errorRate, message: `Error rate ${pct(w.errorRate)} of ${w.calls} calls to ${p.integration} over the last ${p.windowMinutes} minutes (threshold ${pct(p.threshold)}).` }];
    }
    case 'latency-p95': {
      const p = rule.params as AlertRuleParams['latency-p95'];
      const w = windowPoint(ctx, p.integration, p.windowMinutes);
      if (w.calls < p.minCalls || w.p95Ms === null || !(w.p95Ms > p.thresholdMs)) return [];
      return [{ subject: p.integration, value: w.p95Ms, message: `p95 response time ${Math.round(w.p95Ms)} ms of ${w.calls} calls to ${p.integration} over the last ${p.windowMinutes} minutes (threshold ${p.thresholdMs} ms).` }];
    }
    case 'target-down': {
      const last = ctx.store.latestCheck('target');
      if (!last || last.ok) return [];
      return [{ subject: 'target', value: null, message: `The target failed its health check at ${new Date(last.at).toISOString()}.` }];
    }
    case 'sync-failed':
      return ctx.syncs.filter((s) => s.status === 'Error').map((s) => ({ subject: `sync:${s.name}`, value: s.errorCount, message: `Sync "${s.name}" failed${s.lastSync ? ` (last sync ${s.lastSync})` : ''}.` }));
    case 'sync-late': {
      const grace = (rule.params as AlertRuleParams['sync-late']).graceMinutes * MINUTE_MS;
      return ctx.syncs
        .filter((s) => s.nextSync !== null && t > Date.parse(s.nextSync) + grace)
        .map((s) => ({ subject: `sync:${s.name}`, value: Math.round((t - Date.parse(s.nextSync!)) / MINUTE_MS), message: `Sync "${s.name}" was due at ${s.nextSync} and has not run.` }));
    }
    case 'change-set-held':
      return ctx.syncs.filter((s) => s.held).map((s) => ({ subject: `sync:${s.name}`, value: null, message: `Sync "${s.name}" holds a change set for approval: ${s.held!.reason}` }));
  }
}

function windowPoint(ctx: ConditionContext, integration: string, minutes: number) {
  const to = ctx.now.getTime();
  const from = to - minutes * MINUTE_MS;
  const a = ctx.store.aggregate(from, to, to, { integration }, () => from).get(from);
  return a ? toPoint(a, from, to, to - from) : { calls: 0, errorRate: null, p95Ms: null };
}
