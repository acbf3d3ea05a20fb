/**
 * Reads on pods shared by the controllers: owner, node, readiness, availability, phase.
 */
import { asArray, asNumber, asRecord, asString, type KubeObject, type OwnerReference } from '../api/objects';

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return (object.metadata.ownerReferences ?? []).find((reference) => reference.controller === true);
}

export const nodeNameOf = (pod: KubeObject): string => asString(asRecord(pod.spec).nodeName) ?? '';

export const phaseOf = (pod: KubeObject): string => asString(asRecord(pod.status).phase) ?? '';

export const isTerminating = (object: KubeObject): boolean => object.metadata.deletionTimestamp !== undefined;

function readyCondition(pod: KubeObject): Record<string, unknown> | undefined {
  return asArray(asRecord(pod.status).conditions).map(asRecord).find((condition) => condition.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least `minReadySeconds` (`podutil.IsPodAvailable`). */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: number): boolean {
  const condition = readyCondition(pod);
  if (condition?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(asString(condition.lastTransitionTime) ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now;
}

/** The node's Ready condition status: `True`, `False`, `Unknown`, or undefined when the node reports none. */
export function nodeReadyStatus(node: KubeObject): string | undefined {
  const condition = asArray(asRecord(node.status).conditions).map(asRecord).find((entry) => entry.type === 'Ready');
  return asString(condition?.status);
}

export const intOrPercent = (value: unknown, total: number, roundUp: boolean): number => {
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(String(value ?? ''));
  if (!match) return asNumber(Number(value)) ?? 0;
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
};
