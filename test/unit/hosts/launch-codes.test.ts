import { describe, expect, it } from 'vitest';
import { browserOpener } from '../../../src/main/hosts/open-browser';
import { LaunchCodes } from '../../../src/main/hosts/launch-codes';

describe('one-time launch codes', () => {
  it('works once and only once', () => {
    const codes = new LaunchCodes();
    const code = codes.issue();
    expect(code).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
    expect(codes.outstanding).toBe(0);
  });

  it('expires after its time to live (a minute by default)', () => {
    let now = 1_000_000;
    const codes = new LaunchCodes({ now: () => now });
    const late = codes.issue();
    const inTime = codes.issue();
    now += 59_999;
    expect(codes.redeem(inTime)).toBe(true);
    now += 1;
    expect(codes.redeem(late)).toBe(false);
  });

  it('refuses guesses, other codes’ prefixes and empty strings, and keeps the real code usable', () => {
    const codes = new LaunchCodes();
    const code = codes.issue();
    for (const guess of ['', code.slice(0, -1), `${code}x`, code.toUpperCase() === code ? code.toLowerCase() : code.toUpperCase(), 'null']) {
      expect(codes.redeem(guess)).toBe(false);
    }
    expect(codes.redeem(code)).toBe(true);
  });

  it('keeps only a few unused codes, dropping the oldest', () => {
    const codes = new LaunchCodes({ maxOutstanding: 2 });
    const [a, b, c] = [codes.issue(), codes.issue(), codes.issue()];
    expect(codes.redeem(a)).toBe(false);
    expect(codes.redeem(b)).toBe(true);
    expect(codes.redeem(c)).toBe(true);
  });
});

describe('the browser opener', () => {
  it('is the platform’s own, or the program named by APSTUDIO_OPEN_WITH', () => {
    expect(browserOpener({}, 'linux').command).toBe('xdg-open');
    expect(browserOpener({}, 'darwin').command).toBe('open');
    const windows = browserOpener({}, 'win32');
    expect([windows.command, ...windows.args('http://x/?code=1')]).toEqual(['cmd', '/c', 'start', '', 'http://x/?code=1']);
    const custom = browserOpener({ APSTUDIO_OPEN_WITH: '/opt/stand-in' }, 'linux');
    expect([custom.command, ...custom.args('u')]).toEqual(['/opt/stand-in', 'u']);
  });
});
