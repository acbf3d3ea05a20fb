/**
 * The pods a DaemonSet controller creates (kubernetes-daemonset-semantics.md §5.5): the template, the
 * default tolerations, the `controller-revision-hash` and `pod-template-generation` labels, an owner
 * reference, the required node affinity replaced by one `matchFields` term for the node, and (this cluster
 * has no scheduler) the node name bound directly.
 */
import { addOrUpdateDaemonPodTolerations } from '../../../server/src/kube/defaultTolerations';
import type { Toleration } from '../../../server/src/kube/types';
import { asRecord, cloneJson, isRecord, stringMap, type JsonObject, type KubeObject } from '../api/objects';

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `controller.ComputeHash`: FNV-32a of the template, encoded as `rand.SafeEncodeString` does (e.g. `6d4cf56db6`). */
export function templateHash(template: unknown): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(stableJson(template))) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((char) => safeAlphabet[char.charCodeAt(0) % safeAlphabet.length]).join('');
}

/** The new pod for `nodeName` (created with `generateName`: the API server picks the suffix). */
export function daemonPod(ds: KubeObject, nodeName: string, hash: string): JsonObject {
  const spec = asRecord(ds.spec);
  const template = asRecord(cloneJson(spec.template));
  const templateMeta = asRecord(template.metadata);
  const podSpec = asRecord(template.spec);
  const tolerations = Array.isArray(podSpec.tolerations) ? (podSpec.tolerations as Toleration[]) : undefined;
  podSpec.tolerations = addOrUpdateDaemonPodTolerations(tolerations, podSpec.hostNetwork === true);
  const affinity = asRecord(podSpec.affinity);
  affinity.nodeAffinity = {
    ...asRecord(affinity.nodeAffinity),
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
    },
  };
  podSpec.affinity = affinity;
  podSpec.nodeName = nodeName;
  const labels: Record<string, string> = { ...stringMap(templateMeta.labels), 'controller-revision-hash': hash };
  if (ds.metadata.generation !== undefined) labels['pod-template-generation'] = String(ds.metadata.generation);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata.name ?? ''}-`,
      namespace: ds.metadata.namespace,
      labels,
      ...(isRecord(templateMeta.annotations) ? { annotations: templateMeta.annotations } : {}),
      ownerReferences: [
        { apiVersion: ds.apiVersion, kind: ds.kind, name: ds.metadata.name ?? '', uid: ds.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: podSpec,
  };
}
