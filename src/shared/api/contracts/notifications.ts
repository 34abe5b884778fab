import { z } from 'zod';
import {
  WEBHOOK_CONTENT_TYPES,
  WEBHOOK_EVENT_KINDS,
  type SmtpSendResult,
  type SmtpSettingsInfo,
  type WebhookAttemptInfo,
  type WebhookDeliveryInfo,
  type WebhookEndpointInfo,
} from '../../model/notify';
import { defineService, method, noParams, type ServiceOf } from '../contract';
import { id } from './common';

/**
 * The `notifications` service (issue 20): outgoing webhooks for the studio's own events, signed
 * with a per-endpoint secret kept in the vault, and the SMTP settings alert email goes through.
 * The URL is checked by the service, not here, so a `ftp://` address gets WEBHOOK_URL_INVALID
 * with a hint instead of a bare BAD_REQUEST.
 */

const retry = z
  .object({
    count: z.number().int().min(0).max(10),
    intervalsSeconds: z.array(z.number().int().min(1).max(86_400)).min(1).max(10),
  })
  .strict();

const endpointFields = {
  name: z.string().trim().min(1).max(200),
  url: z.string().min(1).max(2048),
  method: z.enum(['POST', 'PUT']),
  contentType: z.enum(WEBHOOK_CONTENT_TYPES),
  events: z.array(z.enum(WEBHOOK_EVENT_KINDS)).min(1).max(WEBHOOK_EVENT_KINDS.length),
  retry,
  timeoutMs: z.number().int().min(100).max(60_000),
  enabled: z.boolean(),
  /** The signing secret; on create, one is made (and shown once) when none is given. */
  secret: z.string().min(16).max(4096),
};

export const notificationsRequestSchemas = {
  createEndpoint: z
    .object({
      ...endpointFields,
      method: endpointFields.method.optional(),
      contentType: endpointFields.contentType.optional(),
      retry: retry.optional(),
      timeoutMs: endpointFields.timeoutMs.optional(),
      enabled: endpointFields.enabled.optional(),
      secret: endpointFields.secret.optional(),
    })
    .strict(),
  updateEndpoint: z.object(endpointFields).partial().extend({ id }).strict(),
  smtpSettings: z
    .object({
      host: z.string().trim().min(1).max(255),
      port: z.number().int().min(1).max(65_535),
      tls: z.enum(['none', 'starttls', 'tls']),
      user: z.string().min(1).max(320).nullable(),
      from: z.string().trim().min(3).max(320),
      to: z.array(z.string().trim().min(3).max(320)).min(1).max(50),
      allowSelfSigned: z.boolean().optional(),
      /** Stored in the vault; left out to keep the one stored. */
      password: z.string().min(1).max(4096).optional(),
    })
    .strict(),
};

export const notificationsContract = defineService({
  listEndpoints: method(noParams).returns<WebhookEndpointInfo[]>(),
  /** `secret` is in the answer only when the studio made it (the one time it is shown). */
  createEndpoint: method(notificationsRequestSchemas.createEndpoint).returns<WebhookEndpointInfo & { secret?: string }>(),
  updateEndpoint: method(notificationsRequestSchemas.updateEndpoint).returns<WebhookEndpointInfo>(),
  removeEndpoint: method(z.object({ id }).strict()).returns<void>(),
  /** Newest first; every attempt with its outcome, HTTP status, duration and error. */
  listDeliveries: method(z.object({ endpointId: id.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<WebhookDeliveryInfo[]>(),
  /** Sends a delivery's event again as a new delivery (with its own retries). */
  redeliver: method(z.object({ deliveryId: id }).strict()).returns<WebhookDeliveryInfo>(),
  /** One `test` event sent now, without retries; answers the attempt (also in the delivery log). */
  testSend: method(z.object({ endpointId: id }).strict()).returns<WebhookAttemptInfo & { deliveryId: string }>(),
  smtpSettings: method(noParams).returns<SmtpSettingsInfo>(),
  setSmtpSettings: method(notificationsRequestSchemas.smtpSettings).returns<SmtpSettingsInfo>(),
  /** Sends a test message to `to` (default: the settings' recipients); refusals come back as SMTP_* errors. */
  testSmtp: method(z.object({ to: z.string().trim().min(3).max(320).optional() }).strict()).returns<SmtpSendResult>(),
});

export type NotificationsService = ServiceOf<typeof notificationsContract>;
