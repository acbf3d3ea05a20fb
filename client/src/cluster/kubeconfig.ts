/**
 * Kubeconfig files and their contexts, read through `@kubernetes/client-node` (which owns token, client
 * certificate, exec and OIDC authentication). Which files: the `daemonset.kubeconfig` user setting when set (never
 * a workspace value: see {@link userKubeconfigSetting}), else `KUBECONFIG` (a path list), else `~/.kube/config`.
 * Several files merge as kubectl merges them: the first file that defines a cluster, user or context wins, and so
 * does the first `current-context`.
 *
 * Nothing here logs or returns credentials: summaries carry names and a server URL without user info, and
 * {@link contextFingerprint} is a hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import type { Disposable } from './events';
import { safeServer, scrub } from './redact';

export type ClientModule = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });

let clientModule: Promise<ClientModule> | undefined;

/** The ESM library, loaded once, on first use (the extension activates without it). */
export function loadClientModule(): Promise<ClientModule> {
  return (clientModule ??= import('@kubernetes/client-node'));
}

/** Where kubeconfig paths come from. */
export interface KubeconfigSource {
  /** The `daemonset.kubeconfig` setting: one path or a path list (`:` or `;` as the platform's delimiter). */
  setting?: string | undefined;
  /** The environment (`KUBECONFIG`, `HOME`). */
  env: Readonly<Record<string, string | undefined>>;
}

export type KubeconfigOrigin = 'setting' | 'KUBECONFIG' | 'default';

/** The parts of `WorkspaceConfiguration.inspect('kubeconfig')` that matter here (no `vscode` import: unit-tested). */
export interface InspectedKubeconfigSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The `daemonset.kubeconfig` value to use: the user's own (user settings, or the remote machine's settings), never
 * a workspace or workspace-folder value. A kubeconfig names exec credential plugins, i.e. programs to run, so a
 * folder someone else wrote must not choose it, trusted or not. The manifest already makes the setting
 * machine-scoped (VS Code drops workspace values of it); this is the second lock. Blank or not a string: unset.
 */
export function userKubeconfigSetting(inspected: InspectedKubeconfigSetting | undefined): string | undefined {
  const value = inspected?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The files to read, in priority order, and why those. Paths are absolute; `~` is expanded. */
export function kubeconfigPaths(source: KubeconfigSource): { paths: string[]; origin: KubeconfigOrigin } {
  const home = source.env.HOME || source.env.USERPROFILE || homedir();
  const expand = (path: string): string => {
    const trimmed = path.trim();
    const tilde = trimmed === '~' || trimmed.startsWith('~/') || trimmed.startsWith('~\\') ? join(home, trimmed.slice(1)) : trimmed;
    return isAbsolute(tilde) ? tilde : resolve(home, tilde);
  };
  const list = (value: string): string[] => value.split(delimiter).filter((p) => p.trim() !== '').map(expand);
  if (source.setting !== undefined && source.setting.trim() !== '') return { paths: list(source.setting), origin: 'setting' };
  const fromEnv = source.env.KUBECONFIG;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { paths: list(fromEnv), origin: 'KUBECONFIG' };
  return { paths: [join(home, '.kube', 'config')], origin: 'default' };
}

/** A context as the tree and the status bar show it. */
export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  /** The cluster's server URL without user info; `(no server)` when the cluster is missing. */
  server: string;
  /** The context's default namespace, if it sets one. */
  namespace?: string;
}

export interface LoadedKubeconfig {
  kind: 'loaded';
  origin: KubeconfigOrigin;
  /** Every path looked at, loaded or not. */
  paths: string[];
  /** The files that exist and were read. */
  files: string[];
  contexts: ContextSummary[];
  /** The merged `current-context`, if any file sets one that exists. */
  currentContext: string | undefined;
  /** Files that could not be read (missing files of a path list are not problems: kubectl skips them too). */
  problems: string[];
  /** The merged configuration. Do not change it; use {@link configForContext}. */
  config: KubeConfig;
}

/** No file at all: "no cluster configured". */
export interface MissingKubeconfig {
  kind: 'missing';
  origin: KubeconfigOrigin;
  paths: string[];
}

/** Files exist but none could be read. */
export interface BrokenKubeconfig {
  kind: 'error';
  origin: KubeconfigOrigin;
  paths: string[];
  problems: string[];
}

export type KubeconfigResult = LoadedKubeconfig | MissingKubeconfig | BrokenKubeconfig;

/** Reads and merges the kubeconfig files. Never throws. */
export async function loadKubeconfig(source: KubeconfigSource): Promise<KubeconfigResult> {
  const { paths, origin } = kubeconfigPaths(source);
  const existing = paths.filter((path) => existsSync(path));
  if (existing.length === 0) return { kind: 'missing', origin, paths };
  const k8s = await loadClientModule();
  const problems: string[] = [];
  const loaded: KubeConfig[] = [];
  const files: string[] = [];
  for (const path of existing) {
    const kc = new k8s.KubeConfig();
    try {
      // `filter` drops a malformed entry instead of failing the whole file.
      kc.loadFromFile(path, { onInvalidEntry: 'filter' });
      resolveExecCommands(kc, dirname(path));
      loaded.push(kc);
      files.push(path);
    } catch (error) {
      problems.push(`${path}: ${kubeconfigErrorText(error)}`);
    }
  }
  if (loaded.length === 0) return { kind: 'error', origin, paths, problems };
  const config = mergeKubeconfigs(k8s, loaded);
  return { kind: 'loaded', origin, paths, files, contexts: summarizeContexts(config), currentContext: config.getCurrentContext() || undefined, problems, config };
}

/**
 * As kubectl (client-go's ResolveLocalPaths): an exec plugin command that is a relative path with a directory in it
 * (`./bin/login`, `tools/aws`) is relative to the folder of the kubeconfig file that names it; a bare name (`aws`)
 * is looked up on the PATH. The library resolves certificate files this way, but not commands.
 */
function resolveExecCommands(config: KubeConfig, folder: string): void {
  for (const user of config.getUsers()) {
    const exec = (user as { exec?: { command?: unknown } }).exec;
    const command = exec?.command;
    if (exec && typeof command === 'string' && !isAbsolute(command) && /[\\/]/.test(command)) exec.command = resolve(folder, command);
  }
}

/** js-yaml puts an excerpt of the file (possibly a token) in `message`: keep only its reason and line. */
function kubeconfigErrorText(error: unknown): string {
  const e = (error ?? {}) as { reason?: unknown; mark?: { line?: unknown }; code?: unknown; message?: unknown };
  if (typeof e.reason === 'string') {
    const line = typeof e.mark?.line === 'number' ? ` (line ${e.mark.line + 1})` : '';
    return `not valid YAML: ${e.reason}${line}`;
  }
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return typeof e.message === 'string' ? scrub(e.message) : 'not a valid kubeconfig';
}

/** kubectl's merge: first definition of each name wins; the first non-empty current-context wins. */
function mergeKubeconfigs(k8s: ClientModule, configs: readonly KubeConfig[]): KubeConfig {
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const clusters = firstByName(configs.map((kc) => kc.getClusters()));
  const users = firstByName(configs.map((kc) => kc.getUsers()));
  const contexts = firstByName(configs.map((kc) => kc.getContexts()));
  const current = configs.map((kc) => kc.getCurrentContext()).find((name) => typeof name === 'string' && name !== '');
  const merged = new k8s.KubeConfig();
  merged.loadFromOptions({ clusters, users, contexts, currentContext: current && contexts.some((c) => c.name === current) ? current : undefined });
  return merged;
}

function summarizeContexts(config: KubeConfig): ContextSummary[] {
  return config.getContexts().map((context) => {
    const summary: ContextSummary = {
      name: context.name,
      cluster: context.cluster,
      user: context.user,
      server: safeServer(config.getCluster(context.cluster)?.server),
    };
    if (context.namespace) summary.namespace = context.namespace;
    return summary;
  });
}

/** A configuration whose current context is `name` (the merged files are not changed). Undefined for an unknown name. */
export async function configForContext(loaded: LoadedKubeconfig, name: string): Promise<KubeConfig | undefined> {
  if (!loaded.contexts.some((context) => context.name === name)) return undefined;
  const k8s = await loadClientModule();
  const config = new k8s.KubeConfig();
  const source = loaded.config;
  config.loadFromOptions({ clusters: source.getClusters(), users: source.getUsers(), contexts: source.getContexts(), currentContext: name });
  return config;
}

/**
 * A hash of everything a context connects with (its cluster and user entries): the same value after a file
 * change means the running model can stay.
 */
export function contextFingerprint(loaded: LoadedKubeconfig, name: string): string {
  const context = loaded.config.getContextObject(name);
  const cluster = context ? loaded.config.getCluster(context.cluster) : null;
  const user = context ? loaded.config.getUser(context.user) : null;
  return createHash('sha256').update(JSON.stringify([context, cluster, user])).digest('hex');
}

/**
 * Calls `onChange` when any of the files is created, changed, replaced or deleted. Polls (`fs.watchFile`), which
 * survives editors and kubectl replacing the file by a rename and files that do not exist yet.
 */
export function watchKubeconfigFiles(paths: readonly string[], onChange: () => void, intervalMs = 1000): Disposable {
  const listeners = paths.map((path) => {
    const listener = (current: Stats, previous: Stats): void => {
      if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size || current.ino !== previous.ino) onChange();
    };
    watchFile(path, { interval: intervalMs, persistent: false }, listener);
    return { path, listener };
  });
  return { dispose: () => listeners.forEach(({ path, listener }) => unwatchFile(path, listener)) };
}
