import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addOrUpdateDaemonPodTolerations, addOrUpdateToleration, DEFAULT_DAEMON_TOLERATIONS } from '../../../server/src/kube/defaultTolerations';
import type { Toleration } from '../../../server/src/kube/types';

const defaults = (hostNetwork: boolean) => addOrUpdateDaemonPodTolerations(undefined, hostNetwork);

test('§2: six defaults always, in the controller order, none with a value or tolerationSeconds', () => {
  assert.deepEqual(defaults(false), [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ]);
});

test('§2: network-unavailable:NoSchedule is added only for hostNetwork pods', () => {
  assert.equal(defaults(true).length, 7);
  assert.deepEqual(defaults(true)[6], { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  assert.ok(!defaults(false).some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
});

test('user tolerations come first, defaults are appended', () => {
  const merged = addOrUpdateDaemonPodTolerations([{ key: 'gpu', operator: 'Exists' }], false);
  assert.deepEqual(merged[0], { key: 'gpu', operator: 'Exists' });
  assert.equal(merged.length, 7);
});

test('a user toleration equal to a default in (key, operator, value, effect) is replaced: its tolerationSeconds is dropped', () => {
  const user: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const merged = addOrUpdateDaemonPodTolerations([user], false);
  const notReady = merged.filter((t) => t.key === 'node.kubernetes.io/not-ready');
  assert.deepEqual(notReady, [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]);
  assert.equal(merged.indexOf(notReady[0]!), 0, 'replaced in place');
  assert.equal(merged.length, 6);
});

test('an identical user toleration is kept as it is, not duplicated', () => {
  const merged = addOrUpdateDaemonPodTolerations([{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], false);
  assert.equal(merged.filter((t) => t.key === 'node.kubernetes.io/unschedulable').length, 1);
  assert.equal(merged.length, 6);
});

test('tolerations that differ in operator, value or effect are kept side by side with the default', () => {
  const user: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', tolerationSeconds: 30 },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoExecute' },
  ];
  const merged = addOrUpdateDaemonPodTolerations(user, false);
  assert.deepEqual(merged.slice(0, 3), user);
  assert.equal(merged.length, 9);
});

test('the merge mirrors AddOrUpdateTolerationInPodSpec: an identical entry anywhere means no change at all', () => {
  const withSeconds: Toleration = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
  const identical: Toleration = { key: 'k', operator: 'Exists', effect: 'NoExecute' };
  assert.deepEqual(addOrUpdateToleration([withSeconds, identical], identical), [withSeconds, identical]);
  assert.deepEqual(addOrUpdateToleration([withSeconds], identical), [identical]);
});

test('the input is never modified, and entries that are not objects are dropped', () => {
  const user = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
  const frozen = Object.freeze(user.map((t) => Object.freeze({ ...t })));
  assert.doesNotThrow(() => addOrUpdateDaemonPodTolerations(frozen, true));
  assert.equal(frozen[0]!.tolerationSeconds, 300);
  assert.equal(addOrUpdateDaemonPodTolerations([null, 'x', 3] as unknown as Toleration[], false).length, 6);
  assert.equal(addOrUpdateDaemonPodTolerations('nope' as unknown as Toleration[], false).length, 6);
});

test('the exported table lists the seven defaults', () => {
  assert.equal(DEFAULT_DAEMON_TOLERATIONS.length, 7);
  assert.deepEqual(DEFAULT_DAEMON_TOLERATIONS.filter((d) => d.hostNetworkOnly).map((d) => d.toleration.key), ['node.kubernetes.io/network-unavailable']);
});
