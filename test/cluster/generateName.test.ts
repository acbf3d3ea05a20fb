/**
 * generateName as kube-apiserver serves it since 1.31 (KEP-4420): a generated name that is already taken is drawn
 * again instead of failing the create with AlreadyExists.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectApi } from './api/objectApi';
import { configMaps, namespaces } from './api/resources';
import { Store } from './store/store';

function withRandom<T>(values: number[], run: () => T): T {
  const original = Math.random;
  let i = 0;
  Math.random = () => values[i++ % values.length]!;
  try {
    return run();
  } finally {
    Math.random = original;
  }
}

test('a generated name that is taken is drawn again; after 8 taken draws the create fails with AlreadyExists', () => {
  const api = new ObjectApi(new Store());
  api.create(namespaces, undefined, { metadata: { name: 'default' } });
  const body = { metadata: { generateName: 'agent-' }, data: {} };
  const first = withRandom([0], () => api.create(configMaps, 'default', body));
  assert.equal(first.metadata.name, 'agent-bbbbb');
  // The first draw repeats `bbbbb`, the second draws `ccccc` (1/27 of the alphabet, five times).
  const second = withRandom([0, 0, 0, 0, 0, 1 / 27, 1 / 27, 1 / 27, 1 / 27, 1 / 27], () => api.create(configMaps, 'default', body));
  assert.equal(second.metadata.name, 'agent-ccccc');
  assert.throws(() => withRandom([0], () => api.create(configMaps, 'default', body)), /already exists/);
});
