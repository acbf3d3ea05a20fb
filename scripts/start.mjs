// `npm start` (after `npm run build`): the demo. Packages the VSIX, installs code-server if needed, starts the
// local API server with the `demo` scenario, installs the VSIX into a fresh code-server and serves a workspace of
// the example manifests with KUBECONFIG pointing at the demo cluster. Prints the URL to open; Ctrl-C (or SIGTERM)
// stops everything it started.
//
//   node scripts/start.mjs [--port N] [--smoke]
//     --port N   code-server's port on 127.0.0.1 (default: a free one)
//     --smoke    start everything, check that the workbench page answers, stop, and exit 0 (for CI)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { register } from 'tsx/cjs/api';

const { values } = parseArgs({ options: { port: { type: 'string' }, smoke: { type: 'boolean' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log('usage: npm start -- [--port N] [--smoke]');
  process.exit(0);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}

const root = new URL('..', import.meta.url).pathname;
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(process.execPath, ['scripts/package.mjs']);
run('bash', ['scripts/installCodeServer.sh']);

// The demo is the e2e tests' harness (TypeScript, loaded through tsx), so both start the same things the same way.
register();
const require = createRequire(import.meta.url);
const { startDemo, vsixPath } = require('../test/e2e/support/demo.ts');

console.log('== starting the demo cluster and code-server');
const demo = await startDemo({ vsix: vsixPath, port });
let stopping;
const stop = (code) => {
  stopping ??= demo.stop().then(
    () => process.exit(code),
    (error) => {
      console.error(`stopping the demo: ${error?.message ?? error}`);
      process.exit(1);
    },
  );
  return stopping;
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
demo.codeServer.process.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`code-server exited (${code ?? signal}):\n${demo.codeServer.output()}`);
  void stop(1);
});

if (values.smoke) {
  const response = await fetch(demo.url);
  const page = await response.text();
  const ok = response.ok && page.includes('workbench');
  console.log(`smoke: GET ${demo.url} -> ${response.status}${ok ? ', a VS Code workbench page' : ', not a workbench page'}`);
  await stop(ok ? 0 : 1);
} else {
  console.log(`
Open in a browser:
  ${demo.url}

  The workspace holds the tutorial's manifests and nginx-daemonset-broken.yaml (a label typo: the Problems panel
  shows the selector mismatch and the light bulb offers the fix). The extension sees the demo cluster
  (${demo.cluster.url}: control plane, workers, a GPU node, a NotReady node, four DaemonSets):
  kubectl --kubeconfig ${demo.kubeconfigPath} get ds,nodes -A

  Everything lives in ${demo.directory} and is removed on exit.
  For desktop VS Code and a real cluster: code --install-extension ${vsixPath}

Ctrl-C stops the cluster and code-server.`);
}
