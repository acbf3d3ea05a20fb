/**
 * Cluster load against the local API server's `scale` scenario (5,000 nodes, 30 DaemonSets), in this process:
 * our cluster model (session → model → reflectors, the production debounce) and the pure tree builder, side by side
 * with the kubectl pipeline a tree that shells out would run. kubectl runs asynchronously (the API server is on
 * this process's event loop).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../test/cluster/cluster';
import { daemonSets, pods } from '../test/cluster/api/resources';
import { ClusterSession } from '../client/src/cluster/session';
import type { ClusterState } from '../client/src/cluster/model';
import { buildRootRows, daemonSetChildren } from '../client/src/tree/treeBuilder';
import { median, now, sleep, type Results } from './stats';

function placed(cluster: Cluster): boolean {
  return cluster.idle && cluster.store.list(daemonSets.id).every((ds) => {
    const status = (ds.status ?? {}) as Record<string, number>;
    return status.desiredNumberScheduled !== undefined && status.currentNumberScheduled === status.desiredNumberScheduled;
  });
}

function waitForState(session: ClusterSession, check: (state: ClusterState) => boolean, timeoutMs = 120_000): Promise<ClusterState> {
  return new Promise((resolve, reject) => {
    const done = (state: ClusterState | undefined) => {
      if (state && check(state)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(state);
      }
    };
    const timer = setTimeout(() => (subscription.dispose(), reject(new Error('cluster model: timed out'))), timeoutMs);
    const subscription = session.onDidChangeState(done);
    done(session.state);
  });
}

const complete = (state: ClusterState) =>
  state.phase === 'ready' && state.nodesLoaded && state.daemonSets.length === 30 && state.daemonSets.every((d) => d.status.observedGeneration > 0);

export interface ClusterBenchOptions {
  nodes: number;
  runs: number;
  kubectlRuns: number;
  events: number;
}

export async function benchCluster(results: Results, options: ClusterBenchOptions): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'daemonset-bench-'));
  const kubeconfig = join(directory, 'kubeconfig');
  let started = now();
  const cluster = await startCluster({ scenario: 'scale', nodes: options.nodes, podStartMs: 200 });
  writeFileSync(kubeconfig, cluster.kubeconfig, { mode: 0o600 });
  console.error(`cluster: ${options.nodes} nodes up in ${Math.round(now() - started)} ms; waiting for the controllers to place the daemon pods`);
  started = now();
  while (!placed(cluster) && now() - started < 120_000) await sleep(250);
  console.error(`cluster: ${cluster.store.count(pods.id)} pods placed in ${Math.round(now() - started)} ms${placed(cluster) ? '' : ' (not all: timed out)'}`);
  // The DaemonSet that runs on the most nodes.
  const widest = cluster.store
    .list(daemonSets.id)
    .map((ds) => ({ ds, desired: ((ds.status ?? {}) as Record<string, number>).desiredNumberScheduled ?? 0 }))
    .sort((a, b) => b.desired - a.desired)[0]!;
  const meta = widest.ds.metadata as { namespace: string; name: string };
  const key = `${meta.namespace}/${meta.name}`;
  const matchLabels = (((widest.ds.spec as Record<string, unknown>).selector as { matchLabels?: Record<string, string> }).matchLabels ?? {});
  const selector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  console.error(`cluster: expanding ${key} (${widest.desired} pods desired)`);

  try {
    // Our model: fresh session per run; time to the complete model and root rows, then to one expanded DaemonSet.
    const modelTimes: number[] = [];
    const expandTimes: number[] = [];
    const retained: number[] = [];
    let nodeRows = 0;
    for (let run = 0; run < options.runs + 1; run++) {
      const start = now();
      const session = new ClusterSession({ source: { setting: kubeconfig, env: {} }, watchFiles: false });
      void session.start();
      const state = await waitForState(session, complete);
      buildRootRows({ view: session.view, state });
      const modelMs = now() - start;
      const held = session.model!.watchPods(key);
      const expanded = await waitForState(session, (s) => s.pods.get(key)?.phase === 'ready');
      const rows = daemonSetChildren({ view: session.view, state: expanded, options: { maxRows: Number.MAX_SAFE_INTEGER, groupThreshold: Number.MAX_SAFE_INTEGER } }, `bench/${key}`, key);
      const expandMs = now() - start;
      nodeRows = rows.length;
      if (run > 0) {
        modelTimes.push(modelMs);
        expandTimes.push(expandMs);
      }
      if (run === options.runs) await eventLatency(results, cluster, session, key, options.events, 'production 40 ms debounce included');
      held.dispose();
      session.dispose();
      await sleep(300);
    }
    {
      // The same event path without the debounce: what the reflectors and the state rebuild cost.
      const session = new ClusterSession({ source: { setting: kubeconfig, env: {} }, watchFiles: false, model: { debounceMs: 0 } });
      void session.start();
      await waitForState(session, complete);
      const held = session.model!.watchPods(key);
      await waitForState(session, (s) => s.pods.get(key)?.phase === 'ready');
      await eventLatency(results, cluster, session, key, options.events, 'model debounce set to 0', 1_000_000);
      held.dispose();
      session.dispose();
      await sleep(300);
    }
    // kubectl pipeline: list DaemonSets (the tree with counts), then nodes and the DaemonSet's pods (in parallel).
    const kubectl = (args: string[]): Promise<void> =>
      new Promise((resolve, reject) => {
        execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(directory, 'cache'), ...args], { maxBuffer: 1 << 30, encoding: 'buffer', env: { ...process.env, KUBECONFIG: '' } }, (error) =>
          error ? reject(error) : resolve());
      });
    const kubectlTree: number[] = [];
    const kubectlExpanded: number[] = [];
    for (let run = 0; run < options.kubectlRuns; run++) {
      const start = now();
      await kubectl(['get', 'ds', '-A', '-o', 'json']);
      kubectlTree.push(now() - start);
      await Promise.all([kubectl(['get', 'nodes', '-o', 'json']), kubectl(['get', 'pods', '-n', meta.namespace, '-l', selector, '-o', 'json'])]);
      kubectlExpanded.push(now() - start);
    }
    const modelMs = median(modelTimes);
    const expandMs = median(expandTimes);
    const treeKubectl = median(kubectlTree);
    const expandedKubectl = median(kubectlExpanded);
    results.add({
      metric: `cluster ${options.nodes} nodes / 30 DaemonSets: complete model (nodes + all DaemonSets with counts)`,
      value: modelMs,
      unit: 'ms',
      comparison: `kubectl get ds -A -o json ${Math.round(treeKubectl)} ms (DaemonSets only, no nodes)`,
      ratio: modelMs / treeKubectl,
    });
    results.add({
      metric: `cluster: one expanded DaemonSet (${nodeRows} node rows with verdicts), from start`,
      value: expandMs,
      unit: 'ms',
      comparison: `kubectl pipeline (ds, then nodes ∥ pods -l) ${Math.round(expandedKubectl)} ms`,
      ratio: expandMs / expandedKubectl,
      target: '≥3x faster',
      met: expandedKubectl / expandMs >= 3,
    });
    // Retained memory: in a child process that holds only the model (this heap also holds the API server).
    for (let run = 0; run < Math.max(1, Math.min(3, options.runs)); run++) {
      const measured = await new Promise<{ retainedMB: number; nodes: number; pods: number }>((resolve, reject) => {
        execFile(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'modelMemory.ts'), kubeconfig, key], { maxBuffer: 1 << 20 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!)));
      });
      retained.push(measured.retainedMB);
    }
    const retainedMb = median(retained);
    results.add({
      metric: `cluster: retained heap of the model (${options.nodes} nodes, 30 DaemonSets, ${widest.desired} pods watched)`,
      value: retainedMb,
      unit: 'MB',
      comparison: 'target 150 MB',
      ratio: retainedMb / 150,
      target: '<150 MB',
      met: retainedMb < 150,
    });
  } finally {
    await cluster.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Time from a pod status change in the API server to the model's onDidChange carrying it (production debounce). */
async function eventLatency(results: Results, cluster: Cluster, session: ClusterSession, key: string, count: number, label: string, base = 1000): Promise<void> {
  const times: number[] = [];
  const state = session.state!;
  const podList = state.pods.get(key)!.pods;
  for (let k = 0; k < count; k++) {
    const pod = podList[(k * 97) % podList.length]!;
    const raw = cluster.store.get(pods.id, pod.namespace, pod.name)!;
    const status = (raw.status ?? {}) as Record<string, unknown>;
    const restarts = base + k;
    const containerStatuses = ((status.containerStatuses as Record<string, unknown>[] | undefined) ?? []).map((c, i) => (i === 0 ? { ...c, restartCount: restarts } : c));
    if (containerStatuses.length === 0) continue;
    const waiting = waitForState(session, (s) => s.pods.get(key)?.pods.some((p) => p.name === pod.name && p.restarts === restarts) === true, 10_000);
    const start = now();
    cluster.api.update(pods, pod.namespace, pod.name, { ...raw, status: { ...status, containerStatuses } }, { subresource: 'status' });
    await waiting;
    times.push(now() - start);
    await sleep(50);
  }
  if (times.length === 0) return;
  const value = median(times);
  results.add({
    metric: `cluster: one pod event → model onDidChange (${label})`,
    value,
    unit: 'ms',
    comparison: `target 50 ms; p95 ${Math.round(times.sort((a, b) => a - b)[Math.ceil(0.95 * times.length) - 1]!)} ms`,
    ratio: value / 50,
    target: '<50 ms',
    met: value < 50,
  });
}
