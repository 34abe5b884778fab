import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createEngine } from '../../../src/main/engine/api/engine';
import { defineService, method, noParams, type ServiceOf } from '../../../src/shared/api/contract';
import { studioContract, studioEvents } from '../../../src/shared/api/contracts/index';
import { requestSchemas } from '../../../src/shared/api/schemas';
import type { RunsService, StudioApi } from '../../../src/shared/api/services';
import type { RunInfo } from '../../../src/shared/model/run';

// Type-level cases: `npm run typecheck` compiles this file, so each @ts-expect-error below fails
// the typecheck if the line it marks ever compiles.

// A method needs a request schema…
// @ts-expect-error method() without a schema does not compile
method().returns<number>();
// …and an answer type: an entry without `.returns<…>()` is not a method contract.
// @ts-expect-error an entry that is not method(schema).returns<T>() does not compile
defineService({ ping: method(noParams) });
// @ts-expect-error a bare schema is not a method contract either
defineService({ ping: z.object({}) });

const _sample = defineService({ get: method(z.object({ runId: z.string() }).strict()).returns<RunInfo>(), list: method(noParams).returns<RunInfo[]>() });
type Sample = ServiceOf<typeof _sample>;
// An implementation must have every method of the table, with the table's parameter shape.
// @ts-expect-error `list` is missing
const missing: Sample = { get: async () => ({}) as RunInfo };
// @ts-expect-error `get` takes `{ runId }` as its schema says, not a number
const wrongShape: Sample = { get: async (req: number) => ({ runId: String(req) }) as RunInfo, list: async () => [] };
void missing;
void wrongShape;

declare const api: StudioApi;
function typeOnly(): void {
  // @ts-expect-error no method without a schema: runs has no `pause` in its table
  void api.runs.pause({ runId: 'r' });
  // @ts-expect-error the parameter shape is the schema's: `runId`, not `id`
  void api.runs.get({ id: 'r' });
  // @ts-expect-error a method without parameters takes none
  void api.projects.current({ path: '/x.apstudio' });
  void api.runs.get({ runId: 'r' }, { signal: new AbortController().signal });
}
void typeOnly;

describe('service contracts (src/shared/api/contracts)', () => {
  it('derives each service type from its table: parameters from the schema, the answer from returns<>', () => {
    expectTypeOf<Sample['get']>().parameter(0).toEqualTypeOf<{ runId: string }>();
    expectTypeOf<Sample['list']>().parameters.toEqualTypeOf<[]>();
    expectTypeOf<RunsService['get']>().returns.resolves.toEqualTypeOf<RunInfo>();
  });

  it('gives every method a schema the edge validates with, the same table requestSchemas shows', () => {
    for (const [service, methods] of Object.entries(studioContract)) {
      for (const [name, m] of Object.entries(methods)) {
        expect(typeof m.params.safeParse, `${service}.${name}`).toBe('function');
        expect((requestSchemas as Record<string, Record<string, unknown>>)[service][name]).toBe(m.params);
      }
    }
  });

  it('is the exact set of methods the engine implements, service by service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-'));
    const engine = createEngine({ host: 'cli', configDir: dir });
    try {
      const implemented = Object.fromEntries(Object.entries(engine.api).map(([s, impl]) => [s, Object.keys(impl as object).sort()]));
      const declared = Object.fromEntries(Object.entries(studioContract).map(([s, methods]) => [s, Object.keys(methods).sort()]));
      expect(implemented).toEqual(declared);
    } finally {
      await engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a scope key for each event one can listen to for one thing, and none for global events', () => {
    expect(studioEvents['run.progress'].scope?.({ runId: 'r1' } as never)).toBe('r1');
    expect(studioEvents['assessment.progress'].scope?.({ assessmentId: 'a1' } as never)).toBe('a1');
    expect(studioEvents['project.changed'].scope).toBeNull();
    expect(studioEvents['target.checked'].scope).toBeNull();
  });
});
