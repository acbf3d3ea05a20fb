/**
 * Tolerations the API server accepts but that do not do what their author meant: the kubeadm master ->
 * control-plane taint rename (semantics doc §7.3), tolerationSeconds on a toleration the DaemonSet controller
 * replaces by its default (§2), and `Equal` without a value on taints that always carry one (§3.1).
 */
import type { Finding, Fix, Path, Rule, RuleContext } from './types';
import { get, isDaemonSet, podSpecPath, show } from './util';
import { field, tolerationEntries, tolerationsPath } from './tolerations';

const masterKey = 'node-role.kubernetes.io/master';
const controlPlaneKey = 'node-role.kubernetes.io/control-plane';

/**
 * The controller's default tolerations (`AddOrUpdateDaemonPodTolerations`, §2). A user toleration with the same
 * key, operator, value and effect is replaced by the default one, which has no tolerationSeconds.
 */
const defaultTolerations: readonly { key: string; effect: string; hostNetworkOnly?: boolean }[] = [
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule', hostNetworkOnly: true },
];

/**
 * Taints that are normally set with a value, so that `Equal` (or no operator) without a value never tolerates
 * them. The values are the ones the named component sets.
 */
const valuedTaints: ReadonlyMap<string, { values: readonly string[]; setBy: string }> = new Map([
  ['node.cloudprovider.kubernetes.io/uninitialized', { values: ['true'], setBy: 'the kubelet with an external cloud provider' }],
  ['CriticalAddonsOnly', { values: ['true'], setBy: 'GKE, AKS and EKS system node pools' }],
  ['nvidia.com/gpu', { values: ['present', 'true'], setBy: 'GKE (`present`) and other GPU node pools' }],
  ['cloud.google.com/gke-spot', { values: ['true'], setBy: 'GKE Spot node pools' }],
  ['cloud.google.com/gke-preemptible', { values: ['true'], setBy: 'GKE preemptible node pools' }],
  ['kubernetes.azure.com/scalesetpriority', { values: ['spot'], setBy: 'AKS Spot node pools' }],
  ['sku', { values: ['gpu'], setBy: 'AKS GPU node pools' }],
  ['node.kubernetes.io/out-of-service', { values: ['nodeshutdown'], setBy: 'administrators after a non-graceful node shutdown' }],
  ['ToBeDeletedByClusterAutoscaler', { values: [], setBy: 'the cluster autoscaler, with a timestamp as the value' }],
  ['DeletionCandidateOfClusterAutoscaler', { values: [], setBy: 'the cluster autoscaler, with a timestamp as the value' }],
  ['karpenter.sh/disruption', { values: ['disrupted'], setBy: 'Karpenter' }],
  ['node.cilium.io/agent-not-ready', { values: ['true'], setBy: 'Cilium' }],
]);

export const tolerationPitfallsRule: Rule = {
  id: 'toleration-pitfalls',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'toleration-master-without-control-plane', severity: 'warning', title: 'Tolerates the master taint but not node-role.kubernetes.io/control-plane (kubeadm 1.24+)' },
    { code: 'toleration-control-plane-without-master', severity: 'information', title: 'Tolerates the control-plane taint but not the master taint of clusters up to 1.24' },
    { code: 'toleration-seconds-overwritten', severity: 'warning', title: 'tolerationSeconds is dropped: the DaemonSet controller replaces this toleration by its default' },
    { code: 'toleration-equal-without-value', severity: 'warning', title: 'Equal without a value does not tolerate a taint that carries a value' },
  ],
  check: checkTolerationPitfalls,
};

function checkTolerationPitfalls(context: RuleContext): Finding[] {
  const object = context.resource.object;
  const entries = tolerationEntries(object);
  const hostNetwork = get(object, [...podSpecPath, 'hostNetwork']) === true;
  const findings: Finding[] = [...controlPlaneFindings(entries)];
  for (const { toleration, path } of entries) {
    findings.push(...overwrittenFindings(toleration, path, hostNetwork), ...equalWithoutValueFindings(toleration, path));
  }
  return findings;
}

type Entry = ReturnType<typeof tolerationEntries>[number];

function controlPlaneFindings(entries: readonly Entry[]): Finding[] {
  // `{operator: Exists}` with no key tolerates both taints (or, with an effect, both equally): nothing to compare.
  if (entries.some(({ toleration }) => field(toleration, 'key') === '' && field(toleration, 'operator') === 'Exists')) return [];
  const master = entries.find(({ toleration }) => field(toleration, 'key') === masterKey);
  const controlPlane = entries.find(({ toleration }) => field(toleration, 'key') === controlPlaneKey);
  if (master && !controlPlane) {
    return [
      {
        code: 'toleration-master-without-control-plane',
        message:
          `This DaemonSet tolerates \`${masterKey}\` but not \`${controlPlaneKey}\`. kubeadm deprecated the master taint in 1.20, ` +
          'put both taints on control-plane nodes in 1.24, and uses only the control-plane taint since 1.25: this DaemonSet will not ' +
          'run on the control-plane nodes of 1.24+ clusters. Tolerate both keys to run on control planes of every version.',
        path: [...master.path, 'key'],
        fixes: [mirrorFix(master, controlPlaneKey)],
      },
    ];
  }
  if (controlPlane && !master) {
    return [
      {
        code: 'toleration-control-plane-without-master',
        message:
          `This DaemonSet tolerates \`${controlPlaneKey}\` but not \`${masterKey}\`. Control-plane nodes of clusters up to 1.24 carry the ` +
          'master taint (1.24 carries both), so on those clusters this DaemonSet does not run on control planes. Only 1.25+ clusters ' +
          'need the control-plane toleration alone.',
        path: [...controlPlane.path, 'key'],
        fixes: [mirrorFix(controlPlane, masterKey)],
      },
    ];
  }
  return [];
}

/** A copy of a toleration (operator, value, effect, tolerationSeconds as written) for another key. */
function mirrorFix(entry: Entry, key: string): Fix {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entry.toleration)) copy[name] = name === 'key' ? key : value;
  // An `Exists` toleration's value is itself an error (toleration-exists-with-value): do not copy it.
  if (copy.operator === 'Exists') delete copy.value;
  return { title: `Also tolerate ${key}`, edits: [{ kind: 'append', path: tolerationsPath, value: copy }], preferred: true };
}

function overwrittenFindings(toleration: Record<string, unknown>, path: Path, hostNetwork: boolean): Finding[] {
  if (toleration.tolerationSeconds === undefined || toleration.tolerationSeconds === null) return [];
  const key = field(toleration, 'key');
  const effect = field(toleration, 'effect');
  // tolerationSeconds with another effect is already rejected (toleration-seconds-requires-no-execute).
  if (effect !== 'NoExecute' || field(toleration, 'operator') !== 'Exists' || field(toleration, 'value') !== '') return [];
  const replaced = defaultTolerations.find((candidate) => candidate.key === key && candidate.effect === effect && (!candidate.hostNetworkOnly || hostNetwork));
  if (!replaced) return [];
  const secondsPath = [...path, 'tolerationSeconds'];
  return [
    {
      code: 'toleration-seconds-overwritten',
      message:
        `The DaemonSet controller replaces this toleration by its default \`${key}:${effect}\` toleration (same key, operator, value and effect), ` +
        `which tolerates forever; tolerationSeconds ${show(toleration.tolerationSeconds)} is ignored. DaemonSet pods are never evicted for this taint.`,
      path: secondsPath,
      target: 'key',
      fixes: [{ title: 'Remove tolerationSeconds', edits: [{ kind: 'delete', path: secondsPath }], preferred: true }],
    },
  ];
}

function equalWithoutValueFindings(toleration: Record<string, unknown>, path: Path): Finding[] {
  const key = field(toleration, 'key');
  const operator = field(toleration, 'operator');
  const known = valuedTaints.get(key);
  if (!known || (operator !== '' && operator !== 'Equal') || field(toleration, 'value') !== '') return [];
  const usual = known.values.length ? ` (usually \`${key}=${known.values[0]}\`, set by ${known.setBy})` : ` (set by ${known.setBy})`;
  const fixes: Fix[] = [{ title: 'Set operator: Exists', edits: [{ kind: 'set', path: [...path, 'operator'], value: 'Exists' }], preferred: true }];
  for (const value of known.values) fixes.push({ title: `Set value: ${value}`, edits: [{ kind: 'set', path: [...path, 'value'], value }] });
  return [
    {
      code: 'toleration-equal-without-value',
      message:
        `${operator ? 'Operator Equal' : 'No operator (Equal)'} without a value tolerates only \`${key}\` taints with an empty value, ` +
        `but this taint carries a value${usual}. Use \`operator: Exists\` to tolerate it whatever its value.`,
      path: [...path, 'key'],
      fixes,
    },
  ];
}
