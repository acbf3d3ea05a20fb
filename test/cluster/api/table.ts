/**
 * Server-side printing: the `meta.k8s.io` Table that `kubectl get` asks for, with the columns and cell
 * formats of kube's own printers (pkg/printers/internalversion), priority-1 columns being the `-o wide` ones.
 */
import { asArray, asNumber, asRecord, asString, isRecord, stringMap, type JsonObject, type KubeObject } from './objects';
import type { ResourceType } from './resources';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'date';
  format: string;
  description: string;
  priority: number;
}

interface Printer {
  columns: ColumnDefinition[];
  row(object: KubeObject, now: number): unknown[];
}

const column = (name: string, type: ColumnDefinition['type'] = 'string', priority = 0, format = ''): ColumnDefinition => ({
  name,
  type,
  format,
  description: `${name} of the object`,
  priority,
});

const nameColumn = column('Name', 'string', 0, 'name');
const ageColumn = column('Age');

/** `duration.HumanDuration`: 45s, 3m20s, 15m, 5h12m, 3d4h, 2y10d. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

function age(object: KubeObject, now: number): string {
  const created = object.metadata.creationTimestamp;
  if (!created) return '<unknown>';
  return humanDuration(now - Date.parse(created));
}

/** `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const map = stringMap(labels);
  const keys = Object.keys(map).sort();
  return keys.length === 0 ? '<none>' : keys.map((key) => `${key}=${map[key]}`).join(',');
}

/** `metav1.FormatLabelSelector`. */
export function formatLabelSelector(selector: unknown): string {
  if (!isRecord(selector)) return '<none>';
  const parts = Object.keys(stringMap(selector.matchLabels))
    .sort()
    .map((key) => `${key}=${stringMap(selector.matchLabels)[key]}`);
  for (const raw of asArray(selector.matchExpressions)) {
    const expression = asRecord(raw);
    const key = asString(expression.key) ?? '';
    const values = asArray(expression.values).map(String).join(',');
    switch (expression.operator) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

const orNone = (value: string | undefined): string => (value ? value : '<none>');

function podStatusReason(pod: KubeObject): string {
  const status = asRecord(pod.status);
  let reason = asString(status.reason) || asString(status.phase) || 'Pending';
  let hasRunning = false;
  const statuses = asArray(status.containerStatuses).map(asRecord);
  for (let index = statuses.length - 1; index >= 0; index--) {
    const state = asRecord(statuses[index]?.state);
    const waiting = asString(asRecord(state.waiting).reason);
    const terminated = asRecord(state.terminated);
    if (waiting) reason = waiting;
    else if (asString(terminated.reason)) reason = asString(terminated.reason) as string;
    else if (isRecord(state.running) && statuses[index]?.ready === true) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

const printers: Readonly<Record<string, Printer>> = {
  'core/pods': {
    columns: [
      nameColumn, column('Ready'), column('Status'), column('Restarts'), ageColumn,
      column('IP', 'string', 1), column('Node', 'string', 1), column('Nominated Node', 'string', 1), column('Readiness Gates', 'string', 1),
    ],
    row(pod, now) {
      const spec = asRecord(pod.spec);
      const status = asRecord(pod.status);
      const statuses = asArray(status.containerStatuses).map(asRecord);
      const total = asArray(spec.containers).length;
      const ready = statuses.filter((entry) => entry.ready === true).length;
      const restarts = statuses.reduce((sum, entry) => sum + (asNumber(entry.restartCount) ?? 0), 0);
      const gates = asArray(spec.readinessGates);
      return [
        pod.metadata.name, `${ready}/${total}`, podStatusReason(pod), String(restarts), age(pod, now),
        orNone(asString(status.podIP)), orNone(asString(spec.nodeName)), orNone(asString(status.nominatedNodeName)),
        gates.length === 0 ? '<none>' : `0/${gates.length}`,
      ];
    },
  },
  'core/nodes': {
    columns: [
      nameColumn, column('Status'), column('Roles'), ageColumn, column('Version'),
      column('Internal-IP', 'string', 1), column('External-IP', 'string', 1), column('OS-Image', 'string', 1),
      column('Kernel-Version', 'string', 1), column('Container-Runtime', 'string', 1),
    ],
    row(node, now) {
      const status = asRecord(node.status);
      const ready = asArray(status.conditions).map(asRecord).find((condition) => condition.type === 'Ready');
      let state = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
      if (asRecord(node.spec).unschedulable === true) state += ',SchedulingDisabled';
      const labels = stringMap(node.metadata.labels);
      const roles = new Set<string>();
      for (const [key, value] of Object.entries(labels)) {
        if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
        else if (key === 'kubernetes.io/role' && value) roles.add(value);
      }
      const address = (type: string): string | undefined =>
        asString(asArray(status.addresses).map(asRecord).find((entry) => entry.type === type)?.address);
      const info = asRecord(status.nodeInfo);
      return [
        node.metadata.name, state, roles.size === 0 ? '<none>' : [...roles].sort().join(','), age(node, now),
        asString(info.kubeletVersion) ?? '', orNone(address('InternalIP')), orNone(address('ExternalIP')),
        asString(info.osImage) || '<unknown>', asString(info.kernelVersion) || '<unknown>',
        asString(info.containerRuntimeVersion) || '<unknown>',
      ];
    },
  },
  'apps/daemonsets': {
    columns: [
      nameColumn, column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'),
      column('Up-to-date', 'integer'), column('Available', 'integer'), column('Node Selector'), ageColumn,
      column('Containers', 'string', 1), column('Images', 'string', 1), column('Selector', 'string', 1),
    ],
    row(ds, now) {
      const spec = asRecord(ds.spec);
      const status = asRecord(ds.status);
      const podSpec = asRecord(asRecord(spec.template).spec);
      const containers = asArray(podSpec.containers).map(asRecord);
      const count = (key: string): number => asNumber(status[key]) ?? 0;
      return [
        ds.metadata.name, count('desiredNumberScheduled'), count('currentNumberScheduled'), count('numberReady'),
        count('updatedNumberScheduled'), count('numberAvailable'), formatLabels(podSpec.nodeSelector), age(ds, now),
        containers.map((container) => asString(container.name) ?? '').join(','),
        containers.map((container) => asString(container.image) ?? '').join(','),
        formatLabelSelector(spec.selector),
      ];
    },
  },
  'core/namespaces': {
    columns: [nameColumn, column('Status'), ageColumn],
    row: (ns, now) => [ns.metadata.name, asString(asRecord(ns.status).phase) ?? '', age(ns, now)],
  },
  'core/services': {
    columns: [
      nameColumn, column('Type'), column('Cluster-IP'), column('External-IP'), column('Port(s)'), ageColumn,
      column('Selector', 'string', 1),
    ],
    row(service, now) {
      const spec = asRecord(service.spec);
      const type = asString(spec.type) ?? 'ClusterIP';
      const ports = asArray(spec.ports).map(asRecord).map((port) =>
        port.nodePort ? `${String(port.port)}:${String(port.nodePort)}/${String(port.protocol ?? 'TCP')}` : `${String(port.port)}/${String(port.protocol ?? 'TCP')}`);
      const external = type === 'LoadBalancer' ? '<pending>' : asArray(spec.externalIPs).map(String).join(',') || '<none>';
      return [
        service.metadata.name, type, asString(spec.clusterIP) || '<none>', external, ports.join(',') || '<none>',
        age(service, now), formatLabels(spec.selector),
      ];
    },
  },
  'core/serviceaccounts': {
    columns: [nameColumn, column('Secrets', 'integer'), ageColumn],
    row: (sa, now) => [sa.metadata.name, asArray(sa.secrets).length, age(sa, now)],
  },
  'core/configmaps': {
    columns: [nameColumn, column('Data', 'integer'), ageColumn],
    row: (cm, now) => [cm.metadata.name, Object.keys(asRecord(cm.data)).length + Object.keys(asRecord(cm.binaryData)).length, age(cm, now)],
  },
  'core/events': {
    columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), column('Message')],
    row(event, now) {
      const involved = asRecord(event.involvedObject);
      const last = asString(event.lastTimestamp) ?? event.metadata.creationTimestamp;
      return [
        last ? humanDuration(now - Date.parse(last)) : '<unknown>', asString(event.type) ?? '', asString(event.reason) ?? '',
        `${String(involved.kind ?? '').toLowerCase()}/${String(involved.name ?? '')}`, asString(event.message) ?? '',
      ];
    },
  },
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** The object embedded in a row: `PartialObjectMetadata` by default, as `includeObject=Metadata`. */
function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

export function toTable(type: ResourceType, objects: readonly KubeObject[], meta: TableMeta, include: IncludeObject, tableVersion: string, withColumns = true): JsonObject {
  const printer = printers[type.id] ?? { columns: [nameColumn, ageColumn], row: (o: KubeObject, now: number) => [o.metadata.name, age(o, now)] };
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${tableVersion}`,
    metadata: meta,
    columnDefinitions: withColumns ? printer.columns : [],
    rows: objects.map((object) => {
      const embedded = rowObject(object, include);
      return embedded === undefined ? { cells: printer.row(object, now) } : { cells: printer.row(object, now), object: embedded };
    }),
  };
}
