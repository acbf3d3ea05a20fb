/**
 * Discovery: `/version`, the legacy `/api`, `/apis`, `/api/v1`, `/apis/apps(/v1)` documents, and the
 * aggregated `apidiscovery.k8s.io/v2` form that kubectl 1.32 asks for first (one request per root instead
 * of one per group version).
 */
import { groups, resourcesOf, type ResourceType } from '../api/resources';
import type { JsonObject } from '../api/objects';

export const kubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.0' };

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const statusVerbs = ['get', 'patch', 'update'];

export function versionInfo(): JsonObject {
  return {
    major: kubernetesVersion.major,
    minor: kubernetesVersion.minor,
    gitVersion: kubernetesVersion.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const groupVersion = (group: string, version: string): string => (group ? `${group}/${version}` : version);

export function legacyApiVersions(serverAddress: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string): JsonObject {
  const versions = groups.filter((entry) => entry.group === group).map((entry) => ({ groupVersion: groupVersion(group, entry.version), version: entry.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): JsonObject {
  const named = [...new Set(groups.map((entry) => entry.group).filter((group) => group !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: named.map(apiGroup) };
}

export function apiGroupDocument(group: string): JsonObject | undefined {
  if (!groups.some((entry) => entry.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

export function apiResourceList(group: string, version: string): JsonObject | undefined {
  const types = resourcesOf(group, version);
  if (types.length === 0) return undefined;
  const resources: JsonObject[] = [];
  for (const type of types) {
    resources.push({
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs,
      ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length ? { categories: type.categories } : {}),
    });
    if (type.hasStatus) {
      resources.push({ name: `${type.plural}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: statusVerbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

function discoveryResource(type: ResourceType): JsonObject {
  const responseKind = { group: type.group, version: type.version, kind: type.kind };
  return {
    resource: type.plural,
    responseKind,
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs,
    ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length ? { categories: type.categories } : {}),
    ...(type.hasStatus ? { subresources: [{ subresource: 'status', responseKind, verbs: statusVerbs }] } : {}),
  };
}

/** The aggregated discovery document of `/api` (legacy: true) or `/apis`. */
export function aggregatedDiscovery(legacy: boolean, apiVersion: string): JsonObject {
  const names = [...new Set(groups.map((entry) => entry.group))].filter((group) => (group === '') === legacy);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: names.map((group) => ({
      metadata: { ...(group ? { name: group } : {}), creationTimestamp: null },
      versions: groups
        .filter((entry) => entry.group === group)
        .map((entry) => ({ version: entry.version, resources: resourcesOf(group, entry.version).map(discoveryResource), freshness: 'Current' })),
    })),
  };
}
