// `npm install`'s last step (the `prepare` script): builds out/ so that `academia-studio` (the
// CLI, through bin/academia-studio.mjs) and `npm start` work right after install. electron-vite
// builds the CLI, the web host and the renderer in a few seconds.
//
// Where the build tools are not installed (`npm install --omit=dev`, a packed tarball) there is
// nothing to build with: it says so and leaves the install alone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

if (!existsSync(electronVite)) {
  console.log('prepare: electron-vite is not installed (dev dependencies omitted?), so out/ is not built here.');
} else {
  const result = spawnSync(process.execPath, [electronVite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('prepare: building out/ failed (see above); `npm run build` shows the errors again.');
    process.exit(result.status ?? 1);
  }
  console.log('prepare: built out/ — `npx academia-studio --help` works in this folder; `npm link` puts academia-studio on your PATH.');
}
