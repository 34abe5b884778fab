import type { MonitoringService } from '../../../shared/api/contracts/monitoring';
import { requireSession, type EngineState } from '../core/engine-state';
import { monitorOf } from '../core/session-monitor';
import { queryMetrics } from '../monitoring/metrics-query';
import { currentActor } from '../security/actor';

/**
 * The `monitoring` service (issue 20): metrics, the integrations view, alerts and their rules for
 * the open project. Acknowledging, resolving and changing a rule are audited.
 */
export function monitoringService(state: EngineState): MonitoringService {
  return {
    async metrics(q) {
      const monitor = monitorOf(state);
      monitor.store.ingest();
      return queryMetrics(monitor.store, q, state.now());
    },
    async integrations() {
      return monitorOf(state).integrations();
    },
    async alerts(q) {
      return monitorOf(state).alerts.list(q?.state ?? 'open', q?.limit ?? 200);
    },
    async alertHistory({ id }) {
      return monitorOf(state).alerts.history(id);
    },
    async acknowledge({ id }) {
      const s = requireSession(state);
      const before = monitorOf(state, s).alerts.repo.get(id);
      const alert = monitorOf(state, s).alerts.acknowledge(id, currentActor());
      if (before.state === 'firing') s.audit.append({ action: 'alert.acknowledge', object: `alert:${id}`, summary: `Acknowledged alert ${id} (${alert.rule}, ${alert.subject}).` });
      return alert;
    },
    async resolve({ id }) {
      const s = requireSession(state);
      const before = monitorOf(state, s).alerts.repo.get(id);
      const alert = monitorOf(state, s).alerts.resolve(id, currentActor());
      if (before.state !== 'resolved') s.audit.append({ action: 'alert.resolve', object: `alert:${id}`, summary: `Resolved alert ${id} (${alert.rule}, ${alert.subject}).` });
      return alert;
    },
    async rules() {
      return monitorOf(state).alerts.repo.rules();
    },
    async setRule(rule) {
      const s = requireSession(state);
      const saved = monitorOf(state, s).alerts.repo.setRule(rule, state.now());
      s.audit.append({ action: 'alert.rule', object: `alert-rule:${rule.id}`, summary: `Set alert rule ${rule.id} (${rule.kind}, ${rule.enabled ? 'enabled' : 'disabled'}, ${rule.severity}, escalates after ${rule.escalateAfterMinutes} min): ${JSON.stringify(rule.params)}.` });
      return saved;
    },
    async refresh() {
      return monitorOf(state).refresh();
    },
  };
}
