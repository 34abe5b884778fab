import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp-dir';

// `npm start` in a throw-away copy of the project: built bundles and Electron are faked by tiny
// scripts that print how they were called, so the host choice is observed without a window,
// a browser or the network.
const repo = resolve(__dirname, '..', '..', '..');

describe('npm start (scripts/start.mjs)', () => {
  let root: { path: string; cleanup(): void };

  const write = (relative: string, content: string, mode?: number) => {
    const file = join(root.path, relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    if (mode) chmodSync(file, mode);
  };

  beforeEach(() => {
    root = tempDir('apstudio-start-');
    for (const file of ['scripts/start.mjs', 'scripts/electron-binary.mjs', 'scripts/build-electron-sqlite.mjs', 'bin/academia-studio.mjs']) {
      mkdirSync(join(root.path, file, '..'), { recursive: true });
      copyFileSync(join(repo, file), join(root.path, file));
    }
    write('package.json', '{"type":"module"}');
    write('out/main/cli.js', 'console.log("CLI " + JSON.stringify(process.argv.slice(2)));\n');
    write('out/renderer/index.html', '<!doctype html>');
  });
  afterEach(() => root.cleanup());

  const start = (args: string[] = [], env: Record<string, string> = {}) => {
    const result = spawnSync(process.execPath, [join(root.path, 'scripts', 'start.mjs'), ...args], {
      cwd: root.path,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 20_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };

  const installFakeElectron = () => {
    write('node_modules/electron/package.json', '{"name":"electron","version":"45.5.0"}');
    write('node_modules/electron/path.txt', 'electron');
    write('node_modules/electron/dist/electron', '#!/bin/sh\necho "ELECTRON $*"\n', 0o755);
    for (const file of ['out/main/index.js', 'out/main/engine-process.js', 'out/preload/index.cjs']) write(file, '');
  };

  it('without Electron, says so in one line and serves the demo in the browser', () => {
    const { code, out } = start();
    expect(code).toBe(0);
    expect(out).toContain("Electron's binary is not installed here (the download was blocked?) — starting the studio in your browser instead");
    expect(out).toContain('CLI ["serve","--demo","--open"]');
  });

  it('passes a project to the web host instead of the demo', () => {
    expect(start(['school.apstudio']).out).toContain('CLI ["serve","--project","school.apstudio","--open"]');
    expect(start(['--project', 'x.apstudio', '--open']).out).toContain('CLI ["serve","--project","x.apstudio","--open"]');
  });

  it('with Electron installed, runs it on the app with the arguments', () => {
    installFakeElectron();
    const { code, out } = start(['demo.apstudio'], { APSTUDIO_SQLITE_BINDING: '/elsewhere/better_sqlite3.node' });
    expect(code).toBe(0);
    expect(out).toContain('ELECTRON . demo.apstudio\n');
    expect(out).not.toContain('CLI');
  });

  it('with Electron installed and no project named, opens the demo in the desktop app', () => {
    installFakeElectron();
    const { out } = start([], { APSTUDIO_SQLITE_BINDING: '/elsewhere/better_sqlite3.node' });
    expect(out).toContain('ELECTRON . --demo');
  });

  it('falls back to the browser when the Electron database module cannot be built', () => {
    installFakeElectron();
    const { code, out, err } = start();
    expect(code).toBe(0);
    expect(err).toContain('Could not build better-sqlite3 for Electron');
    expect(out).toContain('The database module for Electron could not be built — starting the studio in your browser instead');
    expect(out).toContain('CLI ["serve","--demo","--open"]');
  });

  it('APSTUDIO_START_HOST=web picks the browser even when Electron is installed', () => {
    installFakeElectron();
    const { out } = start([], { APSTUDIO_START_HOST: 'web' });
    expect(out).toContain('CLI ["serve","--demo","--open"]');
    expect(out).not.toContain('ELECTRON');
  });

  it('the academia-studio launcher runs the built CLI, and explains how to build when it is missing', () => {
    const launch = () => spawnSync(process.execPath, [join(root.path, 'bin', 'academia-studio.mjs'), 'status'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(launch().stdout).toContain('CLI ["status"]');
    rmSync(join(root.path, 'out', 'main', 'cli.js'));
    const missing = launch();
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('has not been built yet');
    expect(missing.stderr).toContain('npm run build');
    // With the build tools installed (npm install --ignore-scripts skipped prepare), the first call builds it.
    write('node_modules/electron-vite/bin/electron-vite.js', `require('node:fs').writeFileSync('out/main/cli.js', 'console.log("BUILT CLI " + JSON.stringify(process.argv.slice(2)));');\n`);
    const built = launch();
    expect(built.stderr).toContain('has not been built yet: building it once');
    expect(built.stdout).toContain('BUILT CLI ["status"]');
  });
});
