/**
 * Reconnection delays: capped exponential backoff with jitter, as client-go's reflector does, so that many
 * editors reconnecting to a restarted API server do not arrive in lock step.
 */

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  initialMs: number;
  /** Largest delay, before jitter. */
  maxMs: number;
  /** Growth per failed attempt. */
  factor: number;
  /** Fraction of the delay that is random: 0.5 waits between 50% and 100% of the computed delay. */
  jitter: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 0.5 };

/**
 * The delay before retry number `attempt` (0 for the first retry after a failure):
 * `min(maxMs, initialMs * factor^attempt)`, of which the `jitter` fraction is drawn from `random()`.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt, 64));
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(base * (1 - jitter) + base * jitter * random());
}
