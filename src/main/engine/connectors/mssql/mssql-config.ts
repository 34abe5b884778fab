import { StudioError } from '../../../../shared/errors';
import type { MssqlPoolConfig, TediousConnection } from './mssql-driver';

/**
 * How to reach one SQL Server database. Read from a saved connection's `config` (the query
 * parameters of `mssql://user@host:port/db?instance=...&encrypt=...`) and the secret.
 */
export interface MssqlSettings {
  host: string;
  /** Null when a named instance is used: SQL Browser (UDP 1434) tells tedious the port. */
  port: number | null;
  instance: string | null;
  database: string;
  user: string;
  password: string;
  /** Windows domain for NTLM (Windows-domain) authentication. */
  domain: string | null;
  authentication: 'sql' | 'ntlm';
  /** Encrypt the connection (TLS) when the server supports it. On unless turned off. */
  encrypt: boolean;
  /** Skip the certificate check (self-signed server certificates). Off unless turned on. */
  trustServerCertificate: boolean;
  /** Allow TLS 1.0/1.1, which SQL Server 2008 R2 without updates needs. Off unless turned on. */
  allowLegacyTls: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long to wait for the server to acknowledge a cancel before dropping the connection. */
  cancelTimeoutMs: number;
}

type Config = Record<string, string | number | boolean>;

/** Reads and checks the settings; a bad value is a usage error, not a connection failure. */
export function readMssqlSettings(config: Config, secret: string | null): MssqlSettings {
  const get = (...names: string[]): string | number | boolean | undefined => {
    for (const name of names) {
      const key = Object.keys(config).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key !== undefined && config[key] !== '') return config[key];
    }
    return undefined;
  };
  let host = String(get('host', 'server') ?? '').trim();
  let instance = get('instance', 'instanceName') === undefined ? null : String(get('instance', 'instanceName')).trim() || null;
  // `host\instance` is how SQL Server tools write a named instance.
  const slash = host.indexOf('\\');
  if (slash >= 0) {
    instance ??= host.slice(slash + 1) || null;
    host = host.slice(0, slash);
  }
  if (!host) throw usage('The SQL Server connection has no host.', 'Write it as mssql://user:password@host:1433/database.');
  const database = String(get('database', 'db') ?? '').trim();
  if (!database) throw usage('The SQL Server connection names no database.', 'Add the database after the host, e.g. mssql://user:password@host:1433/School.');
  const domain = get('domain') === undefined ? null : String(get('domain'));
  const authText = String(get('authentication', 'auth') ?? (domain ? 'ntlm' : 'sql')).toLowerCase();
  if (!['sql', 'ntlm', 'windows'].includes(authText)) throw usage(`"${authText}" is not a SQL Server authentication this studio knows.`, 'Use authentication=sql (a SQL Server login) or authentication=ntlm with domain=YOURDOMAIN (a Windows account).');
  const authentication = authText === 'sql' ? 'sql' : 'ntlm';
  if (authentication === 'ntlm' && !domain) throw usage('Windows authentication needs the Windows domain.', 'Add domain=YOURDOMAIN to the connection, with the Windows user name and password.');
  const user = String(get('user', 'username') ?? '');
  if (!user) throw usage('The SQL Server connection has no user name.', 'Write it as mssql://user:password@host:1433/database.');

  let port: number | null = null;
  const portValue = get('port');
  if (portValue !== undefined) {
    port = Number(portValue);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw usage(`"${portValue}" is not a TCP port.`, 'Use the port SQL Server listens on (1433 unless changed), or instance=NAME for a named instance.');
  }
  if (instance) port = null;

  return {
    host,
    port: port ?? (instance ? null : 1433),
    instance,
    database,
    user,
    password: secret ?? '',
    domain,
    authentication,
    encrypt: flag(get('encrypt'), true, 'encrypt'),
    trustServerCertificate: flag(get('trustServerCertificate'), false, 'trustServerCertificate'),
    allowLegacyTls: flag(get('allowLegacyTls', 'legacyTls'), false, 'allowLegacyTls'),
    connectTimeoutMs: millis(get('connectTimeout', 'connectTimeoutMs'), 15_000, 'connectTimeout'),
    requestTimeoutMs: millis(get('requestTimeout', 'requestTimeoutMs'), 30_000, 'requestTimeout'),
    cancelTimeoutMs: millis(get('cancelTimeout', 'cancelTimeoutMs'), 5_000, 'cancelTimeout'),
  };
}

/** host:port/database or host\instance/database, for messages. */
export function describeTarget(s: MssqlSettings): string {
  return `${s.instance ? `${s.host}\\${s.instance}` : `${s.host}:${s.port}`}/${s.database}`;
}

/**
 * The mssql pool configuration. Reads are long-lived streams, so a pool of a few connections
 * lets discovery or a count run beside a read. Connections are validated by socket state
 * rather than a `SELECT 1` per borrow. Dates are read in UTC so tedious never applies the local
 * time zone (the connector formats them back to the server's wall-clock text).
 */
export function mssqlPoolConfig(s: MssqlSettings, beforeConnect: (c: TediousConnection) => void): MssqlPoolConfig {
  return {
    server: s.host,
    port: s.port ?? undefined,
    database: s.database,
    user: s.user,
    password: s.password,
    domain: s.authentication === 'ntlm' ? (s.domain ?? undefined) : undefined,
    connectionTimeout: s.connectTimeoutMs,
    requestTimeout: s.requestTimeoutMs,
    validateConnection: 'socket',
    arrayRowMode: false,
    pool: { max: 4, min: 0, idleTimeoutMillis: 30_000, acquireTimeoutMillis: s.connectTimeoutMs + 5_000 },
    options: {
      encrypt: s.encrypt,
      trustServerCertificate: s.trustServerCertificate,
      instanceName: s.instance ?? undefined,
      useUTC: true,
      appName: 'Academia Pro Studio',
      cancelTimeout: s.cancelTimeoutMs,
      connectTimeout: s.connectTimeoutMs,
      // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; 2008 R2 speaks nothing newer.
      cryptoCredentialsDetails: s.allowLegacyTls ? { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } : undefined,
    },
    beforeConnect,
  };
}

function flag(value: string | number | boolean | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw usage(`"${value}" is not a yes/no value for ${name}.`, `Write ${name}=true or ${name}=false.`);
}

function millis(value: string | number | boolean | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usage(`"${value}" is not a time in milliseconds for ${name}.`, `Write ${name}=15000 for 15 seconds.`);
  return Math.round(n);
}

function usage(message: string, hint: string): StudioError {
  return new StudioError('BAD_REQUEST', message, hint);
}
