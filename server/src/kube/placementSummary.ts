/**
 * One DaemonSet over a whole node list: where it runs, why it does not run elsewhere (grouped by cause), and,
 * given the pods that exist, what the controller would change. Feeds the CLI summary, the tree view and hovers.
 */
import type { NodeInfo, Taint } from './types';
import { nodeNameOf, nodeShouldRunDaemonPod, type CompiledDaemonSet, type PlacementDecision, type PlacementReason, type PlacementReasonCode } from './placement';
import { formatRequirement, type RequirementView } from './nodeAffinity';
import { formatTaint } from './tolerations';

/** What kind of check excluded a node. */
export type ExclusionCategory = 'taints' | 'nodeSelector' | 'nodeAffinity' | 'nodeName';

/** Nodes excluded for the same reason: one code and, where there is one, the same taint or requirement. */
export interface ExclusionGroup {
  code: PlacementReasonCode;
  category: ExclusionCategory;
  /** The taint (`key=value:Effect`) or requirement (`key In [v]`) the group shares; `''` when there is none. */
  subject: string;
  taint?: Taint;
  requirement?: RequirementView;
  /** The message of the group's first node. */
  message: string;
  /** Whether the group's nodes keep an existing pod (all of them share the code, hence the same answer for most codes). */
  shouldContinueRunning: boolean;
  nodes: string[];
}

export interface NodePlacement {
  node: string;
  decision: PlacementDecision;
}

/** What the controller would do, given the daemon pods that exist per node (`observed`). */
export interface PlacementDiff {
  /** shouldRun and no pod: a pod would be created. */
  wouldAdd: string[];
  /** A pod exists and !shouldContinueRunning: it would be deleted. */
  wouldRemove: string[];
  /** A pod exists, !shouldRun but shouldContinueRunning: kept, and counted in `numberMisscheduled`. */
  misscheduled: string[];
  /** Pods on nodes that are not in the node list. */
  unknownNodes: string[];
}

export interface PlacementSummary {
  total: number;
  /** Every node with its decision, in input order. Decisions may be shared objects: do not modify them. */
  nodes: NodePlacement[];
  /** Nodes where shouldRun (the DaemonSet's desiredNumberScheduled). */
  eligible: string[];
  /** Nodes where !shouldRun. */
  excluded: string[];
  /** Exclusions grouped by reason; a node with several reasons appears in several groups. Largest group first. */
  groups: ExclusionGroup[];
  /** Excluded nodes counted once each, by their first (decisive) reason. */
  byCategory: Record<ExclusionCategory, number>;
  /** Present when `observed` was given. */
  diff?: PlacementDiff;
}

/** The category of a reason code. */
export function categoryOf(code: PlacementReasonCode): ExclusionCategory {
  switch (code) {
    case 'node-name-mismatch':
      return 'nodeName';
    case 'node-selector-mismatch':
      return 'nodeSelector';
    case 'node-affinity-mismatch':
    case 'node-affinity-unsatisfiable':
      return 'nodeAffinity';
    default:
      return 'taints';
  }
}

function subjectOf(reason: PlacementReason): string {
  if (reason.taint) return formatTaint(reason.taint);
  if (reason.code === 'node-selector-mismatch' && reason.requirement) {
    return `${reason.requirement.key}=${reason.requirement.values?.[0] ?? ''}`;
  }
  if (reason.code === 'node-affinity-mismatch' && reason.terms?.length === 1 && reason.requirement) {
    return formatRequirement(reason.requirement);
  }
  return '';
}

/**
 * Evaluates a compiled DaemonSet on every node. `observed` maps node names to the number of daemon pods on them;
 * with it, the summary also tells what the controller would add, remove, or count as misscheduled.
 */
export function summarizePlacement(
  ds: CompiledDaemonSet,
  nodes: readonly NodeInfo[],
  observed?: ReadonlyMap<string, number>,
): PlacementSummary {
  const placements: NodePlacement[] = [];
  const eligible: string[] = [];
  const excluded: string[] = [];
  const groups = new Map<string, ExclusionGroup>();
  const byCategory: Record<ExclusionCategory, number> = { taints: 0, nodeSelector: 0, nodeAffinity: 0, nodeName: 0 };
  const diff: PlacementDiff | undefined = observed ? { wouldAdd: [], wouldRemove: [], misscheduled: [], unknownNodes: [] } : undefined;
  const seen = new Set<string>();
  const list: readonly unknown[] = Array.isArray(nodes) ? nodes : [];

  for (const node of list) {
    const name = nodeNameOf(node);
    const decision = nodeShouldRunDaemonPod(node as NodeInfo, ds);
    placements.push({ node: name, decision });
    seen.add(name);
    if (decision.shouldRun) {
      eligible.push(name);
    } else {
      excluded.push(name);
      const first = decision.reasons[0];
      if (first) byCategory[categoryOf(first.code)]++;
      for (const reason of decision.reasons) addToGroup(groups, reason, decision, name);
    }
    if (diff) {
      const pods = observed!.get(name) ?? 0;
      if (decision.shouldRun && pods === 0) diff.wouldAdd.push(name);
      else if (pods > 0 && !decision.shouldContinueRunning) diff.wouldRemove.push(name);
      else if (pods > 0 && !decision.shouldRun) diff.misscheduled.push(name);
    }
  }
  if (diff) {
    for (const [name, pods] of observed!) if (pods > 0 && !seen.has(name)) diff.unknownNodes.push(name);
  }

  const summary: PlacementSummary = {
    total: placements.length,
    nodes: placements,
    eligible,
    excluded,
    groups: [...groups.values()].sort((a, b) => b.nodes.length - a.nodes.length),
    byCategory,
  };
  if (diff) summary.diff = diff;
  return summary;
}

function addToGroup(groups: Map<string, ExclusionGroup>, reason: PlacementReason, decision: PlacementDecision, node: string): void {
  const subject = subjectOf(reason);
  const key = `${reason.code}\u0000${subject}`;
  let group = groups.get(key);
  if (!group) {
    group = {
      code: reason.code,
      category: categoryOf(reason.code),
      subject,
      message: reason.message,
      shouldContinueRunning: decision.shouldContinueRunning,
      nodes: [],
    };
    if (reason.taint) group.taint = reason.taint;
    if (reason.requirement) group.requirement = reason.requirement;
    groups.set(key, group);
  }
  group.nodes.push(node);
}

const categoryWords: Record<ExclusionCategory, string> = {
  taints: 'taints',
  nodeSelector: 'nodeSelector',
  nodeAffinity: 'node affinity',
  nodeName: 'nodeName',
};
const categoryOrder: readonly ExclusionCategory[] = ['taints', 'nodeSelector', 'nodeAffinity', 'nodeName'];

/** `runs on 3 of 6 nodes; 2 excluded by taints, 1 by nodeSelector`. */
export function formatSummaryLine(summary: PlacementSummary): string {
  const noun = summary.total === 1 ? 'node' : 'nodes';
  const head = `runs on ${summary.eligible.length} of ${summary.total} ${noun}`;
  const parts = categoryOrder
    .filter((category) => summary.byCategory[category] > 0)
    .sort((a, b) => summary.byCategory[b] - summary.byCategory[a])
    .map((category, i) => `${summary.byCategory[category]} ${i === 0 ? 'excluded ' : ''}by ${categoryWords[category]}`);
  return parts.length === 0 ? head : `${head}; ${parts.join(', ')}`;
}
