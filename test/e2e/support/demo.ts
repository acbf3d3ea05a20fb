/**
 * The demo as a whole, for `npm start` and for the e2e tests: the local API server with the `demo` scenario, a
 * kubeconfig for it, a workspace of the example manifests, and code-server with the packaged VSIX installed and
 * `KUBECONFIG` pointing at the cluster. Everything lives in one temporary folder, removed by `stop()`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../../cluster/cluster';
import { installExtension, prepareDirs, repoRoot, requireCodeServer, startCodeServer, type RunningCodeServer, type WorkspaceTrust } from './codeServer';

const { name, version } = require(join(repoRoot, 'package.json')) as { name: string; version: string };
/** The VSIX `npm run package` makes. */
export const vsixPath = join(repoRoot, `${name}-${version}.vsix`);
const examples = join(repoRoot, 'test', 'fixtures', 'examples');

/**
 * Packages the VSIX from the current `dist/` with the project's own script (the build must have run: `npm test`
 * and `npm start` build first), or returns `$E2E_VSIX` when set.
 */
export function packageVsix(): string {
  // For a run against a VSIX made elsewhere (e.g. the one a release ships); never a way to skip the tests.
  if (process.env.E2E_VSIX) return process.env.E2E_VSIX;
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'package.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/package.mjs failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return vsixPath;
}

export interface Demo {
  cluster: Cluster;
  codeServer: RunningCodeServer;
  /** The temporary folder holding everything below. */
  directory: string;
  /** The workspace: the tutorial's manifests and `nginx-daemonset-broken.yaml`, side by side. */
  workspace: string;
  kubeconfigPath: string;
  /** http://127.0.0.1:PORT/?folder=WORKSPACE */
  url: string;
  stop(): Promise<void>;
}

export interface DemoOptions {
  vsix?: string;
  /** code-server's port; 0 (default) for a free one. */
  port?: number;
  /** Time from binding to Running for the cluster's simulated kubelets. */
  podStartMs?: number;
  /** `restricted`: the workspace opens in Restricted Mode (default `off`: no Workspace Trust). */
  workspaceTrust?: WorkspaceTrust;
}

/** Starts the cluster, installs the VSIX into fresh code-server folders and serves the demo workspace. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  requireCodeServer();
  const directory = mkdtempSync(join(tmpdir(), 'daemonset-demo-'));
  const workspace = join(directory, 'workspace');
  cpSync(join(examples, 'nginx-daemonset'), workspace, { recursive: true });
  cpSync(join(examples, 'nginx-daemonset-broken.yaml'), join(workspace, 'nginx-daemonset-broken.yaml'));
  const kubeconfigPath = join(directory, 'kubeconfig');
  const dirs = { userDataDir: join(directory, 'user-data'), extensionsDir: join(directory, 'extensions') };

  let cluster: Cluster | undefined;
  let codeServer: RunningCodeServer | undefined;
  const stop = async (): Promise<void> => {
    await codeServer?.stop();
    await cluster?.stop();
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    cluster = await startCluster({ scenario: 'demo', kubeconfigPath, ...(options.podStartMs !== undefined ? { podStartMs: options.podStartMs } : {}) });
    const workspaceTrust = options.workspaceTrust ?? 'off';
    prepareDirs(dirs, workspaceTrust);
    installExtension(options.vsix ?? vsixPath, dirs);
    codeServer = await startCodeServer({ ...dirs, workspaceTrust, env: { KUBECONFIG: kubeconfigPath }, ...(options.port !== undefined ? { port: options.port } : {}) });
  } catch (error) {
    await stop();
    throw error;
  }
  return { cluster, codeServer, directory, workspace, kubeconfigPath, url: codeServer.folderUrl(workspace), stop };
}
