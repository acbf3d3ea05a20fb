/**
 * The cluster snapshot message: compact on the wire (label pairs, label sets, taints and taint sets sent once),
 * decoded defensively, and indexed once per snapshot on the server.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterSnapshot, ClusterSnapshotStore, formatNodeNames } from '../../../server/src/clusterSnapshot';
import { ClusterSnapshotNotification, decodeClusterSnapshot, encodeClusterSnapshot } from '../../../server/src/protocol';
import type { NodeInfo } from '../../../server/src/kube/types';

const worker = (name: string, zone: string): NodeInfo => ({ name, labels: { 'kubernetes.io/os': 'linux', zone }, taints: [] });
const gpu = (name: string): NodeInfo => ({
  name,
  labels: { 'kubernetes.io/os': 'linux', zone: 'a', accelerator: 'nvidia' },
  taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
});

describe('cluster snapshot message', () => {
  test('the method is daemonset/clusterSnapshot', () => {
    assert.equal(ClusterSnapshotNotification.method, 'daemonset/clusterSnapshot');
    assert.equal(ClusterSnapshotNotification.type.method, 'daemonset/clusterSnapshot');
  });

  test('label pairs, label sets, taints and taint sets are sent once each', () => {
    const nodes = [worker('w1', 'a'), worker('w2', 'a'), worker('w3', 'b'), gpu('g1'), gpu('g2')];
    const params = encodeClusterSnapshot('prod', nodes);
    assert.deepEqual(params.labels, [
      ['kubernetes.io/os', 'linux'],
      ['zone', 'a'],
      ['zone', 'b'],
      ['accelerator', 'nvidia'],
    ]);
    assert.deepEqual(params.labelSets, [[0, 1], [0, 2], [3, 0, 1]]);
    assert.deepEqual(params.taints, [['dedicated', 'gpu', 'NoSchedule']]);
    assert.deepEqual(params.taintSets, [[], [0]]);
    assert.deepEqual(params.nodes, [
      ['w1', 0, 0],
      ['w2', 0, 0],
      ['w3', 1, 0],
      ['g1', 2, 1],
      ['g2', 2, 1],
    ]);
  });

  test('decoding gives the nodes back', () => {
    const nodes = [worker('w1', 'a'), gpu('g1'), { name: 'cp', labels: {}, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }];
    const decoded = decodeClusterSnapshot(JSON.parse(JSON.stringify(encodeClusterSnapshot('prod', nodes))));
    assert.deepEqual(decoded, { context: 'prod', nodes });
  });

  test('malformed entries are dropped, never thrown on; context null clears', () => {
    assert.equal(decodeClusterSnapshot({ context: null }), undefined);
    assert.equal(decodeClusterSnapshot('nonsense'), undefined);
    const decoded = decodeClusterSnapshot({
      context: 'x',
      labels: [['a', 'b'], 'bad', [1, 2]],
      labelSets: [[0, 1, 2, 99], 'bad'],
      taints: [['k', '', 'NoSchedule'], null],
      taintSets: [[0, 1, 'x']],
      nodes: [['n1', 0, 0], ['', 0, 0], ['n2', 5, 'q'], 'bad'],
    });
    assert.deepEqual(decoded, {
      context: 'x',
      nodes: [
        { name: 'n1', labels: { a: 'b' }, taints: [{ key: 'k', effect: 'NoSchedule' }] },
        { name: 'n2', labels: {}, taints: [] },
      ],
    });
  });
});

describe('server-side snapshot', () => {
  const snapshot = new ClusterSnapshot('prod', [worker('w1', 'a'), worker('w2', 'b'), gpu('g1'), gpu('g2')]);

  test('taint keys with their nodes, values and effects', () => {
    const dedicated = snapshot.taintKeys().get('dedicated')!;
    assert.deepEqual(snapshot.names(dedicated.nodes), ['g1', 'g2']);
    assert.deepEqual([...dedicated.values], [['gpu', 2]]);
    assert.deepEqual([...dedicated.effects], [['NoSchedule', 2]]);
  });

  test('label keys with their values', () => {
    assert.deepEqual([...snapshot.labelKeys().get('zone')!.values], [['a', 3], ['b', 1]]);
    assert.equal(snapshot.labelKeys().get('accelerator')!.nodeCount, 2);
  });

  test('distinct taints with the nodes that carry them', () => {
    assert.deepEqual(snapshot.distinctTaints(), [{ taint: { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, nodes: [2, 3] }]);
  });

  test('the store keeps the latest snapshot and counts revisions', () => {
    const store = new ClusterSnapshotStore();
    const context = () => store.snapshot?.context;
    assert.equal(context(), undefined);
    store.update(encodeClusterSnapshot('prod', [worker('w1', 'a')]));
    assert.equal(context(), 'prod');
    store.update(encodeClusterSnapshot(null, []));
    assert.equal(context(), undefined);
    assert.equal(store.revision, 2);
  });

  test('node names are listed up to a limit', () => {
    assert.equal(formatNodeNames(['a', 'b', 'c']), 'a, b, c');
    assert.equal(formatNodeNames(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 5), 'a, b, c, d, e and 2 more');
  });
});
