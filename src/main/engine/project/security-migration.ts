import type { Migration } from './migration';

/**
 * The project-file tables of the vault and the audit trail. The project's migration list
 * (project/migrations.ts) appends this object; it is kept here so the DDL sits beside the code
 * that relies on it.
 *
 * - `secrets`: one row per secret, only ever encrypted (see vault.ts). `key_id` names the data
 *   key that sealed it, so a project copied to another user shows "needs re-entry".
 * - `audit_log`: append-only, hash-chained (see audit-log.ts). Triggers refuse UPDATE and DELETE
 *   and any insert before the current end; the hash chain is what actually proves integrity, the
 *   triggers only stop accidents and casual edits.
 * - `audit_head`: the last sequence number and hash, moved forward in the same transaction as
 *   each append, so removing the newest entries (which leaves a shorter but consistent chain) is
 *   still noticed.
 */
export const securityMigration: Migration = {
  version: 2,
  description: 'secret vault (encrypted secrets) and hash-chained audit log',
  up(db) {
    db.exec(`
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        key_id TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        tag BLOB NOT NULL,
        created_at TEXT NOT NULL,
        rotated_at TEXT
      );
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        summary TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_action ON audit_log(action, seq);
      CREATE INDEX audit_log_by_object ON audit_log(object, seq);
      CREATE INDEX audit_log_by_time ON audit_log(at);
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be removed'); END;
      CREATE TRIGGER audit_log_in_order BEFORE INSERT ON audit_log
      WHEN NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit_log)
      BEGIN SELECT RAISE(ABORT, 'the audit log only grows at its end'); END;
      CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
      WHEN NEW.seq <= OLD.seq
      BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
      BEGIN SELECT RAISE(ABORT, 'the audit head cannot be removed'); END;
    `);
  },
};

/** Names of the tables the security migration creates (tests and exports check for them). */
export const SECURITY_TABLES = ['secrets', 'audit_log', 'audit_head'] as const;

/**
 * Keys the audit trail (issue #10): each new entry carries an HMAC-SHA256 under the user's audit
 * key (kept outside the project file, derived from the vault key; see audit-key.ts) and the id of
 * that key. Entries written before stay as they are, checked by their hash chain alone, and are
 * reported as unkeyed. The project also gets a random id (meta `projectId`): the MACs are bound to
 * it, and the checkpoint of the trail's head kept in the user's configuration folder is filed
 * under it. Only columns and a meta row are added, so files of every earlier version keep opening.
 */
export const auditMacMigration: Migration = {
  version: 5,
  description: 'keyed audit trail (HMAC per entry) and a project id for its checkpoint',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN mac TEXT;
      ALTER TABLE audit_log ADD COLUMN mac_key TEXT;
      INSERT OR IGNORE INTO meta (key, value) VALUES ('projectId', lower(hex(randomblob(16))));
    `);
  },
};
