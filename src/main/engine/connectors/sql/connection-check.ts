import type { StudioError } from '../../../../shared/errors';
import type { ConnectionTestResult } from '../../../../shared/model/connection';
import type { TlsSettings } from './connection-settings';

/** The sentence check() ends with: whether the link is encrypted and how far the certificate was checked. */
export function linkSecurityNote(tls: TlsSettings, encrypted: boolean): string {
  if (encrypted) return 'The connection is encrypted (TLS, certificate verified' + (tls.verifyCertificate ? ')' : ' — no: certificate checks are turned off)');
  return `Warning: the connection is NOT encrypted${tls.mode === 'disable' ? ' (sslmode=disable)' : ' (the server offers no TLS)'}; passwords and data cross the network readable.`;
}

/** check()'s answer when connecting or the first query failed: the error's words and what to do. */
export function failedCheck(error: StudioError, startedAt: number): ConnectionTestResult {
  return { ok: false, at: new Date().toISOString(), message: `${error.message} ${error.hint}`, latencyMs: Date.now() - startedAt };
}
