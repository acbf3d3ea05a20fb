/**
 * The taint half of the node lifecycle controller (kubernetes-daemonset-semantics.md §6): node conditions
 * and `spec.unschedulable` become taints, and stop being taints when they clear.
 * - Ready=False: `node.kubernetes.io/not-ready` NoSchedule and NoExecute; Ready=Unknown: `unreachable`, both.
 * - MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable = True: the matching NoSchedule taint.
 * - `spec.unschedulable: true`: `node.kubernetes.io/unschedulable:NoSchedule`.
 * A node that reports no Ready condition keeps whatever readiness taints it has.
 */
import type { ObjectApi } from '../api/objectApi';
import { asArray, asRecord, asString, jsonEqual, timestamp, type JsonObject, type KubeObject } from '../api/objects';
import { nodes } from '../api/resources';
import type { Store } from '../store/store';
import { WorkQueue } from './workQueue';

interface TaintSpec {
  key: string;
  effect: 'NoSchedule' | 'NoExecute';
}

const readinessKeys = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
const pressure: Readonly<Record<string, string>> = {
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
};
const managedKeys = new Set([...readinessKeys, ...Object.values(pressure), 'node.kubernetes.io/unschedulable']);

/** The managed taints a node should carry, or undefined for the readiness part when it reports no Ready condition. */
export function desiredTaints(node: KubeObject): { taints: TaintSpec[]; readinessKnown: boolean } {
  const conditions = asArray(asRecord(node.status).conditions).map(asRecord);
  const taints: TaintSpec[] = [];
  const ready = conditions.find((condition) => condition.type === 'Ready');
  if (ready?.status === 'False') taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
  if (ready && ready.status !== 'True' && ready.status !== 'False') {
    taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
  }
  for (const [type, key] of Object.entries(pressure)) {
    if (conditions.some((condition) => condition.type === type && condition.status === 'True')) taints.push({ key, effect: 'NoSchedule' });
  }
  if (asRecord(node.spec).unschedulable === true) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return { taints, readinessKnown: ready !== undefined };
}

/** The node's taints reconciled with its conditions: unmanaged taints and unchanged managed ones keep their place. */
export function reconcileTaints(node: KubeObject): JsonObject[] {
  const { taints: desired, readinessKnown } = desiredTaints(node);
  const current = asArray(asRecord(node.spec).taints).map(asRecord);
  const same = (taint: JsonObject, spec: TaintSpec): boolean => taint.key === spec.key && taint.effect === spec.effect;
  const kept = current.filter((taint) => {
    const key = asString(taint.key) ?? '';
    if (!managedKeys.has(key)) return true;
    if (readinessKeys.has(key) && !readinessKnown) return true;
    return desired.some((spec) => same(taint, spec));
  });
  for (const spec of desired) {
    if (kept.some((taint) => same(taint, spec))) continue;
    kept.push({ key: spec.key, effect: spec.effect, ...(spec.effect === 'NoExecute' ? { timeAdded: timestamp() } : {}) });
  }
  return kept;
}

export class NodeLifecycle {
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: ObjectApi,
    private readonly store: Store,
  ) {
    this.queue = new WorkQueue((name) => this.sync(name), { name: 'node lifecycle', batch: 500 });
    this.unsubscribe = store.subscribe((event) => {
      if (event.resource === nodes.id && event.type !== 'DELETED') this.queue.add(event.object.metadata.name ?? '');
    });
    for (const node of store.list(nodes.id)) this.queue.add(node.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  private sync(name: string): void {
    const node = this.store.get(nodes.id, undefined, name);
    if (!node) return;
    const taints = reconcileTaints(node);
    const spec = asRecord(node.spec);
    if (jsonEqual(taints, asArray(spec.taints))) return;
    const nextSpec: JsonObject = { ...spec, taints };
    if (taints.length === 0) delete nextSpec.taints;
    this.api.update(nodes, undefined, name, { ...node, spec: nextSpec });
  }
}
