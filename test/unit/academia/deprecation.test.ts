import { describe, expect, it } from 'vitest';
import { parseLinks, readDeprecation } from '../../../src/main/engine/academia/deprecation';

describe('readDeprecation', () => {
  it('reads RFC 9745 Deprecation, RFC 8594 Sunset and the successor link', () => {
    const headers = new Headers({
      Deprecation: '@1725177600',
      Sunset: 'Sat, 01 Mar 2025 00:00:00 GMT',
      Link: '<http://127.0.0.1:4010/api/v2>; rel="successor-version", <http://127.0.0.1:4010/api/v2/openapi.json>; rel="deprecation"; type="application/json"',
    });
    const notice = readDeprecation(headers, 'v1');
    expect(notice).toEqual({
      apiVersion: 'v1',
      deprecatedAt: '2024-09-01T08:00:00.000Z',
      sunsetAt: '2025-03-01T00:00:00.000Z',
      successorUrl: 'http://127.0.0.1:4010/api/v2',
      docsUrl: 'http://127.0.0.1:4010/api/v2/openapi.json',
      message: 'Academia Pro API v1 is deprecated since 2024-09-01. It may stop answering after 2025-03-01. Move the target to API v2.',
    });
  });

  it('understands the older draft forms (true, an HTTP-date) and a missing sunset', () => {
    expect(readDeprecation(new Headers({ Deprecation: 'true' }), 'v1')).toMatchObject({ deprecatedAt: null, sunsetAt: null, successorUrl: null, message: 'Academia Pro API v1 is deprecated.' });
    expect(readDeprecation(new Headers({ Deprecation: 'Sun, 01 Sep 2024 08:00:00 GMT' }), 'v1')?.deprecatedAt).toBe('2024-09-01T08:00:00.000Z');
    expect(readDeprecation(new Headers({ Deprecation: '@1725177600', Sunset: 'soon' }), 'v1')?.sunsetAt).toBeNull();
  });

  it('is null when the answer says nothing about deprecation', () => {
    expect(readDeprecation(new Headers({ Sunset: 'Sat, 01 Mar 2025 00:00:00 GMT' }), 'v1')).toBeNull();
  });
});

describe('parseLinks', () => {
  it('maps each relation to its URL, with several relations in one link', () => {
    const links = parseLinks('<https://a.example/x>; rel="next prev", <https://b.example/y>;rel=self');
    expect(Object.fromEntries(links)).toEqual({ next: 'https://a.example/x', prev: 'https://a.example/x', self: 'https://b.example/y' });
    expect(parseLinks(null).size).toBe(0);
  });
});
