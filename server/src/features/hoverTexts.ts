/**
 * The markdown of our hovers on tolerations and node selection: what a toleration, a nodeSelector or a node
 * affinity requirement matches, offline from the well-known tables, and among the nodes of the cluster snapshot
 * when there is one.
 */
import { formatNodeNames, type ClusterSnapshot } from '../clusterSnapshot';
import { DEFAULT_DAEMON_TOLERATIONS, sameToleration } from '../kube/defaultTolerations';
import { formatRequirement, requirementView } from '../kube/nodeAffinity';
import { formatToleration, normalizeToleration, toleratesTaint, type TolerationOptions } from '../kube/tolerations';
import type { PodTemplateSpec } from '../kube/types';
import { wellKnownTaint } from '../kube/wellKnown';
import { NODE_FIELD_OPERATORS, NODE_SELECTOR_OPERATORS, OFFERED_TAINTS } from './knowledge';
import {
  daemonSetPlacement,
  nodesMatchingExpression,
  nodesMatchingNodeSelector,
  nodesMatchingNodeSelectorTerms,
  nodesWithToleratedTaints,
} from './placementFacts';

export interface HoverEnvironment {
  snapshot: ClusterSnapshot | undefined;
  options: TolerationOptions;
}

/** `3 of 12 nodes of context \`prod\`: a, b, c` */
function matched(snapshot: ClusterSnapshot, nodes: readonly number[]): string {
  const total = `${nodes.length} of ${snapshot.nodes.length} node${snapshot.nodes.length === 1 ? '' : 's'} of context \`${snapshot.context}\``;
  return nodes.length === 0 ? total : `${total}: ${formatNodeNames(snapshot.names(nodes))}`;
}

/** Which taints a toleration tolerates, in words. */
function tolerates(toleration: ReturnType<typeof normalizeToleration> & object): string {
  const key = toleration.key ?? '';
  const operator = toleration.operator || 'Equal';
  const effect = toleration.effect ? ` with effect ${toleration.effect}` : ' of every effect';
  if (key === '') return operator === 'Exists' ? `every taint${effect}` : `no taint (an empty key needs operator Exists)`;
  switch (operator) {
    case 'Exists':
      return `taints \`${key}\` with any value${effect}`;
    case 'Equal':
      return toleration.value ? `taints \`${key}=${toleration.value}\`${effect}` : `taints \`${key}\` without a value${effect}`;
    case 'Lt':
    case 'Gt':
      return `taints \`${key}\` whose integer value is ${operator === 'Lt' ? 'less' : 'greater'} than ${toleration.value ?? '""'}${effect}`;
    default:
      return `nothing: \`${operator}\` is not an operator`;
  }
}

export function tolerationMarkdown(raw: unknown, env: HoverEnvironment, daemonSet: boolean): string {
  const toleration = normalizeToleration(raw) ?? {};
  const parts = [`**Toleration** \`${formatToleration(toleration)}\``, `Tolerates ${tolerates(toleration)}.`];
  const known = wellKnownTaint(toleration.key ?? '');
  if (known) parts.push(`\`${known.key}\`: ${known.description} Set by ${known.setBy}.`);
  if (!known && (toleration.key ?? '') === '' && toleration.operator === 'Exists') {
    const examples = OFFERED_TAINTS.filter((t) => t.effects.some((effect) => toleratesTaint(toleration, { key: t.key, effect }, env.options).tolerated));
    if (examples.length > 0) parts.push(`Including the well-known taints ${examples.slice(0, 4).map((t) => `\`${t.key}\``).join(', ')}${examples.length > 4 ? ' and more' : ''}.`);
  }
  if (toleration.tolerationSeconds !== undefined) {
    parts.push(
      toleration.effect === 'NoExecute'
        ? `A pod is evicted ${toleration.tolerationSeconds} s after the taint appears.`
        : '`tolerationSeconds` only applies with effect NoExecute.',
    );
  }
  if (daemonSet) {
    const replaced = DEFAULT_DAEMON_TOLERATIONS.find((d) => sameToleration(d.toleration, toleration));
    if (replaced) {
      parts.push(
        toleration.tolerationSeconds !== undefined
          ? 'DaemonSet: the controller replaces this toleration with its default one (same key, operator, value and effect), which tolerates forever: `tolerationSeconds` has no effect.'
          : `DaemonSet: the controller adds this toleration by default${replaced.hostNetworkOnly ? ' to hostNetwork pods' : ''}.`,
      );
    }
  }
  if (env.snapshot) {
    const nodes = nodesWithToleratedTaints(env.snapshot, toleration, env.options);
    parts.push(
      nodes.length === 0
        ? `Tolerates no taint on the ${env.snapshot.nodes.length} nodes of context \`${env.snapshot.context}\`.`
        : `Tolerates taints on ${matched(env.snapshot, nodes)}.`,
    );
  }
  return parts.join('\n\n');
}

/** The `tolerations` key of a pod spec: the defaults the DaemonSet controller adds, and where the DaemonSet runs. */
export function podTolerationsMarkdown(podSpec: Record<string, unknown>, template: PodTemplateSpec, env: HoverEnvironment, daemonSet: boolean): string | undefined {
  if (!daemonSet) return undefined;
  const hostNetwork = podSpec.hostNetwork === true;
  const defaults = DEFAULT_DAEMON_TOLERATIONS.filter((d) => hostNetwork || !d.hostNetworkOnly).map((d) => `- \`${formatToleration(d.toleration)}\``);
  const parts = [`**DaemonSet default tolerations** (added to every daemon pod${hostNetwork ? ', hostNetwork included' : ''}):\n${defaults.join('\n')}`];
  if (env.snapshot) parts.push(daemonSetLine(env.snapshot, template, env.options));
  return parts.join('\n\n');
}

/** "Runs on 9 of 12 nodes of context `prod`; not on: …" */
export function daemonSetLine(snapshot: ClusterSnapshot, template: PodTemplateSpec, options: TolerationOptions): string {
  const placement = daemonSetPlacement(snapshot, template, options);
  const head = `This DaemonSet runs on ${placement.eligible.length} of ${snapshot.nodes.length} nodes of context \`${snapshot.context}\`.`;
  const not = placement.reasons.slice(0, 5).map((group) => `- ${group.nodes.length} node${group.nodes.length === 1 ? '' : 's'} (${formatNodeNames(snapshot.names(group.nodes), 3)}): ${group.summary}`);
  return not.length > 0 ? `${head} Not on:\n${not.join('\n')}` : head;
}

export function nodeSelectorMarkdown(nodeSelector: unknown, env: HoverEnvironment): string {
  const pairs = Object.entries(typeof nodeSelector === 'object' && nodeSelector !== null ? nodeSelector : {}).map(([k, v]) => `${k}=${String(v ?? '')}`);
  const parts = [`**nodeSelector** \`${pairs.join(', ')}\`: a node must have every one of these labels, with exactly this value.`];
  if (env.snapshot) parts.push(`Matches ${matched(env.snapshot, nodesMatchingNodeSelector(env.snapshot, nodeSelector))}.`);
  return parts.join('\n\n');
}

export function nodeSelectorPairLine(key: string, value: string, env: HoverEnvironment): string | undefined {
  if (!env.snapshot) return undefined;
  return `\`${key}=${value}\` matches ${matched(env.snapshot, nodesMatchingNodeSelector(env.snapshot, { [key]: value }))}.`;
}

export function requirementMarkdown(raw: unknown, field: 'matchExpressions' | 'matchFields', term: unknown, required: unknown, env: HoverEnvironment): string {
  const view = requirementView(raw);
  const operators = field === 'matchFields' ? NODE_FIELD_OPERATORS : NODE_SELECTOR_OPERATORS;
  const operator = operators.find((op) => op.name === view.operator);
  const parts = [`**Requirement** \`${formatRequirement(view)}\`${field === 'matchFields' ? ' (matchFields)' : ''}`];
  parts.push(operator ? operator.documentation : `\`${view.operator}\` is not an operator here: ${operators.map((op) => op.name).join(', ')}.`);
  if (env.snapshot) {
    if (field === 'matchExpressions') {
      const nodes = nodesMatchingExpression(env.snapshot, raw);
      parts.push(typeof nodes === 'string' ? `Matches no node: ${nodes}.` : `Matches ${matched(env.snapshot, nodes)}.`);
    }
    parts.push(`Its term (requirements ANDed) matches ${matched(env.snapshot, nodesMatchingNodeSelectorTerms(env.snapshot, { nodeSelectorTerms: [term] }))}.`);
    if (required !== undefined) {
      parts.push(`The required node affinity (terms ORed) matches ${matched(env.snapshot, nodesMatchingNodeSelectorTerms(env.snapshot, required))}.`);
    }
  }
  return parts.join('\n\n');
}
