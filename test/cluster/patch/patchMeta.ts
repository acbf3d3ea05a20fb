/**
 * Strategic-merge metadata of the served kinds: which lists merge by which key, as the Go struct tags of
 * k8s.io/api say (`patchStrategy:"merge" patchMergeKey:"name"`). Lists not named here are atomic (replaced
 * whole); note that `PodSpec.tolerations` and `NodeSpec.taints` are atomic in Kubernetes too, so
 * `kubectl taint` and `kubectl apply` send the whole list.
 *
 * The same table feeds the `x-kubernetes-patch-*` extensions of the served OpenAPI, so kubectl computes its
 * patches with the same merge keys this server applies them with.
 */

export interface FieldMeta {
  /** The struct type of the field (of each item, for lists). */
  type?: string;
  /** `merge` lists merge items by `mergeKey` (or as a set of primitives when there is no key). */
  strategy?: 'merge';
  mergeKey?: string;
  /** `retainKeys`: keys of the item not in the patch are cleared (union members such as volume sources). */
  retainKeys?: boolean;
}

export type TypeMeta = Readonly<Record<string, FieldMeta>>;

const merge = (mergeKey: string | undefined, type?: string, retainKeys = false): FieldMeta => ({
  strategy: 'merge',
  ...(mergeKey ? { mergeKey } : {}),
  ...(type ? { type } : {}),
  ...(retainKeys ? { retainKeys } : {}),
});

const types: Readonly<Record<string, TypeMeta>> = {
  ObjectMeta: { ownerReferences: merge('uid'), finalizers: merge(undefined) },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: merge('name', undefined, true),
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'Container'),
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: merge('topologyKey'),
    resourceClaims: merge('name', undefined, true),
    schedulingGates: merge('name'),
  },
  Container: {
    ports: merge('containerPort'),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  PodStatus: { conditions: merge('type'), podIPs: merge('ip'), hostIPs: merge('ip') },
  Pod: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  NodeSpec: { podCIDRs: merge(undefined) },
  NodeStatus: { conditions: merge('type'), addresses: merge('type') },
  Node: { metadata: { type: 'ObjectMeta' }, spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  ServiceSpec: { ports: merge('port') },
  Service: { metadata: { type: 'ObjectMeta' }, spec: { type: 'ServiceSpec' } },
  ServiceAccount: { metadata: { type: 'ObjectMeta' }, secrets: merge('name') },
  DaemonSetSpec: { template: { type: 'PodTemplateSpec' } },
  DaemonSetStatus: { conditions: merge('type') },
  DaemonSet: { metadata: { type: 'ObjectMeta' }, spec: { type: 'DaemonSetSpec' }, status: { type: 'DaemonSetStatus' } },
  NamespaceStatus: { conditions: merge('type') },
  Namespace: { metadata: { type: 'ObjectMeta' }, status: { type: 'NamespaceStatus' } },
  ConfigMap: { metadata: { type: 'ObjectMeta' } },
  Event: { metadata: { type: 'ObjectMeta' } },
};

/** The metadata of a struct type by its Go name (`PodSpec`); unknown types have no merge lists. */
export function typeMeta(type: string | undefined): TypeMeta {
  return (type && types[type]) || {};
}

/** The field metadata for every (type, field) pair, for the OpenAPI extensions. */
export function allPatchMeta(): Readonly<Record<string, TypeMeta>> {
  return types;
}
