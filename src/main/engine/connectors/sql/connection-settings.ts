import { existsSync, readFileSync } from 'node:fs';
import { StudioError } from '../../../../shared/errors';

/**
 * How to protect the link to the server (config key `sslmode`, libpq's words, also accepted from
 * MySQL-style `ssl-mode=REQUIRED` etc.). Stricter than libpq by default: certificates are always
 * verified unless `trustServerCertificate=true` is set, which is an explicit, visible choice.
 *
 * - `disable`: never encrypt.
 * - `prefer` (default): encrypt when the server offers TLS; carry on unencrypted only when it
 *   offers none (check() then reports `encrypted: false`). A certificate that fails the checks
 *   is an error, not a reason to fall back.
 * - `require`: encrypt or fail.
 * - `verify-ca`: encrypt, check the certificate chain but not the host name.
 * - `verify-full`: encrypt, check chain and host name (what `prefer`/`require` do anyway).
 */
export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface TlsSettings {
  mode: SslMode;
  /** False only when the user chose `trustServerCertificate=true`. */
  verifyCertificate: boolean;
  verifyHostname: boolean;
  /** PEM text of the certificate authority to trust (config `sslca` or `sslrootcert`: a file path). */
  ca?: string;
}

/** Everything a SQL server connector needs to connect, read from a saved connection's config. */
export interface SqlConnectionSettings {
  host: string;
  port: number;
  user: string;
  password: string | null;
  database: string;
  /** Longest wait to connect and log in (config `connectTimeout`, ms; default 15 s). */
  connectTimeoutMs: number;
  /**
   * Longest wait for any one answer from the server: a catalog query, a count, the next batch of
   * a read, or a lock held by someone else (config `queryTimeout`, ms; default 120 s). Time the
   * consumer spends on a batch does not count.
   */
  queryTimeoutMs: number;
  /** Rows per statement of a chunked read (config `chunkRows`; default 50,000). */
  chunkRows: number;
  tls: TlsSettings;
}

type Config = Record<string, string | number | boolean>;

const MYSQL_SSL_MODES: Record<string, SslMode> = { disabled: 'disable', preferred: 'prefer', required: 'require', verify_ca: 'verify-ca', verify_identity: 'verify-full' };

/** Reads and validates the settings; a wrong value is a BAD_REQUEST that names the key. */
export function readSqlSettings(config: Config, secret: string | null, defaultPort: number, label: string): SqlConnectionSettings {
  const database = String(config.database ?? '').trim();
  if (!database) {
    throw new StudioError('BAD_REQUEST', `The ${label} connection does not name a database.`, `Add the database name to the connection string, e.g. ${label === 'PostgreSQL' ? 'postgres' : 'mysql'}://user@host:${defaultPort}/school.`);
  }
  return {
    host: String(config.host || '127.0.0.1'),
    port: positiveInt(config, 'port', defaultPort),
    user: String(config.user ?? ''),
    password: secret,
    database,
    connectTimeoutMs: positiveInt(config, 'connectTimeout', 15_000),
    queryTimeoutMs: positiveInt(config, 'queryTimeout', 120_000),
    chunkRows: positiveInt(config, 'chunkRows', 50_000),
    tls: readTls(config),
  };
}

function readTls(config: Config): TlsSettings {
  let mode: SslMode = 'prefer';
  const raw = config.sslmode ?? config.sslMode ?? config['ssl-mode'];
  if (raw !== undefined && raw !== '') {
    const v = String(raw).trim().toLowerCase().replace(/-/g, '_');
    const libpq = v.replace(/_/g, '-');
    if (['disable', 'prefer', 'require', 'verify-ca', 'verify-full'].includes(libpq)) mode = libpq as SslMode;
    else if (MYSQL_SSL_MODES[v]) mode = MYSQL_SSL_MODES[v];
    else if (v === 'allow') mode = 'prefer';
    else throw new StudioError('BAD_REQUEST', `sslmode "${String(raw)}" is not known.`, 'Use one of disable, prefer, require, verify-ca, verify-full.');
  } else if (config.ssl !== undefined && config.ssl !== '') {
    mode = bool(config.ssl) ? 'require' : 'disable';
  }
  const trust = bool(config.trustServerCertificate ?? false);
  const caPath = config.sslca ?? config.sslrootcert;
  let ca: string | undefined;
  if (caPath !== undefined && caPath !== '') {
    const file = String(caPath);
    if (!existsSync(file)) {
      throw new StudioError('SOURCE_NOT_FOUND', `The certificate authority file ${file} (sslca) does not exist.`, 'Give the path of the PEM file of the authority that signed the server certificate.', { where: { file } });
    }
    ca = readFileSync(file, 'utf8');
  }
  return { mode, verifyCertificate: !trust, verifyHostname: !trust && mode !== 'verify-ca', ca };
}

function positiveInt(config: Config, key: string, fallback: number): number {
  const raw = config[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new StudioError('BAD_REQUEST', `${key}=${String(raw)} is not a positive whole number.`, `Give ${key} as a whole number${key.endsWith('Timeout') ? ' of milliseconds' : ''}, or leave it out for the default.`);
  return n;
}

function bool(v: string | number | boolean): boolean {
  return v === true || v === 1 || (typeof v === 'string' && ['true', '1', 'yes', 'on', 'required'].includes(v.trim().toLowerCase()));
}
