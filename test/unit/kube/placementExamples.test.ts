import { test } from 'node:test';
import assert from 'node:assert/strict';
import cases from '../../fixtures/cases/placement-examples.json';
import { compileDaemonSet, nodeShouldRunDaemonPod } from '../../../server/src/kube/placement';
import { toNodeInfo } from '../../../server/src/kube/nodes';
import type { PodSpec } from '../../../server/src/kube/types';

interface Example {
  name: string;
  node: unknown;
  podSpec: PodSpec;
  expect: { shouldRun: boolean; shouldContinueRunning: boolean };
  why: string;
}

for (const example of cases as Example[]) {
  test(`placement example: ${example.name}`, () => {
    const node = toNodeInfo(example.node);
    assert.ok(node, 'the example node reads as a NodeInfo');
    const decision = nodeShouldRunDaemonPod(node, compileDaemonSet({ spec: example.podSpec }));
    assert.deepEqual(
      { shouldRun: decision.shouldRun, shouldContinueRunning: decision.shouldContinueRunning },
      example.expect,
      example.why,
    );
    assert.equal(decision.reasons.length === 0, decision.shouldRun, 'reasons are given exactly when the node is excluded');
  });
}
