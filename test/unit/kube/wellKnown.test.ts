import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DAEMON_TOLERATIONS } from '../../../server/src/kube/defaultTolerations';
import { defaultTolerates, untoleratedTaintHint, WELL_KNOWN_LABELS, WELL_KNOWN_TAINTS, wellKnownLabel, wellKnownTaint } from '../../../server/src/kube/wellKnown';

test('the eight k8s.io/api taint constants are all there, each with a description and who sets it', () => {
  const constants = WELL_KNOWN_TAINTS.filter((t) => t.constant).map((t) => t.constant);
  assert.deepEqual(constants.sort(), [
    'TaintNodeDiskPressure', 'TaintNodeMemoryPressure', 'TaintNodeNetworkUnavailable', 'TaintNodeNotReady',
    'TaintNodeOutOfService', 'TaintNodePIDPressure', 'TaintNodeUnreachable', 'TaintNodeUnschedulable',
  ]);
  for (const entry of [...WELL_KNOWN_TAINTS, ...WELL_KNOWN_LABELS]) {
    assert.ok(entry.description.length > 10 && entry.setBy.length > 3, entry.key);
  }
});

test('the table agrees with the default tolerations', () => {
  for (const { toleration, hostNetworkOnly } of DEFAULT_DAEMON_TOLERATIONS) {
    assert.equal(defaultTolerates(toleration.key!, toleration.effect!, true), true, toleration.key);
    assert.equal(defaultTolerates(toleration.key!, toleration.effect!, false), !hostNetworkOnly, toleration.key);
  }
  assert.equal(defaultTolerates('node.kubernetes.io/not-ready', 'NoSchedule', true), false);
  assert.equal(defaultTolerates('node-role.kubernetes.io/control-plane', 'NoSchedule', true), false);
});

test('lookups: taints by key, labels by key or by their namespace', () => {
  assert.equal(wellKnownTaint('node-role.kubernetes.io/master')?.status, 'deprecated');
  assert.equal(wellKnownTaint('example.com/x'), undefined);
  assert.equal(wellKnownLabel('topology.kubernetes.io/zone')?.kind, 'label');
  assert.equal(wellKnownLabel('failure-domain.beta.kubernetes.io/zone')?.deprecated?.replacement, 'topology.kubernetes.io/zone');
  assert.equal(wellKnownLabel('node-restriction.kubernetes.io/team')?.kind, 'prefix');
  assert.equal(wellKnownLabel('app'), undefined);
});

test('hints explain the common surprises only', () => {
  assert.match(untoleratedTaintHint('node.kubernetes.io/memory-pressure', 'NoExecute', false) ?? '', /only for NoSchedule/);
  assert.match(untoleratedTaintHint('node.kubernetes.io/network-unavailable', 'NoSchedule', false) ?? '', /hostNetwork/);
  assert.match(untoleratedTaintHint('node-role.kubernetes.io/master', 'NoSchedule', false) ?? '', /control-plane/);
  assert.equal(untoleratedTaintHint('example.com/x', 'NoSchedule', false), undefined);
});
