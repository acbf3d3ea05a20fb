/**
 * "What if I apply this?": a DaemonSet manifest from the editor placed on the live nodes with the placement engine,
 * compared with the deployed DaemonSet of the same namespace and name (its own template on the same nodes), and
 * checked against what the API server refuses to change (`spec.selector` is immutable). Pure: the caller gives
 * the nodes and the deployed object from the cluster model.
 */
import { compileLabelSelector, formatSelector } from '../../../server/src/kube/labelSelector';
import { compileDaemonSet, type PlacementOptions } from '../../../server/src/kube/placement';
import { summarizePlacement, type PlacementSummary } from '../../../server/src/kube/placementSummary';
import type { LabelSelector, NodeInfo, PodTemplateSpec } from '../../../server/src/kube/types';
import type { ClusterState } from '../cluster/model';
import { placementTemplate } from '../cluster/objects';
import { tolerationsToAdmit, type NodeVerdict } from '../tree/verdicts';

/** The deployed object, as far as the what-if needs it (a `DaemonSetRecord` fits). */
export interface DeployedDaemonSet {
  namespace: string;
  name: string;
  selector: LabelSelector | undefined;
  template: PodTemplateSpec;
}

export type DeployedLookup =
  | { kind: 'found'; daemonSet: DeployedDaemonSet }
  | { kind: 'absent' }
  /** Not known: the model is loading, or the namespace is filtered out of the view. */
  | { kind: 'unknown' };

export interface WhatIfInput {
  manifest: Record<string, unknown>;
  /** The kube context's name, for the texts. */
  context: string;
  /** Namespace of a manifest without one (the context's namespace, or `default`). */
  defaultNamespace: string;
  nodes: readonly NodeInfo[];
  deployed: DeployedLookup;
  options?: PlacementOptions;
}

export interface SelectorChange {
  /** `kubectl -l` form, or JSON when it has none. */
  deployed: string;
  proposed: string;
  message: string;
}

export interface WhatIfResult {
  namespace: string;
  name: string;
  /** `namespace/name`, as the model keys DaemonSets. */
  key: string;
  context: string;
  total: number;
  /** Nodes where the manifest's pods would run (`shouldRun`). */
  eligible: string[];
  /** The excluded nodes as `notEligible` verdicts (reasons, tolerations that would admit them). */
  excluded: NodeVerdict[];
  summary: PlacementSummary;
  deployed: DeployedLookup['kind'];
  /** Nodes the manifest runs on and the deployed DaemonSet does not. */
  added: string[];
  /** Nodes the deployed DaemonSet runs on and the manifest would not. */
  removed: string[];
  selectorChange?: SelectorChange;
  /** `Runs on 4 of 6 nodes in ctx · +1 −0 vs deployed`. */
  lensText: string;
  /** `+1 node (control-plane-1), 0 removed`. */
  changeText: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A selector in a canonical form: matchLabels sorted, empty parts dropped (the API server stores it so). */
function canonicalSelector(selector: unknown): string {
  if (!isRecord(selector)) return 'null';
  const labels = isRecord(selector.matchLabels) ? Object.entries(selector.matchLabels).map(([k, v]) => [k, String(v)]).sort(([a], [b]) => (a! < b! ? -1 : 1)) : [];
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions.map((e: unknown) => {
        const r = isRecord(e) ? e : {};
        return [r.key ?? null, r.operator ?? null, Array.isArray(r.values) ? r.values.map(String) : []];
      })
    : [];
  return JSON.stringify([labels, expressions]);
}

function showSelector(selector: unknown): string {
  const formatted = formatSelector(compileLabelSelector(isRecord(selector) ? (selector as LabelSelector) : undefined));
  return formatted === undefined || formatted === '' ? JSON.stringify(selector ?? null) : formatted;
}

/** The immutable-selector problem, if `proposed` differs from the deployed selector. */
export function selectorChange(deployed: DeployedDaemonSet, proposed: unknown, context: string): SelectorChange | undefined {
  if (canonicalSelector(deployed.selector) === canonicalSelector(proposed)) return undefined;
  const before = showSelector(deployed.selector);
  const after = showSelector(proposed);
  return {
    deployed: before,
    proposed: after,
    message:
      `spec.selector is immutable: the DaemonSet ${deployed.namespace}/${deployed.name} deployed in context \`${context}\` selects \`${before}\`, ` +
      `this manifest selects \`${after}\`, so the API server rejects the change ("field is immutable"). ` +
      'Keep the deployed selector, or delete the DaemonSet and create it again.',
  };
}

const names = (list: readonly string[], max = 3): string =>
  list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${(list.length - max).toLocaleString('en-US')} more`;

export function whatIf(input: WhatIfInput): WhatIfResult {
  const metadata = isRecord(input.manifest.metadata) ? input.manifest.metadata : {};
  const spec = isRecord(input.manifest.spec) ? input.manifest.spec : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : input.defaultNamespace;
  const summary = summarizePlacement(compileDaemonSet(placementTemplate(spec.template), input.options), input.nodes);
  const eligible = summary.eligible;
  const excluded: NodeVerdict[] = summary.nodes
    .filter(({ decision }) => !decision.shouldRun)
    .map(({ node, decision }) => {
      const verdict: NodeVerdict = { node, verdict: 'notEligible', reason: decision.reasons[0]?.message ?? 'not eligible', reasons: decision.reasons, decision, pods: [] };
      const tolerations = tolerationsToAdmit(decision.reasons);
      if (tolerations) verdict.tolerations = tolerations;
      return verdict;
    });

  let added: string[] = [];
  let removed: string[] = [];
  let change: SelectorChange | undefined;
  if (input.deployed.kind === 'found') {
    const deployed = input.deployed.daemonSet;
    const before = new Set(summarizePlacement(compileDaemonSet(deployed.template, input.options), input.nodes).eligible);
    const after = new Set(eligible);
    added = eligible.filter((node) => !before.has(node));
    removed = [...before].filter((node) => !after.has(node));
    change = selectorChange(deployed, spec.selector, input.context);
  }

  const total = summary.total;
  const head = `Runs on ${eligible.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} node${total === 1 ? '' : 's'} in ${input.context}`;
  const versus =
    input.deployed.kind === 'found' ? ` · +${added.length} −${removed.length} vs deployed` : input.deployed.kind === 'absent' ? ' · not deployed' : '';
  const changeText =
    input.deployed.kind !== 'found'
      ? input.deployed.kind === 'absent'
        ? `not deployed in ${input.context}: would be created on ${eligible.length.toLocaleString('en-US')} node${eligible.length === 1 ? '' : 's'}`
        : 'the deployed DaemonSet is not known yet'
      : `${added.length === 0 ? '+0 nodes' : `+${added.length} node${added.length === 1 ? '' : 's'} (${names(added)})`}, ` +
        `${removed.length === 0 ? '0 removed' : `−${removed.length} removed (${names(removed)})`}`;

  const result: WhatIfResult = {
    namespace,
    name,
    key: `${namespace}/${name}`,
    context: input.context,
    total,
    eligible,
    excluded,
    summary,
    deployed: input.deployed.kind,
    added,
    removed,
    lensText: `${head}${versus}`,
    changeText,
  };
  if (change) result.selectorChange = change;
  return result;
}

/** The deployed DaemonSet of that namespace and name, as far as the model knows. */
export function deployedFrom(state: ClusterState | undefined, namespace: string, name: string): DeployedLookup {
  if (!state || state.phase !== 'ready') return { kind: 'unknown' };
  if (state.namespaces && !state.namespaces.includes(namespace)) return { kind: 'unknown' };
  const found = state.daemonSets.find((ds) => ds.namespace === namespace && ds.name === name);
  return found ? { kind: 'found', daemonSet: found } : { kind: 'absent' };
}

/** The what-if of a manifest against the model's nodes and DaemonSets; undefined until the model has loaded. */
export function whatIfAgainst(state: ClusterState | undefined, manifest: Record<string, unknown>, options?: PlacementOptions): WhatIfResult | undefined {
  if (!state || state.phase !== 'ready') return undefined;
  const defaultNamespace = state.context.namespace ?? 'default';
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const input: WhatIfInput = { manifest, context: state.context.name, defaultNamespace, nodes: state.nodes, deployed: deployedFrom(state, namespace, name) };
  if (options) input.options = options;
  return whatIf(input);
}
