/**
 * Child process of bench/cluster.ts: the retained heap of one cluster model (complete, with one DaemonSet's pods
 * watched and its node rows built), measured in a process that holds nothing else.
 *
 *   node --expose-gc --import tsx bench/modelMemory.ts KUBECONFIG DAEMONSET_KEY  → prints {"retainedMB":...}
 */
import { ClusterSession } from '../client/src/cluster/session';
import type { ClusterState } from '../client/src/cluster/model';
import { buildRootRows, daemonSetChildren } from '../client/src/tree/treeBuilder';
import { gc } from './stats';

function waitForState(session: ClusterSession, check: (state: ClusterState) => boolean): Promise<ClusterState> {
  return new Promise((resolve) => {
    const done = (state: ClusterState | undefined) => {
      if (state && check(state)) {
        subscription.dispose();
        resolve(state);
      }
    };
    const subscription = session.onDidChangeState(done);
    done(session.state);
  });
}

async function main(): Promise<void> {
  const [kubeconfig, key] = process.argv.slice(2) as [string, string];
  // Load the client library once, outside the measurement (a first session, disposed).
  const warm = new ClusterSession({ source: { setting: kubeconfig, env: {} }, watchFiles: false });
  await warm.start();
  await waitForState(warm, (s) => s.phase === 'ready');
  warm.dispose();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const before = process.memoryUsage().heapUsed;
  const session = new ClusterSession({ source: { setting: kubeconfig, env: {} }, watchFiles: false });
  void session.start();
  const state = await waitForState(session, (s) => s.phase === 'ready' && s.nodesLoaded && s.daemonSets.length === 30);
  const roots = buildRootRows({ view: session.view, state });
  const held = session.model!.watchPods(key);
  const expanded = await waitForState(session, (s) => s.pods.get(key)?.phase === 'ready');
  const rows = daemonSetChildren({ view: session.view, state: expanded, options: { maxRows: Number.MAX_SAFE_INTEGER, groupThreshold: Number.MAX_SAFE_INTEGER } }, 'bench', key);
  await new Promise((r) => setTimeout(r, 300));
  gc();
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ retainedMB: (after - before) / 1024 / 1024, nodes: session.state!.nodes.length, pods: session.state!.pods.get(key)!.pods.length, rows: rows.length + roots.length }) + '\n');
  held.dispose();
  session.dispose();
  process.exit(0);
}

void main();
