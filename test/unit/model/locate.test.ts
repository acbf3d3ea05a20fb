import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, type Document } from 'yaml';
import { locate } from '../../../server/src/model/locate';
import type { Path, Target } from '../../../server/src/rules/types';

/** The text that `locate` underlines. */
function underlined(text: string, path: Path, target?: Target): string {
  const document = parseAllDocuments(text)[0] as Document.Parsed;
  const { start, end } = locate(document, path, target);
  return text.slice(start, end);
}

const ds = `apiVersion: apps/v1
kind: DaemonSet
spec:
  selector: {matchLabels: {app: nginx, name: nginx}}
  template:
    metadata:
      labels:
        app: nginx
    spec:
      tolerations:
      - key: node-role.kubernetes.io/master
        effect: NoSchedule
`;

test('a scalar value is underlined by default', () => {
  assert.equal(underlined(ds, ['spec', 'template', 'spec', 'tolerations', 0, 'key']), 'node-role.kubernetes.io/master');
});

test('target key underlines the key', () => {
  assert.equal(underlined(ds, ['spec', 'template', 'spec', 'tolerations', 0, 'key'], 'key'), 'key');
});

test('target entry underlines key and value', () => {
  assert.equal(underlined(ds, ['spec', 'template', 'spec', 'tolerations', 0, 'effect'], 'entry'), 'effect: NoSchedule');
});

test('an entry of a flow map is underlined exactly', () => {
  assert.equal(underlined(ds, ['spec', 'selector', 'matchLabels', 'name']), 'nginx');
  assert.equal(underlined(ds, ['spec', 'selector', 'matchLabels', 'name'], 'entry'), 'name: nginx');
});

test('a block collection is underlined by its key', () => {
  assert.equal(underlined(ds, ['spec', 'template', 'metadata', 'labels']), 'labels');
});

test('a flow collection is underlined whole', () => {
  assert.equal(underlined(ds, ['spec', 'selector']), '{matchLabels: {app: nginx, name: nginx}}');
});

test('a missing field underlines the key of its deepest existing parent', () => {
  assert.equal(underlined(ds, ['spec', 'template', 'spec', 'nodeSelector', 'disk']), 'spec');
  assert.equal(underlined(ds, ['spec', 'template', 'metadata', 'labels', 'name']), 'labels');
});

test('a missing top-level field underlines kind', () => {
  assert.equal(underlined('apiVersion: v1\nkind: DaemonSet\n', ['metadata', 'name']), 'kind');
});

test('a sequence item of a List resolves through the prefix', () => {
  assert.equal(underlined('kind: List\nitems:\n- kind: DaemonSet\n  metadata: {name: Bad_Name}\n', ['items', 0, 'metadata', 'name']), 'Bad_Name');
});
