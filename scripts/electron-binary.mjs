// Finds the Electron executable from files alone. `require('electron')` is not an option: when
// the binary is missing, the electron package tries to download it on the spot, which is exactly
// what fails on machines where the download was blocked.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The path of the Electron executable installed under `<root>/node_modules/electron`, or null
 * when it is not there: path.txt names it relative to dist/ (or to ELECTRON_OVERRIDE_DIST_PATH,
 * as the electron package itself does), and the file it names must exist.
 *
 * @param {{ root?: string, env?: Record<string, string | undefined> }} [options]
 * @returns {string | null}
 */
export function findElectronBinary(options = {}) {
  const root = options.root ?? defaultRoot;
  const env = options.env ?? process.env;
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  let relativePath;
  try {
    relativePath = readFileSync(pathFile, 'utf8').trim();
  } catch {
    return null;
  }
  if (!relativePath) return null;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(distDir, relativePath);
  return existsSync(binary) ? binary : null;
}
