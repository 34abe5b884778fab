import { StudioError } from '../../../shared/errors';
import { CROSSWALK_NAME_MAX, type Crosswalk } from '../../../shared/model/crosswalk';
import type { Project } from './project';

/**
 * The project's named crosswalks (tables of legacy codes, src/shared/model/crosswalk.ts). Small
 * by nature (a few dozen tables of a few hundred codes), so they are read whole.
 */
export class CrosswalksRepo {
  constructor(private readonly project: Project) {}

  async list(): Promise<Crosswalk[]> {
    const rows = await this.project.k.selectFrom('crosswalks').selectAll().orderBy('name').execute();
    return rows.map(toCrosswalk);
  }

  async get(name: string): Promise<Crosswalk> {
    const row = await this.project.k.selectFrom('crosswalks').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw new StudioError('CROSSWALK_NOT_FOUND', `There is no crosswalk named "${name}".`, 'Check the name against the project’s crosswalks; a mapping that names a missing one rejects its rows until it exists.');
    return toCrosswalk(row);
  }

  /** Every crosswalk's table by name, for resolving the names mappings carry. */
  async tables(): Promise<Map<string, Record<string, string>>> {
    return new Map((await this.list()).map((c) => [c.name, c.table]));
  }

  /** Creates or replaces a crosswalk. The table is stored in the order given: a loose match takes the first code that fits. */
  async put(c: Crosswalk): Promise<void> {
    assertValid(c);
    const values = { name: c.name, table_json: JSON.stringify(c.table), description: c.description, updated_at: c.updatedAt };
    await this.project.k
      .insertInto('crosswalks')
      .values(values)
      .onConflict((oc) => oc.column('name').doUpdateSet({ table_json: values.table_json, description: values.description, updated_at: values.updated_at }))
      .execute();
  }
}

function toCrosswalk(row: { name: string; table_json: string; description: string; updated_at: string }): Crosswalk {
  return { name: row.name, table: JSON.parse(row.table_json) as Record<string, string>, description: row.description, updatedAt: row.updated_at };
}

function assertValid(c: Crosswalk): void {
  if (typeof c.name !== 'string' || c.name.trim() === '' || c.name.length > CROSSWALK_NAME_MAX) {
    throw new StudioError('MAPPING_INVALID', `A crosswalk needs a name of 1 to ${CROSSWALK_NAME_MAX} characters (got "${String(c.name).slice(0, 40)}").`, 'Name it after what it translates, for example students.gender.');
  }
  const bad = Object.entries(c.table ?? {}).find(([, v]) => typeof v !== 'string');
  if (!c.table || typeof c.table !== 'object' || Array.isArray(c.table) || bad) {
    throw new StudioError('MAPPING_INVALID', `The crosswalk "${c.name}" must map each code to a text value${bad ? ` (the code "${bad[0]}" maps to ${JSON.stringify(bad[1])})` : ''}.`, 'Give every code the Academia Pro value it becomes, as text.', { where: { field: c.name } });
  }
}
