/**
 * The node rows under a DaemonSet (or a what-if preview): one row per node when there are few; grouped by verdict
 * when there are many ("Not eligible (4,990)"), each group split by reason ("taint `nvidia.com/gpu=present:NoSchedule`
 * is not tolerated (4,980)"), and at most `maxRows` node rows per list with a "… and N more" row. Pure.
 */
import { formatRequirement } from '../../../server/src/kube/nodeAffinity';
import type { PlacementReason } from '../../../server/src/kube/placement';
import { formatTaint, formatToleration } from '../../../server/src/kube/tolerations';
import type { NodeRecord } from '../cluster/objects';
import { formatCount, md, mdMessage, plain, type Row } from './rows';
import { verdictOrder, type NodeVerdict, type Verdict } from './verdicts';

export interface NodeRowOptions {
  /** More nodes than this: group by verdict. */
  groupThreshold: number;
  /** Node rows per list before "… and N more". */
  maxRows: number;
}

export const defaultNodeRowOptions: NodeRowOptions = { groupThreshold: 25, maxRows: 500 };

export const verdictLabels: Record<Verdict, string> = {
  running: 'Running and ready',
  pending: 'Pending',
  missing: 'Missing',
  notEligible: 'Not eligible',
  misscheduled: 'Misscheduled',
};

const verdictIcons: Record<Verdict, { id: string; color?: string }> = {
  running: { id: 'pass', color: 'charts.green' },
  pending: { id: 'clock', color: 'charts.yellow' },
  missing: { id: 'circle-large-outline', color: 'charts.red' },
  notEligible: { id: 'circle-slash', color: 'disabledForeground' },
  misscheduled: { id: 'warning', color: 'charts.orange' },
};

/** The key nodes are grouped by within a verdict, and that group's label. */
export function reasonGroup(verdict: NodeVerdict): { key: string; label: string } {
  if (verdict.verdict === 'pending') return { key: `pod:${verdict.reason}`, label: verdict.reason };
  if (verdict.verdict === 'running' || verdict.verdict === 'missing') return { key: verdict.verdict, label: verdictLabels[verdict.verdict] };
  const reason: PlacementReason | undefined = verdict.reasons[0];
  if (!reason) return { key: `text:${verdict.reason}`, label: plain(verdict.reason) };
  switch (reason.code) {
    case 'node-selector-mismatch': {
      const pair = reason.requirement ? `${reason.requirement.key}=${reason.requirement.values?.[0] ?? ''}` : '';
      return { key: `${reason.code}:${pair}`, label: `nodeSelector ${pair} does not match` };
    }
    case 'node-affinity-mismatch': {
      const single = reason.terms?.length === 1 && reason.requirement ? formatRequirement(reason.requirement) : '';
      return { key: `${reason.code}:${single}`, label: single ? `node affinity ${single} does not match` : 'no required node affinity term matches' };
    }
    default: {
      const subject = reason.taint ? formatTaint(reason.taint) : '';
      return { key: `${reason.code}:${subject}`, label: plain(reason.message) };
    }
  }
}

function nodeFacts(record: NodeRecord | undefined): string[] {
  if (!record) return [];
  const facts: string[] = [];
  if (record.ready !== 'True') facts.push(record.ready === 'False' ? 'NotReady' : 'Ready unknown');
  if (record.unschedulable) facts.push('cordoned');
  return facts;
}

function describeVerdict(verdict: NodeVerdict): string {
  switch (verdict.verdict) {
    case 'running':
      return verdict.reason;
    case 'pending':
      return `pending · ${verdict.reason}`;
    case 'missing':
      return 'missing · should run here; no pod';
    case 'notEligible':
      return `not eligible · ${plain(verdict.reason)}`;
    case 'misscheduled':
      return `misscheduled · ${verdict.willBeRemoved ? 'pod will be deleted' : 'pod kept'} · ${plain(verdict.reason)}`;
  }
}

function nodeTooltip(verdict: NodeVerdict, record: NodeRecord | undefined): string {
  const lines = [`**${md(verdict.node || '(not scheduled)')}**: ${verdictLabels[verdict.verdict].toLowerCase()}`];
  if (verdict.reasons.length > 0) {
    lines.push('', verdict.decision && !verdict.decision.shouldRun ? 'Why the DaemonSet does not run here:' : 'Placement:');
    for (const reason of verdict.reasons) lines.push(`- ${mdMessage(reason.message)}`);
  } else if (verdict.verdict === 'misscheduled') {
    lines.push('', mdMessage(verdict.reason));
  }
  if (verdict.verdict === 'misscheduled') {
    lines.push('', verdict.willBeRemoved ? 'The controller deletes the pod (a NoExecute taint is not tolerated).' : 'The pod keeps running; it counts as misscheduled.');
  }
  for (const pod of verdict.pods.slice(0, 3)) {
    const state = [pod.phase, pod.ready ? 'ready' : 'not ready', pod.reason, pod.deleting ? 'terminating' : undefined].filter(Boolean).join(', ');
    lines.push('', `Pod \`${pod.name}\`: ${md(state)}${pod.message ? `  \n${md(pod.message)}` : ''}`);
  }
  const facts = nodeFacts(record);
  if (facts.length > 0) lines.push('', `Node: ${facts.join(', ')}`);
  if (record && record.taints.length > 0) lines.push('', `Taints: ${record.taints.map((t) => `\`${formatTaint(t)}\``).join(', ')}`);
  if (verdict.tolerations) lines.push('', `Tolerating ${verdict.tolerations.map((t) => `\`${formatToleration(t)}\``).join(', ')} would make it eligible.`);
  return lines.join('\n');
}

/** One node row. */
export function nodeRow(idPrefix: string, verdict: NodeVerdict, record: NodeRecord | undefined, daemonSetKey: string | undefined): Row {
  const facts = nodeFacts(record);
  const row: Row = {
    id: `${idPrefix}/node/${verdict.node}`,
    kind: 'node',
    label: verdict.node || '(not scheduled)',
    description: [describeVerdict(verdict), ...facts].join(' · '),
    tooltip: nodeTooltip(verdict, record),
    icon: verdictIcons[verdict.verdict],
    collapsible: 'none',
    contextValue: `node.${verdict.verdict}${verdict.tolerations ? '.tolerable' : ''}${verdict.pods.length > 0 ? '.pod' : ''}`,
    node: verdict.node,
    verdict: verdict.verdict,
  };
  if (daemonSetKey !== undefined) row.daemonSetKey = daemonSetKey;
  const pod = verdict.pods[0];
  if (pod) row.pod = pod.key;
  if (verdict.tolerations) row.tolerations = verdict.tolerations;
  return row;
}

function limitedNodeRows(idPrefix: string, verdicts: readonly NodeVerdict[], nodes: ReadonlyMap<string, NodeRecord>, daemonSetKey: string | undefined, options: NodeRowOptions): Row[] {
  const rows = verdicts.slice(0, options.maxRows).map((v) => nodeRow(idPrefix, v, nodes.get(v.node), daemonSetKey));
  if (verdicts.length > options.maxRows) {
    const rest = verdicts.length - options.maxRows;
    rows.push({
      id: `${idPrefix}/more`,
      kind: 'more',
      label: `… and ${formatCount(rest)} more node${rest === 1 ? '' : 's'}`,
      tooltip: `Only the first ${formatCount(options.maxRows)} nodes are listed.`,
      collapsible: 'none',
      contextValue: 'more',
    });
  }
  return rows;
}

const byVerdictThenNode = (a: NodeVerdict, b: NodeVerdict): number =>
  verdictOrder.indexOf(a.verdict) - verdictOrder.indexOf(b.verdict) || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);

/** Reason sub-groups of one verdict's nodes, largest first. */
function groupByReason(verdicts: readonly NodeVerdict[]): { key: string; label: string; verdicts: NodeVerdict[] }[] {
  const groups = new Map<string, { key: string; label: string; verdicts: NodeVerdict[] }>();
  for (const verdict of verdicts) {
    const { key, label } = reasonGroup(verdict);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label, verdicts: [] }));
    group.verdicts.push(verdict);
  }
  return [...groups.values()].sort((a, b) => b.verdicts.length - a.verdicts.length || (a.label < b.label ? -1 : 1));
}

/** `4,980 taint … · 10 nodeSelector …`: the two largest reasons of a group. */
function reasonSummary(groups: readonly { label: string; verdicts: NodeVerdict[] }[]): string {
  const shown = groups.slice(0, 2).map((g) => `${formatCount(g.verdicts.length)} ${g.label}`);
  if (groups.length > 2) shown.push(`${groups.length - 2} more reason${groups.length - 2 === 1 ? '' : 's'}`);
  return shown.join(' · ');
}

/**
 * The rows for a list of node verdicts. `idPrefix` makes ids unique in the tree (the DaemonSet's or preview's id).
 */
export function nodeVerdictRows(
  idPrefix: string,
  verdicts: readonly NodeVerdict[],
  nodes: ReadonlyMap<string, NodeRecord>,
  daemonSetKey: string | undefined,
  options: NodeRowOptions = defaultNodeRowOptions,
): Row[] {
  if (verdicts.length <= options.groupThreshold) {
    return limitedNodeRows(idPrefix, [...verdicts].sort(byVerdictThenNode), nodes, daemonSetKey, options);
  }
  const rows: Row[] = [];
  for (const verdict of verdictOrder) {
    const members = verdicts.filter((v) => v.verdict === verdict);
    if (members.length === 0) continue;
    const groupId = `${idPrefix}/group/${verdict}`;
    const attention = verdict === 'misscheduled' || verdict === 'pending' || verdict === 'missing';
    const reasons = verdict === 'running' || verdict === 'missing' ? [] : groupByReason(members);
    let children: Row[];
    if (reasons.length <= 1) {
      children = limitedNodeRows(groupId, members, nodes, daemonSetKey, options);
    } else {
      children = reasons.map((group, index) => ({
        id: `${groupId}/reason/${index}:${group.key}`,
        kind: 'group' as const,
        label: `${group.label} (${formatCount(group.verdicts.length)})`,
        tooltip: mdMessage(group.verdicts[0]!.reasons[0]?.message ?? group.verdicts[0]!.reason),
        icon: verdictIcons[verdict],
        collapsible: 'collapsed' as const,
        contextValue: `group.reason.${verdict}${group.verdicts[0]!.tolerations ? '.tolerable' : ''}`,
        children: limitedNodeRows(`${groupId}/reason/${index}`, group.verdicts, nodes, daemonSetKey, options),
        verdict,
        ...(group.verdicts[0]!.tolerations ? { tolerations: group.verdicts[0]!.tolerations } : {}),
        ...(daemonSetKey !== undefined ? { daemonSetKey } : {}),
      }));
    }
    const group: Row = {
      id: groupId,
      kind: 'group',
      label: `${verdictLabels[verdict]} (${formatCount(members.length)})`,
      icon: verdictIcons[verdict],
      collapsible: attention && members.length <= options.groupThreshold ? 'expanded' : 'collapsed',
      contextValue: `group.${verdict}`,
      children,
      verdict,
    };
    if (reasons.length > 0) group.description = reasonSummary(reasons);
    if (daemonSetKey !== undefined) group.daemonSetKey = daemonSetKey;
    rows.push(group);
  }
  return rows;
}
