import type { ConnectionsService } from '../../../shared/api/services';
import type { Catalog } from '../../../shared/model/connection';
import { catalogDrift } from '../connectors/catalog-drift';
import { locationFilePath, parseSourceLocation } from '../connectors/source-location';
import { requireSession, type EngineState } from '../engine-state';
import { SECRET_PURPOSES, connectionSecretName } from '../security/secret-names';
import type { ProjectSession } from '../project-session';
import { requireGrantedPath } from './source-access';

export function connectionsService(state: EngineState): ConnectionsService {
  // Previews already recorded in each open project's trail, so browsing a stream twice is one entry.
  const previewed = new WeakMap<ProjectSession, Set<string>>();
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
      // A file or folder must have been picked by a person (or be the CLI's argument); checked
      // before the path is even looked at, so an unpicked path reveals nothing.
      const file = locationFilePath(location);
      if (file !== null) requireGrantedPath(state, file);
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
        const c = await s.connections.get(id, () => 'missing');
        s.audit.append({ action: 'connection.discover', object: `connection:${id}`, summary: `Discovered ${streams.length} stream(s) in the ${c.kind} source at ${c.location}.` });
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
        const seen = previewed.get(s) ?? new Set<string>();
        previewed.set(s, seen);
        if (!seen.has(`${id}\0${stream}`)) {
          seen.add(`${id}\0${stream}`);
          const c = await s.connections.get(id, () => 'missing');
          s.audit.append({ action: 'connection.preview', object: `connection:${id}`, summary: `Previewed the stream "${stream}" of the ${c.kind} source at ${c.location}.` });
        }
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
