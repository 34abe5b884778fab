import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { networkError, tlsUnavailable, type ServerRef } from '../sql/network-errors';

/**
 * Turns whatever pg threw into a StudioError with a stable code. PostgreSQL's SQLSTATE decides
 * for server errors; socket codes and pg's own messages for the rest.
 */
export function mapPgError(err: unknown, server: ServerRef & { user: string }, where?: ErrorLocation): StudioError {
  if (err instanceof StudioError) return err;
  const e = err as { code?: string; message?: string };
  const sqlstate = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : '';
  const detail = e.message ?? String(err);
  const at = `${server.host}:${server.port}`;
  const extra = { where, cause: err };
  switch (sqlstate) {
    case '28P01':
    case '28000':
      return new StudioError('SOURCE_AUTH_FAILED', `The PostgreSQL server at ${at} refused to log in user "${server.user}": ${detail}.`, 'Check the user name and password; if they are right, ask the database administrator to allow this user to connect from this computer (pg_hba.conf).', extra);
    case '3D000':
      return new StudioError('SOURCE_NOT_FOUND', `The PostgreSQL server at ${at} has no database "${server.database}".`, 'Check the database name in the connection string (names are case-sensitive).', extra);
    case '42P01':
      return new StudioError('STREAM_NOT_FOUND', `The table ${where?.table ? `"${where.table}" ` : ''}no longer exists in database "${server.database}" (it may have been dropped or renamed during the read).`, 'Run discovery again to see the tables the database has now.', extra);
    case '42703':
      return new StudioError('COLUMN_NOT_FOUND', `A column the read needs no longer exists${where?.table ? ` in ${where.table}` : ''}: ${detail}.`, 'Run discovery again to see the columns the table has now, then update the mapping.', extra);
    case '42501':
      return new StudioError('SOURCE_PERMISSION_DENIED', `User "${server.user}" may not read ${where?.table ? `"${where.table}"` : 'this'} on the PostgreSQL server at ${at}: ${detail}.`, 'Ask the database administrator to GRANT SELECT (and USAGE on the schema) to this user, or connect as a user who may read it.', extra);
    case '57014':
    case '55P03':
      return new StudioError('SOURCE_TIMEOUT', `The PostgreSQL server at ${at} gave up waiting${sqlstate === '55P03' ? ' for a lock held by another program' : ''}${where?.table ? ` while reading ${where.table}` : ''}: ${detail}.`, 'Try again when the database is less busy, or raise queryTimeout (milliseconds).', extra);
    case '57P01':
    case '57P02':
    case '57P03':
      return new StudioError('CONNECTION_FAILED', `The PostgreSQL server at ${at} ended the connection: ${detail}.`, 'The server is restarting or an administrator ended the session; try again shortly.', extra);
    case '53300':
      return new StudioError('CONNECTION_FAILED', `The PostgreSQL server at ${at} has no free connections: ${detail}.`, 'Close other programs connected to it, or ask the administrator to raise max_connections.', extra);
  }
  if (sqlstate.startsWith('22')) {
    const code = sqlstate === '22021' || sqlstate === '22P05' ? 'SOURCE_ENCODING' : 'SOURCE_CORRUPT';
    return new StudioError(code, `PostgreSQL could not hand out a value${where?.table ? ` of ${where.table}` : ''}: ${detail} (SQLSTATE ${sqlstate}).`, 'Check the value in the source; the table may hold data its type or encoding does not allow.', extra);
  }
  const net = networkError(err, { ...server, product: 'PostgreSQL' }, where);
  if (net) return net;
  if (/does not support SSL/i.test(detail)) return tlsUnavailable({ ...server, product: 'PostgreSQL' }, err);
  if (/timeout expired|due to connection timeout/i.test(detail)) {
    return new StudioError('SOURCE_TIMEOUT', `The PostgreSQL server at ${at} did not answer in time while connecting.`, 'Check that the host and port are right and that a firewall does not silently drop the connection; raise connectTimeout (milliseconds) for a slow link.', extra);
  }
  if (/password must be a (non-empty )?string/i.test(detail)) {
    return new StudioError('SOURCE_AUTH_FAILED', `The PostgreSQL server at ${at} asks for a password for user "${server.user}", and none was given.`, 'Enter the password for this connection.', extra);
  }
  if (/Connection terminated|connection ended|not queryable/i.test(detail)) {
    return new StudioError('CONNECTION_FAILED', `The connection to the PostgreSQL server at ${at} was lost: ${detail}.`, 'The server may have restarted, or the network dropped; try again.', extra);
  }
  return new StudioError('CONNECTION_FAILED', `The PostgreSQL server at ${at} reported a problem${where?.table ? ` with ${where.table}` : ''}: ${detail}${sqlstate ? ` (SQLSTATE ${sqlstate})` : ''}.`, 'Try again; if it keeps happening, show this message to the database administrator.', extra);
}
