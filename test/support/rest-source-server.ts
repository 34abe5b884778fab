import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A OneRoster 1.2 rostering API (and a generic cursor-paged JSON API over the same records) on
 * 127.0.0.1, for the REST source's tests. It serves a small school — a district, two schools,
 * a school year with two terms, 4 courses, 6 classes, 24 students, 4 teachers, 4 parents, their
 * enrolments and the students' demographics — and misbehaves on demand (`misbehave`):
 *
 * - `duplicates`: each page after the first starts 2 records early (records repeat across pages;
 *   the Link header still points past them, and no total is sent);
 * - `emptyLastPageWithNext`: the last page still links a next page, which is empty and links
 *   another, for ever;
 * - `rateLimitAtRequest: n`: the n-th page request is answered 429 with `Retry-After`;
 * - `quotaSpentAtRequest: n`: the n-th page request says `RateLimit-Remaining: 0`, `RateLimit-Reset: 3`;
 * - `revokeTokenAfterPages: n`: the token in use is revoked after n pages (401 invalid_token);
 *   `rejectAllTokens`: every token is refused (a refresh cannot help);
 * - `repeatCursor`: the generic API's second page hands back the first page's cursor;
 * - `ignoreOffset`: OneRoster pages always start at 0;
 * - `notJson`, `wrongShape`, `forbid: [collection]`, `chunked` (pages without Content-Length).
 * `/old/<collection>` redirects to the OneRoster path on this origin, `/away/<collection>` to it on
 * another origin (`localhost`), whatever the misbehaviour.
 */

export const ONEROSTER_PATH = '/ims/oneroster/rosters/v1p2';
export const COLLECTIONS = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics'] as const;
type Collection = (typeof COLLECTIONS)[number];
type Rec = Record<string, unknown>;

export interface Misbehaviour {
  duplicates?: boolean;
  emptyLastPageWithNext?: boolean;
  rateLimitAtRequest?: number;
  retryAfterSeconds?: number;
  quotaSpentAtRequest?: number;
  revokeTokenAfterPages?: number;
  rejectAllTokens?: boolean;
  repeatCursor?: boolean;
  ignoreOffset?: boolean;
  notJson?: boolean;
  wrongShape?: boolean;
  forbid?: string[];
  chunked?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  auth: string | null;
  status: number;
}

export interface RestSourceServer {
  url: string;
  /** `http://127.0.0.1:PORT/ims/oneroster/rosters/v1p2` */
  oneRosterUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  data: Record<Collection, Rec[]>;
  log: LoggedRequest[];
  tokensIssued: number;
  misbehave(m: Misbehaviour): void;
  /** Changes a record's dateLastModified (and, optionally, fields), as an edit in the SIS would. */
  touch(collection: Collection, sourcedId: string, at: string, fields?: Rec): void;
  close(): Promise<void>;
}

const BASE_TIME = '2025-01-10T08:00:00.000Z';
const LATER_TIME = '2025-03-01T09:30:00.000Z';
const GIVEN = ['Ava', 'Ben', 'Chloe', 'Daniel', 'Ella', 'Finn', 'Grace', 'Henry', 'Isla', 'Jack', 'Katie', 'Leo', 'Mia', 'Noah', 'Olivia', 'Paul', 'Quinn', 'Ruby', 'Sam', 'Tara', 'Umar', 'Vera', 'Will', 'Zoe'];
const FAMILY = ['Adams', 'Baker', 'Clarke', 'Davies', 'Evans', 'Foster', 'Green', 'Hughes', 'Irving', 'James', 'King', 'Lewis'];

const ref = (collection: string, sourcedId: string, type: string) => ({ href: `${ONEROSTER_PATH}/${collection}/${sourcedId}`, sourcedId, type });
const pad = (n: number) => String(n).padStart(2, '0');

/** The school, deterministic: every fifth student (and their demographics) was changed later. */
export function oneRosterDataSet(): Record<Collection, Rec[]> {
  const meta = (sourcedId: string, later = false) => ({ sourcedId, status: 'active', dateLastModified: later ? LATER_TIME : BASE_TIME });
  const orgs: Rec[] = [
    { ...meta('org-dist-1'), name: 'Greenfield District', type: 'district', identifier: 'GD', parent: null, children: [ref('orgs', 'org-sch-1', 'org'), ref('orgs', 'org-sch-2', 'org')] },
    { ...meta('org-sch-1'), name: 'Greenfield High School', type: 'school', identifier: 'GHS', parent: ref('orgs', 'org-dist-1', 'org') },
    { ...meta('org-sch-2'), name: 'Greenfield Middle School', type: 'school', identifier: 'GMS', parent: ref('orgs', 'org-dist-1', 'org') },
  ];
  const academicSessions: Rec[] = [
    { ...meta('as-2024'), title: '2024-2025', type: 'schoolYear', startDate: '2024-09-01', endDate: '2025-06-30', parent: null, schoolYear: '2025' },
    { ...meta('as-t1'), title: 'Autumn term', type: 'term', startDate: '2024-09-01', endDate: '2025-01-31', parent: ref('academicSessions', 'as-2024', 'academicSession'), schoolYear: '2025' },
    { ...meta('as-t2'), title: 'Spring term', type: 'term', startDate: '2025-02-01', endDate: '2025-06-30', parent: ref('academicSessions', 'as-2024', 'academicSession'), schoolYear: '2025' },
  ];
  const subjects = ['Mathematics', 'English', 'Physics', 'History'];
  const courses: Rec[] = subjects.map((s, i) => ({ ...meta(`crs-${i + 1}`), title: s, courseCode: s.slice(0, 3).toUpperCase() + '100', grades: ['09', '10'], subjects: [s], schoolYear: ref('academicSessions', 'as-2024', 'academicSession'), org: ref('orgs', 'org-sch-1', 'org') }));
  const classes: Rec[] = Array.from({ length: 6 }, (_, i) => ({
    ...meta(`cls-${i + 1}`),
    title: `${subjects[i % 4]} ${i < 4 ? 'A' : 'B'}`,
    classCode: `${subjects[i % 4].slice(0, 3).toUpperCase()}-${i + 1}`,
    classType: 'scheduled',
    location: `Room ${101 + i}`,
    grades: ['09', '10'],
    subjects: [subjects[i % 4]],
    course: ref('courses', `crs-${(i % 4) + 1}`, 'course'),
    school: ref('orgs', 'org-sch-1', 'org'),
    terms: [ref('academicSessions', i % 2 ? 'as-t2' : 'as-t1', 'academicSession')],
    periods: [String((i % 3) + 1)],
  }));
  const users: Rec[] = [];
  const person = (id: string, role: string, i: number, later: boolean, extra: Rec = {}) => ({
    ...meta(id, later),
    enabledUser: true,
    username: `${GIVEN[i % GIVEN.length].toLowerCase()}.${FAMILY[i % FAMILY.length].toLowerCase()}${i}`,
    userIds: [{ type: 'SIS', identifier: id.toUpperCase() }],
    givenName: GIVEN[i % GIVEN.length],
    familyName: FAMILY[i % FAMILY.length],
    middleName: null,
    email: `${GIVEN[i % GIVEN.length].toLowerCase()}.${FAMILY[i % FAMILY.length].toLowerCase()}${i}@greenfield.example`,
    phone: `+44 20 7946 ${String(1000 + i)}`,
    roles: [{ roleType: 'primary', role, org: ref('orgs', 'org-sch-1', 'org') }],
    primaryOrg: ref('orgs', 'org-sch-1', 'org'),
    orgs: [ref('orgs', 'org-sch-1', 'org')],
    grades: [],
    ...extra,
  });
  for (let t = 1; t <= 4; t++) users.push(person(`usr-t-${pad(t)}`, 'teacher', t + 30, false));
  for (let p = 1; p <= 4; p++) users.push(person(`usr-p-${pad(p)}`, 'parent', p + 40, false));
  for (let s = 1; s <= 24; s++) users.push(person(`usr-s-${pad(s)}`, 'student', s - 1, s % 5 === 0, { grades: [s <= 12 ? '09' : '10'], agents: [ref('users', `usr-p-${pad(((s - 1) % 4) + 1)}`, 'user')] }));
  const enrollments: Rec[] = [];
  for (let c = 1; c <= 6; c++) enrollments.push({ ...meta(`enr-t-${c}`), role: 'teacher', primary: true, beginDate: '2024-09-01', endDate: '2025-06-30', user: ref('users', `usr-t-${pad(((c - 1) % 4) + 1)}`, 'user'), class: ref('classes', `cls-${c}`, 'class'), school: ref('orgs', 'org-sch-1', 'org') });
  for (let s = 1; s <= 24; s++) {
    for (const c of [((s - 1) % 6) + 1, (s % 6) + 1]) enrollments.push({ ...meta(`enr-s-${pad(s)}-${c}`, s % 5 === 0), role: 'student', primary: false, beginDate: '2024-09-01', endDate: '2025-06-30', user: ref('users', `usr-s-${pad(s)}`, 'user'), class: ref('classes', `cls-${c}`, 'class'), school: ref('orgs', 'org-sch-1', 'org') });
  }
  const demographics: Rec[] = [];
  for (let s = 1; s <= 24; s++) demographics.push({ ...meta(`usr-s-${pad(s)}`, s % 5 === 0), birthDate: `${s <= 12 ? 2010 : 2009}-${pad((s % 12) + 1)}-${pad((s % 27) + 1)}`, sex: s % 2 ? 'female' : 'male', countryOfBirthCode: 'GB' });
  return { orgs, academicSessions, courses, classes, users, enrollments, demographics };
}

export async function startRestSourceServer(options: { tokenTtlSeconds?: number } = {}): Promise<RestSourceServer> {
  const data = oneRosterDataSet();
  const clientId = 'sis-client';
  const clientSecret = 's3cret-of-the-client';
  const apiKey = 'key-0123456789';
  let m: Misbehaviour = {};
  let pageRequests = 0;
  let tokenCounter = 0;
  const tokens = new Map<string, { pages: number; revoked: boolean }>();
  const log: LoggedRequest[] = [];

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (m.chunked) {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      for (let i = 0; i < text.length; i += 512) res.write(text.slice(i, i + 512));
      res.end();
    } else {
      res.writeHead(status, { 'content-type': typeof body === 'string' && headers['content-type'] ? headers['content-type'] : 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
    }
  };

  const readBody = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString()));
    req.on('end', () => resolve(s));
  });

  /** Who may read: a live bearer token, or the API key in a header or the query. Returns the token record, or an error status. */
  const authorize = (req: IncomingMessage, url: URL): { ok: true; token: string | null } | { ok: false } => {
    if (req.headers['x-api-key'] === apiKey || url.searchParams.get('api_key') === apiKey) return { ok: true, token: null };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const t = bearer ? tokens.get(bearer) : undefined;
    if (!bearer || !t || t.revoked || m.rejectAllTokens) return { ok: false };
    return { ok: true, token: bearer };
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const entry: LoggedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization ?? (req.headers['x-api-key'] as string | undefined) ?? null, status: 0 };
      log.push(entry);
      const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
        entry.status = status;
        send(res, status, body, headers);
      };

      if (req.method === 'POST' && url.pathname === '/oauth/token') {
        const form = new URLSearchParams(await readBody(req));
        let id = form.get('client_id');
        let secret = form.get('client_secret');
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (basic) {
          const [a, b] = Buffer.from(basic, 'base64').toString().split(':');
          id = decodeURIComponent(a);
          secret = decodeURIComponent(b ?? '');
        }
        if (form.get('grant_type') !== 'client_credentials') return reply(400, { error: 'unsupported_grant_type' });
        if (id !== clientId || secret !== clientSecret) return reply(401, { error: 'invalid_client', error_description: 'Unknown client or wrong secret.' });
        const token = `tok-${++tokenCounter}`;
        tokens.set(token, { pages: 0, revoked: false });
        return reply(200, { access_token: token, token_type: 'bearer', expires_in: options.tokenTtlSeconds ?? 3600, scope: form.get('scope') ?? 'roster-core.readonly' });
      }

      // An API that moved: /old/… redirects within this origin, /away/… to another origin (localhost).
      const moved = /^\/(old|away)\/(.+)$/.exec(url.pathname);
      if (moved) {
        const origin = moved[1] === 'old' ? '' : `http://localhost:${(server.address() as AddressInfo).port}`;
        entry.status = moved[1] === 'old' ? 301 : 302;
        res.writeHead(entry.status, { location: `${origin}${ONEROSTER_PATH}/${moved[2]}${url.search}` });
        return res.end();
      }
      const oneRoster = url.pathname.startsWith(`${ONEROSTER_PATH}/`);
      const generic = url.pathname.startsWith('/api/v1/');
      const collection = url.pathname.slice(oneRoster ? ONEROSTER_PATH.length + 1 : '/api/v1/'.length) as Collection;
      if ((!oneRoster && !generic) || !COLLECTIONS.includes(collection)) return reply(404, { imsx_codeMajor: 'failure', imsx_description: 'Unknown endpoint.' });
      const who = authorize(req, url);
      if (!who.ok) return reply(401, { imsx_codeMajor: 'failure', imsx_description: 'Invalid or expired token.' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      if (m.forbid?.includes(collection)) return reply(403, { imsx_codeMajor: 'failure', imsx_description: 'Scope roster-demographics.readonly not granted.' });
      pageRequests++;
      if (m.rateLimitAtRequest === pageRequests) return reply(429, { error: 'Too many requests' }, { 'retry-after': String(m.retryAfterSeconds ?? 7) });
      if (who.token) {
        const t = tokens.get(who.token)!;
        t.pages++;
        if (m.revokeTokenAfterPages !== undefined && t.pages > m.revokeTokenAfterPages) {
          t.revoked = true;
          return reply(401, { imsx_codeMajor: 'failure', imsx_description: 'Token expired.' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
        }
      }
      if (m.notJson) return reply(200, '<html><body>Please sign in</body></html>', { 'content-type': 'text/html' });

      let records = data[collection].slice();
      const filter = url.searchParams.get('filter');
      const since = url.searchParams.get('updated_since');
      if (filter) {
        const f = /^dateLastModified(>=|>)'(.*)'$/.exec(filter);
        if (!f) return reply(400, { imsx_codeMajor: 'failure', imsx_description: `Unsupported filter ${filter}` });
        const at = Date.parse(f[2]);
        records = records.filter((r) => (f[1] === '>' ? Date.parse(String(r.dateLastModified)) > at : Date.parse(String(r.dateLastModified)) >= at));
      }
      if (since) records = records.filter((r) => Date.parse(String(r.dateLastModified)) >= Date.parse(since));
      if (url.searchParams.get('sort') === 'sourcedId') records.sort((a, b) => String(a.sourcedId).localeCompare(String(b.sourcedId)));
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 100);
      const headers: Record<string, string> = {};
      if (m.quotaSpentAtRequest === pageRequests) Object.assign(headers, { 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '3' });

      if (generic) {
        const offset = url.searchParams.get('cursor') ? Number(Buffer.from(url.searchParams.get('cursor')!, 'base64url').toString()) : 0;
        const page = records.slice(offset, offset + limit);
        const nextOffset = offset + limit;
        let next: string | null = nextOffset < records.length ? Buffer.from(String(nextOffset)).toString('base64url') : null;
        if (m.repeatCursor && offset > 0) next = Buffer.from(String(limit)).toString('base64url');
        return reply(200, m.wrongShape ? { data: { items: page } } : { data: page, next_cursor: next, meta: { count: page.length } }, headers);
      }

      const offset = m.ignoreOffset ? 0 : Number(url.searchParams.get('offset') ?? 0);
      const start = m.duplicates && offset > 0 ? Math.max(0, offset - 2) : offset;
      const page = records.slice(start, offset + limit);
      const link = (o: number) => {
        const u = new URL(url);
        u.searchParams.set('offset', String(o));
        u.searchParams.set('limit', String(limit));
        return `<${u.pathname}${u.search}>`;
      };
      const links: string[] = [];
      const hasNext = offset + limit < records.length || (m.emptyLastPageWithNext ?? false);
      if (hasNext) links.push(`${link(offset + limit)}; rel="next"`);
      links.push(`${link(Math.max(0, Math.floor((records.length - 1) / limit) * limit))}; rel="last"`);
      headers.link = links.join(', ');
      if (!m.duplicates && !m.emptyLastPageWithNext) headers['x-total-count'] = String(records.length);
      return reply(200, m.wrongShape ? { results: page } : { [collection]: page }, headers);
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    oneRosterUrl: `${url}${ONEROSTER_PATH}`,
    tokenUrl: `${url}/oauth/token`,
    clientId,
    clientSecret,
    apiKey,
    data,
    log,
    get tokensIssued() {
      return tokenCounter;
    },
    misbehave(next) {
      m = next;
      pageRequests = 0;
    },
    touch(collection, sourcedId, at, fields = {}) {
      const r = data[collection].find((x) => x.sourcedId === sourcedId);
      if (!r) throw new Error(`no ${collection} ${sourcedId}`);
      Object.assign(r, fields, { dateLastModified: at });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
