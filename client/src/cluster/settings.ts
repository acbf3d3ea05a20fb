/**
 * User settings of the cluster side, checked: what VS Code hands over is whatever the settings JSON holds.
 */

/** `daemonset.cluster.credentialTimeoutSeconds`: how long an exec credential plugin may take before it is stopped. */
export const credentialTimeoutSeconds = { default: 30, minimum: 1, maximum: 300 } as const;

/**
 * The setting as the transport's `credentialTimeoutMs`: a number of seconds, clamped to 1..300; anything else
 * (unset, a string, NaN) is the default, 30 s.
 */
export function credentialTimeoutMs(seconds: unknown): number {
  const { default: fallback, minimum, maximum } = credentialTimeoutSeconds;
  const value = typeof seconds === 'number' && Number.isFinite(seconds) ? Math.min(maximum, Math.max(minimum, seconds)) : fallback;
  return Math.round(value * 1000);
}
