import type { Migration } from './migration';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

/**
 * Version 5: crosswalks become named project objects.
 *
 * - `crosswalks`: one row per named table of legacy codes (src/shared/model/crosswalk.ts).
 * - Every stored mapping's inline crosswalk table (`{ kind: 'crosswalk', table, fallback }`) moves
 *   into a crosswalk named `<entity>.<field>` (`-2`, `-3`… when that name already holds another
 *   table; an identical table already stored is reused), and the transform keeps only its name
 *   and fallback. A spec that is not readable JSON is left as it is: the mapping screen shows it.
 *
 * Frozen like every migration: it uses no code that may change later (not the transform registry).
 */
export const crosswalkMigration: Migration = {
  version: 6,
  description: 'named crosswalks; inline crosswalk tables of stored mappings moved into them',
  up(db) {
    db.exec(`
      CREATE TABLE crosswalks (
        name TEXT PRIMARY KEY,
        table_json TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
      );
    `);
    moveInlineCrosswalks(db);
  },
};

interface StoredTransform {
  kind?: unknown;
  table?: unknown;
  crosswalk?: unknown;
  fallback?: unknown;
}

function moveInlineCrosswalks(db: SqliteDatabase): void {
  const mappings = db.prepare('SELECT id, entity, stream, spec_json, updated_at FROM mappings ORDER BY entity, id').all() as { id: string; entity: string; stream: string; spec_json: string; updated_at: string }[];
  const byName = new Map<string, string>();
  const insert = db.prepare('INSERT INTO crosswalks (name, table_json, description, updated_at) VALUES (?, ?, ?, ?)');
  const update = db.prepare('UPDATE mappings SET spec_json = ? WHERE id = ?');
  for (const m of mappings) {
    let spec: { fields?: { field?: unknown; transforms?: unknown }[] };
    try {
      spec = JSON.parse(m.spec_json) as typeof spec;
    } catch {
      continue;
    }
    let changed = false;
    for (const field of Array.isArray(spec.fields) ? spec.fields : []) {
      if (!Array.isArray(field.transforms)) continue;
      field.transforms = (field.transforms as StoredTransform[]).map((t) => {
        if (!t || t.kind !== 'crosswalk' || t.crosswalk !== undefined || !isTable(t.table)) return t;
        const identity = sortedJson(t.table);
        const preferred = `${m.entity}.${typeof field.field === 'string' ? field.field : 'field'}`;
        let name = [...byName].find(([, json]) => json === identity)?.[0];
        if (name === undefined) {
          name = preferred;
          for (let n = 2; byName.has(name); n++) name = `${preferred}-${n}`;
          byName.set(name, identity);
          // Stored in the mapping's own order: a loose match ("m" for "M ") takes the first code that fits.
          insert.run(name, JSON.stringify(t.table), `Moved out of the ${m.stream} → ${m.entity} mapping (${String(field.field)}).`, m.updated_at);
        }
        changed = true;
        const { table: _table, ...rest } = t;
        return { kind: 'crosswalk', crosswalk: name, ...(rest.fallback !== undefined ? { fallback: rest.fallback } : {}) };
      });
    }
    if (changed) update.run(JSON.stringify(spec), m.id);
  }
}

function isTable(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** The table as JSON with its codes sorted, so the same table written in another order is recognised and stored once. */
function sortedJson(table: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
