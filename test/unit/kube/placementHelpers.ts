/** Small builders for placement specs: a node, a pod spec, and the decision as a (shouldRun, shouldContinueRunning) pair. */
import type { NodeInfo, PodSpec, Taint } from '../../../server/src/kube/types';
import { compileDaemonSet, nodeShouldRunDaemonPod, type PlacementDecision, type PlacementOptions } from '../../../server/src/kube/placement';

export const node = (name: string, labels: Record<string, string> = {}, taints: Taint[] = []): NodeInfo => ({ name, labels, taints });

export const taint = (key: string, effect: string, value?: string): Taint => (value === undefined ? { key, effect } : { key, value, effect });

export function decide(target: NodeInfo, spec: PodSpec, options?: PlacementOptions): PlacementDecision {
  return nodeShouldRunDaemonPod(target, compileDaemonSet({ spec }, options));
}

/** `[shouldRun, shouldContinueRunning]`. */
export const pairOf = (decision: PlacementDecision): [boolean, boolean] => [decision.shouldRun, decision.shouldContinueRunning];

export const codesOf = (decision: PlacementDecision): string[] => decision.reasons.map((reason) => reason.code);

export const required = (...nodeSelectorTerms: unknown[]): PodSpec['affinity'] =>
  ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } }) as PodSpec['affinity'];

export const expr = (key: string, operator: string, values?: string[]) => (values === undefined ? { key, operator } : { key, operator, values });

/** mulberry32: a small deterministic PRNG for generated cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
