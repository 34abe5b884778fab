import { StudioError, type ErrorLocation } from '../../../../shared/errors';
import { linkTarget } from './link-header';
import { atPath } from './record-path';
import type { ResolvedRestConfig, RestStreamDef } from './rest-config';
import type { RestHttp } from './rest-http';
import { unexpectedShape } from './rest-errors';

/** One page of records as the server sent it. */
export interface RestPage {
  records: Record<string, unknown>[];
  /** The stream's total when the server says it (`X-Total-Count`), else null. */
  total: number | null;
}

export interface PageOptions {
  /** An increment: only records changed since this value (`>` or, for a keyset position, `>=`). */
  since?: { value: string; inclusive: boolean };
  /** Records per page; the connection's pageSize when absent (a sample or a probe asks for fewer). */
  pageSize?: number;
  /** Stop after the first page. */
  firstOnly?: boolean;
  signal?: AbortSignal;
}

/**
 * The pages of one stream, paged the way the connection says:
 * - `offset`: `limit` / `offset` until an empty page, the total (`X-Total-Count`) is reached, a
 *   `Link` header stops naming a next page, or (with neither) a short page;
 * - `cursor`: the next cursor from the page (`cursorPath`) sent back as `cursorParam`, until none;
 * - `link`: the RFC 8288 `Link: <…>; rel="next"` target, until none;
 * - `none`: one request.
 * An empty page ends the stream whatever else it says (a server that sends a next link with its
 * empty last page would otherwise be asked forever), and a cursor or next link already followed
 * is SOURCE_PAGING_LOOP instead of an endless read.
 */
export async function* restPages(http: RestHttp, config: ResolvedRestConfig, def: RestStreamDef, options: PageOptions = {}): AsyncGenerator<RestPage> {
  const where: ErrorLocation = { table: def.name };
  const pageSize = options.pageSize ?? config.pageSize;
  let url = firstUrl(config, def, options);
  const seen = new Set<string>();
  let offset = 0;
  for (;;) {
    const answer = await http.getJson(url, options.signal, where);
    const records = recordsOf(answer.body, def, http.shown(answer.url), where);
    const totalText = answer.headers.get(config.totalHeader);
    const total = totalText !== null && /^\d+$/.test(totalText.trim()) ? Number(totalText.trim()) : null;
    yield { records, total };
    if (options.firstOnly || records.length === 0 || config.paging === 'none') return;
    let next: URL | null = null;
    if (config.paging === 'offset') {
      offset += records.length;
      const linked = answer.headers.get('link');
      const more = total !== null ? offset < total : linked !== null ? linkTarget(linked, 'next', answer.url) !== null : records.length >= pageSize;
      if (more) {
        next = new URL(url);
        next.searchParams.set(config.offsetParam, String(offset));
      }
    } else if (config.paging === 'cursor') {
      const cursor = atPath(answer.body, config.cursorPath);
      if (cursor !== undefined && cursor !== null && cursor !== '') {
        const text = typeof cursor === 'string' || typeof cursor === 'number' ? String(cursor) : JSON.stringify(cursor);
        if (seen.has(text)) throw pagingLoop(http.shown(answer.url), where, `the cursor "${text.slice(0, 60)}" came back again`);
        seen.add(text);
        next = new URL(url);
        next.searchParams.set(config.cursorParam, text);
      }
    } else {
      next = linkTarget(answer.headers.get('link'), 'next', answer.url);
      if (next) {
        const key = next.toString();
        if (seen.has(key) || key === answer.url.toString()) throw pagingLoop(http.shown(answer.url), where, `its next link points at a page already read (${http.shown(next)})`);
        seen.add(key);
      }
    }
    if (!next) return;
    url = next;
  }
}

function firstUrl(config: ResolvedRestConfig, def: RestStreamDef, options: PageOptions): URL {
  const url = new URL(config.baseUrl.replace(/\/+$/, '') + def.path);
  const pageSize = options.pageSize ?? config.pageSize;
  if (config.paging !== 'none') url.searchParams.set(config.limitParam, String(pageSize));
  if (config.paging === 'offset') url.searchParams.set(config.offsetParam, '0');
  if (config.profile === 'oneroster') {
    // A stable order, so offset pages neither skip nor repeat records while they are read.
    url.searchParams.set('sort', def.key ?? 'sourcedId');
    url.searchParams.set('orderBy', 'asc');
  }
  if (options.since && def.since && def.updatedColumn) {
    if (def.since.style === 'oneroster-filter') url.searchParams.set('filter', `${def.updatedColumn}${options.since.inclusive ? '>=' : '>'}'${options.since.value.replace(/'/g, "''")}'`);
    else url.searchParams.set(def.since.param, options.since.value);
  }
  return url;
}

function recordsOf(body: unknown, def: RestStreamDef, shown: string, where: ErrorLocation): Record<string, unknown>[] {
  const list = atPath(body, def.recordPath);
  if (!Array.isArray(list)) {
    const what = list === undefined ? `it has nothing at ${def.recordPath === null ? 'its top level' : `"${def.recordPath}"`}` : `what is at ${def.recordPath === null ? 'its top level' : `"${def.recordPath}"`} is ${typeof list === 'object' && list !== null ? 'an object' : typeof list}, not a list of records`;
    throw unexpectedShape(shown, where, what, def.recordPath);
  }
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as unknown;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw unexpectedShape(shown, { ...where, row: i + 1 }, `record ${i + 1} of the page is ${r === null ? 'null' : Array.isArray(r) ? 'a list' : typeof r}, not an object`, def.recordPath);
  }
  return list as Record<string, unknown>[];
}

export function pagingLoop(shown: string, where: ErrorLocation, why: string): StudioError {
  return new StudioError('SOURCE_PAGING_LOOP', `Paging through ${shown} went round in a circle: ${why}. The read stopped instead of asking forever.`, 'This is a fault of the API; tell the vendor. Meanwhile try another paging setting (paging=offset, link or cursor) if the API offers one.', { where });
}
