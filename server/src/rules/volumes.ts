/**
 * The pod template's volumes and the containers' volume mounts, as `ValidateVolumes`, `validateVolumeSource`,
 * `validateHostPathVolumeSource` and `validateVolumeMounts` (pkg/apis/core/validation) check them: the API server
 * rejects each of these, and a JSON schema cannot see them (they relate two lists, or count fields).
 */
import { dns1123LabelErrors } from '../kube/names';
import type { Finding, Fix, Path, Rule, RuleContext } from './types';
import { describeType, editDistance, get, isDaemonSet, isRecord, podContainers, podSpecPath, show } from './util';

export const volumesRule: Rule = {
  id: 'volumes',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'volume-name-invalid', severity: 'error', title: 'A volume name is missing, not a lowercase RFC 1123 label, or used twice' },
    { code: 'volume-source-invalid', severity: 'error', title: 'A volume must have exactly one volume type (hostPath, configMap, ...)' },
    { code: 'volume-host-path-invalid', severity: 'error', title: 'A hostPath volume needs a path without `..` and a known type' },
    { code: 'volume-mount-not-found', severity: 'error', title: 'A volume mount names a volume the pod does not have' },
    { code: 'volume-mount-path-invalid', severity: 'error', title: 'A volume mount needs a mountPath, unique within its container' },
  ],
  check: checkVolumes,
};

/** The fields of core/v1 VolumeSource: a volume has exactly one. */
const volumeTypes: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

const hostPathTypes: readonly string[] = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

function checkVolumes(context: RuleContext): Finding[] {
  const podSpec = get(context.resource.object, podSpecPath);
  if (!isRecord(podSpec)) return [];
  const findings: Finding[] = [];
  const names = new Set<string>();
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  volumes.forEach((volume, index) => {
    if (!isRecord(volume)) return;
    const path: Path = [...podSpecPath, 'volumes', index];
    findings.push(...volumeNameFindings(volume, path, names), ...volumeSourceFindings(volume, path));
  });
  for (const { container, path } of podContainers(podSpec)) {
    if (Array.isArray(container.volumeMounts)) findings.push(...mountFindings(container.volumeMounts, [...path, 'volumeMounts'], names));
  }
  return findings;
}

function volumeNameFindings(volume: Record<string, unknown>, path: Path, names: Set<string>): Finding[] {
  const name = volume.name;
  if (name === undefined || name === null || name === '') {
    return [{ code: 'volume-name-invalid', message: 'Every volume needs a `name`: Required value.', path: name === undefined ? path : [...path, 'name'] }];
  }
  if (typeof name !== 'string') return [{ code: 'volume-name-invalid', message: `The volume name must be a string, not ${describeType(name)}.`, path: [...path, 'name'] }];
  const findings: Finding[] = [];
  const error = dns1123LabelErrors(name)[0];
  if (error) findings.push({ code: 'volume-name-invalid', message: `Invalid volume name ${show(name)}: ${error}.`, path: [...path, 'name'] });
  if (names.has(name)) findings.push({ code: 'volume-name-invalid', message: `Duplicate value ${show(name)}: volume names must be unique.`, path: [...path, 'name'] });
  names.add(name);
  return findings;
}

function volumeSourceFindings(volume: Record<string, unknown>, path: Path): Finding[] {
  const present = volumeTypes.filter((type) => volume[type] !== undefined && volume[type] !== null);
  if (present.length === 0) {
    const unknown = Object.keys(volume).filter((key) => key !== 'name');
    const near = unknown.flatMap((key) => volumeTypes.filter((type) => editDistance(key.toLowerCase(), type.toLowerCase()) <= 2).map((type) => [key, type] as const));
    return [
      {
        code: 'volume-source-invalid',
        message:
          'Required value: must specify a volume type (one of hostPath, emptyDir, configMap, secret, projected, persistentVolumeClaim, csi, ...).' +
          (near.length === 1 ? ` \`${near[0]![0]}\` is not one: did you mean \`${near[0]![1]}\`?` : ''),
        path: near.length === 1 ? [...path, near[0]![0]] : path,
        target: near.length === 1 ? 'key' : undefined,
      },
    ];
  }
  const findings: Finding[] = present.slice(1).map((type) => ({
    code: 'volume-source-invalid',
    message: `Forbidden: may not specify more than 1 volume type (this volume has ${present.map((t) => `\`${t}\``).join(' and ')}).`,
    path: [...path, type],
    target: 'key' as const,
  }));
  if (present[0] === 'hostPath' && present.length === 1) findings.push(...hostPathFindings(volume.hostPath, [...path, 'hostPath']));
  return findings;
}

function hostPathFindings(hostPath: unknown, path: Path): Finding[] {
  if (!isRecord(hostPath)) return [];
  const findings: Finding[] = [];
  const hostFilePath = hostPath.path;
  if (hostFilePath === undefined || hostFilePath === null || hostFilePath === '') {
    findings.push({ code: 'volume-host-path-invalid', message: '`hostPath.path`: Required value: the path on the node.', path: hostFilePath === undefined ? path : [...path, 'path'] });
  } else if (typeof hostFilePath === 'string' && hostFilePath.split(/[\\/]/).includes('..')) {
    findings.push({ code: 'volume-host-path-invalid', message: `Invalid value ${show(hostFilePath)}: must not contain '..'.`, path: [...path, 'path'] });
  }
  const type = hostPath.type;
  if (type !== undefined && type !== null && (typeof type !== 'string' || !hostPathTypes.includes(type))) {
    const fixed = typeof type === 'string' ? hostPathTypes.find((candidate) => candidate !== '' && candidate.toLowerCase() === type.toLowerCase()) : undefined;
    findings.push({
      code: 'volume-host-path-invalid',
      message: `Unsupported value ${show(type)} for hostPath.type: supported values: ${hostPathTypes.filter((t) => t !== '').map((t) => `"${t}"`).join(', ')} (or empty: no check).`,
      path: [...path, 'type'],
      ...(fixed ? { fixes: [{ title: `Set type: ${fixed}`, edits: [{ kind: 'set', path: [...path, 'type'], value: fixed }], preferred: true }] } : {}),
    });
  }
  return findings;
}

function mountFindings(mounts: readonly unknown[], path: Path, volumes: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const mountPaths = new Set<string>();
  mounts.forEach((mount, index) => {
    if (!isRecord(mount)) return;
    const mountPath: Path = [...path, index];
    const name = mount.name;
    if (name === undefined || name === null || name === '') {
      findings.push({ code: 'volume-mount-not-found', message: 'Every volume mount needs the `name` of a volume: Required value.', path: name === undefined ? mountPath : [...mountPath, 'name'] });
    } else if (typeof name === 'string' && !volumes.has(name)) {
      const near = [...volumes].filter((volume) => editDistance(volume, name) <= 2);
      const fixes: Fix[] = near.map((volume, i) => ({ title: `Mount volume \`${volume}\``, edits: [{ kind: 'set', path: [...mountPath, 'name'], value: volume }], preferred: near.length === 1 && i === 0 }));
      findings.push({
        code: 'volume-mount-not-found',
        message:
          `Not found: ${show(name)}: the pod template has no volume of that name` +
          (volumes.size > 0 ? ` (its volumes: ${[...volumes].map((volume) => show(volume)).join(', ')}).` : ' (it has no `volumes`).'),
        path: [...mountPath, 'name'],
        ...(fixes.length > 0 ? { fixes } : {}),
      });
    }
    const target = mount.mountPath;
    if (target === undefined || target === null || target === '') {
      findings.push({ code: 'volume-mount-path-invalid', message: '`mountPath`: Required value: where the volume appears in the container.', path: target === undefined ? mountPath : [...mountPath, 'mountPath'] });
    } else if (typeof target === 'string') {
      if (mountPaths.has(target)) {
        findings.push({ code: 'volume-mount-path-invalid', message: `Invalid value ${show(target)}: must be unique (another mount of this container uses it).`, path: [...mountPath, 'mountPath'] });
      }
      mountPaths.add(target);
    }
  });
  return findings;
}
