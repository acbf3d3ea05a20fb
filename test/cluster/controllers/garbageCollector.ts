/**
 * Owner-reference garbage collection and the pod GC: when an owner is deleted (Background propagation),
 * dependents that have no other live owner are deleted; Foreground deletes them before the owner, Orphan
 * removes the owner reference. Pods bound to a node that no longer exists are deleted. Namespaces:
 * a new namespace gets its `default` ServiceAccount; a terminating one is emptied, then removed.
 */
import type { ObjectApi } from '../api/objectApi';
import type { KubeObject } from '../api/objects';
import { allResources, namespaces, nodes, pods, serviceAccounts, type ResourceType } from '../api/resources';
import { ApiError } from '../api/status';
import type { Store, StoreEvent } from '../store/store';
import { nodeNameOf } from './podUtil';
import { WorkQueue } from './workQueue';

interface Ref {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
}

const refKey = (ref: Ref): string => `${ref.type.id}|${ref.namespace ?? ''}|${ref.name}`;

export class GarbageCollector {
  /** Dependents by owner uid. */
  private readonly dependents = new Map<string, Map<string, Ref>>();
  /** Live uids (every stored object), to tell whether an owner still exists. */
  private readonly live = new Set<string>();
  private readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly api: ObjectApi,
    private readonly store: Store,
  ) {
    this.queue = new WorkQueue((key) => this.process(key), { name: 'garbage collector', batch: 500 });
    for (const type of allResources) for (const object of store.list(type.id)) this.track(type, object);
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
    for (const ns of store.list(namespaces.id)) this.queue.add(`namespace|${ns.metadata.name ?? ''}`);
    api.hooks.dependents = (owner, policy) => this.handleDependents(owner, policy);
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  get idle(): boolean {
    return this.queue.idle;
  }

  private track(type: ResourceType, object: KubeObject): void {
    if (object.metadata.uid) this.live.add(object.metadata.uid);
    const ref: Ref = { type, namespace: object.metadata.namespace, name: object.metadata.name ?? '' };
    for (const owner of object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid);
      if (!set) {
        set = new Map();
        this.dependents.set(owner.uid, set);
      }
      set.set(refKey(ref), ref);
    }
  }

  private untrack(type: ResourceType, object: KubeObject): void {
    const key = refKey({ type, namespace: object.metadata.namespace, name: object.metadata.name ?? '' });
    for (const owner of object.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(owner.uid);
      set?.delete(key);
      if (set?.size === 0) this.dependents.delete(owner.uid);
    }
  }

  private onEvent(event: StoreEvent): void {
    const type = allResources.find((entry) => entry.id === event.resource);
    if (!type) return;
    if (event.previous) this.untrack(type, event.previous);
    if (event.type === 'DELETED') {
      if (event.object.metadata.uid) this.live.delete(event.object.metadata.uid);
      if (this.dependents.has(event.object.metadata.uid ?? '')) this.queue.add(`owner|${event.object.metadata.uid ?? ''}`);
      if (type === nodes) this.queue.add(`node|${event.object.metadata.name ?? ''}`);
    } else {
      this.track(type, event.object);
      if (type === namespaces) this.queue.add(`namespace|${event.object.metadata.name ?? ''}`);
    }
  }

  private process(key: string): void {
    const [kind, id = ''] = key.split('|', 2);
    if (kind === 'owner') this.collect(id);
    else if (kind === 'node') this.collectNodePods(id);
    else if (kind === 'namespace') this.syncNamespace(id);
  }

  private deleteQuietly(type: ResourceType, namespace: string | undefined, name: string): void {
    try {
      this.api.delete(type, namespace, name);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 404)) throw error;
    }
  }

  /** Deletes the dependents of a deleted owner that have no other live owner. */
  private collect(ownerUid: string): void {
    for (const ref of [...(this.dependents.get(ownerUid)?.values() ?? [])]) {
      const dependent = this.store.get(ref.type.id, ref.namespace, ref.name);
      if (!dependent) continue;
      const owners = dependent.metadata.ownerReferences ?? [];
      if (owners.some((owner) => owner.uid !== ownerUid && this.live.has(owner.uid))) continue;
      this.deleteQuietly(ref.type, ref.namespace, ref.name);
    }
  }

  private handleDependents(owner: KubeObject, policy: 'Foreground' | 'Orphan'): void {
    const uid = owner.metadata.uid ?? '';
    for (const ref of [...(this.dependents.get(uid)?.values() ?? [])]) {
      const dependent = this.store.get(ref.type.id, ref.namespace, ref.name);
      if (!dependent) continue;
      if (policy === 'Foreground') {
        this.deleteQuietly(ref.type, ref.namespace, ref.name);
      } else {
        const ownerReferences = (dependent.metadata.ownerReferences ?? []).filter((reference) => reference.uid !== uid);
        const metadata: KubeObject['metadata'] = { ...dependent.metadata, ownerReferences };
        if (ownerReferences.length === 0) delete metadata.ownerReferences;
        this.api.update(ref.type, ref.namespace, ref.name, { ...dependent, metadata });
      }
    }
  }

  private collectNodePods(node: string): void {
    for (const pod of this.store.list(pods.id)) {
      if (nodeNameOf(pod) === node) this.deleteQuietly(pods, pod.metadata.namespace, pod.metadata.name ?? '');
    }
  }

  private syncNamespace(name: string): void {
    const namespace = this.store.get(namespaces.id, undefined, name);
    if (!namespace) return;
    if (!namespace.metadata.deletionTimestamp) {
      if (!this.store.get(serviceAccounts.id, name, 'default')) {
        this.api.create(serviceAccounts, name, { metadata: { name: 'default' } });
      }
      return;
    }
    for (const type of allResources) {
      if (!type.namespaced) continue;
      for (const object of this.store.list(type.id, name)) {
        this.api.finalize(type, name, object.metadata.name ?? '');
      }
    }
    this.api.finalize(namespaces, undefined, name);
  }
}
