/**
 * The project's DaemonSet rules as API server validation: error-severity findings become 422 field errors,
 * with the finding's JSON path rendered as the API server renders field paths
 * (`spec.template.spec.tolerations[0].key`).
 */
import { checkResource, isDaemonSet, ruleCodes } from '../../../server/src/rules/registry';
import type { Path, Resource } from '../../../server/src/rules/types';
import type { KubeObject } from './objects';
import type { FieldError } from './status';

/** A JSON path as `field.Path` prints it: struct fields as `.name`, list indexes and map keys in brackets. */
export function fieldPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${segment}]`;
  }
  return text;
}

/** The findings the API server would reject the DaemonSet for, as field errors. */
export function daemonSetRuleErrors(object: KubeObject): FieldError[] {
  const resource: Resource = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? '',
    namespace: object.metadata.namespace,
    object: object as unknown as Record<string, unknown>,
  };
  if (!isDaemonSet(resource)) return [];
  return checkResource({ resource, file: [resource], options: {} })
    .filter((finding) => (finding.severity ?? ruleCodes.get(finding.code)?.severity) === 'error')
    .map((finding) => ({ field: fieldPath(finding.path), reason: 'FieldValueInvalid', message: finding.message }));
}
