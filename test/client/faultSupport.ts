/**
 * Helpers for the cluster fault and secret tests: kubeconfig variants (another CA, a client key, an exec
 * credential plugin), tiny exec plugin scripts, every text the tree shows (labels, descriptions, tooltips, DaemonSet
 * children), and a recorder of unhandled promise rejections.
 */
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import type { Cluster } from '../cluster/cluster';
import type { ClusterState } from '../../client/src/cluster/model';
import type { ClusterSession, SessionView } from '../../client/src/cluster/session';
import { buildRootRows, childRows, type TreeInput } from '../../client/src/tree/treeBuilder';
import type { Row } from '../../client/src/tree/rows';
import { TempDir } from './clusterSupport';

export interface KubeconfigVariant {
  /** Bearer token (default: the cluster's). */
  token?: string;
  /** CA certificate PEM (default: the cluster's). */
  caPem?: string;
  /** An exec plugin instead of the token: command and args. */
  exec?: { command: string; args?: string[] };
  /** client-certificate-data / client-key-data (base64 of the PEMs), next to the token. */
  client?: { certPem: string; keyPem: string };
  current?: boolean;
}

/** A kubeconfig for `cluster` (context, cluster and user all named after `name`). */
export function kubeconfigVariant(cluster: Pick<Cluster, 'url' | 'caPem' | 'token'>, name: string, variant: KubeconfigVariant = {}): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const user: string[] = [];
  if (variant.exec) {
    user.push('    exec:', '      apiVersion: client.authentication.k8s.io/v1beta1', `      command: ${JSON.stringify(variant.exec.command)}`);
    if (variant.exec.args?.length) user.push('      args:', ...variant.exec.args.map((arg) => `      - ${JSON.stringify(arg)}`));
    user.push('      interactiveMode: Never');
  } else {
    user.push(`    token: ${variant.token ?? cluster.token}`);
  }
  if (variant.client) user.push(`    client-certificate-data: ${b64(variant.client.certPem)}`, `    client-key-data: ${b64(variant.client.keyPem)}`);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${cluster.url}`,
    `    certificate-authority-data: ${b64(variant.caPem ?? cluster.caPem)}`,
    'users:',
    `- name: ${name}-user`,
    '  user:',
    ...user,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-user`,
    ...(variant.current === false ? [] : [`current-context: ${name}`]),
    '',
  ].join('\n');
}

export type PluginBehaviour =
  /** Prints an ExecCredential with this token. */
  | { kind: 'token'; token: string }
  /** Prints `stderr` and exits 1. */
  | { kind: 'fail'; stderr: string; stdout?: string }
  /**
   * Never answers (until `maxMs`, so no process outlives the test run); writes its pid to `pidFile`. Optionally
   * prints `stdout` / `stderr` first, and starts a `child` process that hangs too (sharing its output, as a
   * shell script plugin's commands do) and writes its pid to the same file.
   */
  | { kind: 'hang'; pidFile: string; maxMs: number; stdout?: string; stderr?: string; child?: boolean };

/** Writes an executable Node script that behaves as an exec credential plugin; returns its path. */
export function writeExecPlugin(dir: TempDir, name: string, behaviour: PluginBehaviour): string {
  const body =
    behaviour.kind === 'token'
      ? `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: ${JSON.stringify(behaviour.token)} } }));`
      : behaviour.kind === 'fail'
        ? `process.stdout.write(${JSON.stringify(behaviour.stdout ?? '')}); process.stderr.write(${JSON.stringify(behaviour.stderr)}); process.exitCode = 1;`
        : hangBody(behaviour);
  const path = dir.write(name, `#!${process.execPath}\n${body}\n`);
  // TempDir writes 0600; a plugin must be executable.
  chmodSync(path, 0o700);
  return path;
}

function hangBody(behaviour: Extract<PluginBehaviour, { kind: 'hang' }>): string {
  const pidFile = JSON.stringify(behaviour.pidFile);
  const lines = [
    `require('fs').appendFileSync(${pidFile}, process.pid + '\\n');`,
    behaviour.stdout ? `process.stdout.write(${JSON.stringify(behaviour.stdout)});` : '',
    behaviour.stderr ? `process.stderr.write(${JSON.stringify(behaviour.stderr)});` : '',
    behaviour.child
      ? `require('child_process').spawn(process.execPath, ['-e', "require('fs').appendFileSync(" + JSON.stringify(${pidFile}) + ", process.pid + '\\\\n'); setTimeout(() => {}, ${behaviour.maxMs})"], { stdio: 'inherit' });`
      : '',
    `setTimeout(() => {}, ${behaviour.maxMs});`,
  ];
  return lines.filter((line) => line !== '').join('\n');
}

/** The pids a hanging plugin (and its children) wrote. */
export function pluginPids(pidFile: string): number[] {
  if (!existsSync(pidFile)) return [];
  return readFileSync(pidFile, 'utf8').split('\n').map((line) => Number(line.trim())).filter((pid) => pid > 0);
}

/** Whether a process exists (signal 0; ESRCH: it does not). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Kills the hanging plugins this test started (their pids are in `pidFile`). */
export function killPlugins(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  for (const line of readFileSync(pidFile, 'utf8').split('\n')) {
    const pid = Number(line.trim());
    if (pid > 0) {
      try {
        process.kill(pid);
      } catch {
        // already gone
      }
    }
  }
}

/** Every row of the tree, DaemonSet children included (built as if every DaemonSet were expanded). */
export function allRows(input: TreeInput): Row[] {
  const out: Row[] = [];
  const walk = (rows: readonly Row[], depth: number): void => {
    for (const row of rows) {
      out.push(row);
      if (depth < 6) walk(childRows(input, row), depth + 1);
    }
  };
  walk(buildRootRows(input), 0);
  return out;
}

export function treeOf(session: ClusterSession, state: ClusterState | undefined = session.state): Row[] {
  return allRows({ view: session.view, state });
}

export const labelsOf = (rows: readonly Row[]): string[] => rows.map((row) => row.label);

/** Every text of the rows a user can see: labels, descriptions, tooltips. */
export function rowTexts(rows: readonly Row[]): string[] {
  return rows.flatMap((row) => [row.label, row.description ?? '', row.tooltip ?? '']);
}

/** Every message of a view and a state: problems, errors, stale reasons, pod errors. */
export function messageTexts(view: SessionView, state: ClusterState | undefined): string[] {
  const texts: string[] = [];
  if (view.kind === 'configError') texts.push(...view.problems);
  if (view.kind === 'context') texts.push(...view.problems);
  if (state) {
    texts.push(state.error ?? '', state.staleReason ?? '');
    for (const pods of state.pods.values()) texts.push(pods.error ?? '');
  }
  return texts;
}

/** Records unhandled promise rejections while installed. */
export class RejectionRecorder {
  readonly reasons: unknown[] = [];
  private readonly listener = (reason: unknown): void => {
    this.reasons.push(reason);
  };

  install(): this {
    process.on('unhandledRejection', this.listener);
    return this;
  }

  uninstall(): void {
    process.off('unhandledRejection', this.listener);
  }

  describe(): string {
    return this.reasons.map((reason) => (reason instanceof Error ? reason.stack ?? reason.message : String(reason))).join('\n');
  }
}
