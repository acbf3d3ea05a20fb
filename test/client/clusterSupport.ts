/**
 * Helpers for the client tests: kubeconfig files for in-process clusters (named contexts, so several clusters can
 * sit in one KUBECONFIG), a session with fast backoff and debounce, and waiting on model states.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../cluster/cluster';
import { waitFor } from '../cluster/testSupport';
import type { ClusterState } from '../../client/src/cluster/model';
import { ClusterSession, type ClusterSessionOptions } from '../../client/src/cluster/session';

export { waitFor };

/** A kubeconfig for `cluster` whose context, cluster and user are all called `name`. */
export function kubeconfigFor(cluster: Cluster, name: string, options: { current?: boolean; namespace?: string } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${cluster.url}`,
    `    certificate-authority-data: ${Buffer.from(cluster.caPem).toString('base64')}`,
    'users:',
    `- name: ${name}-admin`,
    '  user:',
    `    token: ${cluster.token}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    ...(options.namespace ? [`    namespace: ${options.namespace}`] : []),
    ...(options.current === false ? [] : [`current-context: ${name}`]),
    '',
  ].join('\n');
}

/** A temporary directory for kubeconfig files, removed by `dispose()`. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'daemonset-client-'));

  write(name: string, text: string): string {
    const file = join(this.path, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  }

  file(name: string): string {
    return join(this.path, name);
  }

  dispose(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Test timings: reconnect within tens of milliseconds, publish changes quickly, poll files often. */
export const fastSession: Pick<ClusterSessionOptions, 'model' | 'fileWatchIntervalMs'> = {
  model: { debounceMs: 20, backoff: { initialMs: 40, maxMs: 300, factor: 2, jitter: 0.5 } },
  fileWatchIntervalMs: 50,
};

export function startSession(options: Omit<ClusterSessionOptions, 'model' | 'fileWatchIntervalMs'> & { log?: (line: string) => void }): ClusterSession {
  const session = new ClusterSession({ ...fastSession, ...options });
  void session.start();
  return session;
}

/** Waits until the session's model state satisfies `check` (polls; the model publishes debounced). */
export function waitForState(session: ClusterSession, check: (state: ClusterState) => boolean, message: string, timeoutMs = 15_000): Promise<ClusterState> {
  return waitFor(() => {
    const state = session.state;
    return state !== undefined && check(state) ? state : undefined;
  }, message, timeoutMs);
}

export const nodeNames = (state: ClusterState): string[] => state.nodes.map((node) => node.name).sort();
