/**
 * Properties of NodeShouldRunDaemonPod over generated nodes and pod specs (seeded, so failures reproduce).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileDaemonSet, nodeShouldRunDaemonPod, type PlacementDecision, type PlacementOptions } from '../../../server/src/kube/placement';
import type { NodeInfo, PodSpec, Taint, Toleration } from '../../../server/src/kube/types';
import { prng } from './placementHelpers';

const CASES = 3000;
const taintCodes = new Set(['taint-not-tolerated', 'noexecute-taint-not-tolerated', 'toleration-parse-error']);

function generator(seed: number) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const keys = ['a', 'b', 'gen', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/network-unavailable', 'node.kubernetes.io/memory-pressure', 'node-role.kubernetes.io/control-plane'];
  const values = ['', '1', '5', '05', 'x', '-3'];
  const effects = ['NoSchedule', 'NoExecute', 'PreferNoSchedule'];
  const labelKeys = ['zone', 'pool', 'gen', 'gpu'];

  const taint = (): Taint => {
    const value = pick(values);
    return value === '' && chance(0.5) ? { key: pick(keys), effect: pick(effects) } : { key: pick(keys), value, effect: pick(effects) };
  };
  const toleration = (): Toleration => {
    const t: Toleration = {};
    if (chance(0.8)) t.key = pick(keys);
    t.operator = pick(['Exists', 'Equal', '', 'Lt', 'Gt', 'exists']);
    if (t.operator !== 'Exists' || chance(0.1)) t.value = pick(values);
    if (chance(0.7)) t.effect = pick(effects);
    if (chance(0.1)) t.tolerationSeconds = 30;
    return t;
  };
  const node = (): NodeInfo => {
    const labels: Record<string, string> = {};
    for (const key of labelKeys) if (chance(0.6)) labels[key] = pick(['a', 'b', '1', '7', '']);
    const taints: Taint[] = [];
    const count = Math.floor(random() * 4);
    for (let i = 0; i < count; i++) taints.push(taint());
    return { name: pick(['n1', 'n2', 'n3']), labels, taints };
  };
  const spec = (): PodSpec => {
    const s: PodSpec = {};
    const count = Math.floor(random() * 4);
    if (count > 0) s.tolerations = Array.from({ length: count }, toleration);
    if (chance(0.2)) s.nodeSelector = { [pick(labelKeys)]: pick(['a', 'b', '1']) };
    if (chance(0.2)) {
      s.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
              matchExpressions: [{ key: pick(labelKeys), operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']), values: chance(0.5) ? [pick(['a', '1', '5'])] : [] }],
            })),
          },
        },
      };
    }
    if (chance(0.1)) s.nodeName = pick(['n1', 'n2']);
    if (chance(0.3)) s.hostNetwork = true;
    return s;
  };
  const options = (): PlacementOptions => ({ tolerationComparisonOperators: chance(0.5) });
  return { random, node, spec, options, taint };
}

const decide = (node: NodeInfo, spec: PodSpec, options: PlacementOptions): PlacementDecision =>
  nodeShouldRunDaemonPod(node, compileDaemonSet({ spec }, options));
const pair = (d: PlacementDecision) => [d.shouldRun, d.shouldContinueRunning];
const hasTaintReason = (d: PlacementDecision) => d.reasons.some((r) => taintCodes.has(r.code));

test('property: shouldRun implies shouldContinueRunning, and reasons are given exactly when !shouldRun', () => {
  const g = generator(1);
  for (let i = 0; i < CASES; i++) {
    const node = g.node();
    const spec = g.spec();
    const d = decide(node, spec, g.options());
    assert.ok(!d.shouldRun || d.shouldContinueRunning, JSON.stringify({ node, spec }));
    assert.equal(d.reasons.length > 0, !d.shouldRun, JSON.stringify({ node, spec }));
  }
});

test('property: adding {operator: Exists} never leaves a node excluded for taint reasons', () => {
  const g = generator(2);
  for (let i = 0; i < CASES; i++) {
    const node = g.node();
    const spec = g.spec();
    const options = g.options();
    const before = decide(node, spec, options);
    const after = decide(node, { ...spec, tolerations: [...(spec.tolerations ?? []), { operator: 'Exists' }] }, options);
    assert.equal(hasTaintReason(after), false, JSON.stringify({ node, spec }));
    if (!before.reasons.some((r) => !taintCodes.has(r.code))) assert.deepEqual(pair(after), [true, true], JSON.stringify({ node, spec }));
    else assert.deepEqual(pair(after), pair(before));
  }
});

test('property: adding a PreferNoSchedule taint never changes the decision', () => {
  const g = generator(3);
  for (let i = 0; i < CASES; i++) {
    const node = g.node();
    const spec = g.spec();
    const options = g.options();
    const extra: Taint = { ...g.taint(), effect: 'PreferNoSchedule' };
    const position = Math.floor(g.random() * (node.taints.length + 1));
    const taints = [...node.taints.slice(0, position), extra, ...node.taints.slice(position)];
    assert.deepEqual(decide({ ...node, taints }, spec, options), decide(node, spec, options), JSON.stringify({ node, spec, extra }));
  }
});

test('property: the order of tolerations never changes the decision', () => {
  const g = generator(4);
  for (let i = 0; i < CASES; i++) {
    const node = g.node();
    const spec = g.spec();
    const options = g.options();
    const tolerations = [...(spec.tolerations ?? [])];
    for (let j = tolerations.length - 1; j > 0; j--) {
      const k = Math.floor(g.random() * (j + 1));
      [tolerations[j], tolerations[k]] = [tolerations[k]!, tolerations[j]!];
    }
    const before = decide(node, spec, options);
    const after = decide(node, { ...spec, tolerations }, options);
    assert.deepEqual(pair(after), pair(before), JSON.stringify({ node, spec, tolerations }));
    assert.deepEqual(after.reasons.map((r) => r.code).sort(), before.reasons.map((r) => r.code).sort());
  }
});

test('property: one compiled DaemonSet over many nodes (warm caches) decides exactly as a fresh compilation per node', () => {
  const g = generator(5);
  for (let round = 0; round < 100; round++) {
    const spec = g.spec();
    const options = g.options();
    const compiled = compileDaemonSet({ spec }, options);
    for (let i = 0; i < 30; i++) {
      const node = g.node();
      assert.deepEqual(nodeShouldRunDaemonPod(node, compiled), decide(node, spec, options), JSON.stringify({ node, spec }));
    }
  }
});
