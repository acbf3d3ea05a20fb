/**
 * Inserting the toleration that would make a node eligible into a DaemonSet manifest, in the file's own style.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tolerationInsertEdits, type TextEdit } from '../../client/src/whatIf/insertToleration';

const apply = (text: string, edits: readonly TextEdit[]): string =>
  [...edits].sort((a, b) => b.start - a.start).reduce((result, e) => result.slice(0, e.start) + e.newText + result.slice(e.end), text);

const controlPlane = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };
const gpu = { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' };

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const head = ['kind: DaemonSet', 'metadata:', '  name: a', 'spec:', '  template:', '    spec:', '      containers:', '      - name: c'];

describe('inserting tolerations into a manifest', () => {
  test('appends to an existing block list, keeping its indentation', () => {
    const text = lines(...head, '      tolerations:', '      - key: node-role.kubernetes.io/master', '        effect: NoSchedule');
    assert.equal(apply(text, tolerationInsertEdits(text, 0, [controlPlane])!), lines(
      ...head, '      tolerations:', '      - key: node-role.kubernetes.io/master', '        effect: NoSchedule',
      '      - key: node-role.kubernetes.io/control-plane', '        operator: Exists', '        effect: NoSchedule',
    ));
  });

  test('creates the list when there is none, with every toleration in order', () => {
    const text = lines(...head);
    assert.equal(apply(text, tolerationInsertEdits(text, 0, [controlPlane, gpu])!), lines(
      ...head, '      tolerations:',
      '      - key: node-role.kubernetes.io/control-plane', '        operator: Exists', '        effect: NoSchedule',
      '      - key: nvidia.com/gpu', '        operator: Equal', '        value: present', '        effect: NoSchedule',
    ));
  });

  test('a flow list stays a flow list; only the given document changes', () => {
    const text = lines('x: 1', '---', 'kind: DaemonSet', 'spec:', '  template:', '    spec:', '      tolerations: [{key: a, operator: Exists}]');
    assert.equal(apply(text, tolerationInsertEdits(text, 1, [gpu])!), lines(
      'x: 1', '---', 'kind: DaemonSet', 'spec:', '  template:', '    spec:',
      '      tolerations: [{key: a, operator: Exists}, {key: nvidia.com/gpu, operator: Equal, value: present, effect: NoSchedule}]',
    ));
  });

  test('a toleration the manifest has already is not added again; a broken document is not edited', () => {
    const text = lines(...head, '      tolerations:', '      - {key: nvidia.com/gpu, operator: Equal, value: present, effect: NoSchedule}');
    assert.deepEqual(tolerationInsertEdits(text, 0, [gpu]), []);
    assert.equal(tolerationInsertEdits('kind: DaemonSet\nspec: [\n', 0, [gpu]), undefined);
  });

  test('in a `kind: List`, into the item that is the DaemonSet', () => {
    const text = lines(
      'apiVersion: v1', 'kind: List', 'items:',
      '- kind: ConfigMap', '  metadata: {name: c}',
      '- kind: DaemonSet', '  metadata:', '    name: a', '  spec:', '    template:', '      spec:', '        containers:', '        - name: c',
    );
    assert.equal(apply(text, tolerationInsertEdits(text, 0, [controlPlane], ['items', 1])!), lines(
      'apiVersion: v1', 'kind: List', 'items:',
      '- kind: ConfigMap', '  metadata: {name: c}',
      '- kind: DaemonSet', '  metadata:', '    name: a', '  spec:', '    template:', '      spec:', '        containers:', '        - name: c',
      '        tolerations:', '        - key: node-role.kubernetes.io/control-plane', '          operator: Exists', '          effect: NoSchedule',
    ));
  });
});
