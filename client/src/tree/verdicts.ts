/**
 * Per node, what a DaemonSet's pod is doing there and why: the placement engine's decision
 * (`nodeShouldRunDaemonPod`) joined with the daemon pods the model watches. Pure.
 *
 * - running: should run, a pod is Running and Ready;
 * - pending: should run, the pod exists but is not ready (the container's waiting reason, e.g. ImagePullBackOff);
 * - missing: should run, no pod;
 * - notEligible: should not run, no pod (the engine's reason);
 * - misscheduled: a pod on a node that does not qualify (kept if `shouldContinueRunning`, else about to go), or
 *   on a node that is not in the node list.
 */
import { compileDaemonSet, type PlacementDecision, type PlacementOptions, type PlacementReason } from '../../../server/src/kube/placement';
import { summarizePlacement, type PlacementSummary } from '../../../server/src/kube/placementSummary';
import type { Toleration } from '../../../server/src/kube/types';
import type { DaemonSetRecord, NodeRecord, PodRecord } from '../cluster/objects';

export type Verdict = 'running' | 'pending' | 'missing' | 'notEligible' | 'misscheduled';

/** Display order: what needs attention first. */
export const verdictOrder: readonly Verdict[] = ['misscheduled', 'pending', 'missing', 'running', 'notEligible'];

export interface NodeVerdict {
  /** The node's name (`''` for pods not yet bound to a node). */
  node: string;
  verdict: Verdict;
  /** One line: the pod's state, or the decisive placement reason. */
  reason: string;
  /** The engine's reasons, in check order (empty for eligible nodes). */
  reasons: readonly PlacementReason[];
  /** The engine's decision; undefined for a pod on a node the model does not know. */
  decision?: PlacementDecision;
  /** The daemon pods on the node, the one that counts first. */
  pods: readonly PodRecord[];
  /** Tolerations that would make the node eligible: present when only taints exclude it. */
  tolerations?: Toleration[];
  /** Misscheduled and `!shouldContinueRunning`: the controller deletes the pod. */
  willBeRemoved?: boolean;
}

export interface DaemonSetVerdicts {
  verdicts: NodeVerdict[];
  counts: Record<Verdict, number>;
  /** The engine's summary over the live nodes (eligible, excluded, reason groups). */
  summary: PlacementSummary;
}

const taintCodes = new Set(['taint-not-tolerated', 'noexecute-taint-not-tolerated']);

/** The toleration that tolerates exactly this taint (Equal with its value, or Exists when it has none). */
export function tolerationFor(taint: { key: string; value?: string; effect: string }): Toleration {
  const toleration: Toleration = { key: taint.key, operator: taint.value ? 'Equal' : 'Exists' };
  if (taint.value) toleration.value = taint.value;
  if (taint.effect) toleration.effect = taint.effect;
  return toleration;
}

/** Tolerations that make a node eligible, if taints alone exclude it. */
export function tolerationsToAdmit(reasons: readonly PlacementReason[]): Toleration[] | undefined {
  if (reasons.length === 0 || !reasons.every((reason) => taintCodes.has(reason.code) && reason.taint)) return undefined;
  return reasons.map((reason) => tolerationFor(reason.taint!));
}

/** Pods the DaemonSet controls: selected by its selector (the watch did that) and, when both say, owned by it. */
export function daemonPods(ds: DaemonSetRecord, pods: readonly PodRecord[]): PodRecord[] {
  return pods.filter((pod) => ds.uid === '' || pod.controllerUid === undefined || pod.controllerUid === ds.uid);
}

function podState(pod: PodRecord): { ready: boolean; reason: string } {
  if (pod.deleting) return { ready: false, reason: 'Terminating' };
  if (pod.phase === 'Running' && pod.ready) {
    return { ready: true, reason: pod.restarts > 0 ? `Running and ready (${pod.restarts} restart${pod.restarts === 1 ? '' : 's'})` : 'Running and ready' };
  }
  if (pod.reason) return { ready: false, reason: pod.reason };
  return { ready: false, reason: pod.phase === 'Running' ? 'Running, not ready' : pod.phase };
}

/** Live pods first (not terminating), ready before not ready, then by name. */
function rankPods(pods: PodRecord[]): PodRecord[] {
  const rank = (pod: PodRecord): number => (pod.deleting ? 2 : pod.phase === 'Running' && pod.ready ? 0 : 1);
  return pods.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every node's verdict for a DaemonSet, in node order, then pods on unknown or no nodes. */
export function daemonSetVerdicts(
  ds: DaemonSetRecord,
  nodes: readonly NodeRecord[],
  pods: readonly PodRecord[],
  options?: PlacementOptions,
): DaemonSetVerdicts {
  const byNode = new Map<string, PodRecord[]>();
  for (const pod of daemonPods(ds, pods)) {
    const list = byNode.get(pod.nodeName);
    if (list) list.push(pod);
    else byNode.set(pod.nodeName, [pod]);
  }
  const observed = new Map<string, number>();
  for (const [node, list] of byNode) observed.set(node, list.filter((pod) => !pod.deleting).length);
  const summary = summarizePlacement(compileDaemonSet(ds.template, options), nodes, observed);
  const counts: Record<Verdict, number> = { running: 0, pending: 0, missing: 0, notEligible: 0, misscheduled: 0 };
  const verdicts: NodeVerdict[] = [];
  const push = (verdict: NodeVerdict): void => {
    counts[verdict.verdict]++;
    verdicts.push(verdict);
  };

  for (const { node, decision } of summary.nodes) {
    const onNode = rankPods(byNode.get(node) ?? []);
    byNode.delete(node);
    const live = onNode.filter((pod) => !pod.deleting);
    const reasons = decision.reasons;
    if (decision.shouldRun) {
      const first = onNode[0];
      if (!first) push({ node, verdict: 'missing', reason: 'should run here; no pod', reasons, decision, pods: onNode });
      else {
        const state = podState(first);
        push({ node, verdict: state.ready ? 'running' : 'pending', reason: state.reason, reasons, decision, pods: onNode });
      }
      continue;
    }
    const tolerations = tolerationsToAdmit(reasons);
    const decisive = reasons[0]?.message ?? 'not eligible';
    if (live.length > 0) {
      const verdict: NodeVerdict = { node, verdict: 'misscheduled', reason: decisive, reasons, decision, pods: onNode, willBeRemoved: !decision.shouldContinueRunning };
      if (tolerations) verdict.tolerations = tolerations;
      push(verdict);
    } else {
      const verdict: NodeVerdict = { node, verdict: 'notEligible', reason: decisive, reasons, decision, pods: onNode };
      if (tolerations) verdict.tolerations = tolerations;
      push(verdict);
    }
  }
  // Pods on nodes the model does not know (deleted nodes), or not yet bound to one.
  for (const [node, onNode] of [...byNode].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ranked = rankPods(onNode);
    if (node === '') push({ node, verdict: 'pending', reason: podState(ranked[0]!).reason || 'not yet scheduled', reasons: [], pods: ranked });
    else push({ node, verdict: 'misscheduled', reason: `the node ${node} is not in the cluster's node list`, reasons: [], pods: ranked });
  }
  return { verdicts, counts, summary };
}
