import type { ColumnInfo, ForeignKeyInfo } from '../../../../shared/model/connection';
import { ONEROSTER_FILES, oneRosterColumn } from '../files/oneroster/oneroster-spec';

/**
 * The OneRoster 1.2 rostering service over REST (IMS Global, "OneRoster 1.2 Rostering REST
 * Binding"): the collections a school's SIS serves under its base URL
 * (`…/ims/oneroster/rosters/v1p2`), each `GET /<collection>` answering `{"<collection>": [...]}`,
 * paged with `limit` / `offset` and saying its total in `X-Total-Count` (and the next page in a
 * `Link` header), filtered with `filter=dateLastModified>'…'`.
 *
 * Records are flattened onto the column names of the OneRoster CSV binding, so a REST roster
 * discovers, suggests and maps like a OneRoster CSV bundle (connectors/files/oneroster): a GUID
 * reference `{"sourcedId", "href", "type"}` under `course` becomes `courseSourcedId`, a list of
 * them under `terms` the comma list `termSourcedIds`, a list of values (`grades`) a comma list, a
 * 1.2 user's `roles` gives the CSV's single `role` (the primary one; `roles` is kept as JSON).
 */
export const ONEROSTER_REST_STREAMS: readonly { name: string }[] = [
  { name: 'orgs' },
  { name: 'academicSessions' },
  { name: 'courses' },
  { name: 'classes' },
  { name: 'users' },
  { name: 'enrollments' },
  { name: 'demographics' },
];

export const ONEROSTER_REST_VERSION = '1.2';

/** GUID references the REST binding names differently from the CSV column they become. */
const REF_NAMES: Record<string, string> = { parent: 'parentSourcedId', schoolYear: 'schoolYearSourcedId', children: 'childSourcedIds' };

/** One REST record as a flat row with the CSV binding's column names. */
export function flattenOneRoster(record: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (isGuidRef(v)) row[REF_NAMES[k] ?? `${k}SourcedId`] = v.sourcedId;
    else if (Array.isArray(v) && v.length > 0 && v.every(isGuidRef)) row[REF_NAMES[k] ?? `${singular(k)}SourcedIds`] = v.map((r) => r.sourcedId).join(',');
    else if (k === 'userIds' && Array.isArray(v)) row.userIds = v.map((u) => (isObject(u) ? `{${String(u.type ?? '')}:${String(u.identifier ?? '')}}` : String(u))).join(',');
    else if (k === 'roles' && Array.isArray(v)) {
      row.roles = JSON.stringify(v);
      const primary = v.find((r) => isObject(r) && r.roleType === 'primary') ?? v[0];
      if (!('role' in record) && isObject(primary) && typeof primary.role === 'string') row.role = primary.role;
    } else if (Array.isArray(v)) row[k] = v.every((x) => x === null || typeof x !== 'object') ? v.map((x) => (x === null ? '' : String(x))).join(',') : JSON.stringify(v);
    else if (isObject(v)) row[k] = JSON.stringify(v);
    else row[k] = v;
  }
  return row;
}

/**
 * The spec's columns of a collection, typed as the CSV binding types them, then any other field
 * the sample showed (an extension, `roles`, `metadata`). Single GUID references are declared
 * foreign keys to the collection they name, as for a CSV bundle.
 */
export function oneRosterRestColumns(stream: string, seen: readonly ColumnInfo[]): { columns: ColumnInfo[]; foreignKeys: ForeignKeyInfo[] } {
  const spec = ONEROSTER_FILES[stream] ?? {};
  const columns: ColumnInfo[] = [];
  const foreignKeys: ForeignKeyInfo[] = [];
  const streams = new Set(ONEROSTER_REST_STREAMS.map((s) => s.name));
  for (const name of Object.keys(spec)) {
    const c = oneRosterColumn(stream, name, ONEROSTER_REST_VERSION);
    if (!c) continue;
    columns.push({ name, type: c.type, nativeType: c.nativeType, nullable: !c.required });
    if (c.ref && streams.has(c.ref) && !(c.ref === stream && name === 'sourcedId')) foreignKeys.push({ columns: [name], refStream: c.ref, refColumns: ['sourcedId'], declared: true });
  }
  for (const c of seen) if (!(c.name in spec)) columns.push(c);
  return { columns, foreignKeys };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isGuidRef(v: unknown): v is { sourcedId: string } {
  return isObject(v) && typeof v.sourcedId === 'string' && ('href' in v || 'type' in v);
}

function singular(k: string): string {
  return k.endsWith('s') ? k.slice(0, -1) : k;
}
