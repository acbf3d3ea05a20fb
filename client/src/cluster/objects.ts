/**
 * The compact records the model keeps: only what the placement engine, the tree and the what-if read. A 5,000-node
 * cluster keeps names, labels, taints and two flags per node, not the Node objects with their images and
 * conditions; heartbeat-only updates then compare equal and cause no change event.
 */
import { toNodeInfo } from '../../../server/src/kube/nodes';
import type { LabelSelector, NodeInfo, PodTemplateSpec } from '../../../server/src/kube/types';

type Json = Record<string, unknown>;

const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export interface NodeRecord extends NodeInfo {
  /** The `Ready` condition's status: `True`, `False`, or `Unknown` (also when absent). */
  ready: 'True' | 'False' | 'Unknown';
  /** Cordoned (`spec.unschedulable`). DaemonSet pods tolerate it by default; the tree says so. */
  unschedulable: boolean;
}

export interface DaemonSetCounts {
  desired: number;
  current: number;
  ready: number;
  updated: number;
  available: number;
  unavailable: number;
  misscheduled: number;
  observedGeneration: number;
}

export interface DaemonSetRecord {
  /** `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  selector: LabelSelector | undefined;
  /** The pod template, reduced to the labels and the fields placement reads. */
  template: PodTemplateSpec;
  updateStrategy: string;
  status: DaemonSetCounts;
}

export interface PodRecord {
  /** `namespace/name`. */
  key: string;
  namespace: string;
  name: string;
  uid: string;
  nodeName: string;
  /** `Pending`, `Running`, `Succeeded`, `Failed`, `Unknown`. */
  phase: string;
  /** The `Ready` condition is True. */
  ready: boolean;
  /** The first container's waiting (or terminated) reason, e.g. `ImagePullBackOff`, `CrashLoopBackOff`. */
  reason?: string;
  message?: string;
  restarts: number;
  /** Terminating (`deletionTimestamp` set). */
  deleting: boolean;
  /** The uid of the controlling owner, if any. */
  controllerUid?: string;
  /** `pod-template-generation` label, to tell old pods from updated ones. */
  templateGeneration?: string;
}

export const objectKey = (namespace: string, name: string): string => (namespace === '' ? name : `${namespace}/${name}`);

export function toNodeRecord(raw: unknown): NodeRecord | undefined {
  const info = toNodeInfo(raw);
  if (!info) return undefined;
  const object = record(raw);
  const conditions = list(record(object.status).conditions).map(record);
  const readyStatus = text(conditions.find((condition) => condition.type === 'Ready')?.status);
  return {
    name: info.name,
    labels: info.labels,
    // timeAdded changes on every lifecycle pass of some clusters; placement does not read it.
    taints: info.taints.map(({ key, value, effect }) => (value === undefined ? { key, effect } : { key, value, effect })),
    ready: readyStatus === 'True' || readyStatus === 'False' ? readyStatus : 'Unknown',
    unschedulable: record(object.spec).unschedulable === true,
  };
}

/** Only the template fields placement and the what-if read (nodeSelector, affinity, tolerations, nodeName, hostNetwork). */
export function placementTemplate(template: unknown): PodTemplateSpec {
  const source = record(template);
  const spec = record(source.spec);
  const kept: Json = {};
  for (const field of ['nodeName', 'hostNetwork', 'nodeSelector', 'tolerations']) if (spec[field] !== undefined) kept[field] = spec[field];
  const nodeAffinity = record(record(spec.affinity).nodeAffinity);
  if (nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution !== undefined) {
    kept.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution } };
  }
  const labels = record(record(source.metadata).labels);
  return { metadata: { labels: labels as Record<string, string> }, spec: kept } as PodTemplateSpec;
}

export function toDaemonSetRecord(raw: unknown): DaemonSetRecord | undefined {
  const object = record(raw);
  const metadata = record(object.metadata);
  const name = text(metadata.name);
  if (name === '') return undefined;
  const namespace = text(metadata.namespace);
  const spec = record(object.spec);
  const status = record(object.status);
  const selector = spec.selector === undefined || spec.selector === null ? undefined : (record(spec.selector) as LabelSelector);
  return {
    key: objectKey(namespace, name),
    namespace,
    name,
    uid: text(metadata.uid),
    generation: count(metadata.generation),
    selector,
    template: placementTemplate(spec.template),
    updateStrategy: text(record(spec.updateStrategy).type) || 'RollingUpdate',
    status: {
      desired: count(status.desiredNumberScheduled),
      current: count(status.currentNumberScheduled),
      ready: count(status.numberReady),
      updated: count(status.updatedNumberScheduled),
      available: count(status.numberAvailable),
      unavailable: count(status.numberUnavailable),
      misscheduled: count(status.numberMisscheduled),
      observedGeneration: count(status.observedGeneration),
    },
  };
}

export function toPodRecord(raw: unknown): PodRecord | undefined {
  const object = record(raw);
  const metadata = record(object.metadata);
  const name = text(metadata.name);
  if (name === '') return undefined;
  const namespace = text(metadata.namespace);
  const status = record(object.status);
  const conditions = list(status.conditions).map(record);
  const containers = [...list(status.initContainerStatuses), ...list(status.containerStatuses)].map(record);
  const owner = list(metadata.ownerReferences).map(record).find((reference) => reference.controller === true);
  const pod: PodRecord = {
    key: objectKey(namespace, name),
    namespace,
    name,
    uid: text(metadata.uid),
    nodeName: text(record(object.spec).nodeName),
    phase: text(status.phase) || 'Pending',
    ready: conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True'),
    restarts: containers.reduce((sum, container) => sum + count(container.restartCount), 0),
    deleting: typeof metadata.deletionTimestamp === 'string' && metadata.deletionTimestamp !== '',
  };
  // The first container that is not running says why the pod is not ready.
  for (const container of containers) {
    const state = record(container.state);
    const waiting = record(state.waiting);
    const terminated = record(state.terminated);
    const reason = text(waiting.reason) || (state.terminated !== undefined ? text(terminated.reason) : '');
    if (reason !== '') {
      pod.reason = reason;
      const message = text(waiting.message) || text(terminated.message);
      if (message !== '') pod.message = message.slice(0, 500);
      break;
    }
  }
  if (pod.reason === undefined && text(status.reason) !== '') pod.reason = text(status.reason);
  const unscheduled = conditions.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
  if (pod.reason === undefined && unscheduled) {
    pod.reason = text(unscheduled.reason) || 'Unschedulable';
    if (text(unscheduled.message) !== '') pod.message = text(unscheduled.message).slice(0, 500);
  }
  if (owner && text(owner.uid) !== '') pod.controllerUid = text(owner.uid);
  const generation = text(record(metadata.labels)['pod-template-generation']);
  if (generation !== '') pod.templateGeneration = generation;
  return pod;
}

/** Structural equality of two records built by the converters above (same field order by construction). */
export function sameRecord(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
