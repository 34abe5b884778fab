import { StudioError, type ErrorLocation } from '../../../../shared/errors';

/** Which server a failure is about, so every message says where. */
export interface ServerRef {
  /** "MySQL/MariaDB" or "PostgreSQL". */
  product: string;
  host: string;
  port: number;
  database: string;
}

/** Socket error codes of a server certificate that failed verification (any driver on Node's TLS). */
export const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Network and TLS failures look the same whatever the driver: the socket's error code says what
 * happened. Returns null when the error is not one of them (the driver's own codes decide then).
 */
export function networkError(err: unknown, server: ServerRef, where?: ErrorLocation): StudioError | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  const at = `${server.host}:${server.port}`;
  const extra = { where, cause: err };
  switch (code) {
    case 'ECONNREFUSED':
      return new StudioError('CONNECTION_FAILED', `Nothing accepted a connection at ${at}: the ${server.product} server is not running there, or the port is wrong.`, 'Check the host and port, that the server is running, and that it accepts network connections (bind address, firewall).', extra);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StudioError('CONNECTION_FAILED', `The server name "${server.host}" could not be found.`, 'Check the spelling of the host name, or use its IP address.', extra);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new StudioError('CONNECTION_FAILED', `${at} cannot be reached from this computer.`, 'Check the network connection, VPN and firewall between this computer and the server.', extra);
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
      return new StudioError('SOURCE_TIMEOUT', `The ${server.product} server at ${at} did not answer in time.`, 'Check that the host and port are right and that a firewall does not silently drop the connection; raise connectTimeout for a slow link.', extra);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ERR_SOCKET_CLOSED':
      return new StudioError('CONNECTION_FAILED', `The ${server.product} server at ${at} closed the connection.`, 'The server may have restarted or dropped idle connections; try again, and check the server log if it keeps happening.', extra);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new StudioError('SOURCE_TLS_FAILED', `The encrypted connection to ${at} was refused because the server's certificate is not issued for the name "${server.host}".`, 'Connect using a host name the certificate carries, or set sslmode=verify-ca to check the certificate chain without the name.', extra);
  }
  if (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return new StudioError('SOURCE_TLS_FAILED', `The encrypted connection to ${at} was refused because the server's certificate could not be verified (${code}).`, 'Give the certificate authority file with sslca=/path/to/ca.pem; or, only if you trust this network, set trustServerCertificate=true (or sslmode=disable to not encrypt at all).', extra);
  }
  return null;
}

/** Which server a saved connection's config names (host, port, database), for messages; `defaultPort` when none is set. */
export function serverRefOf(config: Record<string, string | number | boolean>, product: string, defaultPort: number): ServerRef & { user: string } {
  return { product, host: String(config.host || '127.0.0.1'), port: Number(config.port || defaultPort), database: String(config.database ?? ''), user: String(config.user ?? '') };
}

/** The error for a server that offers no TLS when the settings require it. */
export function tlsUnavailable(server: ServerRef, cause: unknown): StudioError {
  return new StudioError('SOURCE_TLS_FAILED', `The ${server.product} server at ${server.host}:${server.port} does not offer an encrypted connection, and the connection requires one (sslmode).`, 'Enable TLS on the server, or set sslmode=prefer to accept an unencrypted connection (shown with a warning).', { cause });
}

/** The error for a wait that took longer than the configured limit. */
export function serverTimeout(server: ServerRef, what: string, timeoutMs: number, where?: ErrorLocation): StudioError {
  return new StudioError('SOURCE_TIMEOUT', `The ${server.product} server at ${server.host}:${server.port} did not answer within ${Math.round(timeoutMs / 100) / 10} s while ${what}.`, 'The server may be busy, or the table locked by another program; try again later, or raise queryTimeout (milliseconds).', { where });
}
