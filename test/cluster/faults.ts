/**
 * Faults on demand, for reliability tests of clients (informers, the extension's cluster model): added
 * latency, watch streams cut every N seconds, 410 Gone on the next watches, error answers (401, 403, 429,
 * 500, 503) for a resource or for everything. Set them in-process (`cluster.faults`) or over HTTP
 * (`/__admin/faults`, see `adminHandler.ts`); `stop()`/`restart()` of the cluster handle the outage case.
 */

export interface ErrorFault {
  /** HTTP status to answer with. */
  code: 401 | 403 | 404 | 409 | 429 | 500 | 503;
  /** Plural resource name (`pods`, `daemonsets`); absent: every API request. */
  resource?: string;
  /** Verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`); absent: every verb. */
  verb?: string;
  /** How many requests to fail; absent: until cleared. */
  times?: number;
}

export interface FaultSettings {
  /** Milliseconds added before every API request is handled. */
  latencyMs?: number;
  /** Every watch stream ends this many seconds after it starts (cleanly, as an API server timeout does). */
  watchCutSeconds?: number;
  /** Cut watch streams by destroying the connection instead of ending the response. */
  watchCutAbruptly?: boolean;
  /** The next N watches get an ERROR event with 410 Gone and end (clients must relist). */
  expireNextWatches?: number;
  errors?: ErrorFault[];
}

export interface FaultState {
  latencyMs: number;
  watchCutSeconds: number | undefined;
  watchCutAbruptly: boolean;
  expireNextWatches: number;
  errors: ErrorFault[];
}

export class Faults {
  private state: FaultState = Faults.empty();
  private readonly listeners = new Set<(state: FaultState) => void>();

  /** Calls `listener` after every change (the watch registry applies cuts to open streams). */
  onChange(listener: (state: FaultState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(next: FaultState): void {
    this.state = next;
    for (const listener of this.listeners) listener(this.snapshot());
  }

  private static empty(): FaultState {
    return { latencyMs: 0, watchCutSeconds: undefined, watchCutAbruptly: false, expireNextWatches: 0, errors: [] };
  }

  /** Changes the given settings and keeps the others. */
  set(settings: FaultSettings): void {
    const next = { ...this.state };
    if (settings.latencyMs !== undefined) next.latencyMs = Math.max(0, settings.latencyMs);
    if (settings.watchCutSeconds !== undefined) next.watchCutSeconds = settings.watchCutSeconds > 0 ? settings.watchCutSeconds : undefined;
    if (settings.watchCutAbruptly !== undefined) next.watchCutAbruptly = settings.watchCutAbruptly;
    if (settings.expireNextWatches !== undefined) next.expireNextWatches = Math.max(0, settings.expireNextWatches);
    if (settings.errors !== undefined) next.errors = settings.errors.map((fault) => ({ ...fault }));
    this.update(next);
  }

  /** Adds one error fault next to the existing ones. */
  addError(fault: ErrorFault): void {
    this.update({ ...this.state, errors: [...this.state.errors, { ...fault }] });
  }

  /** Clears every fault. */
  reset(): void {
    this.update(Faults.empty());
  }

  snapshot(): FaultState {
    return { ...this.state, errors: this.state.errors.map((fault) => ({ ...fault })) };
  }

  get latencyMs(): number {
    return this.state.latencyMs;
  }

  /** Whether this watch must be answered with 410 (consumes one). */
  takeWatchExpiry(): boolean {
    if (this.state.expireNextWatches <= 0) return false;
    this.state = { ...this.state, expireNextWatches: this.state.expireNextWatches - 1 };
    return true;
  }

  /** The error to answer a request with, if a fault matches it (consumes one of its `times`). */
  takeError(resource: string | undefined, verb: string): ErrorFault | undefined {
    const index = this.state.errors.findIndex(
      (fault) => (fault.resource === undefined || fault.resource === resource) && (fault.verb === undefined || fault.verb === verb),
    );
    if (index < 0) return undefined;
    const fault = this.state.errors[index] as ErrorFault;
    if (fault.times !== undefined) {
      const errors = [...this.state.errors];
      if (fault.times <= 1) errors.splice(index, 1);
      else errors[index] = { ...fault, times: fault.times - 1 };
      this.state = { ...this.state, errors };
    }
    return fault;
  }
}
