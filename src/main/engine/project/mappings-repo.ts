import { StudioError } from '../../../shared/errors';
import type { EntityMapping } from '../../../shared/model/mapping';
import type { Project } from './project';

/** Entity mappings saved in the project. The spec is stored whole, as the user shaped it. */
export class MappingsRepo {
  constructor(private readonly project: Project) {}

  async list(): Promise<EntityMapping[]> {
    const rows = await this.project.k.selectFrom('mappings').select('spec_json').orderBy('entity').execute();
    return rows.map((r) => JSON.parse(r.spec_json) as EntityMapping);
  }

  async get(id: string): Promise<EntityMapping> {
    const row = await this.project.k.selectFrom('mappings').select('spec_json').where('id', '=', id).executeTakeFirst();
    if (!row) throw new StudioError('MAPPING_NOT_FOUND', `There is no mapping with id ${id}.`, 'Refresh the Mapping screen; it may have been removed.');
    return JSON.parse(row.spec_json) as EntityMapping;
  }

  async save(m: EntityMapping): Promise<void> {
    await this.project.k
      .insertInto('mappings')
      .values({ id: m.id, entity: m.entity, connection_id: m.connectionId, stream: m.stream, spec_json: JSON.stringify(m), updated_at: m.updatedAt })
      .onConflict((oc) => oc.column('id').doUpdateSet({ entity: m.entity, connection_id: m.connectionId, stream: m.stream, spec_json: JSON.stringify(m), updated_at: m.updatedAt }))
      .execute();
  }
}
