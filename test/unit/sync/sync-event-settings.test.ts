import { describe, expect, it } from 'vitest';
import { describeEventSettings, normaliseEventSettings } from '../../../src/main/engine/sync/events/event-settings';

describe("a sync definition's event settings", () => {
  it('default to a receiver on loopback at /academia/events on a free port, and the feed every minute', () => {
    expect(normaliseEventSettings(undefined)).toBeNull();
    expect(normaliseEventSettings(null)).toBeNull();
    expect(normaliseEventSettings({ webhook: {} })).toEqual({ webhook: { host: '127.0.0.1', port: 0, path: '/academia/events' }, feed: null });
    expect(normaliseEventSettings({ feed: {} })).toEqual({ webhook: null, feed: { intervalSeconds: 60 } });
    const both = normaliseEventSettings({ webhook: { host: '0.0.0.0', port: 8741, path: '/hooks/sis' }, feed: { intervalSeconds: 300 } });
    expect(both).toEqual({ webhook: { host: '0.0.0.0', port: 8741, path: '/hooks/sis' }, feed: { intervalSeconds: 300 } });
    expect(describeEventSettings(both)).toBe('webhook receiver on 0.0.0.0:8741/hooks/sis and events feed every 300 s');
    expect(describeEventSettings(normaliseEventSettings({ webhook: { host: '::1' } }))).toBe('webhook receiver on [::1]:a free port/academia/events');
    expect(normaliseEventSettings({ webhook: { host: 'studio.school.lan' } })?.webhook?.host).toBe('studio.school.lan');
  });

  it('refuse what a receiver or the feed cannot use, naming the field (SYNC_INVALID)', () => {
    const refusal = (input: Parameters<typeof normaliseEventSettings>[0]) => {
      try {
        normaliseEventSettings(input);
      } catch (err) {
        return err as { code: string; where?: { field?: string }; message: string };
      }
      throw new Error('accepted');
    };
    expect(refusal({ webhook: null, feed: null })).toMatchObject({ code: 'SYNC_INVALID', where: { field: 'events' } });
    expect(refusal({ webhook: { host: 'not an address!' } })).toMatchObject({ code: 'SYNC_INVALID', where: { field: 'events.webhook.host' } });
    expect(refusal({ webhook: { port: 70_000 } })).toMatchObject({ where: { field: 'events.webhook.port' } });
    expect(refusal({ webhook: { path: 'academia/events' } })).toMatchObject({ where: { field: 'events.webhook.path' } });
    expect(refusal({ webhook: { path: '/a b' } })).toMatchObject({ where: { field: 'events.webhook.path' } });
    expect(refusal({ feed: { intervalSeconds: 5 } })).toMatchObject({ where: { field: 'events.feed.intervalSeconds' }, message: expect.stringContaining('5 s') });
    expect(refusal({ feed: { intervalSeconds: 86_401 } })).toMatchObject({ where: { field: 'events.feed.intervalSeconds' } });
  });
});
