/**
 * The cluster model of one kube context: nodes, DaemonSets (every namespace, or the filtered ones), and the pods
 * of a DaemonSet only while someone holds {@link ClusterModel.watchPods} for it (the tree while it is expanded,
 * the what-if while it is previewed). Each collection is a {@link Reflector}; the model turns their changes into
 * one debounced `onDidChange` with an immutable {@link ClusterState}. No `vscode` here: the tree, the status bar
 * and the snapshot sent to the language server all read this state.
 */
import { compileLabelSelector, formatSelector } from '../../../server/src/kube/labelSelector';
import type { BackoffOptions } from './backoff';
import { Debouncer, Emitter, type Disposable, type Event } from './events';
import type { ContextSummary } from './kubeconfig';
import { toDaemonSetRecord, toNodeRecord, toPodRecord, type DaemonSetRecord, type NodeRecord, type PodRecord } from './objects';
import { Reflector, type ReflectorStatus } from './reflector';
import type { KubeTransport } from './transport';

export type ModelPhase = 'loading' | 'ready' | 'error';

/** The pods of one DaemonSet, while watched. */
export interface PodsState {
  phase: ModelPhase;
  /** Why they cannot be listed (phase `error`), or the last failure while stale. */
  error?: string;
  /** Every pod its selector selects in its namespace (owned by it or not: the tree checks the owner). */
  pods: readonly PodRecord[];
}

/** What consumers read. A new object on every change; arrays are shared and must not be modified. */
export interface ClusterState {
  context: ContextSummary;
  /** `loading` until nodes and DaemonSets are listed once; `error` while the first list keeps failing (retrying). */
  phase: ModelPhase;
  /** Why the first load fails (phase `error`). */
  error?: string;
  /** HTTP status of that failure, when the server answered (401, 403...). */
  errorStatus?: number;
  /** Some collection lost its connection after loading: the data shown is the last known. */
  stale: boolean;
  /** Why, while stale. */
  staleReason?: string;
  /** HTTP status of that failure, when the server answered (401: the credentials were rejected). */
  staleStatus?: number;
  /** Since when (ms since epoch), while stale. */
  staleSince?: number;
  /** The namespace filter; undefined: every namespace. */
  namespaces: readonly string[] | undefined;
  nodes: readonly NodeRecord[];
  nodesByName: ReadonlyMap<string, NodeRecord>;
  /** Increases when a node's name, labels, taints, readiness or cordon changes (the snapshot is resent then). */
  nodesVersion: number;
  /** The nodes have been listed (they stay usable while DaemonSets reload after a namespace filter change). */
  nodesLoaded: boolean;
  daemonSets: readonly DaemonSetRecord[];
  /** Keyed by DaemonSet key (`namespace/name`); only the watched ones. */
  pods: ReadonlyMap<string, PodsState>;
  /** Increases with every state. */
  version: number;
  /** Distinct per model instance (a context switch makes a new model). */
  modelId: number;
}

export interface ClusterModelOptions {
  context: ContextSummary;
  transport: KubeTransport;
  /** Only these namespaces' DaemonSets; undefined or empty: all. */
  namespaces?: readonly string[] | undefined;
  /** Debounce of `onDidChange` (default 40 ms: a pod event reaches the tree within 50 ms, bursts still coalesce). */
  debounceMs?: number;
  backoff?: BackoffOptions;
  pageSize?: number;
  watchTimeoutSeconds?: readonly [number, number];
  log?: (line: string) => void;
}

export interface ReflectorStats {
  name: string;
  items: number;
  lists: number;
  watches: number;
  synced: boolean;
  connected: boolean;
  resourceVersion: string;
  bookmarks: number;
}

interface PodWatch {
  holders: number;
  selector: string | undefined;
  reflector: Reflector<PodRecord> | undefined;
  /** Why there is no reflector (the DaemonSet is unknown, or its selector cannot be expressed as a query). */
  problem?: string;
}

let nextModelId = 1;

export class ClusterModel implements Disposable {
  private readonly id = nextModelId++;
  private readonly nodes: Reflector<NodeRecord>;
  private daemonSetReflectors: Reflector<DaemonSetRecord>[] = [];
  private namespaces: readonly string[] | undefined;
  private readonly podWatches = new Map<string, PodWatch>();
  private readonly emitter = new Emitter<ClusterState>();
  private readonly debouncer: Debouncer;
  private readonly subscriptions: Disposable[] = [];
  private current: ClusterState;
  private version = 0;
  private nodesVersion = 0;
  private nodesByName: { source: readonly NodeRecord[]; map: Map<string, NodeRecord> } | undefined;
  private started = false;
  private disposed = false;

  /** Fires (debounced) after any change of the state, including stale and error transitions. */
  readonly onDidChange: Event<ClusterState> = this.emitter.event;

  constructor(private readonly options: ClusterModelOptions) {
    this.namespaces = normalizeNamespaces(options.namespaces);
    this.nodes = this.reflector({ name: 'nodes', path: '/api/v1/nodes', convert: toNodeRecord, key: (node) => node.name });
    this.subscriptions.push(this.nodes.onDidChange(() => this.nodesVersion++));
    this.daemonSetReflectors = this.makeDaemonSetReflectors();
    this.debouncer = new Debouncer(() => this.publish(), options.debounceMs ?? 40);
    this.current = this.compute();
  }

  get context(): ContextSummary {
    return this.options.context;
  }

  get state(): ClusterState {
    return this.current;
  }

  /** The transport of this context, for one-off reads (the read-only YAML of a live object). */
  get transport(): KubeTransport {
    return this.options.transport;
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.options.log?.(`context "${this.options.context.name}" (${this.options.transport.server}): loading`);
    this.nodes.start();
    for (const reflector of this.daemonSetReflectors) reflector.start();
    for (const watch of this.podWatches.values()) watch.reflector?.start();
  }

  /** Publishes a pending change now (tests and commands that want the newest state). */
  flush(): void {
    this.debouncer.flush();
  }

  /** Changes the namespace filter: the DaemonSet watches restart; nodes and pod watches stay. */
  setNamespaces(namespaces: readonly string[] | undefined): void {
    const next = normalizeNamespaces(namespaces);
    if (JSON.stringify(next) === JSON.stringify(this.namespaces)) return;
    this.namespaces = next;
    for (const reflector of this.daemonSetReflectors) reflector.dispose();
    this.daemonSetReflectors = this.makeDaemonSetReflectors();
    if (this.started) for (const reflector of this.daemonSetReflectors) reflector.start();
    this.syncPodWatches();
    this.changed();
  }

  /**
   * Watches the pods of a DaemonSet (by key `namespace/name`) until the returned disposable is disposed. Holders
   * are counted: the watch stops when the last one lets go. The DaemonSet must be known for the watch to start;
   * if it appears later, the watch starts then.
   */
  watchPods(daemonSetKey: string): Disposable {
    let watch = this.podWatches.get(daemonSetKey);
    if (!watch) {
      watch = { holders: 0, selector: undefined, reflector: undefined };
      this.podWatches.set(daemonSetKey, watch);
      this.syncPodWatch(daemonSetKey, watch);
      this.changed();
    }
    watch.holders++;
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        const entry = this.podWatches.get(daemonSetKey);
        if (!entry || --entry.holders > 0) return;
        entry.reflector?.dispose();
        this.podWatches.delete(daemonSetKey);
        this.changed();
      },
    };
  }

  /**
   * One GET, for what the model does not keep: a live object for the read-only YAML view, a pod's events, the
   * namespace list of the filter picker.
   */
  readJson(path: string, query?: Record<string, string | number | undefined>): Promise<Record<string, unknown>> {
    return this.options.transport.getJson(path, query);
  }

  /** Every namespace's name (one list request), for the namespace filter. */
  async listNamespaces(): Promise<string[]> {
    const list = await this.readJson('/api/v1/namespaces');
    const items = Array.isArray(list.items) ? (list.items as { metadata?: { name?: unknown } }[]) : [];
    return items.flatMap((item) => (typeof item.metadata?.name === 'string' ? [item.metadata.name] : [])).sort();
  }

  /** Per collection: requests made and connection state (the log command and tests read it). */
  stats(): ReflectorStats[] {
    const all = [this.nodes, ...this.daemonSetReflectors, ...[...this.podWatches.values()].flatMap((w) => (w.reflector ? [w.reflector] : []))] as Reflector<unknown>[];
    return all.map((reflector) => ({
      name: reflector.name,
      items: reflector.size,
      lists: reflector.status.lists,
      watches: reflector.status.watches,
      synced: reflector.status.synced,
      connected: reflector.status.connected,
      resourceVersion: reflector.lastResourceVersion,
      bookmarks: reflector.bookmarks,
    }));
  }

  /** Relists everything (the refresh command). */
  async refresh(): Promise<void> {
    const all = [this.nodes, ...this.daemonSetReflectors, ...[...this.podWatches.values()].flatMap((w) => (w.reflector ? [w.reflector] : []))];
    await Promise.all(all.map((reflector) => reflector.relist()));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.debouncer.dispose();
    this.nodes.dispose();
    for (const reflector of this.daemonSetReflectors) reflector.dispose();
    for (const watch of this.podWatches.values()) watch.reflector?.dispose();
    this.podWatches.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
    this.options.transport.dispose?.();
  }

  // ---- internals ----

  private reflector<T>(options: { name: string; path: string; labelSelector?: string; convert(raw: unknown): T | undefined; key(item: T): string }): Reflector<T> {
    const reflector = new Reflector<T>({
      ...options,
      transport: this.options.transport,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
      ...(this.options.watchTimeoutSeconds ? { watchTimeoutSeconds: this.options.watchTimeoutSeconds } : {}),
      ...(this.options.log ? { log: this.options.log } : {}),
    });
    reflector.onDidChange(() => this.changed());
    reflector.onDidChangeStatus(() => this.changed());
    return reflector;
  }

  private makeDaemonSetReflectors(): Reflector<DaemonSetRecord>[] {
    const paths = this.namespaces
      ? this.namespaces.map((namespace) => ({ name: `daemonsets in ${namespace}`, path: `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets` }))
      : [{ name: 'daemonsets', path: '/apis/apps/v1/daemonsets' }];
    return paths.map(({ name, path }) => {
      const reflector = this.reflector({ name, path, convert: toDaemonSetRecord, key: (ds) => ds.key });
      reflector.onDidChange(() => this.syncPodWatches());
      reflector.onDidChangeStatus(() => this.syncPodWatches());
      return reflector;
    });
  }

  /** Starts, restarts or stops pod watches as DaemonSets appear, change selector, or go. */
  private syncPodWatches(): void {
    for (const [key, watch] of this.podWatches) this.syncPodWatch(key, watch);
  }

  private syncPodWatch(key: string, watch: PodWatch): void {
    const ds = this.findDaemonSet(key);
    let selector: string | undefined;
    let problem: string | undefined;
    if (!ds) {
      problem = this.phaseOf([this.nodes, ...this.daemonSetReflectors]) === 'ready' ? 'the DaemonSet does not exist (any more)' : undefined;
    } else {
      selector = formatSelector(compileLabelSelector(ds.selector));
      if (selector === undefined || selector === '') {
        problem = 'its selector selects no pods or every pod; the API server does not accept such a DaemonSet';
        selector = undefined;
      }
    }
    const same = selector === watch.selector && (watch.reflector !== undefined) === (selector !== undefined);
    if (same && problem === watch.problem) return;
    if (!same) {
      watch.reflector?.dispose();
      watch.reflector = undefined;
      watch.selector = selector;
      if (ds && selector !== undefined) {
        watch.reflector = this.reflector({
          name: `pods of ${ds.key}`,
          path: `/api/v1/namespaces/${encodeURIComponent(ds.namespace)}/pods`,
          labelSelector: selector,
          convert: toPodRecord,
          key: (pod) => pod.key,
        });
        if (this.started) watch.reflector.start();
      }
    }
    if (problem === undefined) delete watch.problem;
    else watch.problem = problem;
    this.changed();
  }

  private findDaemonSet(key: string): DaemonSetRecord | undefined {
    for (const reflector of this.daemonSetReflectors) {
      const found = reflector.get(key);
      if (found) return found;
    }
    return undefined;
  }

  private changed(): void {
    if (!this.disposed) this.debouncer.schedule();
  }

  private publish(): void {
    if (this.disposed) return;
    this.current = this.compute();
    this.emitter.fire(this.current);
  }

  private phaseOf(reflectors: readonly Reflector<unknown>[]): ModelPhase {
    if (reflectors.every((r) => r.status.synced)) return 'ready';
    return reflectors.some((r) => !r.status.synced && r.status.error !== undefined) ? 'error' : 'loading';
  }

  private compute(): ClusterState {
    const core = [this.nodes, ...this.daemonSetReflectors] as Reflector<unknown>[];
    const phase = this.phaseOf(core);
    const watched = [...this.podWatches.values()].flatMap((watch) => (watch.reflector ? [watch.reflector as Reflector<unknown>] : []));
    const lost = [...core, ...watched].filter((r) => r.status.synced && !r.status.connected);
    const nodes = this.nodes.values();
    if (this.nodesByName?.source !== nodes) this.nodesByName = { source: nodes, map: new Map(nodes.map((node) => [node.name, node])) };
    const state: ClusterState = {
      context: this.options.context,
      phase,
      stale: phase === 'ready' && lost.length > 0,
      namespaces: this.namespaces,
      nodes,
      nodesByName: this.nodesByName.map,
      nodesVersion: this.nodesVersion,
      nodesLoaded: this.nodes.status.synced,
      daemonSets: this.daemonSets(),
      pods: this.podStates(),
      version: ++this.version,
      modelId: this.id,
    };
    if (phase === 'error') {
      const failing = core.find((r) => !r.status.synced && r.status.error !== undefined)!.status;
      state.error = failing.error!;
      if (failing.errorStatus !== undefined) state.errorStatus = failing.errorStatus;
    }
    if (state.stale) {
      const first = lost.reduce((a, b) => ((a.status.disconnectedSince ?? 0) <= (b.status.disconnectedSince ?? 0) ? a : b)).status;
      state.staleReason = first.error ?? 'disconnected';
      if (first.errorStatus !== undefined) state.staleStatus = first.errorStatus;
      state.staleSince = first.disconnectedSince ?? Date.now();
    }
    return state;
  }

  private daemonSets(): readonly DaemonSetRecord[] {
    return this.daemonSetReflectors.length === 1 ? this.daemonSetReflectors[0]!.values() : this.daemonSetReflectors.flatMap((r) => r.values());
  }

  private podStates(): Map<string, PodsState> {
    const states = new Map<string, PodsState>();
    for (const [key, watch] of this.podWatches) {
      const reflector = watch.reflector;
      if (!reflector) {
        states.set(key, watch.problem ? { phase: 'error', error: watch.problem, pods: [] } : { phase: 'loading', pods: [] });
        continue;
      }
      const status: ReflectorStatus = reflector.status;
      const state: PodsState = { phase: status.synced ? 'ready' : status.error !== undefined ? 'error' : 'loading', pods: reflector.values() };
      if (status.error !== undefined) state.error = status.errorStatus === 403 ? `pod details are not permitted (${status.error})` : status.error;
      states.set(key, state);
    }
    return states;
  }
}

function normalizeNamespaces(namespaces: readonly string[] | undefined): readonly string[] | undefined {
  if (!namespaces) return undefined;
  const cleaned = [...new Set(namespaces.map((n) => n.trim()).filter((n) => n !== ''))].sort();
  return cleaned.length === 0 ? undefined : cleaned;
}
