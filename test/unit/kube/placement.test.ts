import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDaemonSet, nodeShouldRunDaemonPod } from '../../../server/src/kube/placement';
import type { NodeInfo } from '../../../server/src/kube/types';
import { codesOf, decide, expr, node, pairOf, required, taint } from './placementHelpers';

const notReady = [taint('node.kubernetes.io/not-ready', 'NoSchedule'), taint('node.kubernetes.io/not-ready', 'NoExecute')];

test('§1 an eligible node gets the shared all-clear decision, frozen, with no reasons', () => {
  const first = decide(node('a'), {});
  const second = nodeShouldRunDaemonPod(node('b', {}, [taint('x', 'PreferNoSchedule')]), compileDaemonSet({ spec: {} }));
  assert.deepEqual(first, { shouldRun: true, shouldContinueRunning: true, reasons: [] });
  assert.equal(first, second);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.reasons));
});

test('§1.1 (a) a template nodeName naming another node gives (false, false)', () => {
  const decision = decide(node('worker-1'), { nodeName: 'worker-2' });
  assert.deepEqual([pairOf(decision), codesOf(decision)], [[false, false], ['node-name-mismatch']]);
  assert.match(decision.reasons[0]!.message, /nodeName `worker-2`/);
});

test('§1.3 a template nodeName equal to the node does not skip the taint check', () => {
  const decision = decide(node('worker-1', {}, [taint('dedicated', 'NoSchedule', 'x')]), { nodeName: 'worker-1' });
  assert.deepEqual([pairOf(decision), codesOf(decision)], [[false, true], ['taint-not-tolerated']]);
});

test('§1.3 order of checks: an affinity mismatch gives (false, false) even with an untolerated NoSchedule taint', () => {
  const target = node('w', { zone: 'b' }, [taint('dedicated', 'NoSchedule', 'x')]);
  const decision = decide(target, { affinity: required({ matchExpressions: [expr('zone', 'In', ['a'])] }) });
  assert.deepEqual([pairOf(decision), codesOf(decision)], [[false, false], ['node-affinity-mismatch']]);
});

test('§1.3 order of checks: a nodeSelector mismatch gives (false, false) even when every taint is tolerated', () => {
  const decision = decide(node('w', { pool: 'cpu' }, [taint('gpu', 'NoSchedule')]), {
    nodeSelector: { pool: 'gpu' },
    tolerations: [{ operator: 'Exists' }],
  });
  assert.deepEqual([pairOf(decision), codesOf(decision)], [[false, false], ['node-selector-mismatch']]);
});

test('§1.3 order of checks: a nodeName mismatch comes before a selector mismatch', () => {
  const decision = decide(node('w', {}), { nodeName: 'other', nodeSelector: { pool: 'gpu' } });
  assert.deepEqual(codesOf(decision), ['node-name-mismatch']);
});

test('§1.1 (c) an untolerated NoSchedule taint: no new pod, an existing pod is kept', () => {
  const decision = decide(node('gpu-1', {}, [taint('nvidia.com/gpu', 'NoSchedule', 'present')]), {});
  assert.deepEqual(pairOf(decision), [false, true]);
  assert.deepEqual(decision.reasons, [
    { code: 'taint-not-tolerated', message: 'taint `nvidia.com/gpu=present:NoSchedule` is not tolerated', taint: taint('nvidia.com/gpu', 'NoSchedule', 'present') },
  ]);
});

test('§1.1 (c) an untolerated NoExecute taint: (false, false), with its own code', () => {
  const decision = decide(node('w', {}, [taint('evict', 'NoExecute', 'now')]), {});
  assert.deepEqual([pairOf(decision), codesOf(decision)], [[false, false], ['noexecute-taint-not-tolerated']]);
  assert.match(decision.reasons[0]!.message, /^taint `evict=now:NoExecute` is not tolerated.*existing pod is deleted/);
});

test('every untolerated hard taint is listed, in node order', () => {
  const decision = decide(node('w', {}, [taint('a', 'NoSchedule'), taint('b', 'PreferNoSchedule'), taint('c', 'NoExecute'), taint('d', 'NoSchedule')]), {
    tolerations: [{ key: 'd', operator: 'Exists' }],
  });
  assert.deepEqual(codesOf(decision), ['taint-not-tolerated', 'noexecute-taint-not-tolerated']);
  assert.deepEqual(decision.reasons.map((r) => r.taint?.key), ['a', 'c']);
});

test('§9.1 conditions and spec.unschedulable are ignored: only taints count', () => {
  const cordonedWithoutTaint = { name: 'w', labels: {}, taints: [], unschedulable: true } as NodeInfo;
  assert.deepEqual(pairOf(decide(cordonedWithoutTaint, {})), [true, true]);
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('node.kubernetes.io/unschedulable', 'NoSchedule')]), {})), [true, true]);
});

test('§9.2 a NotReady node (NoSchedule + NoExecute not-ready taints) gets no new pod and keeps the existing one', () => {
  const decision = decide(node('w', {}, notReady), {});
  assert.deepEqual(pairOf(decision), [false, true]);
  assert.equal(
    decision.reasons[0]!.message,
    'NotReady node: new pods are not created (the default tolerations cover `not-ready` only for NoExecute); the existing pod keeps running',
  );
  assert.deepEqual(pairOf(decide(node('w', {}, [notReady[1]!]), {})), [true, true], 'not-ready:NoExecute alone is default-tolerated');
});

test('§9.2 an unreachable node likewise; tolerating {operator: Exists, effect: NoSchedule} lets CNI pods in', () => {
  const unreachable = [taint('node.kubernetes.io/unreachable', 'NoSchedule'), taint('node.kubernetes.io/unreachable', 'NoExecute')];
  const decision = decide(node('w', {}, unreachable), {});
  assert.deepEqual(pairOf(decision), [false, true]);
  assert.match(decision.reasons[0]!.message, /^Unreachable node: new pods are not created/);
  assert.deepEqual(pairOf(decide(node('w', {}, unreachable), { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] })), [true, true]);
});

test('§9.2 a NotReady node that also has an untolerated NoExecute taint does not claim the pod keeps running', () => {
  const decision = decide(node('w', {}, [...notReady, taint('evict', 'NoExecute')]), {});
  assert.deepEqual(pairOf(decision), [false, false]);
  assert.doesNotMatch(decision.reasons[0]!.message, /keeps running/);
});

test('§9.3 network-unavailable is default-tolerated only for hostNetwork pods', () => {
  const target = node('w', {}, [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')]);
  const podNetwork = decide(target, {});
  assert.deepEqual(pairOf(podNetwork), [false, true]);
  assert.match(podNetwork.reasons[0]!.message, /tolerated by default only for hostNetwork pods/);
  assert.deepEqual(pairOf(decide(target, { hostNetwork: true })), [true, true]);
  assert.deepEqual(pairOf(decide(target, { hostNetwork: 'true' as unknown as boolean })), [false, true], 'only a real boolean counts');
});

test('§9.4 the defaults are effect-specific: memory-pressure:NoExecute is not tolerated', () => {
  const decision = decide(node('w', {}, [taint('node.kubernetes.io/memory-pressure', 'NoExecute')]), {});
  assert.deepEqual(pairOf(decision), [false, false]);
  assert.match(decision.reasons[0]!.message, /the default tolerations cover `memory-pressure` only for NoSchedule/);
  for (const key of ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable']) {
    assert.deepEqual(pairOf(decide(node('w', {}, [taint(`node.kubernetes.io/${key}`, 'NoSchedule')]), {})), [true, true], key);
  }
});

test('§6.4 keys the defaults never cover: out-of-service, control-plane, master, cloud provider', () => {
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('node.kubernetes.io/out-of-service', 'NoExecute', 'nodeshutdown')]), {})), [false, false]);
  for (const key of ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master', 'node.cloudprovider.kubernetes.io/uninitialized', 'node.cloudprovider.kubernetes.io/shutdown']) {
    assert.deepEqual(pairOf(decide(node('w', {}, [taint(key, 'NoSchedule')]), {})), [false, true], key);
  }
});

test('§9.6 PreferNoSchedule is ignored entirely', () => {
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('spot', 'PreferNoSchedule', 'true')]), {})), [true, true]);
});

test('§9.7 Equal without a value tolerates only a valueless taint', () => {
  const toleration = { key: 'dedicated', operator: 'Equal', effect: 'NoSchedule' };
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('dedicated', 'NoSchedule')]), { tolerations: [toleration] })), [true, true]);
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('dedicated', 'NoSchedule', 'db')]), { tolerations: [toleration] })), [false, true]);
});

test('§9.7 an empty key with an effect tolerates every taint of that effect only', () => {
  const spec = { tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }] };
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('a', 'NoSchedule'), taint('b', 'NoSchedule', 'x')]), spec)), [true, true]);
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('a', 'NoSchedule'), taint('b', 'NoExecute')]), spec)), [false, false]);
});

test('§9.12 master and control-plane are distinct keys: a kubeadm 1.24 node needs both tolerated', () => {
  const both = node('cp', {}, [taint('node-role.kubernetes.io/master', 'NoSchedule'), taint('node-role.kubernetes.io/control-plane', 'NoSchedule')]);
  const onlyMaster = decide(both, { tolerations: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' }] });
  assert.deepEqual(pairOf(onlyMaster), [false, true]);
  assert.deepEqual(onlyMaster.reasons.map((r) => r.taint?.key), ['node-role.kubernetes.io/control-plane']);
  assert.match(onlyMaster.reasons[0]!.message, /tolerate both `control-plane` and `master`/);
});

test('§9.13 a user not-ready:NoExecute toleration with tolerationSeconds is replaced by the infinite default', () => {
  const ds = compileDaemonSet({ spec: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }] } });
  assert.deepEqual(ds.tolerations.filter((t) => t.key === 'node.kubernetes.io/not-ready'), [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  ]);
  assert.deepEqual(pairOf(nodeShouldRunDaemonPod(node('w', {}, [notReady[1]!]), ds)), [true, true]);
});

test('§9.9 toleration Lt/Gt: gate off means untolerated, with a hint about the gate', () => {
  const target = node('w', {}, [taint('gen', 'NoSchedule', '5')]);
  const spec = { tolerations: [{ key: 'gen', operator: 'Gt', value: '3', effect: 'NoSchedule' }] };
  const off = decide(target, spec);
  assert.deepEqual([pairOf(off), codesOf(off)], [[false, true], ['taint-not-tolerated']]);
  assert.match(off.reasons[0]!.message, /needs the TaintTolerationComparisonOperators feature gate/);
  assert.deepEqual(pairOf(decide(target, spec, { tolerationComparisonOperators: true })), [true, true]);
});

test('§9.9 toleration Lt/Gt with the gate on: strict integers; a parse error counts as untolerated with its own code', () => {
  const spec = { tolerations: [{ key: 'gen', operator: 'Gt', value: '3' }] };
  for (const value of ['0100', '+100', '100.5', '-', '', ' 200 ']) {
    const decision = decide(node('w', {}, [taint('gen', 'NoSchedule', value)]), spec, { tolerationComparisonOperators: true });
    assert.deepEqual([pairOf(decision), codesOf(decision)], [[false, true], ['toleration-parse-error']], JSON.stringify(value));
    assert.match(decision.reasons[0]!.error ?? '', /failed to parse taint value/);
  }
  const equal = decide(node('w', {}, [taint('gen', 'NoSchedule', '3')]), spec, { tolerationComparisonOperators: true });
  assert.deepEqual([pairOf(equal), codesOf(equal)], [[false, true], ['taint-not-tolerated']], 'equal values do not tolerate');
  const badToleration = decide(node('w', {}, [taint('gen', 'NoExecute', '7')]), { tolerations: [{ key: 'gen', operator: 'Lt', value: '010' }] }, { tolerationComparisonOperators: true });
  assert.deepEqual([pairOf(badToleration), codesOf(badToleration)], [[false, false], ['toleration-parse-error']]);
  assert.match(badToleration.reasons[0]!.message, /toleration `gen Lt 010` cannot compare: failed to parse toleration value "010"/);
});

test('§3.2 a parse error does not matter when another toleration tolerates the taint', () => {
  const spec = { tolerations: [{ key: 'gen', operator: 'Gt', value: 'x' }, { key: 'gen', operator: 'Exists' }] };
  assert.deepEqual(pairOf(decide(node('w', {}, [taint('gen', 'NoSchedule', '5')]), spec, { tolerationComparisonOperators: true })), [true, true]);
});

test('shouldRun implies shouldContinueRunning in every decision above and for garbage input', () => {
  const garbage: unknown[] = [null, undefined, 0, 'node', [], {}, { name: 5, labels: 'x', taints: {} }, { name: 'n', taints: [null, 1, 'x', { effect: 'NoSchedule' }] }];
  for (const raw of garbage) {
    for (const spec of [{}, { nodeSelector: { a: 'b' } }, { nodeName: 'n' }, { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }) }]) {
      const decision = decide(raw as NodeInfo, spec);
      assert.ok(!decision.shouldRun || decision.shouldContinueRunning);
    }
  }
});

test('wrong types never throw: odd templates, labels, taints and tolerations', () => {
  const templates = [undefined, null, 1, 'x', { spec: 'x' }, { spec: { tolerations: 'x', nodeSelector: ['a'], affinity: 'y' } }, { spec: { tolerations: [null, { key: 1, operator: {}, value: [] }], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [null, 'x', { matchExpressions: 'y' }, { matchExpressions: [null] }] } } } } }];
  const nodes = [{ name: 'n', labels: { a: 1, b: null, c: { d: 1 } }, taints: [{ key: 1, value: 2, effect: 'NoSchedule' }] }, { name: 'n', labels: null, taints: [{ key: 'k', effect: ['NoSchedule'] }] }];
  for (const template of templates) {
    const ds = compileDaemonSet(template as never);
    for (const raw of nodes) assert.doesNotThrow(() => nodeShouldRunDaemonPod(raw as unknown as NodeInfo, ds));
  }
});

test('numbers in labels and taints read as their string form (a YAML author wrote `gen: 5`)', () => {
  const raw = { name: 'n', labels: { gen: 5 }, taints: [{ key: 'tier', value: 1, effect: 'NoSchedule' }] } as unknown as NodeInfo;
  assert.deepEqual(pairOf(decide(raw, { nodeSelector: { gen: '5' }, tolerations: [{ key: 'tier', value: '1' }] })), [true, true]);
});

test('labels inherited from Object.prototype are not labels', () => {
  const decision = decide(node('w', {}), { nodeSelector: { toString: 'x' } });
  assert.equal(decision.reasons[0]!.message, 'nodeSelector `toString=x`: the node has no label `toString`');
  assert.deepEqual(pairOf(decide(node('w', {}), { affinity: required({ matchExpressions: [expr('constructor', 'DoesNotExist')] }) })), [true, true]);
});

test('failure decisions are shared between nodes with the same cause, and frozen', () => {
  const ds = compileDaemonSet({ spec: { nodeSelector: { pool: 'gpu' } } });
  const a = nodeShouldRunDaemonPod(node('a', { pool: 'cpu' }), ds);
  const b = nodeShouldRunDaemonPod(node('b', { pool: 'cpu' }), ds);
  const c = nodeShouldRunDaemonPod(node('c', { pool: 'db' }), ds);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.match(c.reasons[0]!.message, /`pool=db`/);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.reasons) && Object.isFrozen(a.reasons[0]));
});

test('label values with unusual characters never mix up cached reasons', () => {
  const ds = compileDaemonSet({ spec: { nodeSelector: { a: 'x', b: 'y' } } });
  const first = nodeShouldRunDaemonPod(node('1', { a: 'p\u0001q', b: 'r' }), ds);
  const second = nodeShouldRunDaemonPod(node('2', { a: 'p', b: 'q\u0001r' }), ds);
  assert.notEqual(first.reasons[0]!.message, second.reasons[0]!.message);
});
