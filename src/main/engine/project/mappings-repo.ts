import { StudioError } from '../../../shared/errors';
import type { EntityMapping, FieldTransform } from '../../../shared/model/mapping';
import { CrosswalksRepo } from './crosswalks-repo';
import type { Project } from './project';

type CrosswalkTransform = Extract<FieldTransform, { kind: 'crosswalk' }>;

/**
 * Entity mappings saved in the project. The spec is stored whole, as the user shaped it, except
 * that a crosswalk transform naming one of the project's crosswalks stores only the name.
 *
 * A mapping read back carries each named crosswalk's table as it is now (`{ kind: 'crosswalk',
 * crosswalk: 'students.gender', table: {…} }`), so everything that maps rows, checks mappings or
 * adopts fixes sees the codes without a second lookup, and the shape the screens and `--json`
 * show only gains the name.
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
    const row = await this.project.k.selectFrom('mappings').select('spec_json').where('id', '=', id).executeTakeFirst();
    if (!row) throw new StudioError('MAPPING_NOT_FOUND', `There is no mapping with id ${id}.`, 'Refresh the Mapping screen; it may have been removed.');
    return withTables(JSON.parse(row.spec_json) as EntityMapping, await this.crosswalks.tables());
  }

  /**
   * Saves a mapping. A named crosswalk it carries a table for keeps the crosswalk's own entries,
   * and gains the codes the carried table adds (an adopted fix's new codes); the named crosswalk
   * is shared, so its entries are changed only through the crosswalks themselves.
   */
  async save(m: EntityMapping): Promise<void> {
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
    const spec = JSON.stringify(withoutNamedTables(m, tables));
    await this.project.k
      .insertInto('mappings')
      .values({ id: m.id, entity: m.entity, connection_id: m.connectionId, stream: m.stream, spec_json: spec, updated_at: m.updatedAt })
      .onConflict((oc) => oc.column('id').doUpdateSet({ entity: m.entity, connection_id: m.connectionId, stream: m.stream, spec_json: spec, updated_at: m.updatedAt }))
      .execute();
  }
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
