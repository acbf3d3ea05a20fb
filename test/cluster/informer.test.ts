/**
 * The local cluster against `@kubernetes/client-node` 1.4.0 informers (list, then watch from the list's
 * resourceVersion): initial list, events, resuming after a cut stream, relisting after 410 Gone, and
 * coming back after the server restarts on the same port and CA.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from './cluster';
import { configMaps, namespaces, nodes } from './api/resources';
import { waitFor } from './testSupport';

type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });

let k8s: ClientNode;
let cluster: Cluster;
let config: InstanceType<ClientNode['KubeConfig']>;

interface Recorder {
  events: string[];
  lists: number;
  connects: number;
  errors: unknown[];
}

/** A ConfigMap informer on `namespace`, recording every callback. */
function configMapInformer(namespace: string) {
  const core = config.makeApiClient(k8s.CoreV1Api);
  const record: Recorder = { events: [], lists: 0, connects: 0, errors: [] };
  const informer = k8s.makeInformer<InstanceType<ClientNode['V1ConfigMap']>>(config, `/api/v1/namespaces/${namespace}/configmaps`, () => {
    record.lists++;
    return core.listNamespacedConfigMap({ namespace });
  });
  informer.on('add', (object) => record.events.push(`add ${object.metadata?.name ?? ''}`));
  informer.on('update', (object) => record.events.push(`update ${object.metadata?.name ?? ''} ${JSON.stringify(object.data ?? {})}`));
  informer.on('delete', (object) => record.events.push(`delete ${object.metadata?.name ?? ''}`));
  informer.on('connect', () => record.connects++);
  informer.on('error', (error) => record.errors.push(error));
  return { informer, record };
}

const configMap = (namespace: string, name: string, data: Record<string, string> = {}) => ({ metadata: { name, namespace }, data });

describe('@kubernetes/client-node informers against the cluster', () => {
  before(async () => {
    k8s = await import('@kubernetes/client-node');
    cluster = await startCluster({ scenario: 'demo', podStartMs: 50 });
    config = new k8s.KubeConfig();
    config.loadFromString(cluster.kubeconfig);
    for (const namespace of ['informer-events', 'informer-cut', 'informer-gone', 'informer-compacted', 'informer-restart']) {
      cluster.api.create(namespaces, undefined, { metadata: { name: namespace } });
    }
  });

  after(async () => {
    await cluster.stop();
  });

  test('a node informer lists every node, then sees a label change as an update', async () => {
    const core = config.makeApiClient(k8s.CoreV1Api);
    const added: string[] = [];
    const updated: string[] = [];
    const informer = k8s.makeInformer<InstanceType<ClientNode['V1Node']>>(config, '/api/v1/nodes', () => core.listNode());
    informer.on('add', (node) => added.push(node.metadata?.name ?? ''));
    informer.on('update', (node) => updated.push(`${node.metadata?.name ?? ''} ${node.metadata?.labels?.['example.com/pool'] ?? ''}`));
    await informer.start();
    try {
      assert.deepEqual(added.sort(), ['control-plane-1', 'gpu-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4']);
      assert.equal(informer.list().length, 6);
      cluster.api.patch(nodes, undefined, 'worker-2', 'strategic', { metadata: { labels: { 'example.com/pool': 'blue' } } });
      await waitFor(() => updated.includes('worker-2 blue'), 'the update of worker-2');
      assert.equal(informer.get('worker-2')?.metadata?.labels?.['example.com/pool'], 'blue');
    } finally {
      await informer.stop();
    }
  });

  test('add, update and delete events arrive in order', async () => {
    const { informer, record } = configMapInformer('informer-events');
    cluster.api.create(configMaps, 'informer-events', configMap('informer-events', 'before'));
    await informer.start();
    try {
      assert.deepEqual(record.events, ['add before']);
      cluster.api.create(configMaps, 'informer-events', configMap('informer-events', 'settings', { mode: 'a' }));
      cluster.api.patch(configMaps, 'informer-events', 'settings', 'merge', { data: { mode: 'b' } });
      cluster.api.delete(configMaps, 'informer-events', 'before');
      await waitFor(() => record.events.length === 4, 'four events');
      assert.deepEqual(record.events, ['add before', 'add settings', 'update settings {"mode":"b"}', 'delete before']);
    } finally {
      await informer.stop();
    }
  });

  test('after a cut watch stream the informer resumes from its resourceVersion without relisting', async () => {
    const { informer, record } = configMapInformer('informer-cut');
    await informer.start();
    try {
      cluster.faults.set({ watchCutSeconds: 0.2 });
      await waitFor(() => record.connects >= 3, 'two reconnections');
      cluster.api.create(configMaps, 'informer-cut', configMap('informer-cut', 'during-cuts'));
      await waitFor(() => record.events.includes('add during-cuts'), 'the object created between cuts');
      cluster.faults.reset();
      assert.equal(record.lists, 1);
      assert.deepEqual(record.errors, []);
    } finally {
      cluster.faults.reset();
      await informer.stop();
    }
  });

  test('the 410 fault on the next watch makes the informer relist', async () => {
    const { informer, record } = configMapInformer('informer-gone');
    await informer.start();
    try {
      cluster.faults.set({ expireNextWatches: 1, watchCutSeconds: 0.2 });
      await waitFor(() => record.lists === 2, 'a relist');
      cluster.faults.reset();
      cluster.api.create(configMaps, 'informer-gone', configMap('informer-gone', 'after-relist'));
      await waitFor(() => record.events.includes('add after-relist'), 'events after the relist');
      assert.deepEqual(record.errors, []);
    } finally {
      cluster.faults.reset();
      await informer.stop();
    }
  });

  test('a resourceVersion older than the kept history gets 410, and the relist reports what was missed', async () => {
    const { informer, record } = configMapInformer('informer-compacted');
    cluster.api.create(configMaps, 'informer-compacted', configMap('informer-compacted', 'doomed'));
    await informer.start();
    try {
      assert.deepEqual(record.events, ['add doomed']);
      // Cut the stream and hold the informer's next request (latency) while the object goes and the
      // history is compacted: the resumed watch is too old and must relist.
      cluster.faults.set({ latencyMs: 1000, watchCutSeconds: 0.05 });
      await waitFor(() => record.connects === 2, 'the informer reconnecting');
      cluster.faults.set({ watchCutSeconds: 0 });
      cluster.api.delete(configMaps, 'informer-compacted', 'doomed');
      cluster.api.create(configMaps, 'informer-compacted', configMap('informer-compacted', 'fresh'));
      cluster.store.compactHistory();
      await waitFor(() => record.lists === 2, 'a relist');
      cluster.faults.reset();
      await waitFor(() => record.events.includes('delete doomed') && record.events.includes('add fresh'), 'the state after the relist');
      assert.deepEqual(informer.list().map((object) => object.metadata?.name), ['fresh']);
      assert.deepEqual(record.errors, []);
    } finally {
      cluster.faults.reset();
      await informer.stop();
    }
  });

  test('after a server restart on the same port and CA, a restarted informer catches up', async () => {
    const { informer, record } = configMapInformer('informer-restart');
    await informer.start();
    try {
      const port = cluster.port;
      await cluster.stop();
      await waitFor(() => record.errors.length > 0, 'the informer to report the dropped connection');
      cluster.api.create(configMaps, 'informer-restart', configMap('informer-restart', 'while-down'));
      await cluster.restart();
      assert.equal(cluster.port, port);
      await informer.start();
      await waitFor(() => record.events.includes('add while-down'), 'the object created while the server was down');
    } finally {
      await informer.stop();
    }
  });
});
