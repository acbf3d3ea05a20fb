/**
 * A coalescing work queue, as controllers use: a key added many times before it is processed is processed
 * once; processing runs on a later turn of the event loop, in bounded batches so the API stays responsive;
 * a key whose processing failed is retried after a delay.
 */

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly process: (key: string) => void,
    private readonly options: { batch?: number; retryMs?: number; name: string },
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    this.schedule();
  }

  addAfter(key: string, ms: number): void {
    if (this.stopped || this.delayed.has(key)) return;
    this.delayed.set(
      key,
      setTimeout(() => {
        this.delayed.delete(key);
        this.add(key);
      }, ms),
    );
  }

  get idle(): boolean {
    return this.pending.size === 0 && !this.scheduled;
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const batch = this.options.batch ?? 200;
    let done = 0;
    for (const key of this.pending) {
      if (this.stopped || done >= batch) break;
      this.pending.delete(key);
      done++;
      try {
        this.process(key);
      } catch (error) {
        console.error(`test cluster: ${this.options.name} failed on ${key}:`, error instanceof Error ? error.message : error);
        this.addAfter(key, this.options.retryMs ?? 200);
      }
    }
    if (this.pending.size > 0) this.schedule();
  }
}
