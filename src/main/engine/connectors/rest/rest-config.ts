import { StudioError } from '../../../../shared/errors';
import { REST_CONFIG_KEYS, restSourceConfigSchema, type RestSourceConfig } from '../../../../shared/model/rest-source';
import { ONEROSTER_REST_STREAMS } from './oneroster-rest-profile';

/** How one stream of a REST source is read. */
export interface RestStreamDef {
  name: string;
  /** The endpoint, relative to the base URL (`/users`). */
  path: string;
  /** Where the records list is in a page; null: the page is the list. */
  recordPath: string | null;
  /** The field duplicates are told apart by; null: none (no de-duplication). */
  key: string | null;
  /** The field holding each record's change time; null: the stream has no increments. */
  updatedColumn: string | null;
  /** How an increment reaches the server: OneRoster's `filter=`, a plain query parameter, or not at all (filtered here). */
  since: { style: 'oneroster-filter' } | { style: 'param'; param: string } | null;
}

/** A `rest` connection's settings with the profile's defaults filled in. */
export interface ResolvedRestConfig extends RestSourceConfig {
  auth: NonNullable<RestSourceConfig['auth']>;
  paging: NonNullable<RestSourceConfig['paging']>;
  tokenUrl: string | undefined;
  streamDefs: RestStreamDef[];
}

/**
 * Reads a `rest` connection's stored config (flat, values possibly text from a location's query)
 * through the shared zod schema and fills in the profile's defaults. A bad setting is refused by
 * name with what to write instead, when the connection is added as well as when it is opened.
 */
export function resolveRestConfig(config: Record<string, string | number | boolean>, hasSecret: boolean): ResolvedRestConfig {
  const parsed = restSourceConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.map(String).join('.') || 'config';
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : null;
    throw new StudioError(
      'BAD_REQUEST',
      unknown ? `A REST source does not take the setting(s) ${unknown}.` : `The REST source's setting ${key} is not valid: ${issue.message}.`,
      `Settings a REST source takes: ${REST_CONFIG_KEYS.join(', ')} (docs/conventions.md, "REST sources").`,
      { where: { field: unknown ?? key } },
    );
  }
  const c = parsed.data;
  const oneRoster = c.profile === 'oneroster';
  const auth = c.auth ?? (c.clientId ? 'oauth2' : hasSecret ? 'api-key' : oneRoster ? 'oauth2' : 'none');
  if (auth === 'oauth2' && !c.clientId) {
    throw new StudioError('BAD_REQUEST', 'OAuth2 client credentials need a client id.', 'Give it as the user of the location (oneroster+https://CLIENT_ID:SECRET@host/…) or as clientId=…; for an API key write auth=api-key.', { where: { field: 'clientId' } });
  }
  const base = new URL(c.baseUrl);
  if (base.username || base.password || base.search) {
    throw new StudioError('BAD_REQUEST', 'The base URL of a REST source may not carry credentials or a query.', 'Give credentials as the location\'s user and password (they go to the vault) and settings as its query.', { where: { field: 'baseUrl' } });
  }
  const tokenUrl = auth === 'oauth2' ? (c.tokenUrl ?? new URL('/oauth/token', base).toString()) : c.tokenUrl;
  const streamDefs = oneRoster ? oneRosterDefs(c) : genericDefs(c);
  return { ...c, auth, tokenUrl, paging: c.paging ?? (oneRoster ? 'offset' : 'none'), streamDefs };
}

function oneRosterDefs(c: RestSourceConfig): RestStreamDef[] {
  if (c.streams || c.recordPath || c.updatedSinceParam) {
    throw new StudioError('BAD_REQUEST', 'The OneRoster profile knows its endpoints, records and increments; streams, recordPath and updatedSinceParam are for profile=generic.', 'Leave those settings out, or write profile=generic and describe the API yourself.');
  }
  return ONEROSTER_REST_STREAMS.map((s) => ({ name: s.name, path: `/${s.name}`, recordPath: s.name, key: c.key ?? 'sourcedId', updatedColumn: c.updatedColumn ?? 'dateLastModified', since: { style: 'oneroster-filter' } }));
}

function genericDefs(c: RestSourceConfig): RestStreamDef[] {
  const pairs = (c.streams ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const defs: RestStreamDef[] = [];
  // Without a parameter an increment is still correct, only not cheaper: every page is read and filtered here.
  const since = c.updatedSinceParam ? { style: 'param' as const, param: c.updatedSinceParam } : null;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const path = eq < 0 ? `/${name}` : pair.slice(eq + 1).trim();
    if (!name || !path.startsWith('/')) {
      throw new StudioError('BAD_REQUEST', `The stream "${pair}" is not written as name=/path.`, 'Write streams=students=/students,classes=/v2/classes (each path from the base URL, starting with /).', { where: { field: 'streams' } });
    }
    if (defs.some((d) => d.name === name)) throw new StudioError('BAD_REQUEST', `The stream "${name}" is named twice in streams.`, 'Give each stream its own name.', { where: { field: 'streams' } });
    defs.push({ name, path, recordPath: c.recordPath ?? null, key: c.key ?? 'id', updatedColumn: c.updatedColumn ?? null, since });
  }
  if (!defs.length) {
    // The base URL is itself the one endpoint: the stream is named after its last path segment.
    const last = new URL(c.baseUrl).pathname.split('/').filter(Boolean).pop() ?? 'records';
    defs.push({ name: decodeURIComponent(last), path: '', recordPath: c.recordPath ?? null, key: c.key ?? 'id', updatedColumn: c.updatedColumn ?? null, since });
  }
  return defs;
}
