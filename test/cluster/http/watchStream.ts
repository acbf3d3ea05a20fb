/**
 * Streaming watch: one JSON event per line (`{"type":"ADDED","object":{...}}`), as the API server sends
 * them over a chunked response.
 *
 * - Without a resourceVersion (or with "0") the stream starts with ADDED for every current object.
 * - With a resourceVersion it replays the history after it; a revision older than the kept history gets an
 *   ERROR event with a 410 `Expired` Status and the stream ends (the watch cache's behaviour: clients relist).
 * - `sendInitialEvents=true` (watch-list) sends the current objects, then a BOOKMARK annotated
 *   `k8s.io/initial-events-end`.
 * - `allowWatchBookmarks` adds periodic BOOKMARK events carrying the current revision.
 * - Selector-filtered watches see an object that stops matching as DELETED and one that starts as ADDED.
 * - `timeoutSeconds` (or the cluster's default) ends the stream; so does the watch-cut fault.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../api/objects';
import type { ResourceType } from '../api/resources';
import { filterMatches, type ObjectFilter } from '../api/selectors';
import { badRequest, expired, type Status } from '../api/status';
import type { Faults } from '../faults';
import type { Store, StoreEvent } from '../store/store';

export interface WatchOptions {
  type: ResourceType;
  filter: ObjectFilter;
  resourceVersion: string | undefined;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number;
  bookmarkIntervalMs: number;
  /** Turns a stored object into what the client asked for (the object, a Table, PartialObjectMetadata). */
  encode(object: KubeObject, first: boolean): unknown;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

interface OpenWatch {
  startedAt: number;
  close(abrupt: boolean): void;
  cutTimer?: NodeJS.Timeout;
}

/**
 * Tracks open watch streams: a stop ends them all, and the watch-cut fault (each stream lives at most N
 * seconds) applies to the streams already open when it is set, not only to new ones.
 */
export class WatchRegistry {
  private readonly open = new Set<OpenWatch>();
  private cut: { seconds: number; abrupt: boolean } | undefined;

  add(close: (abrupt: boolean) => void): () => void {
    const entry: OpenWatch = { startedAt: Date.now(), close };
    this.open.add(entry);
    this.schedule(entry);
    return () => {
      if (entry.cutTimer) clearTimeout(entry.cutTimer);
      this.open.delete(entry);
    };
  }

  get size(): number {
    return this.open.size;
  }

  /** Sets (or clears, with undefined) the longest life of a stream. */
  setCut(seconds: number | undefined, abrupt: boolean): void {
    this.cut = seconds === undefined ? undefined : { seconds, abrupt };
    for (const entry of this.open) this.schedule(entry);
  }

  closeAll(): void {
    for (const entry of [...this.open]) entry.close(true);
  }

  private schedule(entry: OpenWatch): void {
    if (entry.cutTimer) clearTimeout(entry.cutTimer);
    entry.cutTimer = undefined;
    const cut = this.cut;
    if (!cut) return;
    const wait = Math.max(0, entry.startedAt + cut.seconds * 1000 - Date.now());
    entry.cutTimer = setTimeout(() => entry.close(cut.abrupt), wait);
  }
}

function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === '0') return undefined;
  if (!/^\d+$/.test(value)) throw badRequest(`resourceVersion: Invalid value: "${value}": must be a non-negative integer`);
  return Number(value);
}

export function serveWatch(req: IncomingMessage, res: ServerResponse, store: Store, faults: Faults, registry: WatchRegistry, options: WatchOptions): void {
  const { type, filter } = options;
  const revision = parseRevision(options.resourceVersion);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  let first = true;
  const write = (eventType: EventType, object: unknown): void => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify({ type: eventType, object })}\n`);
  };
  const send = (eventType: EventType, object: KubeObject): void => {
    write(eventType, options.encode(object, first));
    first = false;
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    write('BOOKMARK', {
      kind: type.kind,
      apiVersion: type.apiVersion,
      metadata: { resourceVersion: String(store.revision), ...(annotations ? { annotations } : {}) },
    });
  };
  const sendError = (status: Status): void => {
    write('ERROR', status);
    res.end();
  };

  if (faults.takeWatchExpiry()) {
    sendError(expired(`too old resource version: ${options.resourceVersion ?? '0'} (${store.revision})`).status);
    return;
  }

  const matches = (object: KubeObject | undefined): boolean => object !== undefined && filterMatches(filter, object, type);
  const deliver = (event: StoreEvent): void => {
    const now = matches(event.object);
    const before = event.type === 'MODIFIED' && matches(event.previous);
    if (event.type === 'ADDED') {
      if (now) send('ADDED', event.object);
    } else if (event.type === 'DELETED') {
      if (now) send('DELETED', event.object);
    } else if (now && before) {
      send('MODIFIED', event.object);
    } else if (now) {
      send('ADDED', event.object);
    } else if (before) {
      send('DELETED', event.object);
    }
  };

  // Backlog and subscription in one synchronous step: no event can fall between them.
  if (revision === undefined || options.sendInitialEvents) {
    const current = store.list(type.id, type.namespaced ? filter.namespace : undefined);
    for (const object of current) if (matches(object)) send('ADDED', object);
    if (options.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const backlog = store.eventsAfter(type.id, revision);
    if (!backlog) {
      sendError(expired(`too old resource version: ${revision} (${store.compactedRevision})`).status);
      return;
    }
    for (const event of backlog) deliver(event);
  }
  const unsubscribe = store.subscribe((event) => {
    if (event.resource === type.id) deliver(event);
  });

  const timers: NodeJS.Timeout[] = [];
  let closed = false;
  const close = (abrupt = false): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    unregister();
    for (const timer of timers) clearTimeout(timer);
    if (abrupt) res.destroy();
    else if (!res.writableEnded) res.end();
  };
  const unregister = registry.add((abrupt) => close(abrupt));
  timers.push(setTimeout(() => close(), options.timeoutSeconds * 1000));
  if (options.allowBookmarks) timers.push(setInterval(() => bookmark(), options.bookmarkIntervalMs));
  req.on('close', () => close());
  res.on('close', () => close());
}
