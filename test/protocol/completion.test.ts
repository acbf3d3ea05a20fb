/**
 * Completion over stdio, without a cluster snapshot: toleration keys, operators, effects, values and whole
 * tolerations; nodeSelector and node-affinity label keys, operators and values; block and flow style; lines still
 * being typed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { startServer, type TestServer } from './lspClient';
import { applyItem, changeSettings, completeAt, daemonSet, freshUri, item, labels, marked } from './completionSupport';
import type { CompletionList } from 'vscode-languageserver-protocol';

describe('completion without a cluster', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  test('a toleration key offers the well-known taints, what sets them and the DaemonSet defaults', async () => {
    const { items } = await completeAt(server, daemonSet(`      tolerations:
      - key: |`));
    const offered = labels(items);
    for (const key of [
      'node-role.kubernetes.io/control-plane',
      'node-role.kubernetes.io/master',
      'node.cloudprovider.kubernetes.io/uninitialized',
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/out-of-service',
    ]) {
      assert.ok(offered.includes(key), `${key} offered`);
    }
    assert.match(item(items, 'node.kubernetes.io/not-ready').detail ?? '', /node lifecycle controller.*tolerated by default for NoExecute/);
    assert.match(item(items, 'node-role.kubernetes.io/control-plane').detail ?? '', /kubeadm · not tolerated by default/);
    assert.match(item(items, 'node.kubernetes.io/network-unavailable').detail ?? '', /hostNetwork pods only/);
    assert.deepEqual(item(items, 'node-role.kubernetes.io/master').tags, [1], 'the legacy key is marked deprecated');
    assert.ok(!offered.includes('node.kubernetes.io/out-of-disk'), 'removed keys are not offered');
  });

  test('completion after edits answers for the version shown, with its own lines (one line index per version)', async () => {
    const first = marked(daemonSet(`      tolerations:
      - key: |`));
    const uri = freshUri();
    server.open(uri, first.text, 1);
    const before = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: first.position })) as CompletionList;
    assert.ok(labels(before.items).includes('node-role.kubernetes.io/control-plane'));
    // Two lines inserted above: the same position is now the `operator:` line of the same toleration.
    const second = marked(daemonSet(`      tolerations:
      - key: example.com/a
        operator: Exists
      - key: x
        operator: |`));
    server.change(uri, second.text, 2);
    const after = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: second.position })) as CompletionList;
    assert.deepEqual(labels(after.items).sort(), ['Equal', 'Exists']);
    // The same text with CR-only line breaks (the editor counts a lone CR as a line break too).
    server.change(uri, second.text.replace(/\n/g, '\r'), 3);
    const crOnly = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: second.position })) as CompletionList;
    assert.deepEqual(labels(crOnly.items).sort(), ['Equal', 'Exists']);
  });

  test('a taint key replaces what is typed so far, in flow style too', async () => {
    const source = daemonSet(`      tolerations: [{key: node-role.kub|, operator: Exists}]`);
    const { items, text } = await completeAt(server, source);
    const edited = applyItem(text, item(items, 'node-role.kubernetes.io/control-plane'));
    assert.deepEqual(parse(edited).spec.template.spec.tolerations, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }]);
  });

  test('operators are Equal and Exists; Lt and Gt only with the feature gate', async () => {
    const source = daemonSet(`      tolerations:
      - key: example.com/tier
        operator: |`);
    const { items } = await completeAt(server, source);
    assert.deepEqual(labels(items).filter((l) => ['Equal', 'Exists', 'Lt', 'Gt'].includes(l)), ['Equal', 'Exists']);
    assert.match(item(items, 'Exists').detail ?? '', /whatever its value/);

    const gated = await startServer();
    try {
      const uri = freshUri();
      gated.open(uri, 'kind: ConfigMap\n');
      await gated.diagnostics(uri);
      await changeSettings(gated, { daemonset: { featureGates: { tolerationComparisonOperators: true } } }, uri);
      const withGate = await completeAt(gated, source);
      assert.deepEqual(labels(withGate.items).filter((l) => ['Equal', 'Exists', 'Lt', 'Gt'].includes(l)), ['Equal', 'Exists', 'Lt', 'Gt']);
    } finally {
      await gated.stop();
    }
  });

  test('effects are explained, and complete a half-typed `effect: No`', async () => {
    const { items, text } = await completeAt(server, daemonSet(`      tolerations:
      - key: example.com/dedicated
        operator: Exists
        effect: No|`));
    assert.deepEqual(labels(items).slice(0, 3), ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
    assert.match(item(items, 'NoExecute').detail ?? '', /evicted/);
    assert.match(String((item(items, 'PreferNoSchedule').documentation as { value: string }).value), /DaemonSet: ignored/);
    assert.match(applyItem(text, item(items, 'NoExecute')), /effect: NoExecute$/);
  });

  test('an empty `- key: ` at the end of the file still completes', async () => {
    const { items } = await completeAt(server, `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  tolerations:
  - key: |`);
    assert.ok(labels(items).includes('node-role.kubernetes.io/control-plane'));
  });

  test('tolerationSeconds is offered only in a NoExecute toleration', async () => {
    const noSchedule = await completeAt(server, daemonSet(`      tolerations:
      - key: example.com/dedicated
        effect: NoSchedule
        |`));
    assert.ok(!labels(noSchedule.items).includes('tolerationSeconds'));
    assert.ok(labels(noSchedule.items).includes('operator'));
    assert.ok(!labels(noSchedule.items).includes('effect'), 'a field already set is not offered again');

    const noExecute = await completeAt(server, daemonSet(`      tolerations:
      - key: example.com/dedicated
        effect: NoExecute
        |`));
    assert.ok(labels(noExecute.items).includes('tolerationSeconds'));
  });

  test('a new item under tolerations offers whole tolerations that insert valid YAML', async () => {
    const { items, text } = await completeAt(server, daemonSet(`      tolerations:
      - |`));
    const offered = labels(items);
    for (const label of ['tolerate the control plane (both keys)', 'tolerate everything', 'tolerate NotReady and unreachable nodes']) {
      assert.ok(offered.includes(label), label);
    }
    const controlPlane = parse(applyItem(text, item(items, 'tolerate the control plane (both keys)')));
    assert.deepEqual(controlPlane.spec.template.spec.tolerations, [
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const notReady = parse(applyItem(text, item(items, 'tolerate NotReady and unreachable nodes')));
    assert.deepEqual(notReady.spec.template.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  test('on a blank line under `tolerations:` a whole toleration brings its own dash', async () => {
    const { items, text } = await completeAt(server, daemonSet(`      tolerations:
        |`));
    const edited = parse(applyItem(text, item(items, 'tolerate everything')));
    assert.deepEqual(edited.spec.template.spec.tolerations, [{ operator: 'Exists' }]);
  });

  test('whole tolerations in a flow sequence are flow mappings', async () => {
    const { items, text } = await completeAt(server, daemonSet(`      tolerations: [{key: example.com/a, operator: Exists}, |]`));
    const edited = parse(applyItem(text, item(items, 'tolerate everything')));
    assert.deepEqual(edited.spec.template.spec.tolerations, [{ key: 'example.com/a', operator: 'Exists' }, { operator: 'Exists' }]);
  });

  test('nodeSelector completes well-known label keys, then their values', async () => {
    const keys = await completeAt(server, daemonSet(`      nodeSelector:
        |`));
    assert.ok(labels(keys.items).includes('kubernetes.io/os'));
    assert.ok(labels(keys.items).includes('topology.kubernetes.io/zone'));
    assert.ok(!labels(keys.items).includes('kubernetes.io/metadata.name'), 'labels that are not on nodes are not offered');
    assert.match(applyItem(keys.text, item(keys.items, 'kubernetes.io/arch')), /nodeSelector:\n {8}kubernetes\.io\/arch: $/);

    const values = await completeAt(server, daemonSet(`      nodeSelector:
        kubernetes.io/os: |`));
    assert.deepEqual(labels(values.items).slice(0, 2), ['linux', 'windows']);
  });

  test('node affinity matchExpressions: label keys, operators with their meaning, values', async () => {
    const affinity = (requirement: string) =>
      daemonSet(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
${requirement}`);
    const keys = await completeAt(server, affinity(`              - key: |`));
    assert.ok(labels(keys.items).includes('kubernetes.io/arch'));

    const operators = await completeAt(server, affinity(`              - key: kubernetes.io/arch
                operator: |`));
    assert.deepEqual(labels(operators.items).slice(0, 6), ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
    assert.match(item(operators.items, 'NotIn').detail ?? '', /missing/);

    const values = await completeAt(server, affinity(`              - key: kubernetes.io/arch
                operator: In
                values:
                - |`));
    assert.ok(labels(values.items).includes('arm64'));

    const flowValues = await completeAt(server, affinity(`              - {key: kubernetes.io/os, operator: NotIn, values: [linux, |]}`));
    assert.deepEqual(labels(flowValues.items), ['windows']);
  });

  test('a space completes only right after `: ` or `- `', async () => {
    const afterColon = await completeAt(server, daemonSet(`      tolerations:
      - effect: |`), ' ');
    assert.ok(labels(afterColon.items).includes('NoSchedule'));
    const elsewhere = await completeAt(server, daemonSet(`      tolerations:
      - effect: NoSchedule |`), ' ');
    assert.deepEqual(afterColon.items.length > 0 && elsewhere.items, []);
  });

  test('a new document completes the built-in apiVersions and kinds', async () => {
    const { items } = await completeAt(server, 'apiVersion: apps/v1\nkind: |\n');
    assert.ok(labels(items).includes('DaemonSet') && labels(items).includes('PodDisruptionBudget'));
  });

  test('YAML that is not Kubernetes gets no schema completions', async () => {
    const compose = await completeAt(server, 'services:\n  web:\n    image: nginx\n|');
    assert.deepEqual(compose.items, []);
    const manifest = await completeAt(server, 'apiVersion: v1\n|');
    assert.ok(labels(manifest.items).includes('kind'));
  });

  test('the rest of the manifest still gets the schema field completions', async () => {
    const { items } = await completeAt(server, daemonSet(`      hostN|`));
    assert.ok(labels(items).includes('hostNetwork'));
  });

  test('schema completions in a later document of the file edit the cursor line', async () => {
    const { items, text, position } = await completeAt(server, `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
---
${daemonSet(`      hostN|`)}`);
    const edit = item(items, 'hostNetwork').textEdit as { range: { start: { line: number } } };
    assert.equal(edit.range.start.line, position.line);
    assert.match(applyItem(text, item(items, 'hostNetwork')), /\n {6}hostNetwork: *\S*$/);
  });
});
