/**
 * Test helpers for the rules: resources from inline YAML, a valid DaemonSet to patch, and a plain-object
 * implementation of structural edits (to check that a fix really removes its finding).
 */
import { parse } from 'yaml';
import { checkResource } from '../../../server/src/rules/registry';
import type { Finding, Path, Resource, RuleOptions, StructuralEdit } from '../../../server/src/rules/types';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A resource as the document model builds it. */
export function resourceOf(object: Record<string, unknown>): Resource {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return {
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
    kind: typeof object.kind === 'string' ? object.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    object,
  };
}

/** A resource from one YAML document. */
export const resource = (yaml: string): Resource => resourceOf(parse(yaml) as Record<string, unknown>);

/** Every resource of a multi-document YAML text. */
export const resources = (yaml: string): Resource[] =>
  yaml
    .split(/^---\s*$/m)
    .filter((text) => text.trim() !== '')
    .map(resource);

export const validDaemonSet = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: registry.k8s.io/pause:3.9}]
`;

/** Deep merge: maps merge, `null` in the patch deletes the key, anything else replaces. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(base[key], value);
  }
  return result;
}

/** The valid DaemonSet above with a YAML patch merged in (`null` removes a field). */
export function daemonSet(patch = ''): Resource {
  const base = parse(validDaemonSet) as Record<string, unknown>;
  const patched = patch.trim() === '' ? base : (merge(base, parse(patch)) as Record<string, unknown>);
  return resourceOf(patched);
}

/** Runs every rule on a resource (alone in its file unless `file` is given). */
export function check(subject: Resource, options: RuleOptions = {}, file: readonly Resource[] = [subject]): Finding[] {
  return checkResource({ resource: subject, file, options });
}

export const withCode = (findings: readonly Finding[], code: string): Finding[] => findings.filter((finding) => finding.code === code);

/** The one finding of a code (fails the test when there is not exactly one). */
export function single(findings: readonly Finding[], code: string): Finding {
  const matching = withCode(findings, code);
  if (matching.length !== 1) {
    throw new Error(`expected exactly one ${code}, got ${matching.length}: ${JSON.stringify(findings.map((f) => [f.code, f.path]))}`);
  }
  return matching[0]!;
}

export const codes = (findings: readonly Finding[]): string[] => findings.map((finding) => finding.code);

export const errors = (findings: readonly Finding[]): Finding[] => findings.filter((finding) => finding.severity === 'error');

/** The fix with a title, or an error listing the titles there are. */
export function fixTitled(finding: Finding, title: string) {
  const fix = finding.fixes?.find((candidate) => candidate.title === title);
  if (!fix) throw new Error(`no fix "${title}" in ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  return fix;
}

/** Applies structural edits to a copy of a plain object, as the code action feature does to the text. */
export function applyEdits(object: Record<string, unknown>, edits: readonly StructuralEdit[]): Record<string, unknown> {
  const copy = structuredClone(object);
  for (const edit of edits) {
    const parent = ensureParent(copy, edit.path);
    const last = edit.path[edit.path.length - 1]!;
    switch (edit.kind) {
      case 'set':
        (parent as Record<string | number, unknown>)[last] = structuredClone(edit.value);
        break;
      case 'delete':
        if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
        else delete (parent as Record<string | number, unknown>)[last];
        break;
      case 'append': {
        const list = (parent as Record<string | number, unknown>)[last];
        if (Array.isArray(list)) list.push(structuredClone(edit.value));
        else (parent as Record<string | number, unknown>)[last] = [structuredClone(edit.value)];
        break;
      }
    }
  }
  return copy;
}

function ensureParent(root: Record<string, unknown>, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path.slice(0, -1)) {
    const container = current as Record<string | number, unknown>;
    if (container[segment] === undefined || container[segment] === null) container[segment] = {};
    current = container[segment];
  }
  return current;
}

/** The findings after applying a fix to the resource. */
export function afterFix(subject: Resource, edits: readonly StructuralEdit[], options: RuleOptions = {}): Finding[] {
  const fixed = resourceOf(applyEdits(subject.object, edits));
  return check(fixed, options);
}
