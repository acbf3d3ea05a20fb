/**
 * The DaemonSet controller (kubernetes-daemonset-semantics.md §5), deciding with the project's placement
 * engine (`nodeShouldRunDaemonPod`): creates a pod on every node where it should run and has none, deletes
 * pods where they should not continue running, replaces out-of-date pods per the update strategy
 * (RollingUpdate with maxUnavailable or maxSurge; OnDelete), and keeps the status counts.
 */
import { compileDaemonSet, nodeShouldRunDaemonPod, type PlacementDecision } from '../../../server/src/kube/placement';
import { toNodeInfo } from '../../../server/src/kube/nodes';
import type { NodeInfo, PodTemplateSpec } from '../../../server/src/kube/types';
import type { ObjectApi } from '../api/objectApi';
import { asNumber, asRecord, isRecord, jsonEqual, type KubeObject } from '../api/objects';
import { daemonSets, nodes, pods } from '../api/resources';
import type { Store, StoreEvent } from '../store/store';
import { daemonPod, templateHash } from './daemonPods';
import { controllerOf, intOrPercent, isPodAvailable, isPodReady, isTerminating, nodeNameOf, phaseOf } from './podUtil';
import { WorkQueue } from './workQueue';

export interface DaemonSetControllerOptions {
  /** Pods created per DaemonSet per pass; more are created on the next turn (slow start, as upstream batches). */
  burst?: number;
  /** How long pod events of a DaemonSet are gathered before it is synced again. */
  podEventDelayMs?: number;
}

interface NodeState {
  node: string;
  decision: PlacementDecision;
  /** Daemon pods on the node that are not terminating, oldest first. */
  live: KubeObject[];
  terminating: number;
}

/** Stored objects never change, so a node's NodeInfo is computed once per version of the node. */
const nodeInfos = new WeakMap<KubeObject, NodeInfo | undefined>();
function nodeInfoOf(node: KubeObject): NodeInfo | undefined {
  if (!nodeInfos.has(node)) nodeInfos.set(node, toNodeInfo(node));
  return nodeInfos.get(node);
}

const byAge = (a: KubeObject, b: KubeObject): number =>
  (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export class DaemonSetController {
  /** Daemon pods by owner uid, then node name, then pod name. */
  private readonly index = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: ObjectApi,
    private readonly store: Store,
    private readonly options: DaemonSetControllerOptions = {},
  ) {
    this.queue = new WorkQueue((key) => this.sync(key), { name: 'daemonset controller', batch: 50 });
    for (const pod of store.list(pods.id)) this.indexPod(pod, false);
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    for (const ds of store.list(daemonSets.id)) this.enqueue(ds);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  private enqueue(ds: KubeObject): void {
    this.queue.add(`${ds.metadata.namespace ?? ''}/${ds.metadata.name ?? ''}`);
  }

  private enqueueAll(): void {
    for (const ds of this.store.list(daemonSets.id)) this.enqueue(ds);
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource === daemonSets.id) {
      if (event.type !== 'DELETED') this.enqueue(event.object);
    } else if (event.resource === pods.id) {
      if (event.previous) this.indexPod(event.previous, true);
      if (event.type !== 'DELETED') this.indexPod(event.object, false);
      // Pod changes come in bursts (a kubelet per node reporting): coalesce them for a moment.
      const owner = controllerOf(event.object);
      if (owner?.kind === 'DaemonSet') this.queue.addAfter(`${event.object.metadata.namespace ?? ''}/${owner.name}`, this.options.podEventDelayMs ?? 50);
    } else if (event.resource === nodes.id) {
      const before = event.previous;
      const relevant =
        event.type !== 'MODIFIED' ||
        !before ||
        !jsonEqual(before.metadata.labels, event.object.metadata.labels) ||
        !jsonEqual(asRecord(before.spec).taints, asRecord(event.object.spec).taints);
      if (relevant) this.enqueueAll();
    }
  }

  private indexPod(pod: KubeObject, remove: boolean): void {
    const owner = controllerOf(pod);
    if (owner?.kind !== 'DaemonSet') return;
    const node = nodeNameOf(pod);
    let byNode = this.index.get(owner.uid);
    if (!byNode) {
      if (remove) return;
      byNode = new Map();
      this.index.set(owner.uid, byNode);
    }
    let onNode = byNode.get(node);
    if (!onNode) {
      if (remove) return;
      onNode = new Map();
      byNode.set(node, onNode);
    }
    if (remove) onNode.delete(pod.metadata.name ?? '');
    else onNode.set(pod.metadata.name ?? '', pod);
    if (onNode.size === 0) byNode.delete(node);
    if (byNode.size === 0) this.index.delete(owner.uid);
  }

  private states(ds: KubeObject): NodeState[] {
    const spec = asRecord(ds.spec);
    const compiled = compileDaemonSet(spec.template as PodTemplateSpec | undefined);
    const byNode = this.index.get(ds.metadata.uid ?? '');
    const states: NodeState[] = [];
    for (const node of this.store.list(nodes.id)) {
      const info = nodeInfoOf(node);
      if (!info) continue;
      const onNode = [...(byNode?.get(info.name)?.values() ?? [])];
      states.push({
        node: info.name,
        decision: nodeShouldRunDaemonPod(info, compiled),
        live: onNode.filter((pod) => !isTerminating(pod)).sort(byAge),
        terminating: onNode.filter(isTerminating).length,
      });
    }
    return states;
  }

  private sync(key: string): void {
    const slash = key.indexOf('/');
    const ds = this.store.get(daemonSets.id, key.slice(0, slash), key.slice(slash + 1));
    if (!ds || isTerminating(ds)) return;
    const spec = asRecord(ds.spec);
    const selector = spec.selector;
    // §5.4: an empty selector selects every pod; upstream refuses to act on it.
    if (isRecord(selector) && Object.keys(asRecord(selector.matchLabels)).length === 0 && !Array.isArray(selector.matchExpressions)) return;
    const hash = templateHash(spec.template);
    const { creates, deletes } = this.plan(ds, this.states(ds), hash);

    for (const pod of deletes) this.deletePod(pod);
    const burst = this.options.burst ?? 250;
    for (const node of creates.slice(0, burst)) this.api.create(pods, ds.metadata.namespace, daemonPod(ds, node, hash));
    if (creates.length > burst) this.queue.add(key);

    this.updateStatus(ds, hash);
  }

  private plan(ds: KubeObject, states: NodeState[], hash: string): { creates: string[]; deletes: KubeObject[] } {
    const spec = asRecord(ds.spec);
    const strategy = asRecord(spec.updateStrategy);
    const rolling = asRecord(strategy.rollingUpdate);
    const desired = states.filter((state) => state.decision.shouldRun).length;
    const maxSurge = strategy.type === 'RollingUpdate' ? intOrPercent(rolling.maxSurge ?? 0, desired, true) : 0;
    const minReadySeconds = asNumber(spec.minReadySeconds) ?? 0;
    const now = Date.now();
    const isNew = (pod: KubeObject): boolean => pod.metadata.labels?.['controller-revision-hash'] === hash;
    const available = (pod: KubeObject): boolean => isPodAvailable(pod, minReadySeconds, now);

    const creates: string[] = [];
    const deletes: KubeObject[] = [];
    const updatable: NodeState[] = [];
    for (const state of states) {
      const { decision } = state;
      const finished = state.live.filter((pod) => phaseOf(pod) === 'Failed' || phaseOf(pod) === 'Succeeded');
      const running = state.live.filter((pod) => !finished.includes(pod));
      if (!decision.shouldContinueRunning) {
        deletes.push(...state.live);
        continue;
      }
      deletes.push(...finished);
      if (running.length === 0) {
        if (decision.shouldRun && state.terminating === 0) creates.push(state.node);
        continue;
      }
      if (maxSurge > 0 && running.length === 2 && running.some(isNew) && running.some((pod) => !isNew(pod))) {
        // Surge in progress: the old pod goes once the new one is available.
        const fresh = running.find(isNew) as KubeObject;
        if (available(fresh)) deletes.push(...running.filter((pod) => !isNew(pod)));
        continue;
      }
      deletes.push(...running.slice(1));
      if (decision.shouldRun) updatable.push({ ...state, live: running.slice(0, 1) });
    }

    if (strategy.type === 'RollingUpdate') {
      const outdated = updatable.filter((state) => !isNew(state.live[0] as KubeObject));
      if (maxSurge > 0) {
        const surging = states.filter((state) => state.live.length > 1).length;
        let budget = maxSurge - surging;
        for (const state of outdated) {
          if (!available(state.live[0] as KubeObject)) deletes.push(state.live[0] as KubeObject);
          else if (budget-- > 0) creates.push(state.node);
        }
      } else {
        const maxUnavailable = Math.max(1, intOrPercent(rolling.maxUnavailable ?? 1, desired, true));
        let unavailable = states.filter((state) => state.decision.shouldRun && !state.live.some(available)).length;
        for (const state of outdated) {
          const pod = state.live[0] as KubeObject;
          if (!available(pod)) deletes.push(pod);
          else if (unavailable < maxUnavailable) {
            deletes.push(pod);
            unavailable++;
          }
        }
      }
    }
    if (minReadySeconds > 0) this.queue.addAfter(`${ds.metadata.namespace ?? ''}/${ds.metadata.name ?? ''}`, minReadySeconds * 1000);
    return { creates, deletes };
  }

  private deletePod(pod: KubeObject): void {
    if (!this.store.get(pods.id, pod.metadata.namespace, pod.metadata.name ?? '')) return;
    this.api.delete(pods, pod.metadata.namespace, pod.metadata.name ?? '');
  }

  private updateStatus(ds: KubeObject, hash: string): void {
    const spec = asRecord(ds.spec);
    const minReadySeconds = asNumber(spec.minReadySeconds) ?? 0;
    const now = Date.now();
    const counts = { desired: 0, current: 0, misscheduled: 0, ready: 0, available: 0, updated: 0 };
    for (const state of this.states(ds)) {
      const scheduled = state.live.length > 0;
      if (!state.decision.shouldRun) {
        if (scheduled) counts.misscheduled++;
        continue;
      }
      counts.desired++;
      if (!scheduled) continue;
      counts.current++;
      const pod = state.live[0] as KubeObject;
      if (isPodReady(pod)) {
        counts.ready++;
        if (isPodAvailable(pod, minReadySeconds, now)) counts.available++;
      }
      if (pod.metadata.labels?.['controller-revision-hash'] === hash) counts.updated++;
    }
    const current = this.store.get(daemonSets.id, ds.metadata.namespace, ds.metadata.name ?? '');
    if (!current) return;
    const unavailable = counts.desired - counts.available;
    const status = {
      ...asRecord(current.status),
      currentNumberScheduled: counts.current,
      numberMisscheduled: counts.misscheduled,
      desiredNumberScheduled: counts.desired,
      numberReady: counts.ready,
      observedGeneration: current.metadata.generation ?? 1,
      updatedNumberScheduled: counts.updated,
      numberAvailable: counts.available,
      ...(unavailable > 0 ? { numberUnavailable: unavailable } : {}),
    };
    if (unavailable <= 0) delete status.numberUnavailable;
    if (jsonEqual(status, current.status)) return;
    this.api.update(daemonSets, current.metadata.namespace, current.metadata.name ?? '', { ...current, status }, { subresource: 'status' });
  }
}
