/**
 * A DaemonSet's health from its status counts alone (no pods needed, so every row of a big cluster gets one):
 *
 * - idle (grey): it runs nowhere (desired 0, nothing scheduled, nothing misscheduled);
 * - degraded (red): the controller is caught up (observed the current generation, every desired pod up to date)
 *   and yet some desired pods are not ready;
 * - progressing (yellow): a rollout is under way (generation not observed yet, pods not scheduled yet, or fewer
 *   up-to-date pods than desired), or pods run on nodes that no longer qualify (misscheduled);
 * - healthy (green): every desired pod is scheduled, up to date and ready, and none is misscheduled.
 */
import type { DaemonSetRecord } from '../cluster/objects';

export type Health = 'healthy' | 'progressing' | 'degraded' | 'idle';

export interface HealthVerdict {
  health: Health;
  /** In words, for the tooltip. */
  reason: string;
}

/** Theme colour ids for each health (`new ThemeColor(id)` in the provider). */
export const healthColors: Record<Health, string> = {
  healthy: 'charts.green',
  progressing: 'charts.yellow',
  degraded: 'charts.red',
  idle: 'disabledForeground',
};

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function daemonSetHealth(ds: Pick<DaemonSetRecord, 'generation' | 'status'>): HealthVerdict {
  const s = ds.status;
  const caughtUp = s.observedGeneration >= ds.generation;
  if (s.desired === 0 && s.current === 0 && s.misscheduled === 0) {
    return { health: 'idle', reason: caughtUp ? 'runs on no node: no node qualifies' : 'the controller has not processed it yet' };
  }
  const notReady = Math.max(0, s.desired - s.ready);
  if (caughtUp && s.updated >= s.desired && notReady > 0) {
    return { health: 'degraded', reason: `${plural(notReady, 'pod')} of ${s.desired.toLocaleString('en-US')} not ready` };
  }
  if (!caughtUp) return { health: 'progressing', reason: 'the controller has not observed the latest spec yet' };
  if (s.current < s.desired) return { health: 'progressing', reason: `${plural(s.desired - s.current, 'pod')} not scheduled yet` };
  if (s.updated < s.desired) {
    return { health: 'progressing', reason: `rolling out: ${s.updated.toLocaleString('en-US')} of ${s.desired.toLocaleString('en-US')} pods up to date` };
  }
  if (s.misscheduled > 0) return { health: 'progressing', reason: `${plural(s.misscheduled, 'node')} run a pod but no longer qualify (misscheduled)` };
  return { health: 'healthy', reason: `all ${plural(s.desired, 'pod')} scheduled, up to date and ready` };
}
