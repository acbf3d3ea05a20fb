/**
 * code-server (VS Code 1.100.3 on Node, from npm) as installed by `scripts/installCodeServer.sh`: installing a VSIX
 * into a fresh extensions folder and serving a workspace on 127.0.0.1. Used by the e2e tests and by `npm start`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const codeServerVersion = '4.100.3';
const entry = join(repoRoot, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Throws, saying how to install it, when the pinned code-server is not there: the e2e tests fail, never skip. */
export function requireCodeServer(): string {
  if (!existsSync(entry)) {
    throw new Error(`code-server ${codeServerVersion} is not installed (${entry} is missing): run \`bash scripts/installCodeServer.sh\``);
  }
  return entry;
}

export interface CodeServerDirs {
  /** VS Code's user data (settings, state, logs). */
  userDataDir: string;
  /** Where extensions are installed: starts empty, so only the VSIX under test is there. */
  extensionsDir: string;
}

/**
 * Workspace Trust: `off` (default) as the other tests want it, no prompt and everything trusted; `restricted`: trust
 * on, no startup prompt, so the folder, never trusted, opens in Restricted Mode.
 */
export type WorkspaceTrust = 'off' | 'restricted';

/** Settings that keep the first window quiet and deterministic: no welcome page, tips or update checks. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

const trustSettings: Record<WorkspaceTrust, Record<string, unknown>> = {
  off: { 'security.workspace.trust.enabled': false },
  restricted: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
};

/** Creates the user data folder with quiet settings, and an empty extensions folder. */
export function prepareDirs(dirs: CodeServerDirs, trust: WorkspaceTrust = 'off'): void {
  mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
  mkdirSync(dirs.extensionsDir, { recursive: true });
  writeFileSync(join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...trustSettings[trust] }, null, 2));
}

function baseArgs(dirs: CodeServerDirs, trust: WorkspaceTrust = 'off'): string[] {
  return [
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    // The flag turns Workspace Trust off whatever the settings say.
    ...(trust === 'off' ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
  ];
}

/** Installs a VSIX as `code-server --install-extension` does (what a user does with `code --install-extension`). */
export function installExtension(vsix: string, dirs: CodeServerDirs): void {
  const result = spawnSync(process.execPath, [requireCodeServer(), ...baseArgs(dirs), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`installing ${vsix} into code-server failed (exit ${result.status}):\n${output}`);
  }
}

export interface RunningCodeServer {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The URL that opens `folder` as the workspace. */
  folderUrl(folder: string): string;
  process: ChildProcess;
  /** Everything code-server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions extends CodeServerDirs {
  /** Added to this process's environment: what the extension host sees (e.g. KUBECONFIG). */
  env?: NodeJS.ProcessEnv;
  /** 0 (default): a free port. */
  port?: number;
  timeoutMs?: number;
  /** As given to {@link prepareDirs}; `off` by default. */
  workspaceTrust?: WorkspaceTrust;
}

/** Starts code-server on 127.0.0.1 and resolves once it says where it listens. */
export function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const child = spawn(process.execPath, [requireCodeServer(), ...baseArgs(options, options.workspaceTrust), '--bind-addr', `127.0.0.1:${options.port ?? 0}`], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // A test process that dies of an exception must not leave code-server running.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`code-server did not report its address within ${options.timeoutMs ?? 60_000} ms:\n${output}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        resolveStart({ url, folderUrl: (folder) => `${url}?folder=${folder.split('/').map(encodeURIComponent).join('/')}`, process: child, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
