import type { Migration } from './migration';

/**
 * Version 18 — quarantine fix and re-run (issue 18 point 4; docs/quarantine.md).
 *
 * - `reject_corrections`: a value a person typed for one field of one reject (the value the field
 *   takes in Academia Pro), with who and when. The source is never touched: a re-run of the
 *   rejects reads the row from the source again and puts the corrected value in place of what
 *   the mapping made of it.
 * - `reject_reruns`: a run of kind "re-run of rejects" and the run whose rejects it re-ran.
 * - `reject_outcomes`: what the last re-run made of a reject: `resolved` (it passed and was
 *   pushed), `failing` (rejected again, with the new reasons) or `missing` (its row is no longer
 *   in the source).
 * - `reject_reasons`: one row per (reject, code, field), filled by a trigger as rejects are
 *   written, so the quarantine grid pages a million rejects by run, code and field through an
 *   index instead of reading every reject's JSON.
 *
 * All of them belong to their reject or run and go with it (ON DELETE CASCADE).
 */
export const quarantineMigration: Migration = {
  version: 18,
  description: 'quarantine: corrections of rejected values, re-runs of rejects and their outcomes, an index of reject reasons',
  up(db) {
    db.exec(`
      CREATE TABLE reject_corrections (
        reject_id INTEGER NOT NULL REFERENCES rejects(id) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value_json TEXT NOT NULL,
        corrected_by TEXT NOT NULL,
        corrected_at TEXT NOT NULL,
        PRIMARY KEY (reject_id, field)
      ) WITHOUT ROWID;
      CREATE TABLE reject_reruns (
        run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        source_run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        entities_json TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX reject_reruns_by_source ON reject_reruns(source_run_id);
      CREATE TABLE reject_outcomes (
        reject_id INTEGER PRIMARY KEY REFERENCES rejects(id) ON DELETE CASCADE,
        rerun_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('resolved', 'failing', 'missing')),
        errors_json TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX reject_outcomes_by_rerun ON reject_outcomes(rerun_id);
      CREATE TABLE reject_reasons (
        run_id TEXT NOT NULL,
        code TEXT NOT NULL,
        field TEXT,
        reject_id INTEGER NOT NULL REFERENCES rejects(id) ON DELETE CASCADE
      );
      CREATE INDEX reject_reasons_by_code ON reject_reasons(run_id, code, reject_id);
      CREATE INDEX reject_reasons_by_field ON reject_reasons(run_id, field, reject_id);
      CREATE INDEX reject_reasons_by_reject ON reject_reasons(reject_id);
      CREATE INDEX rejects_by_run_id ON rejects(run_id, id);
      INSERT INTO reject_reasons (run_id, code, field, reject_id)
        SELECT DISTINCT r.run_id, coalesce(json_extract(e.value, '$.code'), 'REJECTED'), json_extract(e.value, '$.field'), r.id
        FROM rejects r, json_each(r.errors_json) e;
      CREATE TRIGGER rejects_reasons_index AFTER INSERT ON rejects BEGIN
        INSERT INTO reject_reasons (run_id, code, field, reject_id)
          SELECT DISTINCT NEW.run_id, coalesce(json_extract(e.value, '$.code'), 'REJECTED'), json_extract(e.value, '$.field'), NEW.id
          FROM json_each(NEW.errors_json) e;
      END;
    `);
  },
};
