/**
 * How secrets are named in the vault, so every service and the export agree. A name says whose
 * secret it is; the purpose says what it is for (and is sealed with it, so it cannot be swapped).
 */

/** Purposes of the secrets the studio keeps. */
export const SECRET_PURPOSES = {
  connectionPassword: 'source-connection-password',
  targetClientSecret: 'academia-pro-client-secret',
  targetAdminToken: 'academia-pro-admin-token',
  webhookSecret: 'webhook-signing-secret',
  smtpPassword: 'smtp-password',
  syncWebhookSecret: 'sync-webhook-signing-secret',
} as const;

/** `connection:<id>:password` (or another `what` for a connection's other secrets). */
export function connectionSecretName(connectionId: string, what = 'password'): string {
  return `connection:${connectionId}:${what}`;
}

/** The Academia Pro client secret of the target profile. */
export const TARGET_CLIENT_SECRET_NAME = 'target:client-secret';

/** The admin token of a standalone sandbox the target points at (printed when it starts). */
export const TARGET_ADMIN_TOKEN_NAME = 'target:admin-token';

/** `webhook:<endpoint id>:secret`: the key an outgoing webhook endpoint's deliveries are signed with. */
export function webhookSecretName(endpointId: string): string {
  return `webhook:${endpointId}:secret`;
}

/** `sync:<name>:webhook-secret`: the key Academia Pro signs the deliveries to an event-driven sync's receiver with. */
export function syncWebhookSecretName(job: string): string {
  return `sync:${job}:webhook-secret`;
}

/** The password of the SMTP server alert email goes through. */
export const SMTP_PASSWORD_NAME = 'smtp:password';

/** The connection id a secret belongs to, or null when it is not a connection's secret. */
export function connectionIdOfSecret(name: string): string | null {
  const m = /^connection:(.+):[^:]+$/.exec(name);
  return m ? m[1] : null;
}
