import { randomBytes, randomUUID } from 'node:crypto';
import type { NotificationsService } from '../../../shared/api/services';
import type { EventMessage } from '../../../shared/api/rpc';
import { StudioError } from '../../../shared/errors';
import type { RunInfo } from '../../../shared/model/run';
import type { SmtpSendResult, SmtpSettings, SmtpSettingsInfo, WebhookEndpointInfo, WebhookEventKind } from '../../../shared/model/notify';
import { requireSession, type EngineState } from '../core/engine-state';
import type { ProjectSession } from '../core/project-session';
import { sendAlertEmail as sendAlertEmailVia, type AlertEmail } from '../notify/alert-email';
import type { NotifyTimers } from '../notify/notify-timers';
import { sendSmtp } from '../notify/smtp-mailer';
import { WebhookDispatcher } from '../notify/webhook-dispatcher';
import { checkWebhookUrl } from '../notify/webhook-url';
import { WebhooksRepo, type StoredEndpoint } from '../project/webhooks-repo';
import { SECRET_PURPOSES, SMTP_PASSWORD_NAME, webhookSecretName } from '../security/secret-names';

/** What tests (and a host) may inject into the webhook queue. */
export interface NotifyOptions {
  timers?: NotifyTimers;
  fetch?: typeof fetch;
  /** SMTP connect/greeting/socket timeout (default 15 s). */
  smtpTimeoutMs?: number;
}

const DEFAULT_RETRY = { count: 3, intervalsSeconds: [30, 120, 600] };
const DEFAULT_TIMEOUT_MS = 10_000;

/** The outgoing side of notifications for one open project: its webhook queue and repository. */
interface ProjectNotifier {
  repo: WebhooksRepo;
  dispatcher: WebhookDispatcher;
  /** Runs already announced, so a run's several final `run.updated` events make one delivery. */
  announced: Set<string>;
}

const notifiers = new WeakMap<ProjectSession, ProjectNotifier>();

/** The open project's notifier, made on first use and stopped when the project closes. */
function notifierOf(s: ProjectSession, options: NotifyOptions): ProjectNotifier {
  let n = notifiers.get(s);
  if (n) return n;
  const repo = new WebhooksRepo(s.project.db);
  const dispatcher = new WebhookDispatcher({ repo, withSecret: (id, fn) => s.vault.use(webhookSecretName(id), fn), timers: options.timers, fetch: options.fetch });
  n = { repo, dispatcher, announced: new Set() };
  notifiers.set(s, n);
  s.onClose(() => dispatcher.close());
  dispatcher.resume();
  return n;
}

/**
 * What the rest of the engine calls to notify (the alert rules' AlertNotifier, the sync's
 * events): `deliverEvent` queues a signed webhook to every subscribed endpoint and returns at
 * once (never throws, never waits for a receiver); `sendAlertEmail` sends an alert through the
 * project's SMTP settings (throws SMTP_* errors; SMTP_NOT_CONFIGURED when there are none).
 */
export interface Notifier {
  deliverEvent(kind: WebhookEventKind, payload: unknown, subject?: string | null): string[];
  sendAlertEmail(alert: AlertEmail): Promise<SmtpSendResult>;
}

/** The {@link Notifier} of whatever project is open when it is called (none open: nothing is sent). */
export function notifierFor(state: EngineState, options: NotifyOptions = {}): Notifier {
  return {
    deliverEvent(kind, payload, subject = null) {
      return state.session ? notifierOf(state.session, options).dispatcher.deliverEvent(kind, payload, subject) : [];
    },
    async sendAlertEmail(alert) {
      const s = requireSession(state);
      const settings = notifierOf(s, options).repo.smtpSettings();
      if (!settings) throw smtpNotConfigured();
      return withSmtpPassword(s, settings, (password) => sendAlertEmailVia(settings, password, alert, { timeoutMs: options.smtpTimeoutMs }));
    },
  };
}

/**
 * Hooks a run's end to the `run.completed` / `run.failed` webhooks. Listens on the engine's
 * event bus, so the run itself knows nothing of webhooks and is never held up by them. When a
 * project is opened, its queue resumes: deliveries waiting for a retry go out when due.
 */
export function deliverRunEvents(state: EngineState, options: NotifyOptions = {}): () => void {
  return state.bus.on((message: EventMessage) => {
    if (message.kind !== 'event') return;
    if (message.event === 'project.changed') {
      if (message.payload && state.session) notifierOf(state.session, options);
      return;
    }
    if (message.event !== 'run.updated') return;
    const run = message.payload as RunInfo;
    const kind: WebhookEventKind | null = run.status === 'Completed' ? 'run.completed' : run.status === 'Failed' ? 'run.failed' : null;
    const s = state.session;
    if (!kind || !s) return;
    const n = notifierOf(s, options);
    if (n.announced.has(run.runId)) return;
    n.announced.add(run.runId);
    n.dispatcher.deliverEvent(kind, run, run.runId);
  });
}

/** The `notifications` service: webhook endpoints, their deliveries, and the SMTP settings. */
export function notificationsService(state: EngineState, options: NotifyOptions = {}): NotificationsService {
  const current = () => {
    const s = requireSession(state);
    return { s, n: notifierOf(s, options) };
  };
  const info = async (s: ProjectSession, e: StoredEndpoint): Promise<WebhookEndpointInfo> => ({ ...e, secretStatus: await secretStatus(s, webhookSecretName(e.id)) });
  const endpointOrThrow = (n: ProjectNotifier, id: string) => {
    const e = n.repo.endpoint(id);
    if (!e) throw new StudioError('WEBHOOK_NOT_FOUND', `There is no webhook endpoint "${id}".`, 'List the endpoints and pick one of them.', { details: { id } });
    return e;
  };

  return {
    async listEndpoints() {
      const { s, n } = current();
      return Promise.all(n.repo.endpoints().map((e) => info(s, e)));
    },

    async createEndpoint(req) {
      const { s, n } = current();
      const url = checkWebhookUrl(req.url);
      const now = state.now().toISOString();
      const endpoint: StoredEndpoint = {
        id: `whk_${randomUUID()}`,
        name: req.name,
        url,
        method: req.method ?? 'POST',
        contentType: req.contentType ?? 'json',
        events: [...new Set(req.events)],
        retry: req.retry ?? DEFAULT_RETRY,
        timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        enabled: req.enabled ?? true,
        createdAt: now,
        updatedAt: now,
      };
      const made = req.secret === undefined ? `whsec_${randomBytes(24).toString('base64url')}` : null;
      // The secret first: an endpoint must never exist without the key its deliveries are signed with.
      await s.vault.set(webhookSecretName(endpoint.id), SECRET_PURPOSES.webhookSecret, req.secret ?? (made as string));
      n.repo.saveEndpoint(endpoint);
      s.audit.append({ action: 'webhook.create', object: `webhook:${endpoint.id}`, summary: `Added the webhook endpoint "${endpoint.name}" (${endpoint.method} ${url}) for ${endpoint.events.join(', ')}.` });
      return { ...(await info(s, endpoint)), ...(made ? { secret: made } : {}) };
    },

    async updateEndpoint(req) {
      const { s, n } = current();
      const before = endpointOrThrow(n, req.id);
      const url = req.url === undefined ? before.url : checkWebhookUrl(req.url);
      const after: StoredEndpoint = {
        ...before,
        url,
        ...(req.name !== undefined ? { name: req.name } : {}),
        ...(req.method !== undefined ? { method: req.method } : {}),
        ...(req.contentType !== undefined ? { contentType: req.contentType } : {}),
        ...(req.events !== undefined ? { events: [...new Set(req.events)] } : {}),
        ...(req.retry !== undefined ? { retry: req.retry } : {}),
        ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
        ...(req.enabled !== undefined ? { enabled: req.enabled } : {}),
        updatedAt: state.now().toISOString(),
      };
      if (req.secret !== undefined) await s.vault.set(webhookSecretName(before.id), SECRET_PURPOSES.webhookSecret, req.secret);
      n.repo.saveEndpoint(after);
      s.audit.append({ action: 'webhook.update', object: `webhook:${before.id}`, summary: `Changed the webhook endpoint "${after.name}" (${after.method} ${after.url}${after.enabled ? '' : ', disabled'})${req.secret !== undefined ? '; its secret was replaced' : ''}.` });
      return info(s, after);
    },

    async removeEndpoint({ id }) {
      const { s, n } = current();
      const e = endpointOrThrow(n, id);
      n.repo.removeEndpoint(id);
      s.vault.forget(webhookSecretName(id));
      s.audit.append({ action: 'webhook.remove', object: `webhook:${id}`, summary: `Removed the webhook endpoint "${e.name}" (${e.url}) with its delivery log.` });
    },

    async listDeliveries({ endpointId, limit }) {
      const { n } = current();
      return n.repo.deliveries({ endpointId, limit: limit ?? 100 });
    },

    async redeliver({ deliveryId }) {
      const { s, n } = current();
      const delivery = n.dispatcher.redeliver(deliveryId);
      s.audit.append({ action: 'webhook.redeliver', object: `webhook:${delivery.endpointId}`, summary: `Queued the ${delivery.event} delivery ${deliveryId} again as ${delivery.id}.` });
      return delivery;
    },

    async testSend({ endpointId }) {
      const { n } = current();
      return n.dispatcher.testSend(endpointId);
    },

    async smtpSettings() {
      const { s, n } = current();
      return smtpInfo(s, n.repo.smtpSettings());
    },

    async setSmtpSettings(req) {
      const { s, n } = current();
      const { password, ...rest } = req;
      const settings: SmtpSettings = { ...rest, allowSelfSigned: rest.allowSelfSigned ?? false };
      if (password !== undefined) await s.vault.set(SMTP_PASSWORD_NAME, SECRET_PURPOSES.smtpPassword, password);
      n.repo.saveSmtpSettings(settings, state.now().toISOString());
      s.audit.append({ action: 'smtp.settings', object: 'smtp', summary: `Set the SMTP server to ${settings.host}:${settings.port} (${settings.tls}${settings.user ? `, as ${settings.user}` : ''}); alerts go to ${settings.to.join(', ')}${password !== undefined ? '; the password was replaced' : ''}.` });
      return smtpInfo(s, settings);
    },

    async testSmtp({ to }) {
      const { s, n } = current();
      const settings = n.repo.smtpSettings();
      if (!settings) throw smtpNotConfigured();
      const recipients = to ? [to] : settings.to;
      return withSmtpPassword(s, settings, (password) =>
        sendSmtp(
          settings,
          password,
          { to: recipients, subject: '[Academia Studio] Test message', text: 'A test message from Academia Studio: alert email reaches you through these SMTP settings.\n' },
          { timeoutMs: options.smtpTimeoutMs },
        ),
      );
    },
  };
}

async function secretStatus(s: ProjectSession, name: string): Promise<WebhookEndpointInfo['secretStatus']> {
  try {
    return await s.vault.status(name);
  } catch {
    return 'needs-reentry';
  }
}

async function smtpInfo(s: ProjectSession, settings: SmtpSettings | null): Promise<SmtpSettingsInfo> {
  return { settings, passwordStatus: await secretStatus(s, SMTP_PASSWORD_NAME) };
}

/** Runs `fn` with the SMTP password when the settings sign in (a relay that does not needs none). */
export function withSmtpPassword<T>(s: ProjectSession, settings: SmtpSettings, fn: (password: string | null) => Promise<T>): Promise<T> {
  if (!settings.user) return fn(null);
  if (!s.vault.has(SMTP_PASSWORD_NAME)) {
    throw new StudioError('SMTP_NOT_CONFIGURED', `No SMTP password is stored for "${settings.user}".`, 'Enter the SMTP password in the notification settings, or clear the user if the server takes mail without signing in.');
  }
  return s.vault.use(SMTP_PASSWORD_NAME, fn);
}

export function smtpNotConfigured(): StudioError {
  return new StudioError('SMTP_NOT_CONFIGURED', 'No SMTP server is set up for this project, so no email can be sent.', 'Enter the SMTP settings (host, port, TLS mode, user, sender and recipients) and send a test message.');
}
