import type { ConnectionsService } from '../../../shared/api/services';
import type { Catalog } from '../../../shared/model/connection';
import { catalogDrift } from '../connectors/catalog-drift';
import { parseSourceLocation } from '../connectors/source-location';
import { requireSession, type EngineState } from '../engine-state';
import { SECRET_PURPOSES, connectionSecretName } from '../security/secret-names';

export function connectionsService(state: EngineState): ConnectionsService {
  const info = async (id: string) => {
    const s = requireSession(state);
    return s.connections.get(id, await s.secretStatuses());
  };

  return {
    async list() {
      const s = requireSession(state);
      return s.connections.list(await s.secretStatuses());
    },
    async add({ name, kind, location }) {
      const s = requireSession(state);
      const parsed = parseSourceLocation(location);
      const id = await s.connections.add({ name, kind: kind ?? parsed.kind, location: parsed.masked, config: parsed.config }, state.now());
      s.audit.append({ action: 'connection.add', object: `connection:${id}`, summary: `Added ${kind ?? parsed.kind} connection "${name}" at ${parsed.masked}.` });
      if (parsed.password !== null) await s.vault.set(connectionSecretName(id), SECRET_PURPOSES.connectionPassword, parsed.password);
      return info(id);
    },
    async setSecret({ id, secret }) {
      const s = requireSession(state);
      await s.connections.get(id, () => 'missing');
      await s.vault.set(connectionSecretName(id), SECRET_PURPOSES.connectionPassword, secret);
      return info(id);
    },
    async remove({ id }) {
      const s = requireSession(state);
      const c = await s.connections.get(id, () => 'missing');
      await s.connections.remove(id);
      s.vault.forget(connectionSecretName(id));
      s.audit.append({ action: 'connection.remove', object: `connection:${id}`, summary: `Removed connection "${c.name}" (${c.location}).` });
    },
    async test({ id }) {
      const s = requireSession(state);
      const connector = await s.openSource(id);
      try {
        const result = await connector.check();
        await s.connections.saveTest(id, result);
        s.audit.append({ action: 'connection.test', object: `connection:${id}`, summary: result.ok ? `Test passed (${result.serverInfo ?? 'reachable'}).` : `Test failed: ${result.message}` });
        return result;
      } finally {
        await connector.close();
      }
    },
    async discover({ id }) {
      const s = requireSession(state);
      const connector = await s.openSource(id);
      try {
        const previous = await s.connections.latestCatalog(id);
        const streams = await connector.discover();
        const catalog: Catalog = { streams, discoveredAt: state.now().toISOString() };
        const drift = previous ? catalogDrift(previous, streams, (await s.mappings.list()).filter((m) => m.connectionId === id)) : null;
        if (drift) catalog.drift = drift;
        await s.connections.saveCatalog(id, catalog);
        return catalog;
      } finally {
        await connector.close();
      }
    },
    async catalog({ id }) {
      const s = requireSession(state);
      await s.connections.get(id, () => 'missing');
      return s.connections.latestCatalog(id);
    },
    async preview({ id, stream, limit }) {
      const s = requireSession(state);
      const connector = await s.openSource(id);
      try {
        const streams = (await s.connections.latestCatalog(id))?.streams ?? (await connector.discover());
        const found = streams.find((x) => x.name === stream);
        const rows = await connector.sample(stream, limit ?? 100);
        const columns = found ? found.columns.map((c) => ({ name: c.name, type: c.type })) : Object.keys(rows[0] ?? {}).map((name) => ({ name, type: 'unknown' as const }));
        return { stream, columns, rows: rows.map(jsonSafe) };
      } finally {
        await connector.close();
      }
    },
  };
}

/** Binary values travel as base64 (CONVENTIONS.md), everything else as is. */
function jsonSafe(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
  return out;
}
