/**
 * What a toleration, a nodeSelector, a node-affinity requirement or term, or a whole pod template matches among
 * the nodes of a cluster snapshot. Shared by hovers ("tolerates taints on 3 of 12 nodes: gpu-1, gpu-2, gpu-3")
 * and the snapshot diagnostics, all through the placement engine of the Kubernetes core.
 */
import type { ClusterSnapshot } from '../clusterSnapshot';
import type { PodTemplateSpec, Toleration } from '../kube/types';
import { compileDaemonSet, nodeShouldRunDaemonPod, type PlacementReason } from '../kube/placement';
import { toleratesTaint, type TolerationOptions } from '../kube/tolerations';
import {
  compileExpression,
  compileNodeSelector,
  compileNodeSelectorMap,
  expressionMatches,
  nodeSelectorMatches,
  nodeSelectorPairsMatch,
} from '../kube/nodeAffinity';

/** Node indexes (into `snapshot.nodes`) that carry at least one taint the toleration tolerates. */
export function nodesWithToleratedTaints(snapshot: ClusterSnapshot, toleration: Toleration, options: TolerationOptions): number[] {
  const nodes = new Set<number>();
  for (const { taint, nodes: carriers } of snapshot.distinctTaints()) {
    if (toleratesTaint(toleration, taint, options).tolerated) for (const i of carriers) nodes.add(i);
  }
  return [...nodes].sort((a, b) => a - b);
}

/** Node indexes whose labels satisfy every pair of a `nodeSelector` map. */
export function nodesMatchingNodeSelector(snapshot: ClusterSnapshot, nodeSelector: unknown): number[] {
  const pairs = compileNodeSelectorMap(nodeSelector);
  const result: number[] = [];
  snapshot.nodes.forEach((node, i) => {
    if (nodeSelectorPairsMatch(pairs, node.labels)) result.push(i);
  });
  return result;
}

/** Node indexes that one `matchExpressions` requirement selects, or the reason it cannot select anything. */
export function nodesMatchingExpression(snapshot: ClusterSnapshot, requirement: unknown): number[] | string {
  const compiled = compileExpression(requirement);
  if (typeof compiled === 'string') return compiled;
  const result: number[] = [];
  snapshot.nodes.forEach((node, i) => {
    if (expressionMatches(compiled, node.labels)) result.push(i);
  });
  return result;
}

/** Node indexes that a required node affinity (`{nodeSelectorTerms: [...]}`) selects. */
export function nodesMatchingNodeSelectorTerms(snapshot: ClusterSnapshot, required: unknown): number[] {
  const selector = compileNodeSelector(required);
  const result: number[] = [];
  snapshot.nodes.forEach((node, i) => {
    if (nodeSelectorMatches(selector, node.name, node.labels)) result.push(i);
  });
  return result;
}

export interface DaemonSetPlacement {
  /** Nodes where a daemon pod would be created. */
  eligible: number[];
  /** The first (decisive) reason of each excluded node, grouped by cause, largest group first. */
  reasons: { reason: PlacementReason; summary: string; nodes: number[] }[];
}

/** A reason in words that do not depend on the node, so that nodes excluded for one cause share one line. */
function causeOf(reason: PlacementReason): string {
  const requirement = reason.requirement;
  switch (reason.code) {
    case 'node-selector-mismatch':
      return requirement ? `nodeSelector \`${requirement.key}=${requirement.values?.[0] ?? ''}\` does not match` : 'nodeSelector does not match';
    case 'node-affinity-mismatch':
      return 'no required node affinity term matches';
    default:
      return reason.message;
  }
}

/** Where a DaemonSet with this pod template runs, as `NodeShouldRunDaemonPod` decides (default tolerations included). */
export function daemonSetPlacement(snapshot: ClusterSnapshot, template: PodTemplateSpec | undefined, options: TolerationOptions): DaemonSetPlacement {
  const compiled = compileDaemonSet(template, options);
  const eligible: number[] = [];
  const groups = new Map<string, { reason: PlacementReason; summary: string; nodes: number[] }>();
  snapshot.nodes.forEach((node, i) => {
    const decision = nodeShouldRunDaemonPod(node, compiled);
    if (decision.shouldRun) {
      eligible.push(i);
      return;
    }
    const reason = decision.reasons[0];
    if (!reason) return;
    const summary = causeOf(reason);
    const group = groups.get(summary);
    if (group) group.nodes.push(i);
    else groups.set(summary, { reason, summary, nodes: [i] });
  });
  return { eligible, reasons: [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length) };
}
