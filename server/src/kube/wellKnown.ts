/**
 * Well-known taints and node labels (kubernetes-daemonset-semantics.md §6, §7), with a short description each.
 * The table feeds placement messages now, and completions and hovers later.
 */

export type WellKnownEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface WellKnownTaint {
  key: string;
  /** The `k8s.io/api` constant, when there is one. */
  constant?: string;
  /** The effects it is usually applied with. */
  effects: readonly WellKnownEffect[];
  /** One line: what the taint means. */
  description: string;
  /** Who adds (and removes) it. */
  setBy: string;
  /**
   * The effects a daemon pod tolerates by default (§2): `always`, or only for `hostNetwork` pods. Empty when the
   * defaults do not cover the key at all.
   */
  defaultTolerated: readonly { effect: WellKnownEffect; when: 'always' | 'hostNetwork' }[];
  /** Upstream Kubernetes, or a legacy key no longer applied. */
  status: 'current' | 'deprecated' | 'removed';
  /** Advice for a DaemonSet that does not tolerate it. */
  advice?: string;
}

export interface WellKnownLabel {
  /** A label key, or a prefix (ending in `/`) or domain for the namespace entries. */
  key: string;
  kind: 'label' | 'prefix';
  description: string;
  setBy: string;
  deprecated?: { since: string; replacement?: string };
  /** Whether it appears on Node objects (some well-known labels are for other kinds). */
  onNodes: boolean;
}

const always = (effect: WellKnownEffect) => ({ effect, when: 'always' as const });

export const WELL_KNOWN_TAINTS: readonly WellKnownTaint[] = [
  {
    key: 'node.kubernetes.io/not-ready',
    constant: 'TaintNodeNotReady',
    effects: ['NoSchedule', 'NoExecute'],
    description: 'The node is not ready (condition Ready=False).',
    setBy: 'node lifecycle controller (NoSchedule at once, NoExecute rate-limited)',
    defaultTolerated: [always('NoExecute')],
    status: 'current',
    advice: 'DaemonSets that must start on NotReady nodes (CNI, node agents) tolerate it with effect NoSchedule, or use `operator: Exists`.',
  },
  {
    key: 'node.kubernetes.io/unreachable',
    constant: 'TaintNodeUnreachable',
    effects: ['NoSchedule', 'NoExecute'],
    description: 'The node controller lost contact with the node (condition Ready=Unknown).',
    setBy: 'node lifecycle controller (NoSchedule at once, NoExecute rate-limited)',
    defaultTolerated: [always('NoExecute')],
    status: 'current',
  },
  {
    key: 'node.kubernetes.io/unschedulable',
    constant: 'TaintNodeUnschedulable',
    effects: ['NoSchedule'],
    description: 'The node is cordoned (`spec.unschedulable: true`).',
    setBy: 'node lifecycle controller, from `kubectl cordon`',
    defaultTolerated: [always('NoSchedule')],
    status: 'current',
  },
  {
    key: 'node.kubernetes.io/memory-pressure',
    constant: 'TaintNodeMemoryPressure',
    effects: ['NoSchedule'],
    description: 'The node is low on memory (condition MemoryPressure=True).',
    setBy: 'node lifecycle controller',
    defaultTolerated: [always('NoSchedule')],
    status: 'current',
  },
  {
    key: 'node.kubernetes.io/disk-pressure',
    constant: 'TaintNodeDiskPressure',
    effects: ['NoSchedule'],
    description: 'The node is low on disk (condition DiskPressure=True).',
    setBy: 'node lifecycle controller',
    defaultTolerated: [always('NoSchedule')],
    status: 'current',
  },
  {
    key: 'node.kubernetes.io/pid-pressure',
    constant: 'TaintNodePIDPressure',
    effects: ['NoSchedule'],
    description: 'The node is running out of process IDs (condition PIDPressure=True).',
    setBy: 'node lifecycle controller',
    defaultTolerated: [always('NoSchedule')],
    status: 'current',
  },
  {
    key: 'node.kubernetes.io/network-unavailable',
    constant: 'TaintNodeNetworkUnavailable',
    effects: ['NoSchedule'],
    description: "The node's network is not configured yet (condition NetworkUnavailable=True: routes or CNI not ready).",
    setBy: 'node lifecycle controller',
    defaultTolerated: [{ effect: 'NoSchedule', when: 'hostNetwork' }],
    status: 'current',
    advice: 'It is tolerated by default only for `hostNetwork: true` pods; a network plugin that does not use the host network must tolerate it itself.',
  },
  {
    key: 'node.kubernetes.io/out-of-service',
    constant: 'TaintNodeOutOfService',
    effects: ['NoExecute'],
    description: 'An administrator marked the node out of service after a non-graceful shutdown: pods are force-deleted and volumes detached.',
    setBy: 'a cluster administrator',
    defaultTolerated: [],
    status: 'current',
  },
  {
    key: 'node.cloudprovider.kubernetes.io/uninitialized',
    effects: ['NoSchedule'],
    description: 'The cloud controller manager has not initialized the node yet.',
    setBy: 'kubelet with an external cloud provider; removed by the cloud controller manager',
    defaultTolerated: [],
    status: 'current',
    advice: 'Cloud controller managers and the DaemonSets they need (CNI) tolerate it.',
  },
  {
    key: 'node.cloudprovider.kubernetes.io/shutdown',
    effects: ['NoSchedule'],
    description: 'The cloud provider reports the node as shut down.',
    setBy: 'cloud controller manager',
    defaultTolerated: [],
    status: 'current',
  },
  {
    key: 'node-role.kubernetes.io/control-plane',
    effects: ['NoSchedule'],
    description: 'A control-plane node (kubeadm 1.24 and later).',
    setBy: 'kubeadm',
    defaultTolerated: [],
    status: 'current',
    advice: 'To run on control planes of every kubeadm version, tolerate both `node-role.kubernetes.io/control-plane` and `node-role.kubernetes.io/master`.',
  },
  {
    key: 'node-role.kubernetes.io/master',
    effects: ['NoSchedule'],
    description: 'A control-plane node, older key: kubeadm up to 1.24 (1.24 sets both keys; 1.25 removes this one).',
    setBy: 'kubeadm (up to 1.24)',
    defaultTolerated: [],
    status: 'deprecated',
    advice: 'Clusters from kubeadm 1.25 on use `node-role.kubernetes.io/control-plane` instead; tolerate both keys.',
  },
  {
    key: 'node.kubernetes.io/out-of-disk',
    effects: ['NoSchedule'],
    description: 'The node was out of disk (condition OutOfDisk, removed around Kubernetes 1.13).',
    setBy: 'node lifecycle controller (historical)',
    defaultTolerated: [],
    status: 'removed',
  },
];

export const WELL_KNOWN_LABELS: readonly WellKnownLabel[] = [
  { key: 'kubernetes.io/hostname', kind: 'label', description: "The node's hostname. Usually equals the node name, but that is not guaranteed.", setBy: 'kubelet', onNodes: true },
  { key: 'kubernetes.io/os', kind: 'label', description: 'Operating system of the node (`linux`, `windows`).', setBy: 'kubelet', onNodes: true },
  { key: 'kubernetes.io/arch', kind: 'label', description: 'CPU architecture of the node (`amd64`, `arm64`, ...).', setBy: 'kubelet', onNodes: true },
  { key: 'beta.kubernetes.io/os', kind: 'label', description: 'Operating system of the node (beta label).', setBy: 'kubelet', deprecated: { since: '1.14', replacement: 'kubernetes.io/os' }, onNodes: true },
  { key: 'beta.kubernetes.io/arch', kind: 'label', description: 'CPU architecture of the node (beta label).', setBy: 'kubelet', deprecated: { since: '1.14', replacement: 'kubernetes.io/arch' }, onNodes: true },
  { key: 'topology.kubernetes.io/zone', kind: 'label', description: 'Availability zone of the node.', setBy: 'kubelet or cloud controller manager', onNodes: true },
  { key: 'topology.kubernetes.io/region', kind: 'label', description: 'Region of the node.', setBy: 'kubelet or cloud controller manager', onNodes: true },
  { key: 'failure-domain.beta.kubernetes.io/zone', kind: 'label', description: 'Availability zone of the node (beta label).', setBy: 'kubelet or cloud controller manager', deprecated: { since: '1.17', replacement: 'topology.kubernetes.io/zone' }, onNodes: true },
  { key: 'failure-domain.beta.kubernetes.io/region', kind: 'label', description: 'Region of the node (beta label).', setBy: 'kubelet or cloud controller manager', deprecated: { since: '1.17', replacement: 'topology.kubernetes.io/region' }, onNodes: true },
  { key: 'node.kubernetes.io/instance-type', kind: 'label', description: 'Cloud instance type of the node.', setBy: 'kubelet or cloud controller manager', onNodes: true },
  { key: 'beta.kubernetes.io/instance-type', kind: 'label', description: 'Cloud instance type of the node (beta label).', setBy: 'kubelet or cloud controller manager', deprecated: { since: '1.17', replacement: 'node.kubernetes.io/instance-type' }, onNodes: true },
  { key: 'node.kubernetes.io/windows-build', kind: 'label', description: 'Windows build of the node (MajorVersion.MinorVersion.BuildNumber).', setBy: 'kubelet', onNodes: true },
  { key: 'node.kubernetes.io/exclude-from-external-load-balancers', kind: 'label', description: 'Excludes the node from external load balancer target pools (kubeadm sets it on control planes).', setBy: 'kubeadm or an administrator', onNodes: true },
  { key: 'node-role.kubernetes.io/control-plane', kind: 'label', description: 'Marks a control-plane node (value usually empty).', setBy: 'kubeadm (1.20 and later)', onNodes: true },
  { key: 'node-role.kubernetes.io/master', kind: 'label', description: 'Marks a control-plane node, older key (value usually empty).', setBy: 'kubeadm (up to 1.23)', deprecated: { since: '1.20', replacement: 'node-role.kubernetes.io/control-plane' }, onNodes: true },
  { key: 'kubernetes.io/metadata.name', kind: 'label', description: 'The name of a namespace, set on Namespace objects (not on nodes).', setBy: 'API server', onNodes: false },
  { key: 'service.kubernetes.io/headless', kind: 'label', description: 'Marks the Endpoints of a headless Service (not on nodes).', setBy: 'endpoints controller', onNodes: false },
  { key: 'kubelet.kubernetes.io/', kind: 'prefix', description: 'Label namespace a kubelet may set on its own node.', setBy: 'kubelet', onNodes: true },
  { key: 'node.kubernetes.io/', kind: 'prefix', description: 'Label namespace a kubelet may set on its own node.', setBy: 'kubelet', onNodes: true },
  { key: 'node-restriction.kubernetes.io/', kind: 'prefix', description: 'Label namespace a kubelet may NOT set on its own node (NodeRestriction): safe for selecting trusted nodes.', setBy: 'administrators only', onNodes: true },
];

const taintsByKey: ReadonlyMap<string, WellKnownTaint> = new Map(WELL_KNOWN_TAINTS.map((entry) => [entry.key, entry]));
const labelsByKey: ReadonlyMap<string, WellKnownLabel> = new Map(
  WELL_KNOWN_LABELS.filter((entry) => entry.kind === 'label').map((entry) => [entry.key, entry]),
);

export const wellKnownTaint = (key: string): WellKnownTaint | undefined => taintsByKey.get(key);

/** The entry of a label key, or of the label namespace (`node.kubernetes.io/`) it belongs to. */
export function wellKnownLabel(key: string): WellKnownLabel | undefined {
  const exact = labelsByKey.get(key);
  if (exact) return exact;
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash + 1);
  return WELL_KNOWN_LABELS.find((entry) => entry.kind === 'prefix' && entry.key === prefix);
}

/** Whether the default daemon tolerations (§2) cover a taint key and effect for a pod with or without hostNetwork. */
export function defaultTolerates(key: string, effect: string, hostNetwork: boolean): boolean {
  const entry = taintsByKey.get(key);
  if (!entry) return false;
  return entry.defaultTolerated.some((d) => d.effect === effect && (d.when === 'always' || hostNetwork));
}

/**
 * A short parenthesis that explains why a well-known taint is untolerated, when the reason is a common surprise
 * (default tolerations that are effect-specific or hostNetwork-only, control-plane keys). Undefined otherwise.
 */
export function untoleratedTaintHint(key: string, effect: string, hostNetwork: boolean): string | undefined {
  const entry = taintsByKey.get(key);
  if (!entry) return undefined;
  const short = key.slice(key.indexOf('/') + 1);
  const coveredEffects = entry.defaultTolerated.filter((d) => d.when === 'always' || hostNetwork).map((d) => d.effect);
  if (coveredEffects.length > 0 && !coveredEffects.includes(effect as WellKnownEffect)) {
    return `the default tolerations cover \`${short}\` only for ${coveredEffects.join(', ')}`;
  }
  if (entry.defaultTolerated.some((d) => d.when === 'hostNetwork') && !hostNetwork) {
    return 'tolerated by default only for hostNetwork pods';
  }
  if (key === 'node-role.kubernetes.io/control-plane' || key === 'node-role.kubernetes.io/master') {
    return 'control-plane node; tolerate both `control-plane` and `master` to cover every kubeadm version';
  }
  if (key === 'node.kubernetes.io/out-of-service') return 'the node was marked out of service';
  return undefined;
}
