/**
 * The tolerations the DaemonSet controller adds to every daemon pod (`AddOrUpdateDaemonPodTolerations`,
 * kubernetes-daemonset-semantics.md §2), merged the way `AddOrUpdateTolerationInPodSpec` merges them.
 */
import type { Toleration } from './types';
import { normalizeToleration } from './tolerations';

export interface DefaultDaemonToleration {
  readonly toleration: Readonly<Toleration>;
  /** `network-unavailable` is added only to pods that use the host network. */
  readonly hostNetworkOnly: boolean;
}

const exists = (key: string, effect: 'NoSchedule' | 'NoExecute'): Readonly<Toleration> =>
  Object.freeze({ key, operator: 'Exists', effect });

/** The defaults, in the order the controller adds them. None has a value or `tolerationSeconds`: they tolerate forever. */
export const DEFAULT_DAEMON_TOLERATIONS: readonly DefaultDaemonToleration[] = Object.freeze([
  { toleration: exists('node.kubernetes.io/not-ready', 'NoExecute'), hostNetworkOnly: false },
  { toleration: exists('node.kubernetes.io/unreachable', 'NoExecute'), hostNetworkOnly: false },
  { toleration: exists('node.kubernetes.io/disk-pressure', 'NoSchedule'), hostNetworkOnly: false },
  { toleration: exists('node.kubernetes.io/memory-pressure', 'NoSchedule'), hostNetworkOnly: false },
  { toleration: exists('node.kubernetes.io/pid-pressure', 'NoSchedule'), hostNetworkOnly: false },
  { toleration: exists('node.kubernetes.io/unschedulable', 'NoSchedule'), hostNetworkOnly: false },
  { toleration: exists('node.kubernetes.io/network-unavailable', 'NoSchedule'), hostNetworkOnly: true },
]);

/** The default tolerations that apply to a pod with or without `hostNetwork`. */
export function defaultDaemonPodTolerations(hostNetwork: boolean): Toleration[] {
  return DEFAULT_DAEMON_TOLERATIONS.filter((entry) => hostNetwork || !entry.hostNetworkOnly).map((entry) => ({
    ...entry.toleration,
  }));
}

/** `MatchToleration`: the same (key, effect, operator, value); absent fields compare as `""`. */
export function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '')
  );
}

/** `Semantic.DeepEqual` of two tolerations: {@link sameToleration} and the same `tolerationSeconds`. */
function identicalToleration(a: Toleration, b: Toleration): boolean {
  return sameToleration(a, b) && a.tolerationSeconds === b.tolerationSeconds;
}

/**
 * `AddOrUpdateTolerationInPodSpec`: every existing toleration that matches `toleration` (same key, effect,
 * operator, value) is replaced by it, unless one of them is already identical, in which case nothing changes;
 * when none matches, `toleration` is appended.
 */
export function addOrUpdateToleration(tolerations: readonly Toleration[], toleration: Toleration): Toleration[] {
  const merged: Toleration[] = [];
  let updated = false;
  for (const existing of tolerations) {
    if (sameToleration(toleration, existing)) {
      if (identicalToleration(toleration, existing)) return tolerations.slice();
      merged.push({ ...toleration });
      updated = true;
      continue;
    }
    merged.push(existing);
  }
  if (!updated) merged.push({ ...toleration });
  return merged;
}

/**
 * The tolerations of the pod the controller evaluates and creates: the template's own (read defensively; entries
 * that are not objects are dropped) merged with the defaults. Never modifies its input.
 */
export function addOrUpdateDaemonPodTolerations(
  tolerations: readonly Toleration[] | undefined,
  hostNetwork: boolean,
): Toleration[] {
  let merged: Toleration[] = [];
  if (Array.isArray(tolerations)) {
    for (const raw of tolerations as readonly unknown[]) {
      const toleration = normalizeToleration(raw);
      if (toleration) merged.push(toleration);
    }
  }
  for (const entry of DEFAULT_DAEMON_TOLERATIONS) {
    if (entry.hostNetworkOnly && !hostNetwork) continue;
    merged = addOrUpdateToleration(merged, entry.toleration);
  }
  return merged;
}
