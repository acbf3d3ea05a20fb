// `npm start`: builds and packages the extension, then says how to try it. (The demo with a local cluster and
// code-server is not there yet; see README "What is not there yet".)
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version, name } = require('../package.json');
const packaged = spawnSync(process.execPath, ['scripts/package.mjs'], { stdio: 'inherit' });
if (packaged.status !== 0) process.exit(packaged.status ?? 1);
const vsix = resolve(`${name}-${version}.vsix`);
const broken = resolve('test/fixtures/examples/nginx-daemonset-broken.yaml');
console.log(`
Ready.
  Install into VS Code:   code --install-extension ${vsix}
  Then open:              ${broken}
                          (the tutorial's DaemonSet with a label typo: the Problems panel shows the mismatch,
                          and the light bulb offers the fixes)
  Or check it from a terminal:
                          node dist/cli.js lint ${broken}
`);
