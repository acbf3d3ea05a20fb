/**
 * A simulated kubelet for every node: a bound pod goes Pending (ContainerCreating), then Running and Ready
 * after a delay; an image that never pulls stays Pending with ErrImagePull, then ImagePullBackOff. Pods on
 * a node whose Ready condition is not True do not start, and running ones are marked not ready (what the
 * node lifecycle controller does); they recover when the node does. A deleted pod stays Terminating for the
 * grace period, then goes.
 */
import type { ObjectApi } from '../api/objectApi';
import { asArray, asRecord, asString, timestamp, type JsonObject, type KubeObject } from '../api/objects';
import { nodes, pods } from '../api/resources';
import type { Store, StoreEvent } from '../store/store';
import { isTerminating, nodeNameOf, nodeReadyStatus, phaseOf } from './podUtil';
import { WorkQueue } from './workQueue';

export interface PodLifecycleOptions {
  /** Milliseconds from a pod's binding to Running and Ready (and from ErrImagePull to ImagePullBackOff). */
  podStartMs?: number;
  /** Images that never pull: exact references or prefixes ending in `/` or `:`. */
  neverPullImages?: readonly string[];
  /** Milliseconds a deleted pod stays Terminating. */
  podGracePeriodMs?: number;
}

export const defaultNeverPullImages = ['registry.invalid/'];

type Stage = 'created' | 'pulling' | 'running' | 'backoff';

export class PodLifecycle {
  private readonly queue: WorkQueue;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly unsubscribe: () => void;
  private nextIp = 0;

  constructor(
    private readonly api: ObjectApi,
    private readonly store: Store,
    private readonly options: PodLifecycleOptions = {},
  ) {
    this.queue = new WorkQueue((key) => this.sync(key), { name: 'pod lifecycle', batch: 500 });
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    for (const pod of store.list(pods.id)) this.enqueue(pod);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  private enqueue(pod: KubeObject): void {
    this.queue.add(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
  }

  private onEvent(event: StoreEvent): void {
    if (event.resource === pods.id && event.type !== 'DELETED') {
      this.enqueue(event.object);
    } else if (event.resource === nodes.id && event.type === 'MODIFIED' && event.previous) {
      if (nodeReadyStatus(event.previous) === nodeReadyStatus(event.object)) return;
      const name = event.object.metadata.name;
      for (const pod of this.store.list(pods.id)) if (nodeNameOf(pod) === name) this.enqueue(pod);
    }
  }

  private later(key: string, ms: number): void {
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.queue.add(key);
      }, ms),
    );
  }

  private neverPulls(image: string): boolean {
    return (this.options.neverPullImages ?? defaultNeverPullImages).some((pattern) =>
      pattern.endsWith('/') || pattern.endsWith(':') ? image.startsWith(pattern) : image === pattern);
  }

  private sync(key: string): void {
    const slash = key.indexOf('/');
    const pod = this.store.get(pods.id, key.slice(0, slash), key.slice(slash + 1));
    if (!pod) return;
    if (isTerminating(pod)) {
      if (!this.timers.has(key)) {
        const grace = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        const elapsed = Date.now() - Date.parse(pod.metadata.deletionTimestamp ?? '');
        const wait = Math.min(this.options.podGracePeriodMs ?? 0, Math.max(0, grace - elapsed));
        this.timers.set(key, setTimeout(() => {
          this.timers.delete(key);
          this.api.finalize(pods, pod.metadata.namespace, pod.metadata.name ?? '');
        }, wait));
      }
      return;
    }
    const nodeName = nodeNameOf(pod);
    const node = nodeName ? this.store.get(nodes.id, undefined, nodeName) : undefined;
    if (!node) return;
    const nodeReady = nodeReadyStatus(node) === 'True';
    const stage = this.stageOf(pod);
    const phase = phaseOf(pod);
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (!nodeReady) {
      if (stage === 'running' && this.readyFlag(pod)) this.writeStatus(pod, this.runningStatus(pod, node, false));
      return;
    }
    if (this.timers.has(key)) return;
    const startMs = this.options.podStartMs ?? 1000;
    switch (stage) {
      case 'created':
        this.writeStatus(pod, this.pendingStatus(pod, node, 'ContainerCreating'));
        this.later(key, startMs);
        return;
      case 'pulling':
        if (this.images(pod).some((image) => this.neverPulls(image))) {
          const reason = this.waitingReason(pod) === 'ErrImagePull' ? 'ImagePullBackOff' : 'ErrImagePull';
          this.writeStatus(pod, this.pendingStatus(pod, node, reason));
          if (reason === 'ErrImagePull') this.later(key, startMs);
        } else {
          this.writeStatus(pod, this.runningStatus(pod, node, true));
        }
        return;
      case 'running':
        if (!this.readyFlag(pod)) this.writeStatus(pod, this.runningStatus(pod, node, true));
        return;
      case 'backoff':
        return;
    }
  }

  private stageOf(pod: KubeObject): Stage {
    const status = asRecord(pod.status);
    if (phaseOf(pod) === 'Running') return 'running';
    if (!asString(status.startTime)) return 'created';
    return this.waitingReason(pod) === 'ImagePullBackOff' ? 'backoff' : 'pulling';
  }

  private waitingReason(pod: KubeObject): string | undefined {
    const first = asRecord(asArray(asRecord(pod.status).containerStatuses)[0]);
    return asString(asRecord(asRecord(first.state).waiting).reason);
  }

  private readyFlag(pod: KubeObject): boolean {
    return asArray(asRecord(pod.status).conditions).map(asRecord).some((condition) => condition.type === 'Ready' && condition.status === 'True');
  }

  private containers(pod: KubeObject): JsonObject[] {
    return asArray(asRecord(pod.spec).containers).map(asRecord);
  }

  private images(pod: KubeObject): string[] {
    return this.containers(pod).map((container) => asString(container.image) ?? '');
  }

  private hostIp(node: KubeObject): string {
    const internal = asArray(asRecord(node.status).addresses).map(asRecord).find((address) => address.type === 'InternalIP');
    return asString(internal?.address) ?? '10.0.0.1';
  }

  private condition(type: string, ok: boolean, previous: KubeObject): JsonObject {
    const old = asArray(asRecord(previous.status).conditions).map(asRecord).find((condition) => condition.type === type);
    const status = ok ? 'True' : 'False';
    return { type, status, lastProbeTime: null, lastTransitionTime: old?.status === status ? old.lastTransitionTime : timestamp() };
  }

  private pendingStatus(pod: KubeObject, node: KubeObject, reason: string): JsonObject {
    const status = asRecord(pod.status);
    const image = (container: JsonObject): string => asString(container.image) ?? '';
    const message = reason === 'ContainerCreating' ? undefined : `Back-off pulling image "${this.images(pod).find((i) => this.neverPulls(i)) ?? ''}"`;
    return {
      ...status,
      phase: 'Pending',
      conditions: [
        this.condition('PodReadyToStartContainers', true, pod),
        this.condition('Initialized', true, pod),
        this.condition('Ready', false, pod),
        this.condition('ContainersReady', false, pod),
        this.condition('PodScheduled', true, pod),
      ],
      hostIP: this.hostIp(node),
      hostIPs: [{ ip: this.hostIp(node) }],
      startTime: asString(status.startTime) ?? timestamp(),
      containerStatuses: this.containers(pod).map((container) => ({
        name: container.name,
        image: image(container),
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason, ...(message ? { message } : {}) } },
      })),
    };
  }

  private runningStatus(pod: KubeObject, node: KubeObject, ready: boolean): JsonObject {
    const status = asRecord(pod.status);
    const hostNetwork = asRecord(pod.spec).hostNetwork === true;
    const podIp = asString(status.podIP) ?? (hostNetwork ? this.hostIp(node) : this.allocateIp());
    const started = asString(status.startTime) ?? timestamp();
    return {
      ...status,
      phase: 'Running',
      conditions: [
        this.condition('PodReadyToStartContainers', true, pod),
        this.condition('Initialized', true, pod),
        this.condition('Ready', ready, pod),
        this.condition('ContainersReady', ready, pod),
        this.condition('PodScheduled', true, pod),
      ],
      hostIP: this.hostIp(node),
      hostIPs: [{ ip: this.hostIp(node) }],
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: started,
      containerStatuses: this.containers(pod).map((container, index) => ({
        name: container.name,
        image: asString(container.image) ?? '',
        imageID: `${asString(container.image) ?? ''}@sha256:${'0'.repeat(63)}${index}`,
        containerID: `containerd://${(pod.metadata.uid ?? '').replace(/-/g, '')}${index}`,
        ready,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: started } },
      })),
    };
  }

  private allocateIp(): string {
    const n = this.nextIp++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }

  private writeStatus(pod: KubeObject, status: JsonObject): void {
    this.api.update(pods, pod.metadata.namespace, pod.metadata.name ?? '', { ...pod, status }, { subresource: 'status' });
  }
}
