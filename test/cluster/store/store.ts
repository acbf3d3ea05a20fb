/**
 * In-memory storage with one global revision counter, as etcd has: every write gets the next revision, which
 * becomes the object's `metadata.resourceVersion`; lists report the current revision. A bounded history of
 * events serves watches that resume from a past revision; older revisions answer 410 Gone.
 *
 * The store holds objects as given and never changes them; callers build new objects for every write.
 */
import { objectKey, type KubeObject } from '../api/objects';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  /** `ResourceType.id`, e.g. `core/pods`. */
  resource: string;
  object: KubeObject;
  /** The object before this event (for MODIFIED and DELETED), so selector-filtered watches can tell moves. */
  previous: KubeObject | undefined;
  revision: number;
}

export type StoreListener = (event: StoreEvent) => void;

class ResourceTable {
  readonly objects = new Map<string, KubeObject>();
  private sorted: string[] | undefined;

  set(key: string, object: KubeObject): void {
    if (!this.objects.has(key)) this.sorted = undefined;
    this.objects.set(key, object);
  }

  delete(key: string): void {
    if (this.objects.delete(key)) this.sorted = undefined;
  }

  /** Keys in etcd order (namespace, then name), cached until the key set changes. */
  keys(): readonly string[] {
    this.sorted ??= [...this.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sorted;
  }
}

/** A ring of the most recent events, oldest first. */
class EventHistory {
  private readonly events: (StoreEvent | undefined)[];
  private start = 0;
  private length = 0;
  /** The newest revision that was dropped: watches from an older revision cannot be served. */
  compactedRevision = 0;

  constructor(readonly capacity: number) {
    this.events = new Array<StoreEvent | undefined>(Math.max(1, capacity));
  }

  push(event: StoreEvent): void {
    if (this.length === this.events.length) {
      const dropped = this.events[this.start];
      if (dropped) this.compactedRevision = dropped.revision;
      this.events[this.start] = event;
      this.start = (this.start + 1) % this.events.length;
    } else {
      this.events[(this.start + this.length) % this.events.length] = event;
      this.length++;
    }
  }

  private at(index: number): StoreEvent {
    return this.events[(this.start + index) % this.events.length] as StoreEvent;
  }

  /** Events after `revision` (binary search: revisions only grow). */
  after(revision: number, accept: (event: StoreEvent) => boolean): StoreEvent[] {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.at(middle).revision <= revision) low = middle + 1;
      else high = middle;
    }
    const out: StoreEvent[] = [];
    for (let index = low; index < this.length; index++) {
      const event = this.at(index);
      if (accept(event)) out.push(event);
    }
    return out;
  }

  /** Forgets everything: the next watch from any past revision gets 410. */
  compactAll(revision: number): void {
    this.start = 0;
    this.length = 0;
    this.events.fill(undefined);
    this.compactedRevision = revision;
  }
}

export interface StoreOptions {
  /** How many events to keep for resuming watches (the watch cache's capacity). */
  historySize?: number;
}

export class Store {
  private revisionCounter = 0;
  private readonly tables = new Map<string, ResourceTable>();
  private readonly history: EventHistory;
  private readonly listeners = new Set<StoreListener>();
  /** Events written by a listener while another event is being delivered wait here, so order holds. */
  private readonly queued: StoreEvent[] = [];
  private emitting = false;

  constructor(options: StoreOptions = {}) {
    this.history = new EventHistory(options.historySize ?? 20_000);
  }

  /** The revision of the last write (what a list reports as its resourceVersion). */
  get revision(): number {
    return this.revisionCounter;
  }

  get compactedRevision(): number {
    return this.history.compactedRevision;
  }

  private table(resource: string): ResourceTable {
    let table = this.tables.get(resource);
    if (!table) {
      table = new ResourceTable();
      this.tables.set(resource, table);
    }
    return table;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.tables.get(resource)?.objects.get(objectKey(namespace, name));
  }

  /** Objects of one resource in key order, optionally of one namespace. */
  list(resource: string, namespace?: string): KubeObject[] {
    const table = this.tables.get(resource);
    if (!table) return [];
    const out: KubeObject[] = [];
    const prefix = namespace ? `${namespace}/` : undefined;
    for (const key of table.keys()) {
      if (prefix && !key.startsWith(prefix)) continue;
      out.push(table.objects.get(key) as KubeObject);
    }
    return out;
  }

  count(resource: string): number {
    return this.tables.get(resource)?.objects.size ?? 0;
  }

  /**
   * Writes an object (created or replaced), stamping the next revision as its resourceVersion. Returns the
   * stored object.
   */
  put(resource: string, object: KubeObject): KubeObject {
    const name = object.metadata.name ?? '';
    const key = objectKey(object.metadata.namespace, name);
    const table = this.table(resource);
    const previous = table.objects.get(key);
    const revision = ++this.revisionCounter;
    const stored: KubeObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
    table.set(key, stored);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', resource, object: stored, previous, revision });
    return stored;
  }

  /** Removes an object; the DELETED event carries the object at a new revision, as etcd reports deletes. */
  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const table = this.tables.get(resource);
    const key = objectKey(namespace, name);
    const previous = table?.objects.get(key);
    if (!table || !previous) return undefined;
    table.delete(key);
    const revision = ++this.revisionCounter;
    const object: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(revision) } };
    this.emit({ type: 'DELETED', resource, object, previous, revision });
    return object;
  }

  /** Events of one resource after `revision`, or undefined when that revision is no longer in the history. */
  eventsAfter(resource: string, revision: number): StoreEvent[] | undefined {
    if (revision < this.history.compactedRevision) return undefined;
    return this.history.after(revision, (event) => event.resource === resource);
  }

  /** Drops the whole event history (fault injection: every resumed watch gets 410). */
  compactHistory(): void {
    this.history.compactAll(this.revisionCounter);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    this.queued.push(event);
    if (this.emitting) return;
    this.emitting = true;
    try {
      for (let next = this.queued.shift(); next; next = this.queued.shift()) {
        for (const listener of [...this.listeners]) listener(next);
      }
    } finally {
      this.emitting = false;
      this.queued.length = 0;
    }
  }
}
