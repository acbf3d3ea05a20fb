/**
 * Container environment variables as `ValidateEnv`, `validateEnvVarValueFrom` and `validateObjectFieldSelector` /
 * `validateContainerResourceFieldSelector` (pkg/apis/core/validation) check them. DaemonSets read the node they run
 * on through the downward API (`spec.nodeName`, `status.hostIP`): a misspelt field path is rejected at apply time.
 */
import type { Finding, Fix, Path, Rule, RuleContext } from './types';
import { get, isDaemonSet, isRecord, podContainers, podSpecPath, show } from './util';

export const envRule: Rule = {
  id: 'env',
  appliesTo: isDaemonSet,
  codes: [{ code: 'env-invalid', severity: 'error', title: 'An environment variable has no name, both a value and a valueFrom, or a valueFrom the API server rejects' }],
  check: checkEnv,
};

const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;

/** `validEnvDownwardAPIFieldPathExpressions`; labels and annotations only one at a time (`metadata.labels['app']`). */
const fieldPaths: readonly string[] = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const subscripted = /^metadata\.(labels|annotations)\['[^']+'\]$/;

/** `validContainerResourceFieldPathExpressions` and the huge-page prefixes. */
const resourceFields: readonly string[] = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

function checkEnv(context: RuleContext): Finding[] {
  const podSpec = get(context.resource.object, podSpecPath);
  if (!isRecord(podSpec)) return [];
  const findings: Finding[] = [];
  for (const { container, path } of podContainers(podSpec)) {
    if (!Array.isArray(container.env)) continue;
    container.env.forEach((variable, index) => {
      if (isRecord(variable)) findings.push(...variableFindings(variable, [...path, 'env', index]));
    });
  }
  return findings;
}

function variableFindings(variable: Record<string, unknown>, path: Path): Finding[] {
  const findings: Finding[] = [];
  const report = (at: Path, message: string, fixes?: Fix[], target?: 'key'): void => {
    findings.push({ code: 'env-invalid', message, path: at, ...(target ? { target } : {}), ...(fixes?.length ? { fixes } : {}) });
  };
  const name = variable.name;
  if (name === undefined || name === null || name === '') report(name === undefined ? path : [...path, 'name'], 'Every environment variable needs a `name`: Required value.');
  else if (typeof name === 'string' && /[^\x20-\x7e]|=/.test(name)) report([...path, 'name'], `Invalid value ${show(name)}: a valid environment variable name must consist only of printable ASCII characters other than '='.`);

  const valueFrom = variable.valueFrom;
  if (valueFrom === undefined || valueFrom === null) return findings;
  const value = variable.value;
  if (typeof value === 'string' && value !== '') {
    report([...path, 'valueFrom'], 'Invalid value: `valueFrom` may not be specified when `value` is not empty.', [{ title: 'Remove value', edits: [{ kind: 'delete', path: [...path, 'value'] }] }], 'key');
  }
  if (!isRecord(valueFrom)) return findings;
  const present = sources.filter((source) => valueFrom[source] !== undefined && valueFrom[source] !== null);
  if (present.length === 0) report([...path, 'valueFrom'], 'Invalid value: `valueFrom` must specify one of: fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef (or fileKeyRef).', undefined, 'key');
  for (const extra of present.slice(1)) {
    report([...path, 'valueFrom', extra], `Invalid value: may not have more than one field specified at a time (this valueFrom has ${present.map((s) => `\`${s}\``).join(' and ')}).`, undefined, 'key');
  }
  const fieldRef = valueFrom.fieldRef;
  if (isRecord(fieldRef)) {
    const fieldPath = fieldRef.fieldPath;
    const at = [...path, 'valueFrom', 'fieldRef', 'fieldPath'];
    if (fieldPath === undefined || fieldPath === null || fieldPath === '') {
      report(fieldPath === undefined ? [...path, 'valueFrom', 'fieldRef'] : at, '`fieldPath`: Required value: which field of the pod to read (spec.nodeName, status.hostIP, ...).');
    } else if (typeof fieldPath === 'string' && !fieldPaths.includes(fieldPath) && !subscripted.test(fieldPath)) {
      const fixed = fieldPaths.find((candidate) => candidate.toLowerCase() === fieldPath.toLowerCase());
      report(
        at,
        `Unsupported value ${show(fieldPath)} for fieldPath: supported values: ${fieldPaths.map((p) => `"${p}"`).join(', ')}, and metadata.labels['<key>'] / metadata.annotations['<key>'].`,
        fixed ? [{ title: `Set fieldPath: ${fixed}`, edits: [{ kind: 'set', path: at, value: fixed }], preferred: true }] : undefined,
      );
    }
  }
  const resourceFieldRef = valueFrom.resourceFieldRef;
  if (isRecord(resourceFieldRef)) {
    const resource = resourceFieldRef.resource;
    const at = [...path, 'valueFrom', 'resourceFieldRef', 'resource'];
    const known = (field: string) => resourceFields.includes(field) || /^(limits|requests)\.hugepages-/.test(field);
    if (resource === undefined || resource === null || resource === '') {
      report(resource === undefined ? [...path, 'valueFrom', 'resourceFieldRef'] : at, '`resource`: Required value: which resource to read (limits.cpu, requests.memory, ...).');
    } else if (typeof resource === 'string' && !known(resource)) {
      report(at, `Unsupported value ${show(resource)} for resource: supported values: ${resourceFields.map((field) => `"${field}"`).join(', ')}, and limits.hugepages-<size> / requests.hugepages-<size>.`);
    }
  }
  return findings;
}
