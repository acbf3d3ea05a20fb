/**
 * Object metadata (`ValidateObjectMeta` with DNS-1123 subdomain names) and the label and annotation syntax of
 * both the DaemonSet and its pod template (`ValidatePodTemplateSpec`).
 */
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from '../kube/names';
import { labelMapProblems } from './requirements';
import type { Finding, Path, Rule, RuleContext } from './types';
import { describeType, get, isDaemonSet, isRecord, missingFieldPath, show } from './util';

/** `TotalAnnotationSizeLimitB`: keys plus values of one object's annotations, in bytes. */
const annotationSizeLimit = 256 * 1024;
const encoder = new TextEncoder();

export const metadataRule: Rule = {
  id: 'metadata',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'metadata-name-missing', severity: 'error', title: 'metadata.name (or generateName) is required' },
    { code: 'metadata-name-invalid', severity: 'error', title: 'metadata.name must be a lowercase RFC 1123 subdomain' },
    { code: 'metadata-namespace-invalid', severity: 'error', title: 'metadata.namespace must be a lowercase RFC 1123 label' },
    { code: 'label-invalid', severity: 'error', title: 'A label key is not a qualified name or a label value is invalid' },
    { code: 'annotation-invalid', severity: 'error', title: 'An annotation key is not a qualified name, or the annotations are too large' },
  ],
  check: checkMetadata,
};

function checkMetadata(context: RuleContext): Finding[] {
  const object = context.resource.object;
  const findings: Finding[] = [...nameFindings(object), ...namespaceFindings(object)];
  for (const [metadataPath, what] of [
    [['metadata'], 'the DaemonSet'],
    [['spec', 'template', 'metadata'], 'the pod template'],
  ] as const) {
    const labelsPath: Path = [...metadataPath, 'labels'];
    for (const problem of labelMapProblems(get(object, labelsPath), labelsPath, `the labels of ${what}`)) {
      findings.push({ code: 'label-invalid', message: problem.message, path: problem.path, ...(problem.target ? { target: problem.target } : {}) });
    }
    findings.push(...annotationFindings(get(object, [...metadataPath, 'annotations']), [...metadataPath, 'annotations'], what));
  }
  return findings;
}

function nameFindings(object: Record<string, unknown>): Finding[] {
  const metadata = get(object, ['metadata']);
  const name = isRecord(metadata) ? metadata.name : undefined;
  const generateName = isRecord(metadata) ? metadata.generateName : undefined;
  const findings: Finding[] = [];
  if (typeof generateName === 'string' && generateName !== '') {
    // A generateName is a prefix: the server appends random characters, so a trailing '-' is fine.
    const error = dns1123SubdomainErrors(generateName.replace(/-$/, 'a'))[0];
    if (error) findings.push({ code: 'metadata-name-invalid', message: `Invalid generateName ${show(generateName)}: ${error}.`, path: ['metadata', 'generateName'] });
  }
  if (name === undefined || name === null || name === '') {
    if (typeof generateName === 'string' && generateName !== '') return findings;
    findings.push({
      code: 'metadata-name-missing',
      message: '`metadata.name`: Required value: name or generateName is required.',
      path: name === '' ? ['metadata', 'name'] : missingFieldPath(object, ['metadata']),
    });
    return findings;
  }
  if (typeof name !== 'string') {
    findings.push({ code: 'metadata-name-invalid', message: `\`metadata.name\` must be a string, not ${describeType(name)}.`, path: ['metadata', 'name'] });
    return findings;
  }
  const error = dns1123SubdomainErrors(name)[0];
  if (error) {
    const suggestion = suggestSubdomain(name);
    findings.push({
      code: 'metadata-name-invalid',
      message: `Invalid DaemonSet name ${show(name)}: ${error}.`,
      path: ['metadata', 'name'],
      ...(suggestion ? { fixes: [{ title: `Rename to \`${suggestion}\``, edits: [{ kind: 'set', path: ['metadata', 'name'], value: suggestion }] }] } : {}),
    });
  }
  return findings;
}

/** The usual repair of a name: lowercase, other characters as '-', trimmed. Undefined when that is still invalid. */
function suggestSubdomain(name: string): string | undefined {
  const candidate = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 253);
  return candidate !== '' && candidate !== name && dns1123SubdomainErrors(candidate).length === 0 ? candidate : undefined;
}

function namespaceFindings(object: Record<string, unknown>): Finding[] {
  const namespace = get(object, ['metadata', 'namespace']);
  if (namespace === undefined || namespace === null || namespace === '') return [];
  if (typeof namespace !== 'string') {
    return [{ code: 'metadata-namespace-invalid', message: `\`metadata.namespace\` must be a string, not ${describeType(namespace)}.`, path: ['metadata', 'namespace'] }];
  }
  const error = dns1123LabelErrors(namespace)[0];
  return error ? [{ code: 'metadata-namespace-invalid', message: `Invalid namespace ${show(namespace)}: ${error}.`, path: ['metadata', 'namespace'] }] : [];
}

/** `ValidateAnnotations`: keys are qualified names (checked lowercased), values any string, 256 KiB in total. */
function annotationFindings(annotations: unknown, path: Path, what: string): Finding[] {
  if (annotations === undefined || annotations === null) return [];
  if (!isRecord(annotations)) {
    return [{ code: 'annotation-invalid', message: `The annotations of ${what} must be a map of keys to string values, not ${describeType(annotations)}.`, path }];
  }
  const findings: Finding[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const error = qualifiedNameErrors(key.toLowerCase())[0];
    if (error) findings.push({ code: 'annotation-invalid', message: `Invalid annotation key ${show(key)} in ${what}: ${error}.`, path: [...path, key], target: 'key' });
    if (value !== null && value !== undefined && typeof value !== 'string') {
      const hint = typeof value === 'number' || typeof value === 'boolean' ? `; quote it: "${String(value)}"` : '';
      findings.push({ code: 'annotation-invalid', message: `The value of annotation ${show(key)} must be a string, not ${describeType(value)}${hint}.`, path: [...path, key] });
    }
    size += key.length + (typeof value === 'string' ? value.length : 0);
  }
  // UTF-16 length x 3 bounds the UTF-8 size: encode only when the limit may be reached.
  if (size * 3 > annotationSizeLimit) {
    size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      size += encoder.encode(key).length + (typeof value === 'string' ? encoder.encode(value).length : 0);
    }
  }
  if (size > annotationSizeLimit) {
    findings.push({ code: 'annotation-invalid', message: `The annotations of ${what} are ${size} bytes: must have at most ${annotationSizeLimit} bytes.`, path });
  }
  return findings;
}
