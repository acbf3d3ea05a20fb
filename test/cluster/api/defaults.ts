/**
 * API defaulting, the subset kubectl users see in `-o yaml` for the served kinds (apps/v1 and core/v1
 * `SetDefaults_*`). Defaults matter for more than looks: the DaemonSet's `updateStrategy` defaults drive the
 * controller, and kubectl's three-way apply diff compares against the defaulted live object.
 */
import { asArray, asRecord, isRecord, type JsonObject, type KubeObject } from './objects';

function setDefault(target: JsonObject, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null || target[key] === '') target[key] = value;
}

function defaultContainer(container: JsonObject): void {
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  const image = typeof container.image === 'string' ? container.image : '';
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  setDefault(container, 'imagePullPolicy', tag === 'latest' ? 'Always' : 'IfNotPresent');
  for (const port of asArray(container.ports)) if (isRecord(port)) setDefault(port, 'protocol', 'TCP');
  setDefault(container, 'resources', {});
}

/** Pod spec defaults (`SetDefaults_PodSpec`, container defaults), in place on a fresh copy. */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  if (spec.serviceAccountName) setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  for (const list of ['containers', 'initContainers']) {
    for (const container of asArray(spec[list])) {
      if (!isRecord(container)) continue;
      defaultContainer(container);
      if (spec.hostNetwork === true) {
        for (const port of asArray(container.ports)) if (isRecord(port)) setDefault(port, 'hostPort', port.containerPort);
      }
    }
  }
}

function defaultDaemonSet(object: KubeObject): void {
  const spec = asRecord(object.spec);
  object.spec = spec;
  const strategy = asRecord(spec.updateStrategy);
  spec.updateStrategy = strategy;
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = asRecord(strategy.rollingUpdate);
    strategy.rollingUpdate = rolling;
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  const template = asRecord(spec.template);
  spec.template = template;
  const templateSpec = asRecord(template.spec);
  template.spec = templateSpec;
  defaultPodSpec(templateSpec);
}

function defaultPod(object: KubeObject): void {
  const spec = asRecord(object.spec);
  object.spec = spec;
  setDefault(spec, 'serviceAccountName', 'default');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  setDefault(spec, 'priority', 0);
}

function defaultService(object: KubeObject): void {
  const spec = asRecord(object.spec);
  object.spec = spec;
  setDefault(spec, 'type', 'ClusterIP');
  if (spec.type !== 'ExternalName' && !spec.clusterIP) {
    spec.clusterIP = `10.96.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
  }
  if (spec.clusterIP && spec.clusterIP !== 'None') setDefault(spec, 'clusterIPs', [spec.clusterIP]);
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  for (const port of asArray(spec.ports)) {
    if (!isRecord(port)) continue;
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
}

function defaultNamespace(object: KubeObject): void {
  const name = object.metadata.name ?? '';
  object.metadata.labels = { ...(object.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  const spec = asRecord(object.spec);
  object.spec = spec;
  setDefault(spec, 'finalizers', ['kubernetes']);
  const status = asRecord(object.status);
  object.status = status;
  setDefault(status, 'phase', 'Active');
}

const defaulters: Readonly<Record<string, (object: KubeObject) => void>> = {
  'apps/daemonsets': defaultDaemonSet,
  'core/pods': defaultPod,
  'core/services': defaultService,
  'core/namespaces': defaultNamespace,
};

/** Applies the kind's defaults in place (the caller passes a fresh copy). */
export function applyDefaults(resource: string, object: KubeObject): void {
  defaulters[resource]?.(object);
}
