/**
 * Strategic merge patch as kubectl sends it, JSON merge patch and JSON patch.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { strategicMergePatch } from './patch/strategicMerge';
import { jsonMergePatch, jsonPatch, JsonPatchError } from './patch/jsonPatches';

const daemonSet = () => ({
  metadata: { name: 'agent', labels: { app: 'agent', tier: 'node' }, finalizers: ['a', 'b'] },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'agent', image: 'agent:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'sidecar', image: 'sidecar:1' },
        ],
        tolerations: [{ key: 'x', operator: 'Exists' }],
        volumes: [{ name: 'data', hostPath: { path: '/var/data' } }],
      },
    },
  },
});

describe('strategic merge patch', () => {
  test('containers merge by name; other fields of a container are kept', () => {
    const patched = strategicMergePatch(daemonSet(), { spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } } }, 'DaemonSet');
    assert.deepEqual(patched.spec, {
      template: {
        spec: {
          containers: [
            { name: 'agent', image: 'agent:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
            { name: 'sidecar', image: 'sidecar:1' },
          ],
          tolerations: [{ key: 'x', operator: 'Exists' }],
          volumes: [{ name: 'data', hostPath: { path: '/var/data' } }],
        },
      },
    });
  });

  test('tolerations are atomic: the list in the patch replaces the list', () => {
    const patched = strategicMergePatch(daemonSet(), { spec: { template: { spec: { tolerations: [{ key: 'y', operator: 'Exists', effect: 'NoSchedule' }] } } } }, 'DaemonSet');
    assert.deepEqual((patched.spec as { template: { spec: { tolerations: unknown } } }).template.spec.tolerations, [{ key: 'y', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('node taints are atomic too, as kubectl taint sends the whole list', () => {
    const node = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }] } };
    const patched = strategicMergePatch(node, { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } }, 'Node');
    assert.deepEqual(patched, { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } });
  });

  test('$patch: delete removes one item by key; null removes a key', () => {
    const patched = strategicMergePatch(
      daemonSet(),
      { metadata: { labels: { tier: null } }, spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      'DaemonSet',
    );
    assert.deepEqual((patched.metadata as { labels: unknown }).labels, { app: 'agent' });
    assert.deepEqual((patched.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((c) => c.name), ['agent']);
  });

  test('$setElementOrder orders the merged list as kubectl apply asks', () => {
    const patched = strategicMergePatch(
      daemonSet(),
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'agent' }], containers: [{ name: 'sidecar', image: 'sidecar:2' }] } } } },
      'DaemonSet',
    );
    const containers = (patched.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec.containers;
    assert.deepEqual(containers.map((c) => `${c.name}=${c.image}`), ['sidecar=sidecar:2', 'agent=agent:1']);
  });

  test('nested lists merge by their own keys (env by name)', () => {
    const patched = strategicMergePatch(daemonSet(), { spec: { template: { spec: { containers: [{ name: 'agent', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } } } }, 'DaemonSet');
    const env = (patched.spec as { template: { spec: { containers: { env?: unknown[] }[] } } }).template.spec.containers[0]?.env;
    assert.deepEqual(env, [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
  });

  test('$retainKeys clears the other members of a volume source union', () => {
    const patched = strategicMergePatch(
      daemonSet(),
      { spec: { template: { spec: { volumes: [{ name: 'data', $retainKeys: ['emptyDir', 'name'], emptyDir: {} }] } } } },
      'DaemonSet',
    );
    assert.deepEqual((patched.spec as { template: { spec: { volumes: unknown } } }).template.spec.volumes, [{ name: 'data', emptyDir: {} }]);
  });

  test('$patch: replace on a map replaces it; primitive merge lists are unions with $deleteFromPrimitiveList', () => {
    const replaced = strategicMergePatch(daemonSet(), { metadata: { labels: { $patch: 'replace', only: 'this' } } }, 'DaemonSet');
    assert.deepEqual((replaced.metadata as { labels: unknown }).labels, { only: 'this' });
    const finalizers = strategicMergePatch(daemonSet(), { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } }, 'DaemonSet');
    assert.deepEqual((finalizers.metadata as { finalizers: unknown }).finalizers, ['b', 'c']);
  });

  test('a list item $patch: replace replaces the whole merge list', () => {
    const patched = strategicMergePatch(daemonSet(), { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'solo', image: 's:1' }] } } } }, 'DaemonSet');
    assert.deepEqual((patched.spec as { template: { spec: { containers: unknown } } }).template.spec.containers, [{ name: 'solo', image: 's:1' }]);
  });
});

describe('JSON merge patch and JSON patch', () => {
  test('merge patch: maps merge, lists and scalars replace, null deletes', () => {
    assert.deepEqual(jsonMergePatch({ a: { b: 1, c: 2 }, l: [1, 2], s: 'x' }, { a: { b: null, d: 3 }, l: [3] }), { a: { c: 2, d: 3 }, l: [3], s: 'x' });
  });

  test('JSON patch: add, replace, remove, move, copy, test', () => {
    const result = jsonPatch({ a: [1, 2], b: { c: 'x' } }, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'replace', path: '/b/c', value: 'y' },
      { op: 'copy', from: '/b/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e' },
      { op: 'remove', path: '/a/0' },
      { op: 'test', path: '/e', value: 'y' },
      { op: 'add', path: '/f~1g', value: true },
    ]);
    assert.deepEqual(result, { a: [2, 3], b: { c: 'y' }, e: 'y', 'f/g': true });
  });

  test('JSON patch: a failed test or a missing path is an error', () => {
    assert.throws(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), JsonPatchError);
    assert.throws(() => jsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }]), JsonPatchError);
    assert.throws(() => jsonPatch({ a: 1 }, [{ op: 'remove', path: '/x/y' }]), JsonPatchError);
  });
});
