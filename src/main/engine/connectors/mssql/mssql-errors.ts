import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { CERTIFICATE_CODES, networkError } from '../sql/network-errors';
import { cancelled } from '../sql/wait';
import { describeTarget, type MssqlSettings } from './mssql-config';

/** An ERROR token the server sent during login (tedious keeps only the last message). */
export interface ServerMessage {
  number: number;
  message: string;
}

/** What a failure is about, so every message says where and what. */
export interface FailureContext {
  settings: MssqlSettings;
  /** Connecting (login) or running a statement. */
  phase: 'connect' | 'query';
  /** "reading dbo.Person", "discovering the tables", ... */
  doing: string;
  where?: ErrorLocation;
  /** ERROR tokens of the failed login, newest last. */
  loginMessages?: ServerMessage[];
  rowsRead?: number;
}

const PERMISSION_NUMBERS = new Set([229, 230, 262, 297, 300, 916]);

/**
 * Turns an mssql/tedious failure into a StudioError with a stable code: the login error number
 * the server sent (18456 login failed, 4060 unknown database, ...), the driver's code
 * (ETIMEOUT, EINSTLOOKUP, ESOCKET, ECANCEL, ...), the socket or TLS error underneath, or the
 * SQL error number of a statement (208 invalid object, 229 permission denied, ...).
 */
export function mssqlError(err: unknown, ctx: FailureContext): StudioError {
  if (err instanceof StudioError) return err;
  const s = ctx.settings;
  const target = describeTarget(s);
  const extra = { where: ctx.where, cause: err, details: ctx.rowsRead === undefined ? undefined : { rowsRead: ctx.rowsRead } };
  const driverCode = String((err as { code?: unknown })?.code ?? '');
  const number = Number((err as { number?: unknown })?.number ?? NaN);

  const login = ctx.loginMessages ?? [];
  const fromDriver = driverCode !== '' || login.length > 0 || /^(ConnectionError|RequestError|MSSQLError|AggregateError)$/.test(String((err as Error)?.name));
  if (!fromDriver) {
    return new StudioError('INTERNAL', `Something unexpected went wrong while ${ctx.doing} on SQL Server at ${target}: ${(err as Error)?.message ?? String(err)}`, 'Try again; if it keeps happening, send the log (Settings → Logs) to your support contact.', extra);
  }
  const loginNumbers = new Set(login.map((m) => m.number));
  if (loginNumbers.has(4060)) {
    return new StudioError('SOURCE_NOT_FOUND', `SQL Server at ${target} has no database "${s.database}" that the login "${s.user}" may open.`, 'Check the database name (it is the part after the host in the connection string) and that this login has a user in that database.', extra);
  }
  if (loginNumbers.has(18452) || (s.authentication === 'ntlm' && (driverCode === 'ELOGIN' || loginNumbers.has(18456)))) {
    return new StudioError('SOURCE_AUTH_FAILED', `SQL Server at ${target} refused the Windows login ${s.domain}\\${s.user}.`, 'Check the Windows user name, password and domain; the server must accept Windows authentication from this computer (it may need to be in the same or a trusted domain).', extra);
  }
  if (loginNumbers.has(18456) || loginNumbers.has(18470) || loginNumbers.has(18487) || loginNumbers.has(18488) || driverCode === 'ELOGIN') {
    const disabled = loginNumbers.has(18470) ? ' (the login is disabled)' : loginNumbers.has(18487) || loginNumbers.has(18488) ? ' (its password has expired or must be changed)' : '';
    return new StudioError('SOURCE_AUTH_FAILED', `SQL Server at ${target} refused the login "${s.user}"${disabled}.`, 'Check the user name and password. The login must be enabled, and the server must allow SQL Server authentication (mixed mode) — or use a Windows account with domain=....', extra);
  }

  const tls = tlsFailure(err, target, s, extra);
  if (tls) return tls;

  switch (driverCode) {
    case 'ECANCEL':
      return cancelled();
    case 'EINSTLOOKUP':
      return new StudioError('CONNECTION_FAILED', `The named instance "${s.instance}" on ${s.host} could not be found: the SQL Server Browser service (UDP port 1434) did not answer or does not know it.`, 'Check the instance name, start the SQL Server Browser service on the server and open UDP 1434 in its firewall — or give the instance\'s TCP port instead (port=...).', extra);
    case 'EENCRYPT':
      return new StudioError('SOURCE_TLS_FAILED', `SQL Server at ${target} requires an encrypted connection, and encryption is turned off for this connection.`, 'Remove encrypt=false from the connection (encryption is on by default).', extra);
    case 'ETIMEOUT':
      if (ctx.phase === 'connect') {
        return new StudioError('SOURCE_TIMEOUT', `SQL Server at ${target} did not answer within ${seconds(s.connectTimeoutMs)} s while connecting.`, 'Check the host, port (or instance) and that a firewall does not drop the connection; raise connectTimeout (milliseconds) for a slow link.', extra);
      }
      return new StudioError('SOURCE_TIMEOUT', `SQL Server at ${target} did not answer within ${seconds(s.requestTimeoutMs)} s while ${ctx.doing}.`, 'The server may be busy, or the table locked by another program; try again later, or raise requestTimeout (milliseconds).', extra);
  }

  if (driverCode === 'EREQUEST' && Number.isFinite(number)) {
    const text = (err as Error).message;
    if (number === 208) {
      return new StudioError('STREAM_NOT_FOUND', `SQL Server at ${target} no longer has the table or view${ctx.where?.table ? ` ${ctx.where.table}` : ''} (${text}).`, 'Run discovery again to see the tables the database has now.', extra);
    }
    if (number === 207) {
      return new StudioError('COLUMN_NOT_FOUND', `A column the read needs no longer exists${ctx.where?.table ? ` in ${ctx.where.table}` : ''}: ${text}`, 'Run discovery again to see the columns the table has now, then update the mapping.', extra);
    }
    if (PERMISSION_NUMBERS.has(number)) {
      return new StudioError('SOURCE_PERMISSION_DENIED', `The login "${s.user}" may not read${ctx.where?.table ? ` ${ctx.where.table}` : ' this'} on SQL Server at ${target}: ${text}`, 'Ask the database administrator to grant SELECT on the tables to migrate (db_datareader is enough), and VIEW DEFINITION to see their structure.', extra);
    }
    if (number === 1222) {
      return new StudioError('SOURCE_TIMEOUT', `A lock held by another program on ${target} kept SQL Server from ${ctx.doing}.`, 'Try again when the school system is less busy.', extra);
    }
    return new StudioError('SOURCE_QUERY_FAILED', `SQL Server at ${target} reported error ${number} while ${ctx.doing}: ${text}`, 'Check that the login may read this database; if the error persists, send it with the log to your support contact.', extra);
  }

  const osCode = findCode(err, (c) => /^E[A-Z]+$/.test(c) && !['ESOCKET', 'ELOGIN', 'ETIMEOUT', 'EREQUEST', 'ECLOSE', 'ECONNCLOSED'].includes(c));
  if (ctx.phase === 'connect' && osCode) {
    const net = networkError({ code: osCode }, { product: 'SQL Server', host: s.host, port: s.port ?? 1433, database: s.database }, ctx.where);
    if (net) return new StudioError(net.code, net.message, net.hint, extra);
  }
  if (ctx.phase === 'query' || ['ESOCKET', 'ECLOSE', 'ECONNCLOSED', 'ENOTOPEN', 'EINVALIDSTATE'].includes(driverCode)) {
    const after = ctx.rowsRead ? ` after ${ctx.rowsRead} rows` : '';
    return new StudioError('CONNECTION_FAILED', `The connection to SQL Server at ${target} was lost while ${ctx.doing}${after} (${(err as Error)?.message ?? String(err)}).`, 'Check the network and that the server is running, then run again: a run resumes from its last checkpoint.', extra);
  }
  return new StudioError('CONNECTION_FAILED', `Could not connect to SQL Server at ${target}: ${(err as Error)?.message ?? String(err)}`, 'Check the host, port or instance name, and that SQL Server accepts TCP/IP connections (SQL Server Configuration Manager).', extra);
}

function tlsFailure(err: unknown, target: string, s: MssqlSettings, extra: { where?: ErrorLocation; cause: unknown }): StudioError | null {
  const cert = findCode(err, (c) => CERTIFICATE_CODES.has(c));
  if (cert) {
    return new StudioError('SOURCE_TLS_FAILED', `The encrypted connection to SQL Server at ${target} was refused because the server's certificate could not be verified (${cert}).`, 'Install the certificate of the authority that signed the server certificate on this computer; or, only if you trust this network, set trustServerCertificate=true.', extra);
  }
  const proto = findCode(err, (c) => c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS'));
  const text = messages(err).join(' ');
  if (proto || /unsupported protocol|no protocols available|protocol version|wrong version number|handshake failure/i.test(text)) {
    const hint = s.allowLegacyTls
      ? 'The server and this computer share no TLS version or cipher. Update the server (TLS 1.2 support for SQL Server 2008 R2 came in a later update), or set encrypt=false if the network is trusted.'
      : 'SQL Server 2008 R2 and 2012 without updates speak only TLS 1.0/1.1: set allowLegacyTls=true (a weaker encryption, shown as such), or update the server to support TLS 1.2.';
    return new StudioError('SOURCE_TLS_FAILED', `The encrypted connection to SQL Server at ${target} could not be set up (${proto ?? 'TLS handshake failed'}).`, hint, extra);
  }
  return null;
}

/** The first code matching `test` in the error, its cause chain or aggregated errors. */
function findCode(err: unknown, test: (code: string) => boolean, depth = 0): string | null {
  if (!err || typeof err !== 'object' || depth > 6) return null;
  const e = err as { code?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && test(e.code)) return e.code;
  for (const inner of [e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = findCode(inner, test, depth + 1);
    if (found) return found;
  }
  return null;
}

function messages(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > 6) return [];
  const e = err as { message?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  return [typeof e.message === 'string' ? e.message : '', ...[e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])].flatMap((x) => messages(x, depth + 1))];
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
