import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NotificationsService } from '../../../shared/api/contracts/notifications';
import type { SmtpSendResult, SmtpSettingsInfo, WebhookAttemptInfo, WebhookDeliveryInfo, WebhookEndpointInfo } from '../../../shared/model/notify';
import { isNoProjectError, type StoreDeps } from './store-deps';

export type EndpointInput = Parameters<NotificationsService['createEndpoint']>[0];
export type EndpointUpdate = Parameters<NotificationsService['updateEndpoint']>[0];
export type SmtpInput = Parameters<NotificationsService['setSmtpSettings']>[0];

/** The last test's answer, shown until the next one. */
export type NotificationTest = { kind: 'webhook'; endpointId: string; attempt: WebhookAttemptInfo } | { kind: 'smtp'; result: SmtpSendResult };

export interface NotificationsState {
  endpoints: WebhookEndpointInfo[];
  /** The endpoint whose deliveries are shown (null: none chosen yet). */
  selectedId: string | null;
  /** The selected endpoint's recent deliveries, newest first. */
  deliveries: WebhookDeliveryInfo[];
  /** Each endpoint's newest delivery (of the newest LATEST_SCAN across all endpoints), by endpoint id. */
  latest: Record<string, WebhookDeliveryInfo>;
  smtp: SmtpSettingsInfo | null;
  loaded: boolean;
  /** What the engine is working on (`test:<id>`, `redeliver:<id>`, `smtp`…), while it works. */
  busy: string | null;
  lastTest: NotificationTest | null;
  load(): Promise<void>;
  select(endpointId: string): Promise<void>;
  /**
   * Adds an endpoint; answers it with the secret the studio made (present only this once: the
   * store does not keep it), or null when refused.
   */
  create(input: EndpointInput): Promise<(WebhookEndpointInfo & { secret?: string }) | null>;
  update(input: EndpointUpdate): Promise<boolean>;
  remove(endpointId: string): Promise<void>;
  testSend(endpointId: string): Promise<void>;
  redeliver(deliveryId: string): Promise<void>;
  saveSmtp(input: SmtpInput): Promise<boolean>;
  testSmtp(): Promise<void>;
  reset(): void;
}

export type NotificationsStore = StoreApi<NotificationsState>;

/** How many deliveries of an endpoint are shown. */
export const DELIVERIES_SHOWN = 50;
/** How many recent deliveries are read to find each endpoint's last one. */
export const LATEST_SCAN = 200;

const initial = {
  endpoints: [] as WebhookEndpointInfo[],
  selectedId: null as string | null,
  deliveries: [] as WebhookDeliveryInfo[],
  latest: {} as Record<string, WebhookDeliveryInfo>,
  smtp: null as SmtpSettingsInfo | null,
  loaded: false,
  busy: null as string | null,
  lastTest: null as NotificationTest | null,
};

/**
 * The Settings screen's notifications: webhook endpoints with their delivery log, and the SMTP
 * settings alert email goes through. Read when the cards are first shown. Secrets never live
 * here: a made webhook secret is handed back once to the caller, the SMTP password only passes.
 */
export function createNotificationsStore({ api, reportError }: StoreDeps): NotificationsStore {
  return createStore<NotificationsState>()((set, get) => {
    const readDeliveries = async (endpointId: string | null) => {
      const deliveries = endpointId ? await api.notifications.listDeliveries({ endpointId, limit: DELIVERIES_SHOWN }) : [];
      // A slower answer for an endpoint no longer selected is dropped.
      if (get().selectedId === endpointId) set({ deliveries });
    };
    const readLatest = async () => {
      const latest: Record<string, WebhookDeliveryInfo> = {};
      // Newest first: the first seen of an endpoint is its last delivery.
      for (const d of await api.notifications.listDeliveries({ limit: LATEST_SCAN })) latest[d.endpointId] ??= d;
      set({ latest });
    };
    const refresh = async () => {
      const [endpoints, smtp] = await Promise.all([api.notifications.listEndpoints(), api.notifications.smtpSettings()]);
      const keep = endpoints.some((e) => e.id === get().selectedId) ? get().selectedId : (endpoints[0]?.id ?? null);
      set({ endpoints, smtp, selectedId: keep, loaded: true });
      await Promise.all([readDeliveries(keep), readLatest()]);
    };
    const working = async (key: string, action: string, work: () => Promise<void>) => {
      if (get().busy) return;
      set({ busy: key });
      try {
        await work();
      } catch (error) {
        reportError(error, action);
      } finally {
        set({ busy: null });
      }
    };
    return {
      ...initial,
      async load() {
        try {
          await refresh();
        } catch (error) {
          set({ loaded: true });
          if (!isNoProjectError(error)) reportError(error, 'Reading the notification settings');
        }
      },
      async select(endpointId) {
        set({ selectedId: endpointId, deliveries: [] });
        try {
          await readDeliveries(endpointId);
        } catch (error) {
          reportError(error, 'Reading the deliveries');
        }
      },
      async create(input) {
        try {
          const created = await api.notifications.createEndpoint(input);
          set({ selectedId: created.id });
          await refresh();
          return created;
        } catch (error) {
          reportError(error, 'Adding the webhook endpoint');
          return null;
        }
      },
      async update(input) {
        try {
          await api.notifications.updateEndpoint(input);
          await refresh();
          return true;
        } catch (error) {
          reportError(error, 'Saving the webhook endpoint');
          return false;
        }
      },
      remove: (endpointId) =>
        working(`remove:${endpointId}`, 'Removing the webhook endpoint', async () => {
          await api.notifications.removeEndpoint({ id: endpointId });
          await refresh();
        }),
      testSend: (endpointId) =>
        working(`test:${endpointId}`, 'Sending a test webhook', async () => {
          const attempt = await api.notifications.testSend({ endpointId });
          set({ lastTest: { kind: 'webhook', endpointId, attempt } });
          await Promise.all([readDeliveries(get().selectedId), readLatest()]);
        }),
      redeliver: (deliveryId) =>
        working(`redeliver:${deliveryId}`, 'Redelivering the webhook', async () => {
          await api.notifications.redeliver({ deliveryId });
          await Promise.all([readDeliveries(get().selectedId), readLatest()]);
        }),
      async saveSmtp(input) {
        set({ busy: 'smtp' });
        try {
          set({ smtp: await api.notifications.setSmtpSettings(input) });
          return true;
        } catch (error) {
          reportError(error, 'Saving the SMTP settings');
          return false;
        } finally {
          set({ busy: null });
        }
      },
      testSmtp: () =>
        working('smtp-test', 'Sending a test email', async () => {
          set({ lastTest: { kind: 'smtp', result: await api.notifications.testSmtp({}) } });
        }),
      reset: () => set({ ...initial }),
    };
  });
}
