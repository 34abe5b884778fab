import type { TargetContract } from '../../../academia-api/contract';
import type { SqliteDatabase } from '../../../platform/open-sqlite';

/** One record the project holds, by its entity and legacy key (externalId). */
export interface RecordKey {
  entity: string;
  externalId: string;
}

/** A person found by a search: the key, and the name the staged record gives. */
export interface PersonMatch extends RecordKey {
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
}

/** An entity holds people when its records carry a first and a last name (students, staff, guardians). */
export function personEntities(contract: TargetContract): string[] {
  return contract.entities.filter((e) => e.fields.some((f) => f.name === 'firstName') && e.fields.some((f) => f.name === 'lastName')).map((e) => e.name);
}

/**
 * People whose staged record matches every word of `text` in its key, first, last or preferred
 * name (case-insensitive), for serving a family's request by name. Staged records are the only
 * place the project holds a person's name in full; the source is not read.
 */
export function findPeople(db: SqliteDatabase, contract: TargetContract, text: string, limit: number): PersonMatch[] {
  const words = text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const entities = personEntities(contract);
  // Compared in JavaScript, not with SQLite's lower(), which folds ASCII letters only (Ö, Ł, И stay as they are).
  const rows = db
    .prepare(
      `SELECT n.name AS entity, s.external_id AS externalId, json_extract(s.payload_json, '$.firstName') AS firstName,
              json_extract(s.payload_json, '$.lastName') AS lastName, json_extract(s.payload_json, '$.preferredName') AS preferredName,
              json_extract(s.payload_json, '$.birthDate') AS birthDate
       FROM staged_records s JOIN staging_names n ON n.kind = 'entity' AND n.no = s.entity_no
       WHERE n.name IN (${entities.map(() => '?').join(', ')})
       ORDER BY n.name, s.external_id`,
    )
    .iterate(...entities) as Iterable<PersonMatch & { preferredName: unknown }>;
  const found: PersonMatch[] = [];
  for (const r of rows) {
    const haystack = [r.externalId, r.firstName, r.lastName, r.preferredName].map((v) => (v === null || v === undefined ? '' : String(v))).join(' ').toLocaleLowerCase();
    if (!words.every((w) => haystack.includes(w))) continue;
    found.push({ entity: r.entity, externalId: r.externalId, firstName: textOrNull(r.firstName), lastName: textOrNull(r.lastName), birthDate: textOrNull(r.birthDate) });
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * The person's own record and every staged record about them: those that reference them (an
 * enrolment, a guardian link, an invoice) and, transitively, those that reference one of those (a
 * payment of their invoice), following the contract's references. A reference into a record that
 * is not about the person (an enrolment's class) is not followed, so a class is never "about" a pupil.
 */
export function recordsAbout(db: SqliteDatabase, contract: TargetContract, person: RecordKey): RecordKey[] {
  const entityNo = db.prepare("SELECT no FROM staging_names WHERE kind = 'entity' AND name = ?").pluck();
  const found = new Map<string, RecordKey>([[keyText(person), person]]);
  let frontier: RecordKey[] = [person];
  while (frontier.length) {
    const next: RecordKey[] = [];
    for (const entity of contract.entities) {
      const no = entityNo.get(entity.name) as number | undefined;
      if (no === undefined) continue;
      for (const ref of entity.references) {
        const ids = frontier.filter((k) => k.entity === ref.entity).map((k) => k.externalId);
        if (!ids.length || !/^[A-Za-z0-9_]+$/.test(ref.field)) continue;
        for (const chunk of chunks(ids, 500)) {
          const referring = db
            .prepare(`SELECT external_id FROM staged_records WHERE entity_no = ? AND json_extract(payload_json, '$.${ref.field}') IN (${chunk.map(() => '?').join(', ')})`)
            .pluck()
            .all(no, ...chunk) as string[];
          for (const externalId of referring) {
            const key = { entity: entity.name, externalId };
            if (found.has(keyText(key))) continue;
            found.set(keyText(key), key);
            next.push(key);
          }
        }
      }
    }
    frontier = next;
  }
  return [...found.values()];
}

/** The tables that hold school data per record key, and what each column holding it is called. */
const PER_KEY_TABLES = [
  { table: 'rejects', what: 'rejects', columns: 'run_id AS runId, stage, source_row AS sourceRow, errors_json AS errors, row_json AS row' },
  { table: 'run_preimages', what: 'preimages', columns: 'run_id AS runId, record_json AS record' },
  { table: 'run_mismatches', what: 'mismatches', columns: 'run_id AS runId, field, kind, source_json AS source, target_json AS target' },
  { table: 'run_merges', what: 'merges', columns: 'run_id AS runId, survivor' },
  { table: 'sync_changes', what: 'syncChanges', columns: 'run_id AS runId, kind, record_json AS record' },
] as const;

export type PersonDataCounts = Record<'staged' | (typeof PER_KEY_TABLES)[number]['what'], number>;

/** Everything the project holds about the given records: staged payloads and each per-key table's rows. */
export function personData(db: SqliteDatabase, keys: RecordKey[]): { records: (RecordKey & { staged: unknown; [what: string]: unknown })[]; counts: PersonDataCounts } {
  const staged = db.prepare(
    "SELECT s.payload_json FROM staged_records s JOIN staging_names n ON n.kind = 'entity' AND n.no = s.entity_no WHERE n.name = ? AND s.external_id = ?",
  ).pluck();
  const perKey = PER_KEY_TABLES.map((t) => ({ ...t, stmt: db.prepare(`SELECT ${t.columns} FROM ${t.table} WHERE entity = ? AND external_id = ?`) }));
  const counts = emptyCounts();
  const records = keys.map((k) => {
    const payload = staged.get(k.entity, k.externalId) as string | undefined;
    if (payload !== undefined) counts.staged++;
    const record: RecordKey & { staged: unknown; [what: string]: unknown } = { ...k, staged: payload === undefined ? null : JSON.parse(payload) };
    for (const t of perKey) {
      const rows = (t.stmt.all(k.entity, k.externalId) as Record<string, unknown>[]).map(parseJsonColumns);
      counts[t.what] += rows.length;
      record[t.what] = rows;
    }
    return record;
  });
  return { records, counts };
}

/**
 * Deletes what the project holds about the given records, in one transaction (a failure leaves
 * everything as it was). Ids stay where they carry no school data and keep the history true: push
 * receipts (key → Academia Pro id), run summaries, the sync's record of removed keys, duplicate
 * decisions by key. Returns how many rows went from each place.
 */
export function erasePersonData(db: SqliteDatabase, keys: RecordKey[]): PersonDataCounts {
  const deleteStaged = db.prepare(
    "DELETE FROM staged_records WHERE entity_no = (SELECT no FROM staging_names WHERE kind = 'entity' AND name = ?) AND external_id = ?",
  );
  const perKey = PER_KEY_TABLES.map((t) => ({ what: t.what, stmt: db.prepare(`DELETE FROM ${t.table} WHERE entity = ? AND external_id = ?`) }));
  const counts = emptyCounts();
  db.transaction(() => {
    for (const k of keys) {
      counts.staged += deleteStaged.run(k.entity, k.externalId).changes;
      for (const t of perKey) counts[t.what] += t.stmt.run(k.entity, k.externalId).changes;
    }
  })();
  return counts;
}

function emptyCounts(): PersonDataCounts {
  return { staged: 0, rejects: 0, preimages: 0, mismatches: 0, merges: 0, syncChanges: 0 };
}

/** Columns stored as JSON text come back as values, so an export reads as one JSON document. */
function parseJsonColumns(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'string' && ['errors', 'row', 'record', 'source', 'target'].includes(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // Not JSON after all (hand-edited file): kept as text.
      }
    }
    out[k] = v;
  }
  return out;
}

function keyText(k: RecordKey): string {
  return `${k.entity}\u0000${k.externalId}`;
}

function textOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
