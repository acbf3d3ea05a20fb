/**
 * With a cluster snapshot (the client's `daemonset/clusterSnapshot` notification): completions offer the taints and
 * labels the nodes really carry, with node counts, and diagnostics say what matches no node. Clearing the snapshot
 * goes back to the offline lists.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { startServer, type TestServer } from './lspClient';
import { completeAt, daemonSet, freshUri, item, labels, sampleNodes, sendSnapshot } from './completionSupport';

describe('completion with a cluster snapshot', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    sendSnapshot(server, 'prod', sampleNodes());
  });
  after(() => server.stop());

  test('taint keys of the cluster come first, with how many nodes carry them', async () => {
    const { items } = await completeAt(server, daemonSet(`      tolerations:
      - key: |`));
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    assert.deepEqual(labels(sorted).slice(0, 2), ['dedicated', 'node-role.kubernetes.io/control-plane']);
    assert.equal(item(items, 'dedicated').detail, 'on 4 of 12 nodes of prod (NoSchedule, NoExecute)');
    assert.match(item(items, 'node-role.kubernetes.io/control-plane').detail ?? '', /^on 2 of 12 nodes of prod \(NoSchedule\) · set by kubeadm/);
    assert.match(item(items, 'node-role.kubernetes.io/master').detail ?? '', /^on no node · set by kubeadm/);
  });

  test('values of a taint key are the values its nodes carry, most frequent first', async () => {
    const { items } = await completeAt(server, daemonSet(`      tolerations:
      - key: dedicated
        value: |`));
    assert.deepEqual(labels(items).slice(0, 2), ['gpu', 'infra']);
    assert.equal(item(items, 'gpu').detail, 'dedicated=gpu on 3 of 12 nodes of prod');
  });

  test('effects the key carries in the cluster come first', async () => {
    const { items } = await completeAt(server, `apiVersion: v1
kind: Pod
spec:
  tolerations: [{key: dedicated, operator: Exists, effect: |}]`);
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepEqual(labels(sorted).slice(0, 2), ['NoSchedule', 'NoExecute']);
    assert.match(item(items, 'NoSchedule').detail ?? '', /dedicated has it on 3 of 12 nodes/);
  });

  test('nodeSelector label keys and values come from the nodes, with counts', async () => {
    const keys = await completeAt(server, daemonSet(`      nodeSelector:
        kubernetes.io/os: linux
        |`));
    assert.ok(!labels(keys.items).includes('kubernetes.io/os'), 'a key already set is not offered again');
    assert.equal(item(keys.items, 'accelerator').detail, 'on 3 of 12 nodes of prod · 1 value');
    assert.match(item(keys.items, 'topology.kubernetes.io/zone').detail ?? '', /^on 6 of 12 nodes of prod · 2 values · set by/);

    const values = await completeAt(server, daemonSet(`      nodeSelector:
        topology.kubernetes.io/zone: |`));
    assert.deepEqual(labels(values.items), ['zone-a', 'zone-b']);
    assert.equal(item(values.items, 'zone-a').detail, 'on 3 of 12 nodes of prod');
  });

  test('clearing the snapshot goes back to the well-known lists', async () => {
    const other = await startServer();
    try {
      sendSnapshot(other, 'prod', sampleNodes());
      sendSnapshot(other, null, []);
      const { items } = await completeAt(other, daemonSet(`      tolerations:
      - key: |`));
      assert.ok(!labels(items).includes('dedicated'));
      assert.ok(labels(items).includes('node-role.kubernetes.io/control-plane'));
    } finally {
      await other.stop();
    }
  });
});

describe('diagnostics with a cluster snapshot', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    sendSnapshot(server, 'prod', sampleNodes());
  });
  after(() => server.stop());

  const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

  test('a toleration that matches no taint, a nodeSelector that matches no node, a DaemonSet that runs nowhere', async () => {
    const uri = freshUri();
    server.open(uri, daemonSet(`      nodeSelector:
        accelerator: tpu
      tolerations:
      - key: dedicated
        operator: Equal
        value: tpu
        effect: NoSchedule`));
    const { diagnostics } = await server.diagnostics(uri);
    const toleration = byCode(diagnostics, 'cluster-toleration-matches-no-taint');
    assert.equal(toleration.length, 1);
    assert.equal(toleration[0]!.severity, 3);
    assert.match(String(toleration[0]!.message), /^This toleration \(`dedicated Equal tpu \(NoSchedule\)`\) matches no taint on any node of context `prod` \(12 nodes\)\. Nodes carry `dedicated=gpu:NoSchedule`, `dedicated=infra:NoExecute`\.$/);
    const selector = byCode(diagnostics, 'cluster-node-selector-matches-no-node');
    assert.equal(selector.length, 1);
    assert.equal(selector[0]!.severity, 2);
    assert.equal(selector[0]!.message, 'This nodeSelector matches no node of context `prod` (12 nodes). No node has `accelerator=tpu`; its values are `nvidia`.');
    const nowhere = byCode(diagnostics, 'cluster-daemonset-runs-on-no-node');
    assert.equal(nowhere.length, 1);
    assert.match(String(nowhere[0]!.message), /^This DaemonSet would run on 0 of 12 nodes of context `prod`: nodeSelector `accelerator=tpu` does not match \(12\)\.$/);
    assert.deepEqual(nowhere[0]!.range.start, { line: 3, character: 8 }, 'at the DaemonSet name');
  });

  test('a DaemonSet that runs somewhere, with tolerations for real taints, has no cluster findings', async () => {
    const uri = freshUri();
    server.open(uri, daemonSet(`      tolerations:
      - key: dedicated
        operator: Exists
      - key: node.kubernetes.io/not-ready
        operator: Exists
        effect: NoSchedule`));
    const { diagnostics } = await server.diagnostics(uri);
    assert.deepEqual(diagnostics.filter((d) => String(d.code).startsWith('cluster-')), []);
  });

  test('a new snapshot re-validates the open documents', async () => {
    const local = await startServer();
    try {
      const uri = freshUri();
      local.open(uri, daemonSet(`      nodeSelector:
        accelerator: tpu`));
      assert.deepEqual((await local.diagnostics(uri)).diagnostics.filter((d) => String(d.code).startsWith('cluster-')), []);
      sendSnapshot(local, 'prod', sampleNodes());
      const after = (await local.diagnostics(uri)).diagnostics;
      assert.equal(byCode(after, 'cluster-node-selector-matches-no-node').length, 1);
    } finally {
      await local.stop();
    }
  });
});
