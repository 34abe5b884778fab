import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../scripts/electron-binary.mjs';
import { tempDir } from '../../support/temp-dir';

describe('findElectronBinary', () => {
  let root: { path: string; cleanup(): void };
  const electronDir = () => join(root.path, 'node_modules', 'electron');

  beforeEach(() => {
    root = tempDir('apstudio-electron-');
  });
  afterEach(() => root.cleanup());

  const installPackage = () => {
    mkdirSync(electronDir(), { recursive: true });
    writeFileSync(join(electronDir(), 'package.json'), '{"name":"electron","version":"45.5.0"}');
  };
  const installBinary = (relative: string) => {
    const file = join(electronDir(), 'dist', relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    return file;
  };

  it('returns null when the electron package is not installed at all', () => {
    expect(findElectronBinary({ root: root.path, env: {} })).toBeNull();
  });

  it('returns null when the package is there but its download never ran (no path.txt)', () => {
    installPackage();
    expect(findElectronBinary({ root: root.path, env: {} })).toBeNull();
  });

  it('returns null when path.txt names a binary that is not on disk', () => {
    installPackage();
    writeFileSync(join(electronDir(), 'path.txt'), 'electron');
    expect(findElectronBinary({ root: root.path, env: {} })).toBeNull();
  });

  it('returns null for an empty path.txt rather than the dist folder itself', () => {
    installPackage();
    mkdirSync(join(electronDir(), 'dist'), { recursive: true });
    writeFileSync(join(electronDir(), 'path.txt'), '  \n');
    expect(findElectronBinary({ root: root.path, env: {} })).toBeNull();
  });

  it('returns the binary named by path.txt under dist/', () => {
    installPackage();
    const binary = installBinary('electron');
    writeFileSync(join(electronDir(), 'path.txt'), 'electron');
    expect(findElectronBinary({ root: root.path, env: {} })).toBe(binary);
  });

  it('follows the macOS layout path.txt uses (an app bundle inside dist/)', () => {
    installPackage();
    const relative = join('Electron.app', 'Contents', 'MacOS', 'Electron');
    const binary = installBinary(relative);
    writeFileSync(join(electronDir(), 'path.txt'), relative);
    expect(findElectronBinary({ root: root.path, env: {} })).toBe(binary);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    installPackage();
    writeFileSync(join(electronDir(), 'path.txt'), 'electron');
    const elsewhere = join(root.path, 'custom-dist');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(join(elsewhere, 'electron'), '');
    expect(findElectronBinary({ root: root.path, env: { ELECTRON_OVERRIDE_DIST_PATH: elsewhere } })).toBe(join(elsewhere, 'electron'));
    expect(findElectronBinary({ root: root.path, env: { ELECTRON_OVERRIDE_DIST_PATH: join(root.path, 'missing') } })).toBeNull();
  });
});
