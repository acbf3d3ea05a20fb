// Runs every *.test.ts under the given folders (default: test/) with Node's own test runner.
// Node 20's `--test` has no glob support, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = [];
const walk = (path) => {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === 'fixtures') continue;
      walk(join(path, name));
    }
  } else if (path.endsWith('.test.ts')) {
    files.push(path);
  }
};
roots.forEach(walk);
if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}
// No single test may hang the run: 3 minutes is far above the slowest (an end-to-end test, ~40 s).
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=180000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
