/**
 * What completions and hovers say about taints, effects, operators and labels: one place for the words, built on
 * the well-known tables of the Kubernetes core and, when there is one, the cluster snapshot.
 */
import { formatNodeNames, type ClusterSnapshot } from '../clusterSnapshot';
import { WELL_KNOWN_LABELS, WELL_KNOWN_TAINTS, wellKnownLabel, wellKnownTaint, type WellKnownTaint } from '../kube/wellKnown';

export interface Term {
  name: string;
  /** One line, for completion details. */
  summary: string;
  /** Markdown, for documentation and hovers. */
  documentation: string;
}

export const TAINT_EFFECTS: readonly Term[] = [
  {
    name: 'NoSchedule',
    summary: 'no new pods; running pods stay',
    documentation:
      'Pods that do not tolerate the taint are not scheduled onto the node; pods already running there stay.\n\nDaemonSet: no daemon pod is created on the node, an existing one keeps running.',
  },
  {
    name: 'PreferNoSchedule',
    summary: 'the scheduler avoids the node if it can',
    documentation:
      'A soft NoSchedule: the scheduler tries to avoid the node but may still use it.\n\nDaemonSet: ignored, daemon pods are placed as if the taint were not there.',
  },
  {
    name: 'NoExecute',
    summary: 'no new pods, and running pods are evicted',
    documentation:
      'Pods that do not tolerate the taint are not scheduled onto the node, and running ones are evicted: at once, or after `tolerationSeconds` when the toleration sets it.\n\nDaemonSet: no daemon pod is created, and an existing one is deleted.',
  },
];

export const TOLERATION_OPERATORS: readonly Term[] = [
  {
    name: 'Equal',
    summary: 'the taint has this key and exactly this value',
    documentation:
      'Tolerates taints with this key and exactly this `value`. A missing value means `""`: it matches only taints without a value, it is not a wildcard. The default when `operator` is omitted.',
  },
  {
    name: 'Exists',
    summary: 'the taint has this key, whatever its value',
    documentation:
      'Tolerates taints with this key whatever their value; leave `value` out. Without a `key`, tolerates every taint (of the given `effect`, or of every effect).',
  },
  {
    name: 'Lt',
    summary: "the taint's integer value is less than this value (1.35 alpha)",
    documentation:
      "Tolerates taints with this key whose value, a canonical decimal integer, is less than the toleration's `value`. Kubernetes 1.35 alpha, feature gate `TaintTolerationComparisonOperators` (off by default).",
  },
  {
    name: 'Gt',
    summary: "the taint's integer value is greater than this value (1.35 alpha)",
    documentation:
      "Tolerates taints with this key whose value, a canonical decimal integer, is greater than the toleration's `value`. Kubernetes 1.35 alpha, feature gate `TaintTolerationComparisonOperators` (off by default).",
  },
];

export const NODE_SELECTOR_OPERATORS: readonly Term[] = [
  { name: 'In', summary: 'the label is set to one of `values`', documentation: 'Matches nodes that have the label with one of `values` (at least one value).' },
  {
    name: 'NotIn',
    summary: 'the label is missing, or not one of `values`',
    documentation: 'Matches nodes whose label value is not one of `values`, **and nodes without the label at all**.',
  },
  { name: 'Exists', summary: 'the label is set, whatever its value', documentation: 'Matches nodes that have the label, with any value (including `""`). No `values`.' },
  { name: 'DoesNotExist', summary: 'the label is not set', documentation: 'Matches nodes that do not have the label. No `values`.' },
  {
    name: 'Gt',
    summary: "the label's integer value is greater than the one value",
    documentation: 'Matches nodes whose label value, an integer, is greater than the single value in `values`. Nodes without the label, or with a non-integer value, do not match.',
  },
  {
    name: 'Lt',
    summary: "the label's integer value is less than the one value",
    documentation: 'Matches nodes whose label value, an integer, is less than the single value in `values`. Nodes without the label, or with a non-integer value, do not match.',
  },
];

/** `matchFields` supports only these, with exactly one value, on `metadata.name`. */
export const NODE_FIELD_OPERATORS: readonly Term[] = [
  { name: 'In', summary: 'the node name is the one value', documentation: 'Matches the node whose name (`metadata.name`) is the single value.' },
  { name: 'NotIn', summary: 'the node name is not the one value', documentation: 'Matches every node except the one named by the single value.' },
];

/** The taint keys completions offer offline: every current well-known taint and the legacy control-plane key. */
export const OFFERED_TAINTS: readonly WellKnownTaint[] = WELL_KNOWN_TAINTS.filter((taint) => taint.status !== 'removed');

/** Label values worth offering without a cluster. */
export const WELL_KNOWN_LABEL_VALUES: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/os': ['linux', 'windows'],
  'kubernetes.io/arch': ['amd64', 'arm64', 'arm', 'ppc64le', 's390x'],
  'beta.kubernetes.io/os': ['linux', 'windows'],
  'beta.kubernetes.io/arch': ['amd64', 'arm64', 'arm', 'ppc64le', 's390x'],
  'node-role.kubernetes.io/control-plane': [''],
  'node-role.kubernetes.io/master': [''],
  'node.kubernetes.io/exclude-from-external-load-balancers': [''],
};

/** The label keys completions offer offline: well-known labels that appear on nodes. */
export const OFFERED_LABELS = WELL_KNOWN_LABELS.filter((label) => label.kind === 'label' && label.onNodes);

/** "tolerated by default for NoExecute" and the like: what the DaemonSet controller's defaults do about a key. */
export function defaultToleration(taint: WellKnownTaint): string {
  if (taint.defaultTolerated.length === 0) return 'not tolerated by default';
  return `tolerated by default for ${taint.defaultTolerated
    .map((d) => (d.when === 'always' ? d.effect : `${d.effect} (hostNetwork pods only)`))
    .join(', ')}`;
}

/** `on 3 of 12 nodes` */
export const nodeCount = (count: number, snapshot: ClusterSnapshot): string =>
  `on ${count} of ${snapshot.nodes.length} node${snapshot.nodes.length === 1 ? '' : 's'}`;

/** Markdown about a taint key: what it means, who sets it, what the DaemonSet defaults do, and the cluster's nodes. */
export function taintKeyMarkdown(key: string, snapshot: ClusterSnapshot | undefined, daemonSet: boolean): string {
  const known = wellKnownTaint(key);
  const parts: string[] = [`**${key}** (taint)`];
  if (known) {
    parts.push(known.description);
    const facts = [`Set by: ${known.setBy}.`, `Usual effect${known.effects.length === 1 ? '' : 's'}: ${known.effects.join(', ')}.`];
    if (daemonSet) facts.push(`DaemonSet: ${defaultToleration(known)}.`);
    if (known.status === 'deprecated') facts.push('Deprecated key.');
    parts.push(facts.map((fact) => `- ${fact}`).join('\n'));
    if (known.advice) parts.push(known.advice);
  }
  if (snapshot) {
    const stats = snapshot.taintKeys().get(key);
    if (!stats) {
      parts.push(`No node of context \`${snapshot.context}\` carries this taint (${snapshot.nodes.length} nodes).`);
    } else {
      const effects = [...stats.effects].map(([effect, count]) => `${effect} ×${count}`).join(', ');
      const values = [...stats.values.keys()].filter((value) => value !== '');
      parts.push(
        `Context \`${snapshot.context}\`: ${nodeCount(stats.nodes.length, snapshot)} (${formatNodeNames(snapshot.names(stats.nodes))}); ${effects}` +
          (values.length > 0 ? `; values: ${values.slice(0, 10).map((v) => `\`${v}\``).join(', ')}` : '') +
          '.',
      );
    }
  }
  if (!known && !snapshot) parts.push('Not a well-known Kubernetes taint: set by a cluster administrator or a tool with `kubectl taint`.');
  return parts.join('\n\n');
}

/** Markdown about a node label key: its meaning and, with a snapshot, its values across the nodes. */
export function labelKeyMarkdown(key: string, snapshot: ClusterSnapshot | undefined): string {
  const known = wellKnownLabel(key);
  const parts: string[] = [`**${key}** (node label)`];
  if (known) {
    const prefix = known.kind === 'prefix' ? `Label namespace \`${known.key}\`: ` : '';
    parts.push(`${prefix}${known.description}`);
    const facts = [`Set by: ${known.setBy}.`];
    if (known.deprecated) facts.push(`Deprecated since ${known.deprecated.since}${known.deprecated.replacement ? `: use \`${known.deprecated.replacement}\`` : ''}.`);
    parts.push(facts.map((fact) => `- ${fact}`).join('\n'));
  }
  if (snapshot) {
    const stats = snapshot.labelKeys().get(key);
    if (!stats) parts.push(`No node of context \`${snapshot.context}\` has this label (${snapshot.nodes.length} nodes).`);
    else {
      const values = [...stats.values].sort((a, b) => b[1] - a[1]);
      parts.push(
        `Context \`${snapshot.context}\`: ${nodeCount(stats.nodeCount, snapshot)}; values: ${values
          .slice(0, 10)
          .map(([value, count]) => `\`${value === '' ? '""' : value}\` ×${count}`)
          .join(', ')}${values.length > 10 ? `, and ${values.length - 10} more` : ''}.`,
      );
    }
  }
  return parts.join('\n\n');
}

/** A scalar as YAML must spell it to stay a string (`"true"`, `""`, `"1.0"`), plain otherwise. */
export function yamlString(value: string): string {
  const plainOk =
    value !== '' &&
    !/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(value) &&
    !/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value) &&
    /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/.test(value);
  return plainOk ? value : JSON.stringify(value);
}
