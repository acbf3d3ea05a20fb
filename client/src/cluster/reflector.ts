/**
 * List then watch one collection (client-go's reflector, reduced to what the tree needs): a paged list gives the
 * items and a resourceVersion; a watch from there, with bookmarks, keeps them current. A watch the server ends is
 * resumed from the last resourceVersion (no relist); 410 Gone (on the watch, or on a list page's continue token)
 * relists; any other failure is retried with capped exponential backoff and jitter, and the reflector reports
 * itself disconnected (the model's `stale`) until a list or watch succeeds again. Items are kept through a
 * disconnection: stale data is still shown, and marked.
 */
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import { abortableDelay, Emitter, type Event } from './events';
import { sameRecord } from './objects';
import { describeError, KubeRequestError } from './redact';
import type { KubeTransport, Query } from './transport';

export interface ReflectorOptions<T> {
  /** For logs: `nodes`, `daemonsets`, `pods of logging/fluent-bit`. */
  name: string;
  /** The collection path: `/api/v1/nodes`, `/api/v1/namespaces/NS/pods`... */
  path: string;
  labelSelector?: string;
  convert(raw: unknown): T | undefined;
  key(item: T): string;
  transport: KubeTransport;
  backoff?: BackoffOptions;
  /** `limit` of each list page. */
  pageSize?: number;
  /** Server-side watch timeout: a random value in this range, as client-go spreads reconnections. */
  watchTimeoutSeconds?: readonly [min: number, max: number];
  log?: (line: string) => void;
  random?: () => number;
}

export interface ReflectorStatus {
  /** A list has completed at least once: `items` means something. */
  synced: boolean;
  /** The last list or watch request succeeded (false while retrying after a failure). */
  connected: boolean;
  /** Why it is not connected. */
  error?: string;
  /** HTTP status of that failure, if the server answered. */
  errorStatus?: number;
  /** Since when it is not connected (ms since epoch). */
  disconnectedSince?: number;
  lists: number;
  watches: number;
}

/** A watch that ends this fast with no events counts towards backoff (a proxy closing streams at once). */
const SHORT_WATCH_MS = 1000;

export class Reflector<T> {
  private readonly items = new Map<string, T>();
  private cached: readonly T[] | undefined;
  private rv = '';
  private bookmarkCount = 0;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  private currentStatus: ReflectorStatus = { synced: false, connected: false, lists: 0, watches: 0 };
  private readonly changeEmitter = new Emitter<void>();
  private readonly statusEmitter = new Emitter<ReflectorStatus>();
  /** Items changed (add, update with a different record, delete, or a relist that differs). */
  readonly onDidChange: Event<void> = this.changeEmitter.event;
  readonly onDidChangeStatus: Event<ReflectorStatus> = this.statusEmitter.event;

  constructor(private readonly options: ReflectorOptions<T>) {}

  get status(): ReflectorStatus {
    return this.currentStatus;
  }

  /** The items, in key order; the same array until the next change. */
  values(): readonly T[] {
    this.cached ??= [...this.items.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
    return this.cached;
  }

  /** BOOKMARK events received (they only advance the resourceVersion). */
  get bookmarks(): number {
    return this.bookmarkCount;
  }

  get name(): string {
    return this.options.name;
  }

  /** The resourceVersion a resumed watch starts from (advanced by events and bookmarks); `''` before a list. */
  get lastResourceVersion(): string {
    return this.rv;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  get size(): number {
    return this.items.size;
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.running = this.run(this.controller.signal);
  }

  /** Stops and waits for the loop to end. Items are kept. */
  async stop(): Promise<void> {
    this.controller?.abort();
    this.controller = undefined;
    await this.running;
    this.running = undefined;
  }

  /** Drops the resourceVersion and restarts: a full relist. */
  async relist(): Promise<void> {
    await this.stop();
    this.rv = '';
    this.start();
  }

  dispose(): void {
    void this.stop();
    this.changeEmitter.dispose();
    this.statusEmitter.dispose();
  }

  private log(line: string): void {
    this.options.log?.(`${this.options.name}: ${line}`);
  }

  private setStatus(patch: Partial<ReflectorStatus>, clear: (keyof ReflectorStatus)[] = []): void {
    const next: ReflectorStatus = { ...this.currentStatus, ...patch };
    for (const key of clear) delete next[key];
    if (sameRecord(next, this.currentStatus)) return;
    this.currentStatus = next;
    this.statusEmitter.fire(next);
  }

  private connected(): void {
    if (!this.currentStatus.connected) this.log('connected');
    this.setStatus({ connected: true }, ['error', 'errorStatus', 'disconnectedSince']);
  }

  private disconnected(error: unknown): void {
    const message = describeError(error);
    const status = error instanceof KubeRequestError ? error.status : undefined;
    if (this.currentStatus.error !== message) this.log(`disconnected: ${message}`);
    const patch: Partial<ReflectorStatus> = { connected: false, error: message, disconnectedSince: this.currentStatus.disconnectedSince ?? Date.now() };
    if (status !== undefined) patch.errorStatus = status;
    this.setStatus(patch, status === undefined ? ['errorStatus'] : []);
  }

  private async run(signal: AbortSignal): Promise<void> {
    const backoff = this.options.backoff ?? defaultBackoff;
    const random = this.options.random ?? Math.random;
    let failures = 0;
    let shortWatches = 0;
    while (!signal.aborted) {
      try {
        if (this.rv === '') {
          await this.list(signal);
          failures = 0;
        }
        if (signal.aborted) break;
        const started = Date.now();
        const end = await this.watch(signal, () => {
          failures = 0;
          this.connected();
        });
        if (signal.aborted) break;
        if (end.kind === 'expired') {
          this.log('resourceVersion expired (410), relisting');
          this.rv = '';
          continue;
        }
        if (end.kind === 'error') throw end.error;
        if (end.events === 0 && Date.now() - started < SHORT_WATCH_MS) {
          await abortableDelay(backoffDelay(shortWatches++, backoff, random), signal);
        } else {
          shortWatches = 0;
        }
      } catch (error) {
        if (signal.aborted) break;
        this.disconnected(error);
        await abortableDelay(backoffDelay(failures++, backoff, random), signal);
      }
    }
  }

  /** A full, paged list; replaces the items when it completes. A 410 on a continue token restarts it. */
  private async list(signal: AbortSignal): Promise<void> {
    const fresh = new Map<string, T>();
    let continueToken: string | undefined;
    let resourceVersion = '';
    this.setStatus({ lists: this.currentStatus.lists + 1 });
    do {
      const query: Query = { limit: this.options.pageSize ?? 500, labelSelector: this.options.labelSelector, continue: continueToken };
      let page: Record<string, unknown>;
      try {
        page = await this.options.transport.getJson(this.options.path, query, signal);
      } catch (error) {
        if (error instanceof KubeRequestError && error.status === 410 && continueToken !== undefined) {
          this.log('list continue token expired (410), listing again from the start');
          fresh.clear();
          continueToken = undefined;
          continue;
        }
        throw error;
      }
      for (const raw of Array.isArray(page.items) ? (page.items as unknown[]) : []) {
        const item = this.options.convert(raw);
        if (item !== undefined) fresh.set(this.options.key(item), item);
      }
      const metadata = (typeof page.metadata === 'object' && page.metadata !== null ? page.metadata : {}) as Record<string, unknown>;
      resourceVersion = typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : '';
      continueToken = typeof metadata.continue === 'string' && metadata.continue !== '' ? metadata.continue : undefined;
    } while (continueToken !== undefined && !signal.aborted);
    if (signal.aborted) return;
    let changed = fresh.size !== this.items.size;
    for (const [key, item] of fresh) if (!changed && !sameRecord(this.items.get(key), item)) changed = true;
    if (changed) {
      this.items.clear();
      for (const [key, item] of fresh) this.items.set(key, item);
    }
    this.rv = resourceVersion;
    this.setStatus({ synced: true });
    this.connected();
    if (changed) this.changed();
  }

  private watch(signal: AbortSignal, onOpen: () => void) {
    const [min, max] = this.options.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = Math.round(min + (max - min) * (this.options.random ?? Math.random)());
    const query: Query = { resourceVersion: this.rv, allowWatchBookmarks: 'true', timeoutSeconds, labelSelector: this.options.labelSelector };
    this.setStatus({ watches: this.currentStatus.watches + 1 });
    // The server ends the watch after timeoutSeconds; silence well past that means a dead connection.
    const idleMs = (timeoutSeconds + 30) * 1000;
    return this.options.transport.watch(this.options.path, query, { onOpen, onEvent: (type, object) => this.onEvent(type, object) }, signal, idleMs);
  }

  private onEvent(type: string, object: Record<string, unknown>): void {
    const metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as Record<string, unknown>;
    if (typeof metadata.resourceVersion === 'string' && metadata.resourceVersion !== '') this.rv = metadata.resourceVersion;
    if (type === 'BOOKMARK') {
      this.bookmarkCount++;
      return;
    }
    const item = this.options.convert(object);
    if (item === undefined) return;
    const key = this.options.key(item);
    if (type === 'DELETED') {
      if (this.items.delete(key)) this.changed();
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      if (!sameRecord(this.items.get(key), item)) {
        this.items.set(key, item);
        this.changed();
      }
    }
  }

  private changed(): void {
    this.cached = undefined;
    this.changeEmitter.fire();
  }
}
