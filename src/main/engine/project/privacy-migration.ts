import type { Migration } from './migration';

/**
 * Version 15 — people erased on request stay out (issue 21 point 1; docs/security.md).
 *
 * `erased_people` keeps, per entity, a salted SHA-256 of each erased record's key — never the key
 * itself, a name or a date — so the next run or sync can leave that record, and every record that
 * references it, out. The salt is the project's own (`meta` 'erasureSalt', made on first use).
 */
export const privacyMigration: Migration = {
  version: 15,
  description: 'erased people: salted hashes of the keys a family asked the project to forget',
  up(db) {
    db.exec(`
      CREATE TABLE erased_people (
        entity TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        erased_at TEXT NOT NULL,
        PRIMARY KEY (entity, key_hash)
      ) WITHOUT ROWID;
    `);
  },
};
