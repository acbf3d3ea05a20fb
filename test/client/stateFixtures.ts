/**
 * Hand-built model states for the pure tree tests: nodes, DaemonSets and pods in the model's compact records.
 */
import type { ClusterState, PodsState } from '../../client/src/cluster/model';
import type { DaemonSetCounts, DaemonSetRecord, NodeRecord, PodRecord } from '../../client/src/cluster/objects';
import type { SessionView } from '../../client/src/cluster/session';
import type { Taint, Toleration } from '../../server/src/kube/types';

export const controlPlaneTaint: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
export const gpuTaint: Taint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

export function node(name: string, options: { labels?: Record<string, string>; taints?: Taint[]; ready?: NodeRecord['ready']; unschedulable?: boolean } = {}): NodeRecord {
  return { name, labels: options.labels ?? {}, taints: options.taints ?? [], ready: options.ready ?? 'True', unschedulable: options.unschedulable ?? false };
}

export function counts(partial: Partial<DaemonSetCounts> = {}): DaemonSetCounts {
  const desired = partial.desired ?? 0;
  return {
    desired,
    current: desired,
    ready: desired,
    updated: desired,
    available: desired,
    unavailable: 0,
    misscheduled: 0,
    observedGeneration: 1,
    ...partial,
  };
}

export function daemonSet(
  namespace: string,
  name: string,
  options: { tolerations?: Toleration[]; nodeSelector?: Record<string, string>; status?: Partial<DaemonSetCounts>; generation?: number } = {},
): DaemonSetRecord {
  const spec: Record<string, unknown> = {};
  if (options.tolerations) spec.tolerations = options.tolerations;
  if (options.nodeSelector) spec.nodeSelector = options.nodeSelector;
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    uid: `uid-${name}`,
    generation: options.generation ?? 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec },
    updateStrategy: 'RollingUpdate',
    status: counts(options.status),
  };
}

export function pod(ds: DaemonSetRecord, nodeName: string, options: Partial<PodRecord> = {}): PodRecord {
  const name = `${ds.name}-${nodeName}`;
  return {
    key: `${ds.namespace}/${name}`,
    namespace: ds.namespace,
    name,
    uid: `uid-${name}`,
    nodeName,
    phase: 'Running',
    ready: true,
    restarts: 0,
    deleting: false,
    controllerUid: ds.uid,
    ...options,
  };
}

export function state(
  nodes: NodeRecord[],
  daemonSets: DaemonSetRecord[],
  pods: Record<string, PodRecord[] | PodsState> = {},
  extra: Partial<ClusterState> = {},
): ClusterState {
  return {
    context: { name: 'demo', cluster: 'demo-cluster', user: 'admin', server: 'https://10.0.0.1:6443' },
    phase: 'ready',
    stale: false,
    namespaces: undefined,
    nodes,
    nodesByName: new Map(nodes.map((n) => [n.name, n])),
    nodesVersion: 1,
    nodesLoaded: true,
    daemonSets,
    pods: new Map(Object.entries(pods).map(([key, value]) => [key, Array.isArray(value) ? { phase: 'ready', pods: value } : value])),
    version: 1,
    modelId: 1,
    ...extra,
  };
}

export function contextView(current: ClusterState, fileContext = current.context.name): SessionView {
  return { kind: 'context', origin: 'default', paths: ['/home/me/.kube/config'], context: current.context, contexts: [current.context], fileContext, problems: [] };
}
