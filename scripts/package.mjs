// Packages the extension as a VSIX (bundles and assets only, see .vscodeignore) and prints its size.
import { statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version, name } = require('../package.json');
const out = `${name}-${version}.vsix`;
const vsce = require.resolve('@vscode/vsce/vsce');
const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`packaged ${out} (${(statSync(out).size / 1024).toFixed(0)} KB)`);
