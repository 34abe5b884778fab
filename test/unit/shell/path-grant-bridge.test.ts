import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostEngine } from '../../../src/main/hosts/host-engine';
import { answerGrantRequests, grantRequester, type GrantPortLike } from '../../../src/main/window/path-grant-bridge';
import { tempDir } from '../../support/temp-dir';

/** A parent-port pair: what main posts reaches the engine's listeners and the other way round. */
function portPair() {
  const engineListeners: ((event: { data: unknown }) => void)[] = [];
  const toMain: unknown[] = [];
  let mainHandler: (message: unknown) => void = (message) => toMain.push(message);
  const enginePort: GrantPortLike = {
    on: (_event, listener) => engineListeners.push(listener),
    postMessage: (message) => queueMicrotask(() => mainHandler(message)),
  };
  return {
    enginePort,
    postToEngine: (message: unknown) => {
      queueMicrotask(() => engineListeners.forEach((l) => l({ data: message })));
      return true;
    },
    onMain: (handler: (message: unknown) => void) => (mainHandler = handler),
  };
}

describe('the desktop app grants picked files through the engine\'s parent port', () => {
  const dir = tempDir();
  const config = join(dir.path, 'config');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(dir.path, 'pupils.csv'), 'id\n1\n');
  writeFileSync(join(config, 'vault-key.json'), '{}');
  const engine = createHostEngine({ host: 'electron', configDir: config });
  afterAll(async () => {
    await engine.dispose();
    dir.cleanup();
  });

  it('main asks, the engine grants, and the answer arrives before the page uses the path', async () => {
    const pair = portPair();
    answerGrantRequests(pair.enginePort, (path) => engine.grant(path, 'picked'));
    const requester = grantRequester(pair.postToEngine);
    pair.onMain((message) => expect(requester.handleMessage(message)).toBe(true));
    await expect(requester.request(join(dir.path, 'pupils.csv'))).resolves.toEqual({ path: join(dir.path, 'pupils.csv'), kind: 'file' });
    await engine.api.projects.create({ path: join(dir.path, 'desk.apstudio') });
    await expect(engine.api.connections.add({ name: 'Pupils', location: join(dir.path, 'pupils.csv') })).resolves.toMatchObject({ kind: 'csv' });
    // The engine's refusal travels back typed.
    await expect(requester.request(join(config, 'vault-key.json'))).rejects.toMatchObject({ error: { code: 'SOURCE_PROTECTED' } });
  });

  it('ignores other messages, and fails clearly when the engine is not running or does not answer', async () => {
    const requester = grantRequester(() => false);
    expect(requester.handleMessage({ type: 'keychain-reply', id: 1, ok: true })).toBe(false);
    await expect(requester.request('/x')).rejects.toMatchObject({ error: { message: 'The studio engine is not running.' } });
    let fire: () => void = () => undefined;
    const silent = grantRequester(() => true, { setTimer: (callback) => ((fire = callback), 1), clearTimer: () => undefined });
    const pending = silent.request('/x');
    fire();
    await expect(pending).rejects.toMatchObject({ error: { message: 'The studio engine did not answer in time.' } });
  });
});
