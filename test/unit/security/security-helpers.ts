import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import { StudioError } from '../../../src/shared/errors';
import { openSqlite, type SqliteDatabase } from '../../../src/platform/open-sqlite';
import type { KeyWrapper, ScryptCost } from '../../../src/main/engine/security/key-slots';
import { securityMigration } from '../../../src/main/engine/project/security-migration';

/** scrypt cost low enough for fast tests; production keys use DEFAULT_SCRYPT_COST. */
export const TEST_SCRYPT: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

/** A SQLite file configured like a project file (WAL), with the security tables. */
export function openSecurityDb(dir: string, name = 'project.db'): SqliteDatabase {
  const db = openSqlite(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  applySecurityMigration(db);
  return db;
}

/** Applies the security tables unless the project's own migrations already did. */
export function applySecurityMigration(db: SqliteDatabase): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secrets'").get();
  if (!exists) db.transaction(() => securityMigration.up(db))();
}

/** Stands in for Electron's safeStorage: AES-GCM under a key that only this "keychain" holds. */
export function fakeKeychain(kind = 'test-keychain', options: { available?: boolean } = {}): KeyWrapper & { calls: number } {
  const secret = randomBytes(32);
  const wrapper = {
    kind,
    calls: 0,
    async available(): Promise<boolean> {
      return options.available ?? true;
    },
    async wrap(key: Buffer): Promise<Buffer> {
      wrapper.calls++;
      if (options.available === false) throw new Error('no keychain');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(key), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async unwrap(blob: Buffer): Promise<Buffer> {
      wrapper.calls++;
      if (options.available === false) throw new Error('no keychain');
      const d = createDecipheriv('aes-256-gcm', secret, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]);
    },
  };
  return wrapper;
}

/** The StudioError a promise (or function) fails with; fails the test when it succeeds. */
export async function failure(action: Promise<unknown> | (() => unknown)): Promise<StudioError> {
  try {
    await (typeof action === 'function' ? action() : action);
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    return err as StudioError;
  }
  throw new Error('expected a StudioError, but it succeeded');
}

/** Every way a secret could show up in bytes the studio writes. */
export function encodingsOf(secret: string): Buffer[] {
  return [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64')), Buffer.from(Buffer.from(secret).toString('hex'))];
}
