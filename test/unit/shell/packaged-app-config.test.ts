import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DEVELOPER_ROLES, devToolsAllowed, studioMenuTemplate } from '../../../src/main/window/app-menu';
import { studioWebPreferences } from '../../../src/main/window/web-preferences';

const root = new URL('../../../', import.meta.url);

/**
 * The top-level `key: value` pairs of one block of electron-builder.yml (two-space indented
 * scalars, comments dropped): enough for the flat blocks checked here, without a YAML parser.
 */
function yamlBlock(text: string, key: string): Map<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${key}:`);
  const out = new Map<string, string>();
  if (start === -1) return out;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^ {2}([A-Za-z]+):\s*([^#\s]+)/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

const builderYml = readFileSync(new URL('electron-builder.yml', root), 'utf8');

describe('the packaged app: Electron fuses (the binary cannot run here, so its configuration is checked)', () => {
  const fuses = yamlBlock(builderYml, 'electronFuses');

  it('turns off every way to drive the app as plain Node and turns on ASAR integrity and cookie encryption', () => {
    expect(Object.fromEntries(fuses)).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('names only fuses this electron-builder knows, and packs the app into an asar (which the integrity fuses check)', () => {
    const require = createRequire(new URL('package.json', root));
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }; properties: Record<string, unknown> };
    expect(scheme.properties).toHaveProperty('electronFuses');
    for (const name of fuses.keys()) expect(Object.keys(scheme.definitions.FuseOptionsV1.properties)).toContain(name);
    expect(builderYml).toMatch(/^asar: true$/m);
  });

  it('starts the engine as a utilityProcess, which still works with RunAsNode and NODE_OPTIONS off', () => {
    const main = readFileSync(new URL('src/main/index.ts', root), 'utf8');
    expect(main).toContain('utilityProcess.fork(');
    expect(main).not.toMatch(/ELECTRON_RUN_AS_NODE|child_process/);
  });
});

/** A menu item, typed through the helper so the test needs nothing from electron. */
type MenuItem = ReturnType<typeof studioMenuTemplate>[number];

function roles(items: MenuItem[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
}

describe('the packaged app: no DevTools', () => {
  it('has no developer menu item (nor its shortcut) when installed, on every platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const packaged = roles(studioMenuTemplate({ isPackaged: true, platform, productName: 'Studio' }));
      for (const role of DEVELOPER_ROLES) expect(packaged).not.toContain(role);
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'selectAll']));
      expect(roles(studioMenuTemplate({ isPackaged: false, platform, productName: 'Studio' }))).toContain('toggleDevTools');
    }
  });

  it('turns DevTools off in the window of the installed app', () => {
    expect(devToolsAllowed(true)).toBe(false);
    expect(studioWebPreferences('/p.cjs', { devTools: devToolsAllowed(true) }).devTools).toBe(false);
    expect(studioWebPreferences('/p.cjs', { devTools: devToolsAllowed(false) }).devTools).toBe(true);
    expect(studioWebPreferences('/p.cjs').devTools).toBe(false);
  });

  it('sets its own application menu and window preference from app.isPackaged', () => {
    const main = readFileSync(new URL('src/main/index.ts', root), 'utf8');
    expect(main).toMatch(/Menu\.setApplicationMenu\(Menu\.buildFromTemplate\(studioMenuTemplate\(\{ isPackaged: app\.isPackaged/);
    expect(main).toContain('devTools: devToolsAllowed(app.isPackaged)');
    expect(readFileSync(new URL('src/main/window/main-window.ts', root), 'utf8')).toContain('studioWebPreferences(options.preloadPath, { devTools: options.devTools })');
  });
});
