/**
 * Builders for scenario objects: Nodes that look like kubelet-registered nodes (labels, addresses, node
 * info, conditions), DaemonSets from a few fields, and the namespaces every cluster has.
 */
import type { JsonObject } from '../api/objects';

export interface NodeSpecInput {
  name: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  /** The Ready condition: True (default), False (NotReady) or Unknown (unreachable). */
  ready?: 'True' | 'False' | 'Unknown';
  unschedulable?: boolean;
  /** The InternalIP; defaults to one derived from `index`. */
  ip?: string;
  index?: number;
  kubeletVersion?: string;
}

export function node(input: NodeSpecInput): JsonObject {
  const index = input.index ?? 0;
  const ip = input.ip ?? `10.0.${Math.floor(index / 250)}.${(index % 250) + 2}`;
  const ready = input.ready ?? 'True';
  const transition = '2024-12-01T00:00:00Z';
  const condition = (type: string, status: string, reason: string, message: string): JsonObject => ({
    type, status, lastHeartbeatTime: transition, lastTransitionTime: transition, reason, message,
  });
  const readyReason = ready === 'True' ? 'KubeletReady' : ready === 'False' ? 'KubeletNotReady' : 'NodeStatusUnknown';
  const readyMessage = ready === 'True' ? 'kubelet is posting ready status' : ready === 'False' ? 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady' : 'Kubelet stopped posting node status.';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: input.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': input.name,
        'kubernetes.io/os': 'linux',
        ...input.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      podCIDR: `10.244.${index % 250}.0/24`,
      podCIDRs: [`10.244.${index % 250}.0/24`],
      ...(input.unschedulable ? { unschedulable: true } : {}),
      ...(input.taints && input.taints.length > 0 ? { taints: input.taints } : {}),
    },
    status: {
      capacity: { cpu: '8', 'ephemeral-storage': '101203028Ki', memory: '32863436Ki', pods: '110' },
      allocatable: { cpu: '8', 'ephemeral-storage': '93270815831', memory: '32761036Ki', pods: '110' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', ready, readyReason, readyMessage),
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: input.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `${index.toString(16).padStart(32, '0')}`,
        systemUUID: `00000000-0000-0000-0000-${index.toString(16).padStart(12, '0')}`,
        bootID: `00000000-0000-0000-0001-${index.toString(16).padStart(12, '0')}`,
        kernelVersion: '6.1.0-27-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: input.kubeletVersion ?? 'v1.32.0',
        kubeProxyVersion: input.kubeletVersion ?? 'v1.32.0',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) } };
}

/** The namespaces and the `kubernetes` Service that every cluster starts with. */
export function baseObjects(): JsonObject[] {
  return [
    namespace('default'),
    namespace('kube-system'),
    namespace('kube-public'),
    namespace('kube-node-lease'),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
    },
  ];
}

export interface DaemonSetInput {
  name: string;
  namespace: string;
  image: string;
  /** Labels of the pods and the selector (defaults to `app: <name>`). */
  labels?: Record<string, string>;
  tolerations?: JsonObject[];
  nodeSelector?: Record<string, string>;
  affinity?: JsonObject;
  hostNetwork?: boolean;
  priorityClassName?: string;
  updateStrategy?: JsonObject;
}

export function daemonSet(input: DaemonSetInput): JsonObject {
  const labels = input.labels ?? { app: input.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      ...(input.updateStrategy ? { updateStrategy: input.updateStrategy } : {}),
      template: {
        metadata: { labels },
        spec: {
          ...(input.hostNetwork ? { hostNetwork: true } : {}),
          ...(input.priorityClassName ? { priorityClassName: input.priorityClassName } : {}),
          ...(input.nodeSelector ? { nodeSelector: input.nodeSelector } : {}),
          ...(input.affinity ? { affinity: input.affinity } : {}),
          ...(input.tolerations ? { tolerations: input.tolerations } : {}),
          containers: [{ name: input.name, image: input.image, resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
        },
      },
    },
  };
}
