// Regenerates the README's screenshots (docs/screenshots/) from one run of the end-to-end tests, so that every
// picture shows what a passing test saw. The build must be current (`npm run build` first).
//
//   node scripts/screenshots.mjs            run test/e2e, then copy its screenshots
//   node scripts/screenshots.mjs --no-run   copy the screenshots of the last run
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const from = join(root, 'test', 'e2e', 'screenshots');
const to = join(root, 'docs', 'screenshots');
const pngs = () => readdirSync(from).filter((name) => name.endsWith('.png'));

const started = Date.now();
if (!process.argv.includes('--no-run')) {
  const result = spawnSync(process.execPath, ['scripts/test.mjs', 'test/e2e'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('the e2e tests failed: docs/screenshots/ is left as it was');
    process.exit(result.status ?? 1);
  }
  // A screenshot this run did not write belongs to a test that no longer takes it.
  const stale = pngs().filter((name) => statSync(join(from, name)).mtimeMs < started);
  if (stale.length) console.warn(`not copied, not written by this run: ${stale.join(', ')}`);
}

const fresh = process.argv.includes('--no-run') ? pngs() : pngs().filter((name) => statSync(join(from, name)).mtimeMs >= started);
if (fresh.length === 0) {
  console.error(`no screenshots in ${from}`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const name of fresh.sort()) {
  copyFileSync(join(from, name), join(to, name));
  console.log(`docs/screenshots/${name} (${(statSync(join(to, name)).size / 1024).toFixed(0)} KB)`);
}
