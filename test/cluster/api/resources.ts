/**
 * The resource types the test cluster serves, described once: discovery, OpenAPI, routing, storage keys,
 * field selectors and the table printers all read this list.
 */
import { asRecord, asString, type KubeObject } from './objects';

export interface ResourceType {
  /** Storage and lookup key: `core/pods`, `apps/daemonsets`. */
  id: string;
  group: string;
  version: string;
  /** `v1` or `apps/v1`. */
  apiVersion: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  /** Whether `/status` exists (and main-resource writes ignore status, status writes ignore the rest). */
  hasStatus: boolean;
  /** Field selector fields beyond `metadata.name` and `metadata.namespace`. */
  fields: Readonly<Record<string, (object: KubeObject) => string>>;
  /** The client-node model class of the kind, for the OpenAPI schema (`V1Pod`). */
  model: string;
}

const get = (object: KubeObject, ...path: string[]): string => {
  let value: unknown = object;
  for (const step of path) value = asRecord(value)[step];
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return asString(value) ?? '';
};

function resource(
  spec: Omit<ResourceType, 'id' | 'apiVersion' | 'listKind' | 'fields' | 'shortNames' | 'categories' | 'model'> &
    Partial<Pick<ResourceType, 'fields' | 'shortNames' | 'categories'>>,
): ResourceType {
  return {
    ...spec,
    id: `${spec.group || 'core'}/${spec.plural}`,
    apiVersion: spec.group ? `${spec.group}/${spec.version}` : spec.version,
    listKind: `${spec.kind}List`,
    fields: spec.fields ?? {},
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    model: `V1${spec.kind}`,
  };
}

export const namespaces = resource({
  group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false,
  shortNames: ['ns'], hasStatus: true, fields: { 'status.phase': (o) => get(o, 'status', 'phase') },
});

export const nodes = resource({
  group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false,
  shortNames: ['no'], hasStatus: true,
  fields: { 'spec.unschedulable': (o) => get(o, 'spec', 'unschedulable') || 'false' },
});

export const pods = resource({
  group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true,
  shortNames: ['po'], categories: ['all'], hasStatus: true,
  fields: {
    'spec.nodeName': (o) => get(o, 'spec', 'nodeName'),
    'spec.restartPolicy': (o) => get(o, 'spec', 'restartPolicy'),
    'spec.schedulerName': (o) => get(o, 'spec', 'schedulerName'),
    'spec.serviceAccountName': (o) => get(o, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => get(o, 'spec', 'hostNetwork') || 'false',
    'status.phase': (o) => get(o, 'status', 'phase'),
    'status.podIP': (o) => get(o, 'status', 'podIP'),
    'status.nominatedNodeName': (o) => get(o, 'status', 'nominatedNodeName'),
  },
});

export const services = resource({
  group: '', version: 'v1', kind: 'Service', plural: 'services', singular: 'service', namespaced: true,
  shortNames: ['svc'], categories: ['all'], hasStatus: true,
  fields: { 'spec.clusterIP': (o) => get(o, 'spec', 'clusterIP'), 'spec.type': (o) => get(o, 'spec', 'type') },
});

export const serviceAccounts = resource({
  group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', singular: 'serviceaccount',
  namespaced: true, shortNames: ['sa'], hasStatus: false,
});

export const configMaps = resource({
  group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true,
  shortNames: ['cm'], hasStatus: false,
});

export const events = resource({
  group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true,
  shortNames: ['ev'], hasStatus: false,
  fields: {
    'involvedObject.kind': (o) => get(o, 'involvedObject', 'kind'),
    'involvedObject.name': (o) => get(o, 'involvedObject', 'name'),
    'involvedObject.namespace': (o) => get(o, 'involvedObject', 'namespace'),
    'involvedObject.uid': (o) => get(o, 'involvedObject', 'uid'),
    reason: (o) => get(o, 'reason'),
    type: (o) => get(o, 'type'),
  },
});

export const daemonSets = resource({
  group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', namespaced: true,
  shortNames: ['ds'], categories: ['all'], hasStatus: true,
});

export const allResources: readonly ResourceType[] = [
  namespaces, nodes, pods, services, serviceAccounts, configMaps, events, daemonSets,
];

/** The API groups in discovery order (`""` is the legacy core group under `/api`). */
export const groups: readonly { group: string; version: string }[] = [
  { group: '', version: 'v1' },
  { group: 'apps', version: 'v1' },
];

export function resourcesOf(group: string, version: string): ResourceType[] {
  return allResources.filter((type) => type.group === group && type.version === version);
}

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return allResources.find((type) => type.group === group && type.version === version && type.plural === plural);
}

export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return allResources.find((type) => type.apiVersion === apiVersion && type.kind === kind);
}

/** `daemonsets.apps` / `pods`: the qualified resource name used in error messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** `DaemonSet.apps` / `Pod`: the qualified kind used in "is invalid" messages. */
export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}
