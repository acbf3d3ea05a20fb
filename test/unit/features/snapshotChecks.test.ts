/**
 * Diagnostics from a cluster snapshot: what matches no node of the connected context, decided by the placement
 * engine. Only with a snapshot; tolerations of condition taints are precautions and stay quiet.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterSnapshot } from '../../../server/src/clusterSnapshot';
import { snapshotDiagnostics, SNAPSHOT_CODES } from '../../../server/src/features/snapshotChecks';
import { parseFile } from '../../../server/src/model/parsedFile';
import type { NodeInfo } from '../../../server/src/kube/types';

const nodes: NodeInfo[] = [
  { name: 'cp-1', labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
  { name: 'gpu-1', labels: { pool: 'gpu' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
  { name: 'w-1', labels: { pool: 'general' }, taints: [] },
  { name: 'w-2', labels: { pool: 'general' }, taints: [] },
];
const snapshot = new ClusterSnapshot('prod', nodes);

const check = (text: string, options = {}) => snapshotDiagnostics(parseFile(text), snapshot, options);
const codes = (text: string) => check(text).map((d) => d.code);

const daemonSet = (spec: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
${spec}      containers: [{name: a, image: a}]
`;

describe('snapshot diagnostics', () => {
  test('nothing without a snapshot, or with an empty one', () => {
    const text = daemonSet('      nodeSelector: {pool: tpu}\n');
    assert.deepEqual(snapshotDiagnostics(parseFile(text), undefined, {}), []);
    assert.deepEqual(snapshotDiagnostics(parseFile(text), new ClusterSnapshot('empty', []), {}), []);
  });

  test('a toleration for a taint no node carries is information, at its key', () => {
    const [finding] = check(daemonSet('      tolerations:\n      - {key: dedicated, operator: Equal, value: tpu}\n'));
    assert.equal(finding?.code, SNAPSHOT_CODES.tolerationUnused);
    assert.equal(finding?.severity, 'information');
    assert.deepEqual(finding?.range.start, { line: 10, character: 14 });
    assert.match(finding!.message, /Nodes carry `dedicated=gpu:NoSchedule`\.$/);
  });

  test('tolerations of condition taints, of every key, and of taints that exist are quiet', () => {
    assert.deepEqual(
      codes(daemonSet(`      tolerations:
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule}
      - {key: node.cloudprovider.kubernetes.io/uninitialized, operator: Exists}
      - {operator: Exists, effect: NoExecute}
      - {key: dedicated, operator: Exists}
      - {key: node-role.kubernetes.io/control-plane, operator: Exists}
`)),
      [],
    );
  });

  test('the legacy master key on a cluster without it is reported', () => {
    assert.deepEqual(codes(daemonSet('      tolerations:\n      - {key: node-role.kubernetes.io/master, operator: Exists}\n')), [SNAPSHOT_CODES.tolerationUnused]);
  });

  test('a nodeSelector that matches no node, and a DaemonSet that therefore runs nowhere', () => {
    const findings = check(daemonSet('      nodeSelector:\n        pool: tpu\n'));
    assert.deepEqual(findings.map((d) => [d.code, d.severity]), [
      [SNAPSHOT_CODES.nodeSelectorUnmatched, 'warning'],
      [SNAPSHOT_CODES.daemonSetNowhere, 'warning'],
    ]);
    assert.match(findings[0]!.message, /No node has `pool=tpu`; its values are `gpu`, `general`\.$/);
    assert.match(findings[1]!.message, /^This DaemonSet would run on 0 of 4 nodes of context `prod`: nodeSelector `pool=tpu` does not match \(4\)\.$/);
  });

  test('each label can exist while no node has them all', () => {
    const [finding] = check(daemonSet('      nodeSelector: {pool: gpu, node-role.kubernetes.io/control-plane: ""}\n'));
    assert.match(finding!.message, /No node has all of its labels at once\.$/);
  });

  test('a required node affinity that matches no node', () => {
    const findings = check(daemonSet(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: pool, operator: In, values: [tpu]}]
`));
    assert.deepEqual(findings.map((d) => d.code), [SNAPSHOT_CODES.nodeAffinityUnmatched, SNAPSHOT_CODES.daemonSetNowhere]);
  });

  test('a DaemonSet kept off every node by taints says which', () => {
    const findings = check(daemonSet('      nodeSelector: {pool: gpu}\n'));
    assert.deepEqual(findings.map((d) => d.code), [SNAPSHOT_CODES.daemonSetNowhere]);
    assert.match(findings[0]!.message, /nodeSelector `pool=gpu` does not match \(3\); taint `dedicated=gpu:NoSchedule` is not tolerated \(1\)\.$/);
  });

  test('other workloads get the toleration and selector checks, not the DaemonSet one', () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          nodeSelector: {pool: tpu}
          containers: [{name: a, image: a}]
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  tolerations: [{key: example.com/none, operator: Exists}]
  containers: [{name: a, image: a}]
`;
    assert.deepEqual(codes(text), [SNAPSHOT_CODES.nodeSelectorUnmatched, SNAPSHOT_CODES.tolerationUnused]);
  });

  test('Lt and Gt count only with the feature gate', () => {
    const gated = new ClusterSnapshot('prod', [{ name: 'n', labels: {}, taints: [{ key: 'example.com/tier', value: '3', effect: 'NoSchedule' }] }]);
    const text = daemonSet('      tolerations: [{key: example.com/tier, operator: Gt, value: "2"}]\n');
    assert.deepEqual(snapshotDiagnostics(parseFile(text), gated, {}).map((d) => d.code), [SNAPSHOT_CODES.tolerationUnused, SNAPSHOT_CODES.daemonSetNowhere]);
    assert.deepEqual(snapshotDiagnostics(parseFile(text), gated, { tolerationComparisonOperators: true }), []);
  });
});
