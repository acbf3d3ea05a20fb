import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodesFromDocuments, toNodeInfo } from '../../../server/src/kube/nodes';

const rawNode = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule', timeAdded: '2024-01-01T00:00:00Z' }] },
  ...extra,
});

test('a raw Node becomes name, labels and taints', () => {
  assert.deepEqual(toNodeInfo(rawNode('worker-1')), {
    name: 'worker-1',
    labels: { 'kubernetes.io/hostname': 'worker-1' },
    taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule', timeAdded: '2024-01-01T00:00:00Z' }],
  });
});

test('a node without spec or labels has none; a list item without kind is still a node', () => {
  assert.deepEqual(toNodeInfo({ metadata: { name: 'n' } }), { name: 'n', labels: {}, taints: [] });
});

test('other kinds, unnamed nodes and non-objects are not nodes', () => {
  for (const raw of [null, 'node', [], { kind: 'Pod', metadata: { name: 'p' } }, { kind: 'Node', metadata: {} }, { kind: 'Node', metadata: { name: '' } }]) {
    assert.equal(toNodeInfo(raw), undefined, JSON.stringify(raw));
  }
});

test('an already compact NodeInfo is accepted', () => {
  assert.deepEqual(toNodeInfo({ name: 'n', labels: { a: 'b' }, taints: [{ key: 'k', effect: 'NoSchedule' }] }), {
    name: 'n',
    labels: { a: 'b' },
    taints: [{ key: 'k', effect: 'NoSchedule' }],
  });
});

test('wrong types are dropped or stringified, never thrown on', () => {
  const node = toNodeInfo({
    kind: 'Node',
    metadata: { name: 'n', labels: { num: 5, bool: true, obj: { a: 1 }, nil: null } },
    spec: { taints: [null, 'x', { key: 'k', value: 7, effect: 'NoSchedule', timeAdded: new Date(0) }, { value: 'only' }, { key: 'e', effect: 'NoExecute', value: '' }] },
  });
  assert.deepEqual(node, {
    name: 'n',
    labels: { num: '5', bool: 'true' },
    taints: [{ key: 'k', value: '7', effect: 'NoSchedule' }, { key: 'e', effect: 'NoExecute' }],
  });
  assert.deepEqual(toNodeInfo({ kind: 'Node', metadata: { name: 'n', labels: 'x' }, spec: { taints: {} } }), { name: 'n', labels: {}, taints: [] });
});

test('documents: NodeList, List, single Nodes, arrays; other kinds skipped', () => {
  const docs = [
    { apiVersion: 'v1', kind: 'NodeList', items: [rawNode('a'), rawNode('b')] },
    { apiVersion: 'v1', kind: 'List', items: [rawNode('c'), { kind: 'Pod', metadata: { name: 'p' } }] },
    rawNode('d'),
    [rawNode('e')],
    { kind: 'ConfigMap', metadata: { name: 'x' } },
    null,
    'text',
  ];
  assert.deepEqual(nodesFromDocuments(docs).map((n) => n.name), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(nodesFromDocuments('x' as never), []);
});
