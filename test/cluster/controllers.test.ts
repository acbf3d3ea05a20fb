/**
 * The controllers in process: placement per scenario, pod lifecycle (ImagePullBackOff, NotReady nodes),
 * misscheduled pods, rolling updates with maxSurge, OnDelete, garbage collection, namespace deletion.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { compileDaemonSet, nodeShouldRunDaemonPod } from '../../server/src/kube/placement';
import { toNodeInfo } from '../../server/src/kube/nodes';
import type { PodTemplateSpec } from '../../server/src/kube/types';
import { startCluster, type Cluster, type ClusterOptions } from './cluster';
import { asRecord, type KubeObject } from './api/objects';
import { daemonSets, namespaces, nodes, pods } from './api/resources';
import { daemonSet } from './scenarios/builders';
import { isPodReady } from './controllers/podUtil';
import { fixtures, waitFor } from './testSupport';
import { createClusterPki } from './transport/certs';

let cluster: Cluster | undefined;
const pki = createClusterPki();

async function start(options: ClusterOptions): Promise<Cluster> {
  cluster = await startCluster({ podStartMs: 20, pki, ...options });
  return cluster;
}

afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const podsOf = (c: Cluster, namespace: string, prefix: string): KubeObject[] =>
  c.store.list(pods.id, namespace).filter((pod) => (pod.metadata.name ?? '').startsWith(`${prefix}-`) && !pod.metadata.deletionTimestamp);
const nodeOf = (pod: KubeObject): string => String(asRecord(pod.spec).nodeName);
const nodesOf = (c: Cluster, namespace: string, prefix: string): string[] => podsOf(c, namespace, prefix).map(nodeOf).sort();
const statusOf = (c: Cluster, namespace: string, name: string): Record<string, number> =>
  (c.store.get(daemonSets.id, namespace, name)?.status ?? {}) as Record<string, number>;

/** Waits until the controllers have nothing queued and the DaemonSet's status is current. */
async function settled(c: Cluster, namespace: string, name: string, check: (status: Record<string, number>) => boolean = () => true): Promise<Record<string, number>> {
  return waitFor(() => {
    const ds = c.store.get(daemonSets.id, namespace, name);
    const status = statusOf(c, namespace, name);
    return c.idle && ds !== undefined && status.observedGeneration === ds.metadata.generation && check(status) && status;
  }, `${namespace}/${name} settled`);
}

/** The nodes the placement engine says should run the DaemonSet. */
function engineNodes(c: Cluster, namespace: string, name: string): string[] {
  const ds = c.store.get(daemonSets.id, namespace, name) as KubeObject;
  const compiled = compileDaemonSet(asRecord(ds.spec).template as PodTemplateSpec);
  return c.store
    .list(nodes.id)
    .map(toNodeInfo)
    .filter((node) => node !== undefined && nodeShouldRunDaemonPod(node, compiled).shouldRun)
    .map((node) => node?.name ?? '')
    .sort();
}

describe('DaemonSet controller and scenarios', () => {
  test('a scenario file: nodes without status are Ready; the DaemonSet runs where the engine says', async () => {
    const c = await start({ scenarioFile: join(fixtures, 'cluster', 'scenario.yaml') });
    await settled(c, 'edge', 'edge-agent', (status) => status.numberReady === 1);
    assert.deepEqual(c.store.list(nodes.id).map((node) => node.metadata.name), ['cp-1', 'edge-1', 'edge-2']);
    assert.deepEqual(nodesOf(c, 'edge', 'edge-agent'), ['edge-1']);
    assert.deepEqual(engineNodes(c, 'edge', 'edge-agent'), ['edge-1']);
  });

  test('kubeadm 1.24: a DaemonSet tolerating only the master taint misses the control plane', async () => {
    const c = await start({ scenario: 'kubeadm-1.24' });
    await settled(c, 'monitoring', 'node-exporter', (status) => status.numberReady === 2);
    assert.deepEqual(nodesOf(c, 'monitoring', 'node-exporter'), ['worker-1', 'worker-2']);
    await settled(c, 'kube-system', 'kube-proxy', (status) => status.numberReady === 3);
    assert.deepEqual(nodesOf(c, 'kube-system', 'kube-proxy'), ['control-plane-1', 'worker-1', 'worker-2']);
  });

  test('demo: an image that never pulls shows ImagePullBackOff; a NotReady node gets no new pod unless tolerated', async () => {
    const c = await start({ scenario: 'demo' });
    const plugin = await waitFor(() => {
      const pod = podsOf(c, 'kube-system', 'nvidia-device-plugin')[0];
      const waiting = asRecord(asRecord(asRecord((asRecord(pod?.status).containerStatuses as unknown[] | undefined)?.[0]).state).waiting);
      return waiting.reason === 'ImagePullBackOff' && pod;
    }, 'ImagePullBackOff');
    assert.equal(nodeOf(plugin), 'gpu-1');
    assert.equal(asRecord(plugin.status).phase, 'Pending');
    const exporter = await settled(c, 'monitoring', 'node-exporter', (status) => status.numberReady === 4);
    assert.equal(exporter.desiredNumberScheduled, 4);
    assert.ok(!nodesOf(c, 'monitoring', 'node-exporter').includes('worker-4'));
    // kube-proxy tolerates everything: its pod on the NotReady node exists but never starts.
    const proxy = await settled(c, 'kube-system', 'kube-proxy', (status) => status.numberReady === 5);
    assert.equal(proxy.desiredNumberScheduled, 6);
    const onWorker4 = podsOf(c, 'kube-system', 'kube-proxy').find((pod) => nodeOf(pod) === 'worker-4');
    assert.equal(asRecord(onWorker4?.status).phase, 'Pending');
  });

  test('a NoSchedule taint keeps the pod, counted as misscheduled; a node going NotReady marks its pods not ready', async () => {
    const c = await start({ scenario: 'demo' });
    await settled(c, 'logging', 'fluent-bit', (status) => status.numberReady === 3);
    c.api.patch(nodes, undefined, 'worker-1', 'strategic', { spec: { taints: [{ key: 'example.com/drain', effect: 'NoSchedule' }] } });
    const status = await settled(c, 'logging', 'fluent-bit', (s) => s.numberMisscheduled === 1);
    assert.equal(status.desiredNumberScheduled, 2);
    assert.ok(nodesOf(c, 'logging', 'fluent-bit').includes('worker-1'));
    c.setNodeCondition('worker-2', 'Ready', 'False');
    await settled(c, 'logging', 'fluent-bit', (s) => s.numberReady === 1);
    const onWorker2 = podsOf(c, 'logging', 'fluent-bit').find((pod) => nodeOf(pod) === 'worker-2') as KubeObject;
    assert.ok(!isPodReady(onWorker2), 'not ready while its node is not');
    c.setNodeCondition('worker-2', 'Ready', 'True');
    await settled(c, 'logging', 'fluent-bit', (s) => s.numberReady === 2);
  });

  test('RollingUpdate with maxSurge: new pods start before old ones go, so no node is ever without a ready pod', async () => {
    const c = await start({ scenario: 'demo' });
    c.api.create(namespaces, undefined, { metadata: { name: 'surge' } });
    c.api.create(daemonSets, 'surge', daemonSet({
      name: 'agent', namespace: 'surge', image: 'agent:1',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    }));
    await settled(c, 'surge', 'agent', (status) => status.numberAvailable === 3);
    let gap = '';
    const unsubscribe = c.store.subscribe(() => {
      for (const node of ['worker-1', 'worker-2', 'worker-3']) {
        if (!podsOf(c, 'surge', 'agent').some((pod) => nodeOf(pod) === node && isPodReady(pod))) gap = node;
      }
    });
    c.api.patch(daemonSets, 'surge', 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } } });
    await settled(c, 'surge', 'agent', (status) => status.updatedNumberScheduled === 3 && status.numberAvailable === 3 && podsOf(c, 'surge', 'agent').length === 3);
    unsubscribe();
    assert.equal(gap, '');
    assert.deepEqual(podsOf(c, 'surge', 'agent').map((pod) => (asRecord(pod.spec).containers as { image: string }[])[0]?.image), ['agent:2', 'agent:2', 'agent:2']);
  });

  test('OnDelete: a template change replaces a pod only when it is deleted', async () => {
    const c = await start({ scenario: 'demo' });
    c.api.create(namespaces, undefined, { metadata: { name: 'manual' } });
    c.api.create(daemonSets, 'manual', daemonSet({ name: 'agent', namespace: 'manual', image: 'agent:1', updateStrategy: { type: 'OnDelete' } }));
    await settled(c, 'manual', 'agent', (status) => status.numberAvailable === 3);
    c.api.patch(daemonSets, 'manual', 'agent', 'merge', { spec: { template: { metadata: { labels: { app: 'agent', version: '2' } } } } });
    const stale = await settled(c, 'manual', 'agent');
    assert.equal(stale.updatedNumberScheduled, 0);
    const victim = podsOf(c, 'manual', 'agent')[0] as KubeObject;
    c.api.delete(pods, 'manual', victim.metadata.name ?? '');
    const after = await settled(c, 'manual', 'agent', (status) => status.updatedNumberScheduled === 1 && status.numberAvailable === 3);
    assert.equal(after.currentNumberScheduled, 3);
  });

  test('garbage collection: pods of a deleted node; a deleted namespace; Orphan keeps the pods', async () => {
    const c = await start({ scenario: 'demo' });
    await settled(c, 'logging', 'fluent-bit', (status) => status.numberReady === 3);
    c.api.delete(nodes, undefined, 'worker-3');
    await settled(c, 'logging', 'fluent-bit', (status) => status.desiredNumberScheduled === 2 && status.currentNumberScheduled === 2);
    assert.ok(!c.store.list(pods.id).some((pod) => nodeOf(pod) === 'worker-3'));

    c.api.delete(daemonSets, 'monitoring', 'node-exporter', { propagationPolicy: 'Orphan' });
    await waitFor(() => c.idle && podsOf(c, 'monitoring', 'node-exporter').every((pod) => !pod.metadata.ownerReferences), 'orphaned pods');
    assert.equal(podsOf(c, 'monitoring', 'node-exporter').length, 3);

    c.api.delete(namespaces, undefined, 'logging');
    await waitFor(() => !c.store.get(namespaces.id, undefined, 'logging'), 'the namespace to go');
    assert.equal(c.store.list(pods.id, 'logging').length, 0);
    assert.equal(c.store.list(daemonSets.id, 'logging').length, 0);
  });

  test('scale: 300 nodes and 30 DaemonSets settle with the engine\'s desired counts', async () => {
    const c = await start({ scenario: 'scale', nodes: 300 });
    assert.equal(c.store.count(nodes.id), 300);
    assert.equal(c.store.count(daemonSets.id), 30);
    await waitFor(() => {
      if (!c.idle) return false;
      return c.store.list(daemonSets.id).every((ds) => {
        const status = (ds.status ?? {}) as Record<string, number>;
        return status.desiredNumberScheduled === engineNodes(c, ds.metadata.namespace ?? '', ds.metadata.name ?? '').length &&
          status.currentNumberScheduled === status.desiredNumberScheduled;
      });
    }, 'every DaemonSet scheduled', 60_000);
  });
});
