/**
 * The built-in scenarios: `demo` (the DaemonSet pitfalls in one small cluster), `kubeadm-1.24` (a control
 * plane carrying both the master and the control-plane taint) and `scale` (N nodes, 30 DaemonSets).
 */
import type { JsonObject } from '../api/objects';
import { baseObjects, daemonSet, namespace, node } from './builders';

const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
const masterTaint = { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' };
const gpuTaint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const controlPlaneLabels = { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' };
const zone = (name: string): Record<string, string> => ({ 'topology.kubernetes.io/region': 'eu-west-1', 'topology.kubernetes.io/zone': `eu-west-1${name}` });

/** An image that never pulls (see `neverPullImages`): its pods show ImagePullBackOff. */
export const unpullableDemoImage = 'registry.invalid/nvidia/k8s-device-plugin:v0.17.0';

/**
 * control-plane-1 (control-plane taint), worker-1..3, gpu-1 (`nvidia.com/gpu=present:NoSchedule`), worker-4
 * NotReady; kube-proxy (tolerates everything), node-exporter (tolerates the control plane), fluent-bit (no
 * tolerations), and a GPU device plugin whose image never pulls.
 */
export function demoScenario(): JsonObject[] {
  return [
    ...baseObjects(),
    namespace('monitoring'),
    namespace('logging'),
    node({ name: 'control-plane-1', index: 1, labels: { ...controlPlaneLabels, ...zone('a') }, taints: [controlPlaneTaint] }),
    node({ name: 'worker-1', index: 11, labels: zone('a') }),
    node({ name: 'worker-2', index: 12, labels: zone('b') }),
    node({ name: 'worker-3', index: 13, labels: zone('c') }),
    node({ name: 'worker-4', index: 14, labels: zone('c'), ready: 'False' }),
    node({
      name: 'gpu-1',
      index: 21,
      labels: { ...zone('a'), 'nvidia.com/gpu.present': 'true', 'node.kubernetes.io/instance-type': 'g5.xlarge' },
      taints: [gpuTaint],
    }),
    daemonSet({
      name: 'kube-proxy', namespace: 'kube-system', image: 'registry.k8s.io/kube-proxy:v1.32.0',
      labels: { 'k8s-app': 'kube-proxy' }, hostNetwork: true, priorityClassName: 'system-node-critical',
      nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }],
    }),
    daemonSet({
      name: 'node-exporter', namespace: 'monitoring', image: 'quay.io/prometheus/node-exporter:v1.8.2',
      labels: { 'app.kubernetes.io/name': 'node-exporter' }, hostNetwork: true,
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    }),
    daemonSet({
      name: 'fluent-bit', namespace: 'logging', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9',
      labels: { 'app.kubernetes.io/name': 'fluent-bit' },
    }),
    daemonSet({
      name: 'nvidia-device-plugin', namespace: 'kube-system', image: unpullableDemoImage,
      labels: { name: 'nvidia-device-plugin-ds' }, nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    }),
  ];
}

/** A kubeadm 1.24 cluster: the control plane has both taints; a DaemonSet tolerating only `master` misses it. */
export function kubeadm124Scenario(): JsonObject[] {
  return [
    ...baseObjects(),
    namespace('monitoring'),
    node({
      name: 'control-plane-1', index: 1, kubeletVersion: 'v1.24.17', labels: controlPlaneLabels,
      taints: [masterTaint, controlPlaneTaint],
    }),
    node({ name: 'worker-1', index: 11, kubeletVersion: 'v1.24.17' }),
    node({ name: 'worker-2', index: 12, kubeletVersion: 'v1.24.17' }),
    daemonSet({
      name: 'kube-proxy', namespace: 'kube-system', image: 'registry.k8s.io/kube-proxy:v1.24.17',
      labels: { 'k8s-app': 'kube-proxy' }, hostNetwork: true, tolerations: [{ operator: 'Exists' }],
    }),
    daemonSet({
      name: 'node-exporter', namespace: 'monitoring', image: 'quay.io/prometheus/node-exporter:v1.8.2',
      labels: { 'app.kubernetes.io/name': 'node-exporter' }, hostNetwork: true,
      tolerations: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' }],
    }),
  ];
}

/**
 * `count` nodes (3 control planes, about 5% GPU nodes, 1% NotReady, 1% cordoned, three zones, three
 * instance types) and 30 DaemonSets: a few on every node, most selecting a zone, an instance type or the
 * GPU nodes.
 */
export function scaleScenario(count: number): JsonObject[] {
  const objects: JsonObject[] = [...baseObjects(), namespace('monitoring'), namespace('logging'), namespace('security'), namespace('networking')];
  const zones = ['a', 'b', 'c'];
  const instanceTypes = ['m6i.large', 'm6i.xlarge', 'c6i.2xlarge'];
  const width = String(count).length;
  for (let index = 0; index < count; index++) {
    const controlPlane = index < 3;
    const name = controlPlane ? `control-plane-${index + 1}` : `node-${String(index).padStart(width, '0')}`;
    const gpu = !controlPlane && index % 20 === 7;
    const labels: Record<string, string> = {
      ...zone(zones[index % 3] as string),
      'node.kubernetes.io/instance-type': gpu ? 'g5.xlarge' : (instanceTypes[index % 3] as string),
      ...(controlPlane ? controlPlaneLabels : {}),
      ...(gpu ? { 'nvidia.com/gpu.present': 'true' } : {}),
    };
    objects.push(node({
      name, index, labels,
      taints: [...(controlPlane ? [controlPlaneTaint] : []), ...(gpu ? [gpuTaint] : [])],
      ...(index % 100 === 42 ? { ready: 'False' as const } : {}),
      ...(index % 100 === 43 ? { unschedulable: true } : {}),
    }));
  }
  const images = ['registry.example/agent:1.0.0', 'registry.example/collector:2.3.1', 'registry.example/scanner:0.9.4'];
  const spaces = ['kube-system', 'monitoring', 'logging', 'security', 'networking'];
  for (let index = 0; index < 30; index++) {
    const ns = spaces[index % spaces.length] as string;
    const name = `agent-${String(index + 1).padStart(2, '0')}`;
    const image = images[index % images.length] as string;
    let placement: Partial<Parameters<typeof daemonSet>[0]>;
    if (index < 3) placement = { tolerations: [{ operator: 'Exists' }], hostNetwork: true };
    else if (index < 6) placement = { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] };
    else if (index < 10) placement = { nodeSelector: { 'nvidia.com/gpu.present': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] };
    else if (index < 22) placement = { nodeSelector: { 'topology.kubernetes.io/zone': `eu-west-1${zones[index % 3] as string}`, 'node.kubernetes.io/instance-type': instanceTypes[index % 3] as string } };
    else placement = { nodeSelector: { 'node.kubernetes.io/instance-type': instanceTypes[index % 3] as string }, tolerations: [{ key: 'example.com/dedicated', operator: 'Exists' }] };
    objects.push(daemonSet({ name, namespace: ns, image, ...placement }));
  }
  return objects;
}
