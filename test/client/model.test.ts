/**
 * The cluster model against the local API server (`demo` scenario), in-process: the first load, changes made with
 * the real kubectl, pods turning ready, 410 relists, cut watches, bookmarks, and an API server outage. Tests run in
 * order on one cluster; each waits for a state, never for a fixed time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../cluster/cluster';
import { configMaps, nodes } from '../cluster/api/resources';
import { Kubectl } from '../cluster/testSupport';
import type { ClusterSession } from '../../client/src/cluster/session';
import type { ClusterState } from '../../client/src/cluster/model';
import { buildClusterSnapshot } from '../../client/src/cluster/snapshot';
import { decodeClusterSnapshot } from '../../server/src/protocol';
import { daemonSetVerdicts, type NodeVerdict } from '../../client/src/tree/verdicts';
import { kubeconfigFor, nodeNames, startSession, TempDir, waitFor, waitForState } from './clusterSupport';

let cluster: Cluster;
let kubectl: Kubectl;
let dir: TempDir;
let session: ClusterSession;
const logs: string[] = [];

/** The verdict of one node for a DaemonSet whose pods are watched. */
function verdictOf(state: ClusterState, key: string, node: string): NodeVerdict | undefined {
  const ds = state.daemonSets.find((d) => d.key === key);
  const pods = state.pods.get(key);
  if (!ds || pods?.phase !== 'ready') return undefined;
  return daemonSetVerdicts(ds, state.nodes, pods.pods).verdicts.find((v) => v.node === node);
}

const waitForVerdict = (key: string, node: string, check: (v: NodeVerdict) => boolean, message: string) =>
  waitForState(session, (state) => {
    const verdict = verdictOf(state, key, node);
    return verdict !== undefined && check(verdict);
  }, message).then((state) => verdictOf(state, key, node)!);

describe('cluster model against the demo cluster', () => {
  before(async () => {
    cluster = await startCluster({ scenario: 'demo', podStartMs: 50, bookmarkIntervalMs: 100 });
    kubectl = new Kubectl(cluster);
    dir = new TempDir();
    const path = dir.write('config', kubeconfigFor(cluster, 'demo'));
    session = startSession({ source: { setting: path, env: {} }, log: (line) => logs.push(line) });
  });

  after(async () => {
    session.dispose();
    cluster.faults.reset();
    await cluster.stop();
    kubectl.dispose();
    dir.dispose();
  });

  test('the first load lists every node and DaemonSet of the current context, with their status counts', async () => {
    const state = await waitForState(session, (s) => s.phase === 'ready' && s.daemonSets.every((d) => d.status.observedGeneration > 0), 'the first load');
    assert.equal(state.context.name, 'demo');
    assert.equal(state.stale, false);
    assert.deepEqual(nodeNames(state), ['control-plane-1', 'gpu-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4']);
    assert.deepEqual(state.nodesByName.get('gpu-1')?.taints, [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    assert.equal(state.nodesByName.get('worker-4')?.ready, 'False');
    assert.deepEqual(state.daemonSets.map((d) => d.key).sort(), ['kube-system/kube-proxy', 'kube-system/nvidia-device-plugin', 'logging/fluent-bit', 'monitoring/node-exporter']);
    const fluentBit = await waitForState(session, (s) => s.daemonSets.find((d) => d.key === 'logging/fluent-bit')?.status.ready === 3, 'fluent-bit ready on the three workers');
    assert.deepEqual(fluentBit.daemonSets.find((d) => d.key === 'logging/fluent-bit')?.status, {
      desired: 3, current: 3, ready: 3, updated: 3, available: 3, unavailable: 0, misscheduled: 0, observedGeneration: 1,
    });
    assert.equal(state.pods.size, 0, 'no pods are watched until a DaemonSet is expanded');
  });

  test('the snapshot for the language server carries every node with its labels and taints', () => {
    const decoded = decodeClusterSnapshot(buildClusterSnapshot(session.state));
    assert.equal(decoded?.context, 'demo');
    assert.equal(decoded?.nodes.length, 6);
    assert.deepEqual(decoded?.nodes.find((n) => n.name === 'control-plane-1')?.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    assert.equal(decoded?.nodes.find((n) => n.name === 'gpu-1')?.labels['nvidia.com/gpu.present'], 'true');
  });

  test('pods are watched only while a DaemonSet is held, and a pod that cannot pull its image is pending with the reason', async () => {
    const held = session.model!.watchPods('kube-system/nvidia-device-plugin');
    const verdict = await waitForVerdict('kube-system/nvidia-device-plugin', 'gpu-1', (v) => v.reason === 'ImagePullBackOff', 'ImagePullBackOff on gpu-1');
    assert.equal(verdict.verdict, 'pending');
    held.dispose();
    await waitForState(session, (s) => !s.pods.has('kube-system/nvidia-device-plugin'), 'the pod watch to stop');
    assert.ok(!session.model!.stats().some((r) => r.name.startsWith('pods of kube-system/nvidia-device-plugin')));
  });

  test('a NoExecute taint added with kubectl makes a node not eligible, with that reason; a NoSchedule one leaves the pod misscheduled', async () => {
    const held = session.model!.watchPods('logging/fluent-bit');
    try {
      await waitForVerdict('logging/fluent-bit', 'worker-2', (v) => v.verdict === 'running', 'fluent-bit running on worker-2');
      await kubectl.ok('taint', 'nodes', 'worker-2', 'dedicated=infra:NoExecute');
      const gone = await waitForVerdict('logging/fluent-bit', 'worker-2', (v) => v.verdict === 'notEligible', 'worker-2 not eligible');
      assert.equal(gone.reason, 'taint `dedicated=infra:NoExecute` is not tolerated; an existing pod is deleted');
      assert.deepEqual(gone.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoExecute' }]);

      await kubectl.ok('taint', 'nodes', 'worker-3', 'dedicated=infra:NoSchedule');
      const kept = await waitForVerdict('logging/fluent-bit', 'worker-3', (v) => v.verdict === 'misscheduled', 'worker-3 misscheduled');
      assert.equal(kept.willBeRemoved, false);
      assert.equal(kept.reason, 'taint `dedicated=infra:NoSchedule` is not tolerated');

      await kubectl.ok('taint', 'nodes', 'worker-2', 'dedicated-');
      await kubectl.ok('taint', 'nodes', 'worker-3', 'dedicated-');
      await waitForVerdict('logging/fluent-bit', 'worker-2', (v) => v.verdict === 'running', 'fluent-bit back on worker-2');
    } finally {
      held.dispose();
    }
  });

  test('a node created with kubectl appears, and the DaemonSet pod scheduled there becomes running', async () => {
    const held = session.model!.watchPods('logging/fluent-bit');
    try {
      const manifest = dir.write('worker-5.yaml', [
        'apiVersion: v1', 'kind: Node', 'metadata:', '  name: worker-5', '  labels:', '    kubernetes.io/os: linux', '    topology.kubernetes.io/zone: eu-west-1a', '',
      ].join('\n'));
      await kubectl.ok('apply', '-f', manifest);
      const state = await waitForState(session, (s) => s.nodesByName.has('worker-5'), 'worker-5 in the model');
      assert.equal(state.nodesByName.get('worker-5')?.labels['topology.kubernetes.io/zone'], 'eu-west-1a');
      // A node without a Ready kubelet gets the pod, which cannot start yet.
      await waitForVerdict('logging/fluent-bit', 'worker-5', (v) => v.verdict === 'pending', 'a fluent-bit pod bound to worker-5');
      cluster.setNodeCondition('worker-5', 'Ready', 'True');
      const verdict = await waitForVerdict('logging/fluent-bit', 'worker-5', (v) => v.verdict === 'running', 'fluent-bit running on worker-5');
      assert.equal(verdict.pods.length, 1);
      const snapshot = decodeClusterSnapshot(buildClusterSnapshot(session.state));
      assert.ok(snapshot?.nodes.some((n) => n.name === 'worker-5'), 'the snapshot follows the node list');
    } finally {
      held.dispose();
    }
  });

  test('a pod turning Ready moves its node from pending to running', async () => {
    const held = session.model!.watchPods('kube-system/kube-proxy');
    try {
      const before = await waitForVerdict('kube-system/kube-proxy', 'worker-4', (v) => v.verdict === 'pending', 'kube-proxy not ready on the NotReady worker-4');
      assert.equal(before.pods[0]?.ready, false);
      cluster.setNodeCondition('worker-4', 'Ready', 'True');
      const after = await waitForVerdict('kube-system/kube-proxy', 'worker-4', (v) => v.verdict === 'running', 'kube-proxy ready on worker-4');
      assert.equal(after.reason, 'Running and ready');
      await waitForState(session, (s) => s.nodesByName.get('worker-4')?.ready === 'True', 'worker-4 Ready in the model');
    } finally {
      held.dispose();
    }
  });

  test('bookmarks advance the resourceVersion a watch resumes from, without events of its own kind', async () => {
    cluster.api.create(configMaps, 'default', { metadata: { name: 'bookmark-probe', namespace: 'default' } });
    const target = cluster.store.revision;
    const nodeStats = () => session.model!.stats().find((r) => r.name === 'nodes')!;
    const bookmarks = nodeStats().bookmarks;
    await waitFor(() => nodeStats().bookmarks > bookmarks && Number(nodeStats().resourceVersion) >= target, 'a bookmark carrying the newest revision');
  });

  test('410 Gone on the watch makes the model relist, and changes after it still arrive', async () => {
    const listsBefore = session.model!.stats().find((r) => r.name === 'nodes')!.lists;
    cluster.faults.set({ expireNextWatches: 2, watchCutSeconds: 0.2 });
    await waitFor(() => session.model!.stats().find((r) => r.name === 'nodes')!.lists > listsBefore, 'a relist of nodes');
    cluster.faults.reset();
    cluster.api.patch(nodes, undefined, 'worker-1', 'strategic', { metadata: { labels: { 'example.com/after-relist': 'yes' } } });
    await waitForState(session, (s) => s.nodesByName.get('worker-1')?.labels['example.com/after-relist'] === 'yes', 'the label set after the relist');
    assert.ok(logs.some((line) => line.includes('410')), 'the log says why it relisted');
  });

  test('cut watch streams resume from their resourceVersion without a relist and without going stale', async () => {
    const stats = () => session.model!.stats().find((r) => r.name === 'daemonsets')!;
    const { lists, watches } = stats();
    let wentStale = false;
    const listener = session.onDidChangeState((state) => (wentStale ||= state?.stale === true));
    try {
      cluster.faults.set({ watchCutSeconds: 0.15 });
      await waitFor(() => stats().watches >= watches + 3, 'three reconnections');
      cluster.api.patch(nodes, undefined, 'worker-1', 'strategic', { metadata: { labels: { 'example.com/between-cuts': 'yes' } } });
      await waitForState(session, (s) => s.nodesByName.get('worker-1')?.labels['example.com/between-cuts'] === 'yes', 'a change made between cuts');
      assert.equal(stats().lists, lists);
      assert.equal(wentStale, false);
    } finally {
      cluster.faults.reset();
      listener.dispose();
    }
  });

  test('when the API server stops, the model is marked stale with the reason and keeps its data; after the restart it recovers and catches up', async () => {
    const held = session.model!.watchPods('logging/fluent-bit');
    try {
      await waitForVerdict('logging/fluent-bit', 'worker-1', (v) => v.verdict === 'running', 'fluent-bit pods loaded');
      await cluster.stop();
      const stale = await waitForState(session, (s) => s.stale, 'the stale marker');
      assert.match(stale.staleReason ?? '', /connection refused|connection reset/);
      assert.equal(stale.nodes.length, 7, 'the last known nodes stay');
      assert.equal(stale.phase, 'ready');
      assert.equal(decodeClusterSnapshot(buildClusterSnapshot(stale))?.nodes.length, 7, 'the snapshot keeps the last known nodes');

      cluster.api.patch(nodes, undefined, 'worker-1', 'strategic', { metadata: { labels: { 'example.com/while-down': 'yes' } } });
      await cluster.restart();
      const recovered = await waitForState(session, (s) => !s.stale && s.nodesByName.get('worker-1')?.labels['example.com/while-down'] === 'yes', 'recovery');
      assert.equal(recovered.staleReason, undefined);
      await waitForVerdict('logging/fluent-bit', 'worker-1', (v) => v.verdict === 'running', 'pods current again');
    } finally {
      held.dispose();
    }
  });

  test('a heartbeat-only node update changes nothing the model keeps, so nothing is re-sent', async () => {
    const before = session.state!.nodesVersion;
    cluster.setNodeCondition('worker-1', 'Ready', 'True');
    cluster.api.patch(nodes, undefined, 'worker-3', 'strategic', { metadata: { labels: { 'example.com/marker': 'after-heartbeat' } } });
    const state = await waitForState(session, (s) => s.nodesByName.get('worker-3')?.labels['example.com/marker'] === 'after-heartbeat', 'the marker label');
    assert.equal(state.nodesVersion, before + 1, 'only the label change counted');
  });

  test('the namespace filter keeps the DaemonSets of the chosen namespaces only, and can be lifted', async () => {
    session.setNamespaces(['logging', 'monitoring']);
    session.model!.flush();
    assert.equal(buildClusterSnapshot(session.state).nodes.length, 7, 'the server keeps its nodes while DaemonSets reload');
    const filtered = await waitForState(session, (s) => s.namespaces?.length === 2 && s.phase === 'ready' && s.daemonSets.length === 2, 'the filtered DaemonSets');
    assert.deepEqual(filtered.daemonSets.map((d) => d.key), ['logging/fluent-bit', 'monitoring/node-exporter']);
    assert.ok(session.model!.stats().some((r) => r.name === 'daemonsets in logging'));
    session.setNamespaces(undefined);
    await waitForState(session, (s) => s.namespaces === undefined && s.phase === 'ready' && s.daemonSets.length === 4, 'every DaemonSet again');
  });

  test('the log never contains the token', () => {
    assert.ok(logs.length > 0);
    assert.ok(!logs.some((line) => line.includes(cluster.token)));
  });
});
