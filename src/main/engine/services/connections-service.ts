import iconv from 'iconv-lite';
import type { ConnectionsService, FileReadOptions } from '../../../shared/api/services';
import { StudioError } from '../../../shared/errors';
import { parseFileConfig } from '../connectors/files/file-config';
import type { Catalog, ConnectionKind } from '../../../shared/model/connection';
import { catalogDrift } from '../connectors/catalog-drift';
import { previewDocument } from '../connectors/preview-document';
import { locationFilePath, parseSourceLocation } from '../connectors/source-location';
import { requireSession, type EngineState } from '../core/engine-state';
import { monitorOf } from '../core/session-monitor';
import { SECRET_PURPOSES, connectionSecretName } from '../security/secret-names';
import type { ProjectSession } from '../core/project-session';
import { requireGrantedPath } from './source-access';
import { throwIfCancelled } from './call-cancel';

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
    async add({ name, kind, location, options }) {
      const s = requireSession(state);
      // A file or folder must have been picked by a person (or be the CLI's argument); checked
      // before the path is even looked at, so an unpicked path reveals nothing.
      const file = locationFilePath(location);
      if (file !== null) requireGrantedPath(state, file);
      const parsed = parseSourceLocation(location);
      const config = withReadOptions(kind ?? parsed.kind, parsed.config, options);
      const id = await s.connections.add({ name, kind: kind ?? parsed.kind, location: parsed.masked, config }, state.now());
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
        monitorOf(state, s).recordSourceCheck(id, result);
        s.audit.append({ action: 'connection.test', object: `connection:${id}`, summary: result.ok ? `Test passed (${result.serverInfo ?? 'reachable'}).` : `Test failed: ${result.message}` });
        return result;
      } finally {
        await connector.close();
      }
    },
    async discover({ id }, options) {
      const s = requireSession(state);
      const connector = await s.openSource(id);
      try {
        const previous = await s.connections.latestCatalog(id);
        const streams = await connector.discover();
        throwIfCancelled(options?.signal, 'Discovering the source');
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
    async preview({ id, stream, limit }, options) {
      const s = requireSession(state);
      const connector = await s.openSource(id);
      try {
        const streams = (await s.connections.latestCatalog(id))?.streams ?? (await connector.discover());
        throwIfCancelled(options?.signal, 'The preview');
        const found = streams.find((x) => x.name === stream);
        const rows = await connector.sample(stream, limit ?? 100);
        throwIfCancelled(options?.signal, 'The preview');
        const seen = previewed.get(s) ?? new Set<string>();
        previewed.set(s, seen);
        if (!seen.has(`${id}\0${stream}`)) {
          seen.add(`${id}\0${stream}`);
          const c = await s.connections.get(id, () => 'missing');
          s.audit.append({ action: 'connection.preview', object: `connection:${id}`, summary: `Previewed the stream "${stream}" of the ${c.kind} source at ${c.location}.` });
        }
        // The studio's grid shows the school's own data to its own staff, so personal values are
        // not masked here (columns say which are personal); secret columns are null regardless.
        return previewDocument(connector, stream, found ? found.columns : null, rows, true);
      } finally {
        await connector.close();
      }
    },
  };
}

const FILE_KINDS = new Set<ConnectionKind>(['csv', 'excel', 'json', 'xml', 'folder', 'zip', 'dbf']);

/**
 * A file connection's reading options (encoding, delimiter, quote, header row, record path) join
 * its config, checked as the connector will read them, so a bad one is refused when it is set
 * rather than on the first read. A database server takes none.
 */
function withReadOptions(kind: ConnectionKind, config: Record<string, string | number | boolean>, options: FileReadOptions | undefined): Record<string, string | number | boolean> {
  const given = Object.entries(options ?? {}).filter(([, v]) => v !== undefined && v !== '') as [string, string | number][];
  if (!given.length) return config;
  if (!FILE_KINDS.has(kind)) {
    throw new StudioError('BAD_REQUEST', `Reading options (${given.map(([k]) => k).join(', ')}) apply to files, not to a ${kind} source.`, 'Leave them empty for a database connection.');
  }
  const merged = { ...config, ...Object.fromEntries(given) };
  parseFileConfig(merged);
  if (typeof merged.encoding === 'string' && merged.encoding.toLowerCase() !== 'auto' && !iconv.encodingExists(merged.encoding)) {
    throw new StudioError('BAD_REQUEST', `The encoding "${merged.encoding}" is not one the studio knows.`, 'Use a name such as utf-8, windows-1252, iso-8859-2, gbk, big5 or shift_jis, or leave it empty to detect it.');
  }
  return merged;
}
