import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDaemonSet } from '../../../server/src/kube/placement';
import { formatSummaryLine, summarizePlacement } from '../../../server/src/kube/placementSummary';
import { node, taint } from './placementHelpers';

const cluster = [
  node('cp-1', { 'kubernetes.io/os': 'linux' }, [taint('node-role.kubernetes.io/control-plane', 'NoSchedule')]),
  node('worker-1', { 'kubernetes.io/os': 'linux' }),
  node('worker-2', { 'kubernetes.io/os': 'linux' }, [taint('node.kubernetes.io/not-ready', 'NoSchedule'), taint('node.kubernetes.io/not-ready', 'NoExecute')]),
  node('gpu-1', { 'kubernetes.io/os': 'linux' }, [taint('nvidia.com/gpu', 'NoSchedule', 'present')]),
  node('gpu-2', { 'kubernetes.io/os': 'linux' }, [taint('nvidia.com/gpu', 'NoSchedule', 'present')]),
  node('win-1', { 'kubernetes.io/os': 'windows' }, [taint('evict', 'NoExecute')]),
  node('worker-3', { 'kubernetes.io/os': 'linux' }),
];
const linuxOnly = compileDaemonSet({ spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } });

test('eligible and excluded nodes, in input order', () => {
  const summary = summarizePlacement(linuxOnly, cluster);
  assert.equal(summary.total, 7);
  assert.deepEqual(summary.eligible, ['worker-1', 'worker-3']);
  assert.deepEqual(summary.excluded, ['cp-1', 'worker-2', 'gpu-1', 'gpu-2', 'win-1']);
  assert.deepEqual(summary.nodes.map((n) => n.node), cluster.map((n) => n.name));
});

test('exclusions are grouped by reason code and the distinct taint or requirement, largest group first', () => {
  const summary = summarizePlacement(linuxOnly, cluster);
  assert.deepEqual(
    summary.groups.map((g) => [g.code, g.subject, g.nodes, g.shouldContinueRunning]),
    [
      ['taint-not-tolerated', 'nvidia.com/gpu=present:NoSchedule', ['gpu-1', 'gpu-2'], true],
      ['taint-not-tolerated', 'node-role.kubernetes.io/control-plane:NoSchedule', ['cp-1'], true],
      ['taint-not-tolerated', 'node.kubernetes.io/not-ready:NoSchedule', ['worker-2'], true],
      ['node-selector-mismatch', 'kubernetes.io/os=linux', ['win-1'], false],
    ],
  );
  assert.deepEqual(summary.groups[0]!.taint, taint('nvidia.com/gpu', 'NoSchedule', 'present'));
  assert.deepEqual(summary.groups[3]!.requirement, { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] });
  assert.deepEqual(summary.byCategory, { taints: 4, nodeSelector: 1, nodeAffinity: 0, nodeName: 0 });
});

test('the summary line counts each excluded node once, by its decisive reason', () => {
  assert.equal(formatSummaryLine(summarizePlacement(linuxOnly, cluster)), 'runs on 2 of 7 nodes; 4 excluded by taints, 1 by nodeSelector');
  assert.equal(formatSummaryLine(summarizePlacement(compileDaemonSet({ spec: { tolerations: [{ operator: 'Exists' }] } }), cluster)), 'runs on 7 of 7 nodes');
  assert.equal(formatSummaryLine(summarizePlacement(linuxOnly, [])), 'runs on 0 of 0 nodes');
  assert.equal(formatSummaryLine(summarizePlacement(linuxOnly, [cluster[1]!])), 'runs on 1 of 1 node');
});

test('the diff against observed pods: wouldAdd, wouldRemove, misscheduled, and pods on unknown nodes', () => {
  const observed = new Map([
    ['worker-1', 1], // eligible, has a pod: nothing to do
    ['gpu-1', 1], // (false, true): kept but misscheduled
    ['worker-2', 2], // NotReady (false, true): misscheduled
    ['win-1', 1], // (false, false): deleted
    ['gone-1', 1], // not in the node list
    ['cp-1', 0], // zero pods count as none
  ]);
  const summary = summarizePlacement(linuxOnly, cluster, observed);
  assert.deepEqual(summary.diff, {
    wouldAdd: ['worker-3'],
    wouldRemove: ['win-1'],
    misscheduled: ['worker-2', 'gpu-1'],
    unknownNodes: ['gone-1'],
  });
  assert.equal(summarizePlacement(linuxOnly, cluster).diff, undefined, 'no diff without observed pods');
});

test('a node with several reasons appears in each group, counted once in the summary line', () => {
  const ds = compileDaemonSet({ spec: { nodeSelector: { a: '1', b: '2' } } });
  const summary = summarizePlacement(ds, [node('n', {})]);
  assert.deepEqual(summary.groups.map((g) => g.subject), ['a=1', 'b=2']);
  assert.equal(formatSummaryLine(summary), 'runs on 0 of 1 node; 1 excluded by nodeSelector');
});

test('garbage in the node list never throws', () => {
  assert.doesNotThrow(() => summarizePlacement(linuxOnly, [null, 'x', {}] as never));
  assert.equal(summarizePlacement(linuxOnly, 'nope' as never).total, 0);
});
