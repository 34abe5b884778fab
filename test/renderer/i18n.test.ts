import { describe, expect, it } from 'vitest';
import { i18n, interfaceDirection } from '../../src/renderer/src/i18n';
import { SCREENS } from '../../src/renderer/src/stores/navigation-store';

// The renderer's sources as text (Vite's glob: this project has no Node types, as in the page).
const SOURCES = (import.meta as unknown as { glob(pattern: string, options: object): Record<string, string> }).glob('../../src/renderer/src/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Every literal key handed to `t(…)` (under any of the names the code gives it). */
function usedKeys(): { file: string; key: string }[] {
  const call = /\b(?:t|translate|i18nT|i18n\.t)\(\s*'([A-Za-z0-9_.]+)'/g;
  return Object.entries(SOURCES).flatMap(([file, text]) => [...text.matchAll(call)].map((m) => ({ file, key: m[1] })));
}

describe('i18n', () => {
  it('has a resource for every key the screens ask for (a missing key would show its name)', () => {
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(100);
    const missing = keys.filter(({ key }) => !i18n.exists(key) && !i18n.exists(`${key}_other`));
    expect(missing).toEqual([]);
    for (const screen of SCREENS) expect(i18n.exists(`nav.${screen}`), screen).toBe(true);
  });

  it('gives every plural both forms, chosen by the language rules', () => {
    expect(i18n.t('count.rows', { count: 1, formatted: '1' })).toBe('1 row');
    expect(i18n.t('count.rows', { count: 2, formatted: '2' })).toBe('2 rows');
    expect(i18n.t('count.records', { count: 1, formatted: '1' })).toBe('1 record');
    expect(i18n.t('count.pairs', { count: 1, formatted: '1' })).toBe('1 pair');
    expect(i18n.t('count.clusters', { count: 0, formatted: '0' })).toBe('0 clusters');
    const flat = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => flat(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
    const all = flat(i18n.getResourceBundle('en', 'translation'));
    for (const key of all.filter((k) => k.endsWith('_one'))) expect(all, key).toContain(key.replace(/_one$/, '_other'));
  });

  it('reads the interface direction from the language', () => {
    expect(interfaceDirection('en')).toBe('ltr');
    expect(interfaceDirection('he')).toBe('rtl');
    expect(interfaceDirection('ar')).toBe('rtl');
  });
});
