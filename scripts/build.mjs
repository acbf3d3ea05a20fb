// Bundles the extension client, the language server and the CLI with esbuild.
// The server and CLI bundles must never contain `vscode`: the build fails if they import it.
import * as esbuild from 'esbuild';

const quiet = process.argv.includes('--quiet');
const watch = process.argv.includes('--watch');

/** Fails the build when a server-side bundle imports the `vscode` module. */
const forbidVscode = {
  name: 'forbid-vscode',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => ({
      errors: [{ text: `the language server and CLI must not import 'vscode' (imported from ${args.importer})` }],
    }));
  },
};

/** yaml-language-server's formatter pulls in prettier; the server never formats, so it is left out. */
const noPrettier = {
  name: 'no-prettier',
  setup(build) {
    build.onResolve({ filter: /^prettier(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'no-prettier' }));
    build.onLoad({ filter: /.*/, namespace: 'no-prettier' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: quiet ? 'error' : 'info',
  mainFields: ['module', 'main'],
};

const builds = [
  // The client bundles @kubernetes/client-node too: minified.
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: true, keepNames: true },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', plugins: [forbidVscode, noPrettier] },
  // The CLI bundles @kubernetes/client-node (its generated models are large): minified.
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [forbidVscode, noPrettier], minify: true, keepNames: true,
    banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['scripts/checkCorpus.ts'], outfile: 'dist/checkCorpus.js', plugins: [forbidVscode] },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
