import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../../src/shared/errors';
import { linkTarget } from '../../../../src/main/engine/connectors/rest/link-header';
import { quotaWaitMs, retryAfterMs } from '../../../../src/main/engine/connectors/rest/rate-limit';
import { cursorFilter } from '../../../../src/main/engine/connectors/rest/rest-cursor';
import { flattenOneRoster } from '../../../../src/main/engine/connectors/rest/oneroster-rest-profile';
import { locationFilePath, parseSourceLocation } from '../../../../src/main/engine/connectors/source-location';

describe('REST source pieces', () => {
  it('reads RFC 8288 Link headers: several links, several rels, commas inside a target, relative targets', () => {
    const base = new URL('https://sis.example/ims/oneroster/rosters/v1p2/users?limit=10&offset=0');
    const header = '<https://sis.example/users?offset=20&fields=a,b>; rel="last", </ims/oneroster/rosters/v1p2/users?limit=10&offset=10>; rel="next prefetch"';
    expect(linkTarget(header, 'next', base)?.toString()).toBe('https://sis.example/ims/oneroster/rosters/v1p2/users?limit=10&offset=10');
    expect(linkTarget(header, 'last', base)?.searchParams.get('fields')).toBe('a,b');
    expect(linkTarget('<x>; rel=next', 'next', base)?.pathname).toBe('/ims/oneroster/rosters/v1p2/x');
    expect(linkTarget(header, 'prev', base)).toBeNull();
    expect(linkTarget(null, 'next', base)).toBeNull();
  });

  it('reads Retry-After (seconds or a date) and the RateLimit fields', () => {
    const now = Date.parse('2025-04-01T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '12' }), now)).toBe(12_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Apr 2025 10:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers(), now)).toBeNull();
    expect(quotaWaitMs(new Headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': '5' }), now)).toBe(5000);
    expect(quotaWaitMs(new Headers({ 'ratelimit-remaining': '3', 'ratelimit-reset': '5' }), now)).toBeNull();
    expect(quotaWaitMs(new Headers({ ratelimit: 'limit=100, remaining=0, reset=9' }), now)).toBe(9000);
    expect(quotaWaitMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 20) }), now)).toBe(20_000);
  });

  it('an increment keeps newer rows, compares times as instants and never returns a NULL cursor value', () => {
    const f = cursorFilter({ column: 'at', after: '2025-02-01' })!;
    expect(f.since).toEqual({ value: '2025-02-01', inclusive: false });
    expect(f.keep({ at: '2025-02-01T00:00:01Z' })).toBe(true);
    expect(f.keep({ at: '2025-02-01T00:00:00.000Z' })).toBe(false);
    expect(f.keep({ at: null })).toBe(false);
    const n = cursorFilter({ column: 'v', after: 9 })!;
    expect(n.keep({ v: 10 })).toBe(true);
    expect(n.keep({ v: '10' })).toBe(true);
    expect(cursorFilter({ column: 'v', after: null })!.keep({ v: 1 })).toBe(true);
    expect(cursorFilter(undefined)).toBeNull();
  });

  it('flattens OneRoster 1.2 records onto the CSV binding\'s columns', () => {
    const row = flattenOneRoster({
      sourcedId: 'u1',
      roles: [{ roleType: 'secondary', role: 'aide' }, { roleType: 'primary', role: 'teacher', org: { href: '/orgs/o1', sourcedId: 'o1', type: 'org' } }],
      orgs: [{ href: '/orgs/o1', sourcedId: 'o1', type: 'org' }, { href: '/orgs/o2', sourcedId: 'o2', type: 'org' }],
      parent: { href: '/orgs/d', sourcedId: 'd', type: 'org' },
      grades: ['09', '10'],
      metadata: { 'ext.house': 'Red' },
      userIds: [{ type: 'LDAP', identifier: '12' }],
    });
    expect(row).toMatchObject({ sourcedId: 'u1', role: 'teacher', orgSourcedIds: 'o1,o2', parentSourcedId: 'd', grades: '09,10', metadata: '{"ext.house":"Red"}', userIds: '{LDAP:12}' });
    expect(JSON.parse(String(row.roles))).toHaveLength(2);
  });

  it('parses REST locations: the secret is split off for the vault and masked, settings come from the query', () => {
    const p = parseSourceLocation('oneroster+https://sis-client:p%40ss@sis.example/ims/oneroster/rosters/v1p2/?pageSize=50&tokenUrl=https://auth.example/token');
    expect(p.kind).toBe('rest');
    expect(p.password).toBe('p@ss');
    expect(p.masked).toBe('oneroster+https://sis-client:****@sis.example/ims/oneroster/rosters/v1p2/?pageSize=50&tokenUrl=https://auth.example/token');
    expect(p.config).toEqual({ baseUrl: 'https://sis.example/ims/oneroster/rosters/v1p2', profile: 'oneroster', clientId: 'sis-client', pageSize: '50', tokenUrl: 'https://auth.example/token' });
    expect(JSON.stringify(p.config)).not.toContain('p@ss');
    expect(locationFilePath('rest+http://127.0.0.1:8080/api')).toBeNull();
    const generic = parseSourceLocation('rest+http://:key@127.0.0.1:8080/api/v1?streams=students=/students&paging=cursor');
    expect(generic.config).toMatchObject({ profile: 'generic', streams: 'students=/students', paging: 'cursor' });
    expect(generic.password).toBe('key');
    for (const bad of ['oneroster+https://sis.example/x?paging=sideways', 'rest+https://h/x?colour=red', 'oneroster+https://sis.example/x?profile=generic']) {
      let err: unknown;
      try {
        parseSourceLocation(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StudioError);
      expect((err as StudioError).code).toBe('BAD_REQUEST');
    }
  });
});
