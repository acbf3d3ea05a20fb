/**
 * What the API server rejects with 422 Invalid: object names, the project's DaemonSet rules (the same
 * registry the language server and the CLI use, errors only), and the immutable `spec.selector` of a
 * DaemonSet on update.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../../server/src/kube/names';
import { daemonSetRuleErrors } from './daemonSetRules';
import { labelSelectorLiteral } from './goFormat';
import { asRecord, jsonEqual, type KubeObject } from './objects';
import type { ResourceType } from './resources';
import type { FieldError } from './status';

/** Types whose names must be DNS-1123 labels (the rest are subdomains). */
const labelNamed = new Set(['core/namespaces', 'core/services']);

function nameErrors(type: ResourceType, object: KubeObject): FieldError[] {
  const name = object.metadata.name ?? '';
  if (!name) {
    return [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }];
  }
  const problems = labelNamed.has(type.id) ? dns1123LabelErrors(name) : dns1123SubdomainErrors(name);
  return problems.map((problem) => ({
    field: 'metadata.name',
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(name)}: ${problem}`,
  }));
}

function kindErrors(type: ResourceType, object: KubeObject): FieldError[] {
  return type.id === 'apps/daemonsets' ? daemonSetRuleErrors(object) : [];
}

export function validateCreate(type: ResourceType, object: KubeObject): FieldError[] {
  return [...nameErrors(type, object), ...kindErrors(type, object)];
}

export function validateUpdate(type: ResourceType, object: KubeObject, old: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  if (type.id === 'apps/daemonsets') {
    const selector = asRecord(object.spec).selector;
    if (!jsonEqual(selector, asRecord(old.spec).selector)) {
      errors.push({
        field: 'spec.selector',
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${labelSelectorLiteral(selector)}: field is immutable`,
      });
    }
  }
  return [...errors, ...kindErrors(type, object)];
}

/** Status writes are not validated against the spec rules (the controllers own them). */
export function validateStatusUpdate(): FieldError[] {
  return [];
}
