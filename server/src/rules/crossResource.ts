/**
 * Selectors of other resources in the same file that were meant for a DaemonSet's pods but select none of them:
 * Services (`spec.selector` map), PodDisruptionBudgets (`spec.selector`) and NetworkPolicies (`spec.podSelector`).
 * "Meant for" is a heuristic: the selector shares a label key with the DaemonSet's pod template, and it selects
 * the pods of no workload of the file in that namespace. The finding belongs to the selecting resource.
 */
import { compileLabelSelector, failingRequirements, formatRequirement, selectorMatches, type CompiledLabelSelector, type SelectorRequirement } from '../kube/labelSelector';
import type { LabelSelector } from '../kube/types';
import type { Finding, Path, Resource, Rule, RuleContext, StructuralEdit } from './types';
import { editDistance, get, isDaemonSet, isRecord, labelsOf, show } from './util';

interface SelectingKind {
  apiVersions: ReadonlySet<string>;
  path: Path;
  /** `map`: a Service's plain label map; `labelSelector`: a metav1.LabelSelector. */
  form: 'map' | 'labelSelector';
  noun: string;
}

const selectingKinds: ReadonlyMap<string, SelectingKind> = new Map([
  ['Service', { apiVersions: new Set(['v1']), path: ['spec', 'selector'], form: 'map', noun: 'Service' }],
  ['PodDisruptionBudget', { apiVersions: new Set(['policy/v1', 'policy/v1beta1']), path: ['spec', 'selector'], form: 'labelSelector', noun: 'PodDisruptionBudget' }],
  ['NetworkPolicy', { apiVersions: new Set(['networking.k8s.io/v1', 'extensions/v1beta1']), path: ['spec', 'podSelector'], form: 'labelSelector', noun: 'NetworkPolicy' }],
] as const);

/** Where other workloads keep their pod labels, to tell "meant for the DaemonSet" from "meant for a Deployment". */
const podLabelPaths: ReadonlyMap<string, Path> = new Map([
  ['Deployment', ['spec', 'template', 'metadata', 'labels']],
  ['StatefulSet', ['spec', 'template', 'metadata', 'labels']],
  ['ReplicaSet', ['spec', 'template', 'metadata', 'labels']],
  ['ReplicationController', ['spec', 'template', 'metadata', 'labels']],
  ['Job', ['spec', 'template', 'metadata', 'labels']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels']],
  ['Pod', ['metadata', 'labels']],
  ['DaemonSet', ['spec', 'template', 'metadata', 'labels']],
] as const);

export const crossResourceRule: Rule = {
  id: 'cross-resource',
  readsFile: true,
  appliesTo: (resource) => selectingKinds.get(resource.kind)?.apiVersions.has(resource.apiVersion) === true,
  codes: [{ code: 'selector-misses-daemonset-pods', severity: 'warning', title: 'A Service, PodDisruptionBudget or NetworkPolicy selects none of the pods of a DaemonSet it shares labels with' }],
  check: checkCrossResource,
};

const namespaceOf = (resource: Resource): string => resource.namespace || 'default';

/** At most this many equally close DaemonSets are named; more means the selector is not about any one of them. */
const maxNamed = 3;

interface Workload {
  resource: Resource;
  labels: Record<string, string>;
  daemonSet: boolean;
}

/** The workloads of one namespace of a file, indexed by label key and by `key=value`. */
interface NamespaceWorkloads {
  all: Workload[];
  byKey: Map<string, Workload[]>;
  byLabel: Map<string, Workload[]>;
  /** The workloads' objects, in file order: the next version of the file reuses this index when they are the same. */
  objects: unknown[];
}

/**
 * The workloads of a file by namespace, built once per file: every Service of a file of thousands of documents
 * would otherwise walk the whole file.
 */
const workloadIndex = new WeakMap<readonly Resource[], Map<string, NamespaceWorkloads>>();
const noWorkloads: NamespaceWorkloads = { all: [], byKey: new Map(), byLabel: new Map(), objects: [] };
/**
 * The latest index of each namespace. The document model hands unchanged documents' objects over from one version
 * of a file to the next, so after an edit that touched no workload of a namespace the same objects come back and
 * the namespace's index, and the findings computed against it, are reused as they are.
 */
const latestByNamespace = new Map<string, NamespaceWorkloads>();
/** Namespaces remembered at most (a file of many namespaces, or many files): past that, start over. */
const maxRemembered = 512;
/** Findings per selecting resource, valid while its namespace's index is the same object. */
const findingsCache = new WeakMap<object, { workloads: NamespaceWorkloads; findings: Finding[] }>();

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function workloadsIn(file: readonly Resource[], namespace: string): NamespaceWorkloads {
  let index = workloadIndex.get(file);
  if (!index) {
    const members = new Map<string, Resource[]>();
    for (const resource of file) if (podLabelPaths.has(resource.kind)) push(members, namespaceOf(resource), resource);
    index = new Map();
    for (const [name, resources] of members) {
      const latest = latestByNamespace.get(name);
      const same = latest !== undefined && latest.objects.length === resources.length && resources.every((resource, i) => resource.object === latest.objects[i]);
      let workloads = same ? latest : indexWorkloads(resources);
      // An edit that changed a workload but none of what this rule reads of it (name, kind, pod labels) keeps the
      // namespace's index, and with it every finding computed against it: typing in a DaemonSet's container args
      // must not re-check every Service of the file.
      if (!same && latest !== undefined && sameWorkloads(latest, workloads)) {
        latest.all.forEach((workload, i) => (workload.resource = workloads.all[i]!.resource));
        latest.objects = workloads.objects;
        workloads = latest;
      }
      if (latestByNamespace.size >= maxRemembered && !latestByNamespace.has(name)) latestByNamespace.clear();
      latestByNamespace.set(name, workloads);
      index.set(name, workloads);
    }
    workloadIndex.set(file, index);
  }
  return index.get(namespace) ?? noWorkloads;
}

function indexWorkloads(resources: readonly Resource[]): NamespaceWorkloads {
  const workloads: NamespaceWorkloads = { all: [], byKey: new Map(), byLabel: new Map(), objects: resources.map((resource) => resource.object) };
  for (const resource of resources) {
    const workload = { resource, labels: labelsOf(get(resource.object, podLabelPaths.get(resource.kind)!)), daemonSet: isDaemonSet(resource) };
    workloads.all.push(workload);
    for (const [key, value] of Object.entries(workload.labels)) {
      push(workloads.byKey, key, workload);
      push(workloads.byLabel, `${key}=${value}`, workload);
    }
  }
  return workloads;
}

/** Whether two indexes hold the same workloads as far as this rule is concerned (its findings would be the same). */
function sameWorkloads(a: NamespaceWorkloads, b: NamespaceWorkloads): boolean {
  if (a.all.length !== b.all.length) return false;
  return a.all.every((x, i) => {
    const y = b.all[i]!;
    return x.daemonSet === y.daemonSet && x.resource.name === y.resource.name && x.resource.namespace === y.resource.namespace && sameLabels(x.labels, y.labels);
  });
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]);
}

/** Whether the selector selects the pods of some workload: only those with the label of one `key=value` requirement can match. */
function selectsSomeWorkload(selector: CompiledLabelSelector, workloads: NamespaceWorkloads): boolean {
  const anchor = selector.requirements.find((requirement) => requirement.operator === 'In' && requirement.values.length === 1);
  const pool = anchor
    ? workloads.byLabel.get(`${anchor.key}=${anchor.values[0]}`) ?? []
    : workloads.all;
  return pool.some((workload) => selectorMatches(selector, workload.labels));
}

function checkCrossResource(context: RuleContext): Finding[] {
  const { resource, file } = context;
  const workloads = workloadsIn(file, namespaceOf(resource));
  const object = resource.object as object;
  const cached = findingsCache.get(object);
  if (cached?.workloads === workloads) return cached.findings;
  const findings = findMissedDaemonSets(resource, workloads);
  findingsCache.set(object, { workloads, findings });
  return findings;
}

function findMissedDaemonSets(resource: Resource, workloads: NamespaceWorkloads): Finding[] {
  const kind = selectingKinds.get(resource.kind);
  if (!kind) return [];
  const raw = get(resource.object, kind.path);
  const selector = compileSelector(raw, kind.form);
  // Only ordinary selectors: none (a Service without selector has manual endpoints), everything, or invalid are not ours.
  if (selector.kind !== 'requirements') return [];

  if (selectsSomeWorkload(selector, workloads)) return [];

  const sharing = new Set(selector.requirements.flatMap((requirement) => workloads.byKey.get(requirement.key) ?? []));
  const candidates = [...sharing]
    .filter((workload) => workload.daemonSet)
    .map(({ resource: daemonSet, labels }) => {
      const failing = failingRequirements(selector, labels);
      return { daemonSet, labels, failing, score: selector.requirements.length - failing.length };
    });
  // Several DaemonSets share a key (often `app`): the closest ones are the likely targets. When no requirement
  // holds for any of them, or many are equally close, which one was meant is a guess: say nothing.
  const best = candidates.reduce((max, candidate) => Math.max(max, candidate.score), -1);
  const closest = candidates.filter((candidate) => candidate.score === best);
  if (closest.length > maxNamed || (best === 0 && closest.length > 1)) return [];
  // With no requirement holding, only the same name or a near miss (a typo) says the DaemonSet was meant: a
  // Service `kube-dns-upstream` that selects `k8s-app=kube-dns` next to a DaemonSet labelled
  // `k8s-app=node-local-dns` targets other pods on purpose.
  const meant = ({ daemonSet, labels, failing }: (typeof closest)[number]): boolean =>
    (resource.name !== '' && resource.name === daemonSet.name) || failing.every((requirement) => nearMiss(requirement, labels));
  if (best === 0 && !closest.every(meant)) return [];
  return closest
    .map(({ daemonSet, labels, failing }) => finding(kind, raw, daemonSet, labels, failing));
}

function nearMiss(requirement: SelectorRequirement, labels: Record<string, string>): boolean {
  const actual = labels[requirement.key];
  if (actual === undefined || requirement.operator !== 'In') return false;
  return requirement.values.some((value) => editDistance(value.toLowerCase(), actual.toLowerCase()) <= 2);
}


function compileSelector(raw: unknown, form: SelectingKind['form']): CompiledLabelSelector {
  if (form === 'map') {
    if (!isRecord(raw) || Object.keys(raw).length === 0) return { kind: 'nothing', requirements: [] };
    return compileLabelSelector({ matchLabels: raw as Record<string, string> });
  }
  return isRecord(raw) ? compileLabelSelector(raw as LabelSelector) : { kind: 'nothing', requirements: [] };
}

function entryPath(kind: SelectingKind, requirement: SelectorRequirement): Path {
  if (kind.form === 'map') return requirement.source.kind === 'matchLabels' ? [...kind.path, requirement.source.key] : kind.path;
  return requirement.source.kind === 'matchLabels'
    ? [...kind.path, 'matchLabels', requirement.source.key]
    : [...kind.path, 'matchExpressions', requirement.source.index];
}

function finding(
  kind: SelectingKind,
  raw: unknown,
  daemonSet: Resource,
  labels: Record<string, string>,
  failing: readonly SelectorRequirement[],
): Finding {
  const differences = failing.map((requirement) => {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    return `it requires ${show(formatRequirement(requirement))}, but the pod template ${has ? `has ${show(`${requirement.key}=${labels[requirement.key]}`)}` : `has no label ${show(requirement.key)}`}`;
  });
  const name = daemonSet.name || '(unnamed)';
  const fix = alignFix(kind, raw, labels, failing, name);
  return {
    code: 'selector-misses-daemonset-pods',
    message:
      `This ${kind.noun} selects no pod of DaemonSet ${show(name)} (namespace ${namespaceOfDisplay(daemonSet)}), ` +
      `although it shares label keys with its pod template: ${differences.join('; ')}.`,
    path: kind.path,
    related: [
      ...failing.map((requirement) => ({ path: entryPath(kind, requirement), message: `differs from DaemonSet ${show(name)}'s pod labels` })),
      {
        in: { kind: daemonSet.kind, name: daemonSet.name, namespace: daemonSet.namespace },
        path: ['spec', 'template', 'metadata', 'labels'],
        message: `the pod labels of DaemonSet ${show(name)}`,
      },
    ],
    ...(fix ? { fixes: [fix] } : {}),
  };
}

const namespaceOfDisplay = (resource: Resource): string => (resource.namespace ? show(resource.namespace) : 'not set, `default`');

/** Make plain label entries agree with the DaemonSet's pod labels: change differing values, drop absent keys. */
function alignFix(
  kind: SelectingKind,
  raw: unknown,
  labels: Record<string, string>,
  failing: readonly SelectorRequirement[],
  name: string,
): { title: string; edits: StructuralEdit[] } | undefined {
  if (failing.some((requirement) => requirement.source.kind !== 'matchLabels')) return undefined;
  const entries = kind.form === 'map' ? raw : isRecord(raw) ? raw.matchLabels : undefined;
  const remaining = isRecord(entries) ? Object.keys(entries).length : 0;
  const removed = failing.filter((requirement) => !Object.prototype.hasOwnProperty.call(labels, requirement.key)).length;
  const expressions = kind.form === 'labelSelector' && isRecord(raw) && Array.isArray(raw.matchExpressions) ? raw.matchExpressions.length : 0;
  if (remaining - removed + expressions === 0) return undefined;
  const edits: StructuralEdit[] = failing.map((requirement) => {
    const path = entryPath(kind, requirement);
    return Object.prototype.hasOwnProperty.call(labels, requirement.key)
      ? { kind: 'set', path, value: labels[requirement.key] }
      : { kind: 'delete', path };
  });
  return { title: `Select the pods of DaemonSet \`${name}\``, edits };
}
