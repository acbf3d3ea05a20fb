// `npm run test:electron`: the extension-host suite (test/electron/suite/*.electron.ts) in a real VS Code through
// @vscode/test-electron. Not part of `npm test`.
//
// VS Code: $VSCODE_EXECUTABLE_PATH when set (a desktop VS Code / Electron binary, e.g. /usr/share/code/code);
// otherwise test-electron downloads one (needs update.code.visualstudio.com). code-server (.vscode-test/code-server)
// is NOT usable here: it is a Node server, not Electron, and cannot be pointed at by VSCODE_EXECUTABLE_PATH.
// When no VS Code can be started the script says that the suite DID NOT RUN and exits 0 without a summary line:
// it never pretends to have passed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const vscodeVersion = process.env.VSCODE_TEST_VERSION || '1.100.3';
const downloadTimeoutMs = 60_000;

let work;
function didNotRun(reason) {
  if (work) rmSync(work, { recursive: true, force: true });
  console.log('');
  console.log('test:electron: the @vscode/test-electron suite DID NOT RUN.');
  console.log(`  reason: ${reason}`);
  console.log('  To run it: set VSCODE_EXECUTABLE_PATH to a desktop VS Code (Electron) executable, or run where');
  console.log('  update.code.visualstudio.com is reachable so that VS Code can be downloaded.');
  console.log('  (code-server is not Electron and cannot be used for this suite.)');
  process.exit(0);
}

let testElectron;
try {
  testElectron = await import('@vscode/test-electron');
} catch (error) {
  didNotRun(`@vscode/test-electron is not installed (${error.message}): npm install --save-dev @vscode/test-electron@2.5.2`);
}

// Which VS Code.
let executable = process.env.VSCODE_EXECUTABLE_PATH;
if (executable) {
  if (!existsSync(executable)) didNotRun(`VSCODE_EXECUTABLE_PATH=${executable} does not exist`);
} else {
  try {
    let timer;
    executable = await Promise.race([
      testElectron.downloadAndUnzipVSCode({ version: vscodeVersion, timeout: 20_000, cachePath: join(repoRoot, '.vscode-test') }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${downloadTimeoutMs / 1000} s`)), downloadTimeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  } catch (error) {
    didNotRun(`VSCODE_EXECUTABLE_PATH is not set and VS Code ${vscodeVersion} could not be downloaded (${error?.message ?? error})`);
  }
}

// The extension under test, from the repository's dist/ (what the VSIX ships).
const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('test:electron: the build failed');
  process.exit(1);
}

// The suite, bundled for the extension host (CommonJS; `vscode` is provided by the host), and a fixture workspace.
work = mkdtempSync(join(tmpdir(), 'daemonset-electron-'));
let exitCode = 0;
try {
  const esbuild = await import('esbuild');
  const suiteDir = join(work, 'suite');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'electron', 'suite', 'index.ts')],
    outfile: join(suiteDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const workspace = join(work, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const examples = join(repoRoot, 'test', 'fixtures', 'examples');
  cpSync(join(examples, 'nginx-daemonset-broken.yaml'), join(workspace, 'nginx-daemonset-broken.yaml'));
  cpSync(join(examples, 'nginx-daemonset', 'nginx-daemonset-on-master.yaml'), join(workspace, 'nginx-daemonset-on-master.yaml'));
  writeFileSync(
    join(workspace, 'tolerations.yaml'),
    ['apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: agent', 'spec:', '  selector:', '    matchLabels: {app: agent}', '  template:', '    metadata:', '      labels: {app: agent}', '    spec:', '      containers:', '      - name: agent', '        image: agent:1', '      tolerations:', '      - key: ', ''].join('\n'),
  );
  const resultsPath = join(work, 'results.json');

  const started = Date.now();
  let runError;
  try {
    await testElectron.runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(suiteDir, 'index.js'),
      extensionTestsEnv: { DAEMONSET_ELECTRON_RESULTS: resultsPath, KUBECONFIG: join(work, 'no-kubeconfig') },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(work, 'user-data'), '--extensions-dir', join(work, 'extensions')],
    });
  } catch (error) {
    runError = error;
  }
  if (!existsSync(resultsPath)) {
    didNotRun(`${executable} did not start an extension host that ran the suite (${runError?.message ?? runError ?? 'no results'})`);
  }
  const { results } = JSON.parse(readFileSync(resultsPath, 'utf8'));
  const failed = results.filter((result) => !result.ok);
  for (const result of failed) console.log(`FAILED ${result.name}\n${result.error}`);
  console.log(`test:electron: ${results.length - failed.length} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(1)} s, VS Code at ${executable})`);
  exitCode = failed.length > 0 || runError ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
