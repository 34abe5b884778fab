import { describe, expect, it } from 'vitest';
import { readDeprecation } from '../../../src/main/engine/academia/deprecation';
import { deprecationOf as rendererDeprecationOf, successorName } from '../../../src/renderer/src/features/target/deprecation';
import { deprecationOf } from '../../../src/shared/model/deprecation';
import type { TargetApiInfo, TargetCheck } from '../../../src/shared/model/target';

const info = (over: Partial<TargetApiInfo>): TargetApiInfo => ({ apiVersion: 'v1', status: 'Deprecated', docsUrl: '', deprecatedAt: null, sunsetAt: null, successorVersion: null, ...over }) as TargetApiInfo;
const check = (apiInfo: TargetApiInfo): TargetCheck => ({ id: 1, at: '2026-12-07T10:00:00.000Z', ok: true, info: apiInfo, deprecation: null }) as unknown as TargetCheck;

describe('one deprecation notice for the engine and the renderer (src/shared/model/deprecation.ts)', () => {
  it('the renderer uses the shared rule, not a copy', () => {
    expect(rendererDeprecationOf).toBe(deprecationOf);
  });

  it('says the same words whether the engine read the headers or the screen read the API info', () => {
    const cases = [
      { deprecatedAt: '2026-01-15T00:00:00.000Z', sunsetAt: '2026-07-01T00:00:00.000Z', successor: 'v2' },
      { deprecatedAt: null, sunsetAt: '2099-01-01T00:00:00.000Z', successor: 'v2' },
      { deprecatedAt: null, sunsetAt: null, successor: null },
    ];
    for (const c of cases) {
      const headers = new Headers({ Deprecation: c.deprecatedAt ? `@${Date.parse(c.deprecatedAt) / 1000}` : 'true' });
      if (c.sunsetAt) headers.set('Sunset', new Date(c.sunsetAt).toUTCString());
      if (c.successor) headers.set('Link', `<https://sis.example/api/${c.successor}>; rel="successor-version"`);
      const fromHeaders = readDeprecation(headers, 'v1')!;
      const fromInfo = deprecationOf(check(info({ deprecatedAt: c.deprecatedAt, sunsetAt: c.sunsetAt, successorVersion: c.successor })))!;
      expect(fromInfo.message).toBe(fromHeaders.message);
      expect([fromInfo.deprecatedAt, fromInfo.sunsetAt]).toEqual([fromHeaders.deprecatedAt, fromHeaders.sunsetAt]);
      expect(successorName(fromHeaders, null)).toBe(c.successor);
    }
  });

  it('a check that carries the headers’ notice shows that one; a current version shows none', () => {
    const fromHeaders = readDeprecation(new Headers({ Deprecation: 'true' }), 'v1')!;
    expect(deprecationOf({ ...check(info({})), deprecation: fromHeaders })).toBe(fromHeaders);
    expect(deprecationOf(check(info({ status: 'Production' } as Partial<TargetApiInfo>)))).toBeNull();
  });
});
