import { afterEach, describe, expect, it, vi } from 'vitest';
import { StudioError } from '../../../../src/shared/errors';
import { withTimeout } from '../../../../src/main/engine/connectors/scan/with-timeout';

describe('withTimeout', () => {
  afterEach(() => vi.useRealTimers());
  const tooSlow = () => new StudioError('SOURCE_TIMEOUT', 'Reading x took too long.', 'Copy it locally.');

  it('gives the work its answer when it comes in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, tooSlow)).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('disk gone')), 1000, tooSlow)).rejects.toThrow('disk gone');
  });

  it('fails with the timeout error when the work hangs, and hands a late result to be discarded', async () => {
    vi.useFakeTimers();
    let finish: (value: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const discarded: string[] = [];
    const waiting = withTimeout(work, 5000, tooSlow, (late) => discarded.push(late));
    const outcome = expect(waiting).rejects.toMatchObject({ code: 'SOURCE_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(5000);
    await outcome;
    finish('handle');
    await Promise.resolve();
    expect(discarded).toEqual(['handle']);
  });
});
