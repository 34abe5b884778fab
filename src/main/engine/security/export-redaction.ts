import type { SqliteDatabase } from '../../../platform/open-sqlite';
import { maskPersonalData, maskSecrets } from './masking';
import { connectionIdOfSecret } from './secret-names';
import { EXPORTED_KEY_ID } from './vault';

/** What stands in for a secret in anything the studio exports. */
export const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear in an exported structure. */
const SECRET_KEY = /pass(word|wd|phrase)?$|^pwd$|secret|token|api[-_]?key|private[-_]?key|credential|authorization|cookie|^auth$|signature/i;

export interface RedactOptions {
  /** Also mask personal data in text (e-mail addresses, phone numbers, personal fields). */
  maskPersonal?: boolean;
}

/**
 * A deep copy of `value` fit to leave the studio (mapping templates, project exports, reports,
 * log bundles): values under secret-like keys (`password`, `clientSecret`, `apiKey`, `token`…)
 * become `[redacted]`, and secrets inside text (connection-string passwords, bearer tokens,
 * `pwd=…`) are masked. Flags such as `hasSecret: true` are kept: they say nothing secret.
 */
export function redactForExport<T>(value: T, options: RedactOptions = {}): T {
  return redact(value, options, new WeakSet()) as T;
}

function redact(value: unknown, options: RedactOptions, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return options.maskPersonal ? maskPersonalData(maskSecrets(value)) : maskSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return REDACTED; // a cycle cannot be exported as data anyway
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, options, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const carriesValue = v !== null && v !== undefined && typeof v !== 'boolean' && v !== '';
    out[k] = SECRET_KEY.test(k) && carriesValue ? REDACTED : redact(v, options, seen);
  }
  return out;
}

/** A connection in a secrets-free export, and whether its secrets must be entered again. */
export interface ExportedConnectionSecrets {
  connectionId: string;
  name: string;
  kind: string;
  /** The location with any password masked. */
  location: string;
  /** True when the connection had secrets: they are not in the export and must be entered again. */
  needsSecretReentry: boolean;
  secrets: { name: string; purpose: string }[];
}

/** What a project export says about secrets: none are included, and which ones to enter again. */
export interface SecretsFreeExportDescription {
  secretsIncluded: false;
  connections: ExportedConnectionSecrets[];
  /** Secrets not tied to a connection (the target's client secret, webhook secrets…). */
  otherSecrets: { name: string; purpose: string }[];
}

/**
 * Describes, for a project export, which connections need their secrets re-entered. Reads the
 * project's `connections` and `secrets` tables; returns names and purposes only.
 */
export function describeSecretsForExport(db: SqliteDatabase): SecretsFreeExportDescription {
  const secrets = hasTable(db, 'secrets') ? (db.prepare('SELECT name, purpose FROM secrets ORDER BY name').all() as { name: string; purpose: string }[]) : [];
  const connections = hasTable(db, 'connections')
    ? (db.prepare('SELECT id, name, kind, location FROM connections ORDER BY created_at, id').all() as { id: string; name: string; kind: string; location: string }[])
    : [];
  const byConnection = new Map<string, { name: string; purpose: string }[]>();
  const otherSecrets: { name: string; purpose: string }[] = [];
  const known = new Set(connections.map((c) => c.id));
  for (const s of secrets) {
    const id = connectionIdOfSecret(s.name);
    if (id !== null && known.has(id)) byConnection.set(id, [...(byConnection.get(id) ?? []), s]);
    else otherSecrets.push(s);
  }
  return {
    secretsIncluded: false,
    connections: connections.map((c) => {
      const own = byConnection.get(c.id) ?? [];
      return { connectionId: c.id, name: c.name, kind: c.kind, location: maskSecrets(c.location), needsSecretReentry: own.length > 0, secrets: own };
    }),
    otherSecrets,
  };
}

/**
 * Removes every sealed secret from a project file being exported (a copy, never the user's own
 * project): each entry keeps its name and purpose but loses nonce, ciphertext and tag, and is
 * marked as exported, so the vault that opens the copy reports it as needing re-entry. The file
 * is then vacuumed and its WAL truncated, so no page still holds the old ciphertext.
 */
export function scrubSecretsForExport(db: SqliteDatabase): { scrubbed: number } {
  if (!hasTable(db, 'secrets')) return { scrubbed: 0 };
  // Freed pages are zeroed rather than left with their old bytes.
  db.pragma('secure_delete = ON');
  const scrubbed = db.prepare("UPDATE secrets SET key_id = ?, nonce = X'', ciphertext = X'', tag = X''").run(EXPORTED_KEY_ID).changes;
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { scrubbed };
}

function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
