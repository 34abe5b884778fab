import { randomUUID } from 'node:crypto';
import type { OpenSourceInfo, SourceReadOptions, SourceSketch, SourcesService } from '../../../shared/api/contracts/sources';
import { StudioError } from '../../../shared/errors';
import { loadTargetModel } from '../academia/target-model';
import { assessSource } from '../assessment/assess-source';
import { sampleProfiles } from '../assessment/profiling/sample-profiles';
import { printHtmlToPdfBuffer } from '../assessment/report/print-pdf';
import { renderFindingsCsv } from '../assessment/report/render-csv';
import { renderAssessmentHtml } from '../assessment/report/render-html';
import type { ConnectorGuard, SourceConnector } from '../connectors/connector';
import { openConnector } from '../connectors/open-connector';
import { previewDocument } from '../connectors/preview-document';
import { locationFilePath, parseSourceLocation, type ParsedLocation } from '../connectors/source-location';
import type { EngineState } from '../core/engine-state';
import { suggestMappings } from '../suggest/suggest-mappings';
import { requireGrantedPath } from './source-access';

/** How often a `sources.progress` event goes out between the milestones (a table's start and end, each 100,000 rows). */
const PROGRESS_INTERVAL_MS = 200;

/** The kinds whose reading options (`--encoding`…) mean something. */
const FILE_KINDS = new Set(['csv', 'excel', 'json', 'xml', 'folder', 'zip', 'dbf']);

interface OpenSource {
  parsed: ParsedLocation;
  guard: ConnectorGuard;
  connector: SourceConnector;
}

/**
 * The sources open in one engine session: read straight from their location, with no project
 * file. Their passwords live here, in memory, until the source is closed or the engine ends.
 */
export class OpenSources {
  private readonly open = new Map<string, OpenSource>();

  add(source: OpenSource): string {
    const id = `source-${randomUUID().slice(0, 8)}`;
    this.open.set(id, source);
    return id;
  }

  get(sourceId: string): OpenSource {
    const source = this.open.get(sourceId);
    if (!source) throw new StudioError('SOURCE_NOT_FOUND', `No source "${sourceId}" is open in this session.`, 'Open the source again (sources.open); a source is closed when the engine ends.');
    return source;
  }

  async close(sourceId: string): Promise<void> {
    const source = this.open.get(sourceId);
    if (!source) return;
    this.open.delete(sourceId);
    await source.connector.close();
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id);
  }
}

export function sourcesService(state: EngineState, open: OpenSources): SourcesService {
  const info = (sourceId: string, parsed: ParsedLocation): OpenSourceInfo => ({ sourceId, ...sketchOf(parsed) });
  return {
    async describe({ location }) {
      return { ...sketchOf(locate(state, location)), file: locationFilePath(location) };
    },
    async open({ location, options, password }) {
      const located = locate(state, location);
      const parsed = { ...located, config: { ...located.config, ...readOptions(located, options) } };
      const guard = { excludeFile: state.grants.fileGuard().excludes };
      const secret = password ?? located.password;
      const sourceId = open.add({ parsed, guard, connector: openConnector(parsed.kind, parsed.config, secret, guard) });
      return info(sourceId, parsed);
    },
    async setSecret({ sourceId, secret }) {
      const source = open.get(sourceId);
      await source.connector.close();
      source.connector = openConnector(source.parsed.kind, source.parsed.config, secret, source.guard);
      return info(sourceId, source.parsed);
    },
    async discover({ sourceId }) {
      return { streams: await open.get(sourceId).connector.discover() };
    },
    async preview({ sourceId, stream, limit, reveal }) {
      const { parsed, connector } = open.get(sourceId);
      const streams = await connector.discover();
      const found = streams.find((s) => s.name === stream);
      if (!found) {
        throw new StudioError('STREAM_NOT_FOUND', `${parsed.masked} has no stream "${stream}".`, `Streams there: ${streams.slice(0, 20).map((s) => s.name).join(', ')}${streams.length > 20 ? ', …' : ''}.`);
      }
      const rows = await connector.sample(found.name, limit ?? 100);
      return previewDocument(connector, found.name, found.columns, rows, Boolean(reveal));
    },
    async assess({ sourceId, report, schoolYearStart }) {
      const { parsed, connector } = open.get(sourceId);
      let last = 0;
      const result = await assessSource(connector, {
        sourceLabel: parsed.masked,
        now: state.now,
        ...(schoolYearStart ? { schoolYear: { start: schoolYearStart } } : {}),
        onProgress: (p) => {
          const at = state.now().getTime();
          const milestone = p.rowsTotal === null || p.rowsDone === p.rowsTotal || p.rowsDone % 100_000 === 0;
          if (!milestone && at - last < PROGRESS_INTERVAL_MS) return;
          last = at;
          state.bus.emit({ kind: 'event', event: 'sources.progress', payload: { sourceId, ...p } });
        },
      });
      if (!report) return { result, report: null };
      const base = 'assessment';
      if (report === 'csv') return { result, report: { filename: `${base}-findings.csv`, contentType: 'text/csv; charset=utf-8', content: renderFindingsCsv(result), encoding: 'utf8' } };
      const html = renderAssessmentHtml(result, { title: `Data readiness — ${parsed.masked}` });
      if (report === 'html') return { result, report: { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: html, encoding: 'utf8' } };
      const pdf = await printHtmlToPdfBuffer(html);
      return { result, report: { filename: `${base}.pdf`, contentType: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' } };
    },
    async suggest({ sourceId, apiVersion }) {
      const { connector } = open.get(sourceId);
      const streams = await connector.discover();
      const { profiles, unreadable } = await sampleProfiles(connector, streams, { now: state.now() });
      const result = suggestMappings({ streams, profiles, model: loadTargetModel(apiVersion ?? 'v1') });
      return { streams: streams.length, unreadable, entities: result.entities };
    },
    async close({ sourceId }) {
      await open.close(sourceId);
    },
  };
}

/**
 * Parses a location after the grant check: a file or folder must be one a person picked (on the
 * command line: typed), and never one of the studio's own; checked before the path is looked at.
 */
function locate(state: EngineState, location: string): ParsedLocation {
  const file = locationFilePath(location);
  if (file !== null) requireGrantedPath(state, file);
  return parseSourceLocation(location);
}

function sketchOf(parsed: ParsedLocation): SourceSketch {
  // A REST source's client id is its user: the one a password prompt names.
  const user = parsed.config.user ?? parsed.config.clientId;
  return { kind: parsed.kind, masked: parsed.masked, hasPassword: parsed.password !== null, user: typeof user === 'string' && user !== '' ? user : null };
}

/** Reading options win over those in the location; they apply to files only (the connector checks their values). */
function readOptions(parsed: ParsedLocation, options: SourceReadOptions | undefined): Record<string, string | number> {
  const given = Object.entries(options ?? {}).filter(([, v]) => v !== undefined && v !== '') as [string, string | number][];
  if (given.length && !FILE_KINDS.has(parsed.kind)) {
    throw new StudioError('BAD_REQUEST', `Reading options (${given.map(([k]) => k).join(', ')}) apply to files, not to a ${parsed.kind} source.`, 'Leave them out for this source.');
  }
  return Object.fromEntries(given);
}
