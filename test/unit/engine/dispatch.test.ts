import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/engine/rpc/dispatch';
import type { StudioApi } from '../../../src/shared/api/services';
import { StudioError } from '../../../src/shared/errors';

function fakeApi(): StudioApi {
  const calls: unknown[] = [];
  const api = {
    projects: {
      open: async (req: unknown) => {
        calls.push(req);
        return { opened: req };
      },
      close: async () => undefined,
      current: async () => {
        throw new StudioError('NO_PROJECT_OPEN', 'No project is open.', 'Open one.');
      },
      boom: async () => {
        throw new Error('disk on fire at /secret/path');
      },
    },
  };
  return api as unknown as StudioApi;
}

describe('engine edge (dispatch)', () => {
  it('passes validated parameters to the service and answers with its result', async () => {
    const answer = await dispatch(fakeApi(), { kind: 'call', id: 1, service: 'projects', method: 'open', params: { path: '/x.apstudio' } });
    expect(answer).toEqual({ kind: 'result', id: 1, result: { opened: { path: '/x.apstudio' } } });
  });

  it('answers null for services that return nothing', async () => {
    expect(await dispatch(fakeApi(), { kind: 'call', id: 2, service: 'projects', method: 'close' })).toEqual({ kind: 'result', id: 2, result: null });
  });

  it('refuses malformed parameters with BAD_REQUEST before any service code runs', async () => {
    const answer = await dispatch(fakeApi(), { kind: 'call', id: 3, service: 'projects', method: 'open', params: { path: 42, extra: true } });
    expect(answer?.kind).toBe('error');
    if (answer?.kind === 'error') {
      expect(answer.error.code).toBe('BAD_REQUEST');
      expect(answer.error.message).toMatch(/path/);
      expect(answer.error.hint).toBeTruthy();
    }
  });

  it('refuses unknown services and methods, including prototype names', async () => {
    for (const [service, method] of [
      ['nope', 'open'],
      ['projects', 'nope'],
      ['projects', 'constructor'],
      ['__proto__', 'toString'],
      ['projects', 'boom'],
    ]) {
      const answer = await dispatch(fakeApi(), { kind: 'call', id: 4, service, method });
      expect(answer).toMatchObject({ kind: 'error', id: 4, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('answers garbage with a typed error instead of throwing', async () => {
    for (const junk of [null, 42, 'call', { kind: 'call' }, { id: 'x' }]) {
      const answer = await dispatch(fakeApi(), junk);
      expect(answer).toMatchObject({ kind: 'error', error: { code: 'BAD_REQUEST' } });
    }
  });

  it('keeps typed errors and hides internals of unexpected ones', async () => {
    const typed = await dispatch(fakeApi(), { kind: 'call', id: 5, service: 'projects', method: 'current' });
    expect(typed).toMatchObject({ kind: 'error', error: { code: 'NO_PROJECT_OPEN', hint: 'Open one.' } });
  });
});
