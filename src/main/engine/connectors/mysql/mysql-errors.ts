import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { networkError, tlsUnavailable, type ServerRef } from '../sql/network-errors';

/**
 * Turns whatever mysql2 threw into a StudioError with a stable code. The server's error name
 * (err.code, e.g. ER_ACCESS_DENIED_ERROR) decides for server errors; socket codes for the rest.
 */
export function mapMySqlError(err: unknown, server: ServerRef & { user: string }, where?: ErrorLocation): StudioError {
  if (err instanceof StudioError) return err;
  const e = err as { code?: string; errno?: number; sqlMessage?: string; message?: string };
  const code = String(e.code ?? '');
  const detail = e.sqlMessage ?? e.message ?? String(err);
  const at = `${server.host}:${server.port}`;
  const table = where?.table ? `"${where.table}"` : 'the table';
  const extra = { where, cause: err };
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_HOST_NOT_PRIVILEGED':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return new StudioError('SOURCE_AUTH_FAILED', `The MySQL/MariaDB server at ${at} refused to log in user "${server.user}": ${detail}`, code === 'ER_HOST_NOT_PRIVILEGED' ? 'Ask the database administrator to allow this user to connect from this computer.' : 'Check the user name and password (they are case-sensitive).', extra);
    case 'ER_BAD_DB_ERROR':
      return new StudioError('SOURCE_NOT_FOUND', `The MySQL/MariaDB server at ${at} has no database "${server.database}".`, 'Check the database name in the connection string (SHOW DATABASES lists them).', extra);
    case 'ER_DBACCESS_DENIED_ERROR':
      return new StudioError('SOURCE_PERMISSION_DENIED', `User "${server.user}" may not use database "${server.database}" on ${at} (or it does not exist): ${detail}`, 'Check the database name; if it is right, ask the administrator to GRANT SELECT on it to this user.', extra);
    case 'ER_NO_SUCH_TABLE':
      return new StudioError('STREAM_NOT_FOUND', `The table ${table} no longer exists in database "${server.database}" (it may have been dropped or renamed during the read).`, 'Run discovery again to see the tables the database has now.', extra);
    case 'ER_BAD_FIELD_ERROR':
      return new StudioError('COLUMN_NOT_FOUND', `A column the read needs no longer exists in ${table}: ${detail}`, 'Run discovery again to see the columns the table has now, then update the mapping.', extra);
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_COLUMNACCESS_DENIED_ERROR':
    case 'ER_SPECIFIC_ACCESS_DENIED_ERROR':
    case 'ER_PROCACCESS_DENIED_ERROR':
      return new StudioError('SOURCE_PERMISSION_DENIED', `User "${server.user}" may not read ${table} on ${at}: ${detail}`, 'Ask the database administrator to GRANT SELECT on the database to this user, or connect as a user who may read it.', extra);
    case 'ER_LOCK_WAIT_TIMEOUT':
    case 'ER_STATEMENT_TIMEOUT':
    case 'ER_QUERY_TIMEOUT':
      return new StudioError('SOURCE_TIMEOUT', `The MySQL/MariaDB server at ${at} gave up waiting${code === 'ER_LOCK_WAIT_TIMEOUT' ? ' for a lock held by another program' : ''} while reading ${table}: ${detail}`, 'Try again when the database is less busy, or raise queryTimeout (milliseconds).', extra);
    case 'ER_QUERY_INTERRUPTED':
    case 'ER_CONNECTION_KILLED':
    case 'ER_SERVER_SHUTDOWN':
      return new StudioError('CONNECTION_FAILED', `The MySQL/MariaDB server at ${at} stopped the read: ${detail}`, 'The server is restarting or an administrator ended the session; try again shortly.', extra);
    case 'ER_CON_COUNT_ERROR':
    case 'ER_TOO_MANY_USER_CONNECTIONS':
      return new StudioError('CONNECTION_FAILED', `The MySQL/MariaDB server at ${at} has no free connections: ${detail}`, 'Close other programs connected to it, or ask the administrator to raise max_connections.', extra);
    case 'ER_VIEW_INVALID':
      return new StudioError('SOURCE_CORRUPT', `The view ${table} cannot be read: ${detail}`, 'The view refers to tables or columns that no longer exist; ask the administrator to fix or drop it.', extra);
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return tlsUnavailable({ ...server, product: 'MySQL/MariaDB' }, err);
    case 'HANDSHAKE_SSL_ERROR': {
      // mysql2 replaces the TLS error's own code with its own; the message still says which it was.
      const tls = networkError({ code: tlsCodeOfMessage(detail) }, { ...server, product: 'MySQL/MariaDB' }, where);
      if (tls) return new StudioError(tls.code, tls.message, tls.hint, extra);
      break;
    }
  }
  const net = networkError(err, { ...server, product: 'MySQL/MariaDB' }, where);
  if (net) return net;
  if (/Can't add new command when connection is in closed state|connection is in closed state/i.test(detail)) {
    return new StudioError('CONNECTION_FAILED', `The connection to the MySQL/MariaDB server at ${at} was lost.`, 'The server may have restarted, or the network dropped; try again.', extra);
  }
  return new StudioError('CONNECTION_FAILED', `The MySQL/MariaDB server at ${at} reported a problem${where?.table ? ` with ${table}` : ''}: ${detail}${code ? ` (${code})` : ''}`, 'Try again; if it keeps happening, show this message to the database administrator.', extra);
}

/** Node's TLS failure messages, back to the codes mysql2 overwrote (HANDSHAKE_SSL_ERROR). */
const TLS_MESSAGES: [RegExp, string][] = [
  [/does not match certificate's altnames/i, 'ERR_TLS_CERT_ALTNAME_INVALID'],
  [/self[- ]signed certificate in certificate chain/i, 'SELF_SIGNED_CERT_IN_CHAIN'],
  [/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  [/unable to verify the first certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  [/unable to get local issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  [/certificate has expired/i, 'CERT_HAS_EXPIRED'],
  [/certificate is not yet valid/i, 'CERT_NOT_YET_VALID'],
];

function tlsCodeOfMessage(message: string): string {
  return TLS_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? 'ERR_SSL_HANDSHAKE_FAILED';
}
