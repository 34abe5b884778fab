import { StudioError } from '../../../shared/errors';
import type { EntityMapping, FieldTransform } from '../../../shared/model/mapping';
import type { MappingHistory, MappingSignOffInfo, MappingVersionInfo } from '../../../shared/model/mapping-api';
import { describeMappingChange } from '../mapping/mapping-diff';
import { mappingHash } from '../mapping/mapping-hash';
import { currentActor } from '../security/actor';
import { CrosswalksRepo } from './crosswalks-repo';
import type { Project } from './project';

type CrosswalkTransform = Extract<FieldTransform, { kind: 'crosswalk' }>;

/** Who saves a version and why; the actor defaults to the OS account. */
export interface VersionNote {
  actor?: string;
  action?: MappingVersionInfo['action'];
}

type VersionRow = { mapping_id: string; version: number; at: string; actor: string; action: string; change: string; hash: string };
type SignOffRow = { mapping_id: string; version: number; hash: string; account: string; display_name: string | null; at: string };

/**
 * Entity mappings saved in the project. The spec is stored whole, as the user shaped it, except
 * that a crosswalk transform naming one of the project's crosswalks stores only the name; every
 * save that changes it adds a version (who, what, when, the stored spec's hash) in the same
 * transaction, so the history cannot miss an edit, and a sign-off names the version it approved.
 *
 * A mapping read back carries each named crosswalk's table as it is now (`{ kind: 'crosswalk',
 * crosswalk: 'students.gender', table: {…} }`), so everything that maps rows, checks mappings or
 * adopts fixes sees the codes without a second lookup, and the shape the screens and `--json`
 * show only gains the name. Versions and hashes are of the stored form: editing a shared
 * crosswalk changes what the mapping does without a new mapping version.
 */
export class MappingsRepo {
  private readonly crosswalks: CrosswalksRepo;

  constructor(private readonly project: Project) {
    this.crosswalks = new CrosswalksRepo(project);
  }

  async list(): Promise<EntityMapping[]> {
    const rows = await this.project.k.selectFrom('mappings').select('spec_json').orderBy('entity').execute();
    const tables = await this.crosswalks.tables();
    return rows.map((r) => withTables(JSON.parse(r.spec_json) as EntityMapping, tables));
  }

  async get(id: string): Promise<EntityMapping> {
    const found = this.find(id);
    if (!found) throw new StudioError('MAPPING_NOT_FOUND', `There is no mapping with id ${id}.`, 'Refresh the Mapping screen; it may have been removed.');
    return withTables(found, await this.crosswalks.tables());
  }

  /** The mapping as stored (named crosswalks by name only), or null. */
  find(id: string): EntityMapping | null {
    const row = this.project.db.prepare('SELECT spec_json FROM mappings WHERE id = ?').get(id) as { spec_json: string } | undefined;
    return row ? (JSON.parse(row.spec_json) as EntityMapping) : null;
  }

  /**
   * Saves a mapping (new or replaced) and, when what it does changed, its next version. Returns
   * that version, or null when the spec was saved unchanged. A named crosswalk it carries a table
   * for keeps the crosswalk's own entries, and gains the codes the carried table adds (an adopted
   * fix's new codes); the named crosswalk is shared, so its entries are changed only through the
   * crosswalks themselves.
   */
  async save(m: EntityMapping, note: VersionNote = {}): Promise<MappingVersionInfo | null> {
    const tables = await this.crosswalks.tables();
    for (const t of crosswalkTransforms(m)) {
      if (t.crosswalk === undefined || !t.table) continue;
      const stored = tables.get(t.crosswalk);
      if (!stored) continue;
      const added = Object.keys(t.table).filter((code) => !Object.hasOwn(stored, code));
      if (!added.length) continue;
      const table = { ...stored, ...Object.fromEntries(added.map((code) => [code, t.table![code]])) };
      const current = await this.crosswalks.get(t.crosswalk);
      await this.crosswalks.put({ ...current, table, updatedAt: m.updatedAt });
      tables.set(t.crosswalk, table);
    }
    const stored = withoutNamedTables(m, tables);
    const db = this.project.db;
    return db.transaction((): MappingVersionInfo | null => {
      const before = this.find(m.id);
      const json = JSON.stringify(stored);
      db.prepare(
        `INSERT INTO mappings (id, entity, connection_id, stream, spec_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET entity = excluded.entity, connection_id = excluded.connection_id, stream = excluded.stream, spec_json = excluded.spec_json, updated_at = excluded.updated_at`,
      ).run(m.id, m.entity, m.connectionId, m.stream, json, m.updatedAt);
      const hash = mappingHash(stored);
      const last = this.lastVersion(m.id);
      if (before && last && last.hash === hash && last.action !== 'delete') return null;
      return this.addVersion({ mappingId: m.id, at: m.updatedAt, actor: note.actor ?? currentActor(), action: note.action ?? (before ? 'update' : 'create'), change: describeMappingChange(before, stored), hash }, json);
    })();
  }

  /** Removes a mapping; its history stays, ending in a `delete` version. */
  async remove(id: string, at: string, note: VersionNote = {}): Promise<MappingVersionInfo> {
    const db = this.project.db;
    return db.transaction(() => {
      const before = this.find(id);
      if (!before) throw new StudioError('MAPPING_NOT_FOUND', `There is no mapping with id ${id}.`, 'Refresh the Mapping screen; it may have been removed already.');
      db.prepare('DELETE FROM mappings WHERE id = ?').run(id);
      return this.addVersion({ mappingId: id, at, actor: note.actor ?? currentActor(), action: 'delete', change: describeMappingChange(before, null), hash: mappingHash(before) }, null);
    })();
  }

  versions(id: string): MappingVersionInfo[] {
    const rows = this.project.db.prepare('SELECT mapping_id, version, at, actor, action, change, hash FROM mapping_versions WHERE mapping_id = ? ORDER BY version').all(id) as VersionRow[];
    return rows.map(toVersion);
  }

  /** The spec as a version saved it (null for a `delete` version). */
  versionSpec(id: string, version: number): EntityMapping | null {
    const row = this.project.db.prepare('SELECT spec_json FROM mapping_versions WHERE mapping_id = ? AND version = ?').get(id, version) as { spec_json: string | null } | undefined;
    return row?.spec_json ? (JSON.parse(row.spec_json) as EntityMapping) : null;
  }

  history(id: string): MappingHistory {
    const versions = this.versions(id);
    if (!versions.length && !this.find(id)) throw new StudioError('MAPPING_NOT_FOUND', `There is no mapping with id ${id}, and none had it before.`, 'Check the id with `academia-studio mapping <project> list`.');
    return { versions, signOff: this.signOffOf(id) };
  }

  /** Signs the current version off. */
  signOff(id: string, by: { account: string; displayName: string | null; at: string }): MappingSignOffInfo {
    const db = this.project.db;
    return db.transaction(() => {
      const current = this.find(id) ? this.lastVersion(id) : null;
      if (!current) throw new StudioError('MAPPING_NOT_FOUND', `There is no mapping with id ${id}.`, 'Refresh the Mapping screen; it may have been removed.');
      db.prepare('INSERT OR REPLACE INTO mapping_signoffs (mapping_id, version, hash, account, display_name, at) VALUES (?, ?, ?, ?, ?, ?)').run(id, current.version, current.hash, by.account, by.displayName, by.at);
      return this.signOffOf(id)!;
    })();
  }

  /** The latest sign-off; it holds only while the mapping is still at the signed version with the signed hash. */
  signOffOf(id: string): MappingSignOffInfo | null {
    const row = this.project.db.prepare('SELECT mapping_id, version, hash, account, display_name, at FROM mapping_signoffs WHERE mapping_id = ? ORDER BY at DESC, version DESC LIMIT 1').get(id) as SignOffRow | undefined;
    if (!row) return null;
    const exists = this.find(id) !== null;
    const last = this.lastVersion(id);
    const currentVersion = exists && last ? last.version : null;
    const valid = currentVersion === row.version && last?.hash === row.hash;
    return { mappingId: id, version: row.version, hash: row.hash, account: row.account, displayName: row.display_name, at: row.at, valid, currentVersion };
  }

  private lastVersion(id: string): VersionRow | null {
    return (this.project.db.prepare('SELECT mapping_id, version, at, actor, action, change, hash FROM mapping_versions WHERE mapping_id = ? ORDER BY version DESC LIMIT 1').get(id) as VersionRow | undefined) ?? null;
  }

  private addVersion(v: Omit<MappingVersionInfo, 'version'>, specJson: string | null): MappingVersionInfo {
    const version = (this.lastVersion(v.mappingId)?.version ?? 0) + 1;
    this.project.db.prepare('INSERT INTO mapping_versions (mapping_id, version, at, actor, action, change, hash, spec_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(v.mappingId, version, v.at, v.actor, v.action, v.change, v.hash, specJson);
    return { ...v, version };
  }
}

function toVersion(r: VersionRow): MappingVersionInfo {
  return { mappingId: r.mapping_id, version: r.version, at: r.at, actor: r.actor, action: r.action as MappingVersionInfo['action'], change: r.change, hash: r.hash };
}

function crosswalkTransforms(m: EntityMapping): CrosswalkTransform[] {
  return m.fields.flatMap((f) => f.transforms.filter((t): t is CrosswalkTransform => t.kind === 'crosswalk'));
}

function mapCrosswalks(m: EntityMapping, fn: (t: CrosswalkTransform) => CrosswalkTransform): EntityMapping {
  return { ...m, fields: m.fields.map((f) => ({ ...f, transforms: f.transforms.map((t) => (t.kind === 'crosswalk' ? fn(t) : t)) })) };
}

/** A named crosswalk the project has gets its table; a missing one stays a bare name (mapping its rows says so). */
function withTables(m: EntityMapping, tables: ReadonlyMap<string, Record<string, string>>): EntityMapping {
  return mapCrosswalks(m, (t) => {
    const table = t.crosswalk === undefined ? undefined : tables.get(t.crosswalk);
    return table ? { ...t, table: { ...table } } : t;
  });
}

/** The stored form: a named crosswalk the project has is kept by name only. */
function withoutNamedTables(m: EntityMapping, tables: ReadonlyMap<string, Record<string, string>>): EntityMapping {
  return mapCrosswalks(m, (t) => {
    if (t.crosswalk === undefined || !tables.has(t.crosswalk)) return t;
    const { table: _table, ...named } = t;
    return named;
  });
}
