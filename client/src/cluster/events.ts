/**
 * The few event and timing primitives the cluster model needs, without `vscode`: an emitter whose `event` has the
 * same shape as `vscode.Event` (so the UI layer can pass it straight through), and a trailing debounce.
 */

export interface Disposable {
  dispose(): void;
}

/** A listener registration function, shaped like `vscode.Event`. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A UI listener's bug must not break the model's loop.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/**
 * Calls `action` once, `delayMs` after the last `schedule()`, but no later than `maxDelayMs` after the first one of
 * a burst (so a steady stream of watch events still refreshes the UI). `flush()` runs a pending call now.
 */
export class Debouncer implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;

  constructor(
    private readonly action: () => void,
    private readonly delayMs: number,
    private readonly maxDelayMs = delayMs * 4,
  ) {}

  schedule(): void {
    const now = Date.now();
    if (this.timer === undefined) this.firstAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.firstAt + this.maxDelayMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.action();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects): backoff waits must not outlive a stop. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
