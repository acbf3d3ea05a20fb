/**
 * The `labelSelector` and `fieldSelector` query parameters, parsed as apimachinery's `labels.Parse` and
 * `fields.ParseSelector` read them.
 *
 * Label syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, joined by commas.
 * Field syntax: `f=v`, `f==v`, `f!=v`, joined by commas (values may escape `,`, `=`, `!` and `\` with `\`).
 */
import { asRecord, stringMap, type KubeObject } from './objects';
import type { ResourceType } from './resources';
import { badRequest } from './status';

export type LabelOperator = 'Equals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A parsed selector: every requirement must hold. An empty list selects everything. */
export type LabelQuery = readonly LabelRequirement[];

const keyPattern = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${selector}"`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!valuePattern.test(value) || value.length > 63) {
    throw badRequest(`unable to parse requirement: invalid label value "${value}" in "${selector}"`);
  }
  return value;
}

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

export function parseLabelSelector(selector: string | null | undefined): LabelQuery {
  if (!selector || !selector.trim()) return [];
  const requirements: LabelRequirement[] = [];
  for (const rawPart of splitTopLevel(selector)) {
    const part = rawPart.trim();
    if (!part) throw badRequest(`unable to parse requirement: found '', expected: identifier`);
    const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (setMatch) {
      const values = (setMatch[3] ?? '').split(',').map((value) => checkValue(value.trim(), selector));
      requirements.push({ key: checkKey(setMatch[1] ?? '', selector), operator: setMatch[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const compare = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (compare) {
      const operator: LabelOperator = compare[2] === '!=' ? 'NotEquals' : 'Equals';
      requirements.push({ key: checkKey(compare[1] ?? '', selector), operator, values: [checkValue((compare[3] ?? '').trim(), selector)] });
      continue;
    }
    if (part.startsWith('!')) {
      requirements.push({ key: checkKey(part.slice(1).trim(), selector), operator: 'DoesNotExist', values: [] });
      continue;
    }
    requirements.push({ key: checkKey(part, selector), operator: 'Exists', values: [] });
  }
  return requirements;
}

export function labelsMatch(query: LabelQuery, labels: Readonly<Record<string, string>> | undefined): boolean {
  const set = labels ?? {};
  for (const requirement of query) {
    const has = Object.prototype.hasOwnProperty.call(set, requirement.key);
    const value = set[requirement.key];
    switch (requirement.operator) {
      case 'Equals':
      case 'In':
        if (!has || !requirement.values.includes(value as string)) return false;
        break;
      case 'NotEquals':
      case 'NotIn':
        if (has && requirement.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  negated: boolean;
  value: string;
}

export type FieldQuery = readonly FieldRequirement[];

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** Splits on a separator not preceded by a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '\\' && index + 1 < text.length) {
      current += char + (text[index + 1] as string);
      index++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** Parses a field selector and checks every field is supported for the resource, as the API server does. */
export function parseFieldSelector(selector: string | null | undefined, type: ResourceType): FieldQuery {
  if (!selector || !selector.trim()) return [];
  const requirements: FieldRequirement[] = [];
  for (const part of splitUnescaped(selector, ',')) {
    const match = /^([^=!]+?)\s*(==|=|!=)(.*)$/.exec(part.trim());
    if (!match) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const field = (match[1] ?? '').trim();
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !(field in type.fields)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    requirements.push({ field, negated: match[2] === '!=', value: unescapeFieldValue(match[3] ?? '') });
  }
  return requirements;
}

function fieldValue(object: KubeObject, field: string, type: ResourceType): string {
  if (field === 'metadata.name') return object.metadata.name ?? '';
  if (field === 'metadata.namespace') return object.metadata.namespace ?? '';
  return type.fields[field]?.(object) ?? '';
}

export function fieldsMatch(query: FieldQuery, object: KubeObject, type: ResourceType): boolean {
  for (const requirement of query) {
    const equal = fieldValue(object, requirement.field, type) === requirement.value;
    if (equal === requirement.negated) return false;
  }
  return true;
}

/** A compiled list/watch filter. */
export interface ObjectFilter {
  namespace: string | undefined;
  labels: LabelQuery;
  fields: FieldQuery;
}

export function filterMatches(filter: ObjectFilter, object: KubeObject, type: ResourceType): boolean {
  if (filter.namespace && object.metadata.namespace !== filter.namespace) return false;
  if (filter.labels.length > 0 && !labelsMatch(filter.labels, stringMap(asRecord(object.metadata).labels))) return false;
  return filter.fields.length === 0 || fieldsMatch(filter.fields, object, type);
}

/** The one name a field selector pins (`metadata.name=x`), so a watch on one object costs no scan. */
export function pinnedName(query: FieldQuery): string | undefined {
  return query.find((requirement) => requirement.field === 'metadata.name' && !requirement.negated)?.value;
}
