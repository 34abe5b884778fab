import { randomUUID } from 'node:crypto';
import { StudioError } from '../../../shared/errors';
import type { Catalog, ConnectionInfo, ConnectionKind, ConnectionTestResult } from '../../../shared/model/connection';
import type { Project } from './project';

/** Says where a connection's password stands in the vault. */
export type SecretStatusOf = (connectionId: string) => ConnectionInfo['secretStatus'];

type ConnectionRow = { id: string; name: string; kind: string; location: string; config_json: string; created_at: string; last_test_json: string | null };

/** Saved source connections and their discovered catalogs. Never holds a secret. */
export class ConnectionsRepo {
  constructor(private readonly project: Project) {}

  async list(statusOf: SecretStatusOf): Promise<ConnectionInfo[]> {
    const rows = await this.project.k.selectFrom('connections').selectAll().orderBy('created_at').execute();
    return rows.map((r) => toInfo(r, statusOf(r.id)));
  }

  async get(id: string, statusOf: SecretStatusOf): Promise<ConnectionInfo> {
    const row = await this.project.k.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new StudioError('CONNECTION_NOT_FOUND', `There is no connection with id ${id} in this project.`, 'Refresh the Sources screen; it may have been removed.');
    return toInfo(row, statusOf(row.id));
  }

  async add(c: { name: string; kind: ConnectionKind; location: string; config: Record<string, string | number | boolean> }, now = new Date()): Promise<string> {
    const id = randomUUID();
    await this.project.k
      .insertInto('connections')
      .values({ id, name: c.name, kind: c.kind, location: c.location, config_json: JSON.stringify(c.config), created_at: now.toISOString(), last_test_json: null })
      .execute();
    return id;
  }

  async remove(id: string): Promise<void> {
    const res = await this.project.k.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new StudioError('CONNECTION_NOT_FOUND', `There is no connection with id ${id} in this project.`, 'Refresh the Sources screen.');
  }

  async saveTest(id: string, result: ConnectionTestResult): Promise<void> {
    await this.project.k.updateTable('connections').set({ last_test_json: JSON.stringify(result) }).where('id', '=', id).execute();
  }

  async saveCatalog(id: string, catalog: Catalog): Promise<void> {
    await this.project.k.insertInto('catalogs').values({ id: undefined, connection_id: id, discovered_at: catalog.discoveredAt, catalog_json: JSON.stringify(catalog) }).execute();
  }

  async latestCatalog(id: string): Promise<Catalog | null> {
    const row = await this.project.k.selectFrom('catalogs').select('catalog_json').where('connection_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? (JSON.parse(row.catalog_json) as Catalog) : null;
  }
}

function toInfo(r: ConnectionRow, secretStatus: ConnectionInfo['secretStatus']): ConnectionInfo {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ConnectionKind,
    location: r.location,
    config: JSON.parse(r.config_json),
    hasSecret: secretStatus === 'set',
    secretStatus,
    createdAt: r.created_at,
    lastTest: r.last_test_json ? JSON.parse(r.last_test_json) : undefined,
  };
}
