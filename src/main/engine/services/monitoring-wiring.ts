import type { Alert } from '../../../shared/api/contracts/monitoring';
import type { EngineState } from '../core/engine-state';
import type { AlertNotifier, WebhookSummary } from '../monitoring/alert-notifier';
import type { AlertEmail } from '../notify/alert-email';
import { WebhooksRepo } from '../project/webhooks-repo';
import type { Notifier } from './notifications-service';

/** Deliveries looked at per endpoint for its success rate and error count. */
const RECENT_DELIVERIES = 100;

/**
 * The alert escalation's real channels (issue 20): the desktop step is the `alert.fired` event
 * every window already gets (the desktop shell turns it into a notification); the webhook step
 * queues a signed `alert.fired` / `alert.resolved` to the endpoints that subscribe; the e-mail
 * step sends through the project's SMTP settings. Each throws when it cannot, which the alert's
 * history shows; none waits for a receiver.
 */
export function alertChannels(notifier: () => Notifier): AlertNotifier {
  return {
    desktop: () => undefined,
    webhook(alert) {
      const ids = notifier().deliverEvent(alert.state === 'resolved' ? 'alert.resolved' : 'alert.fired', alert, alert.id);
      if (ids.length === 0) throw new Error('No webhook endpoint subscribes to alerts (add one with the alert.fired event).');
    },
    async email(alert) {
      await notifier().sendAlertEmail(alertEmailOf(alert));
    },
  };
}

/** An alert as its e-mail says it. */
export function alertEmailOf(alert: Alert): AlertEmail {
  return {
    rule: alert.rule,
    state: alert.state === 'resolved' ? 'resolved' : alert.escalationLevel >= 2 ? 'escalated' : 'fired',
    severity: alert.severity,
    message: alert.message,
    at: alert.resolvedAt ?? alert.firedAt,
    subject: alert.subject,
    ...(alert.value !== null ? { facts: { Measured: alert.value } } : {}),
  };
}

/** The open project's webhook endpoints as the integrations view lists them, from their recent deliveries. */
export function webhookSummaries(state: EngineState): WebhookSummary[] {
  if (!state.session) return [];
  const repo = new WebhooksRepo(state.session.project.db);
  return repo.endpoints().map((e) => {
    const recent = repo.deliveries({ endpointId: e.id, limit: RECENT_DELIVERIES }).filter((d) => d.event !== 'test');
    const done = recent.filter((d) => d.status === 'delivered' || d.status === 'failed');
    const failed = done.filter((d) => d.status === 'failed').length;
    return {
      id: e.id,
      name: e.name,
      status: !e.enabled ? 'Inactive' : failed > 0 && done[0]?.status === 'failed' ? 'Error' : 'Active',
      lastDelivery: recent[0]?.createdAt ?? null,
      errorCount: failed,
      successRate: done.length ? (done.length - failed) / done.length : null,
    };
  });
}
