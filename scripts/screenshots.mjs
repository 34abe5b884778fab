// `npm run screenshots`: promotes the screenshots the browser tests took (test-results/screenshots,
// ignored by git) to docs/screenshots, the pictures README and docs show. The tests never write
// into docs/ themselves, so `npm test` leaves a clone clean; updating the pictures is a deliberate
// step whose result is reviewed in `git diff` and committed.
//
//   npx vitest run --project e2e && npm run screenshots
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'test-results', 'screenshots');
const to = join(root, 'docs', 'screenshots');

const shots = existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.png')).sort() : [];
if (shots.length === 0) {
  console.error(`No screenshots in ${from}. Take them first with the browser tests: npx vitest run --project e2e (npm test runs them too).`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const file of shots) copyFileSync(join(from, file), join(to, file));
console.log(`Copied ${shots.length} screenshot(s) to docs/screenshots: ${shots.join(', ')}. Review them with git diff, then commit.`);
