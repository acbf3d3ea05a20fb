/**
 * The decoder's handling of unknown fields: they are dropped, and under `fieldValidation=Strict` (what
 * kubectl sends by default) reported as `unknown field "spec.template.spec.containers[0].imagee"`.
 */
import { isRecord, type JsonObject } from '../api/objects';
import type { UnknownFieldPruner } from '../api/objectApi';
import { parseType, type ModelIndex, type TypeRef } from './models';

function walkValue(models: ModelIndex, value: unknown, type: TypeRef, path: string, unknown: string[]): void {
  if (type.kind === 'model') {
    if (isRecord(value)) walkModel(models, value, type.name, path, unknown);
  } else if (type.kind === 'array') {
    if (Array.isArray(value)) value.forEach((item, index) => walkValue(models, item, type.items, `${path}[${index}]`, unknown));
  } else if (type.kind === 'map') {
    if (isRecord(value)) for (const [key, entry] of Object.entries(value)) walkValue(models, entry, type.values, `${path}[${key}]`, unknown);
  }
}

const fieldTypes = new WeakMap<ModelIndex, Map<string, Map<string, TypeRef> | undefined>>();

/** The parsed field types of a model, computed once per model. */
function typesOf(models: ModelIndex, model: string): Map<string, TypeRef> | undefined {
  let byModel = fieldTypes.get(models);
  if (!byModel) {
    byModel = new Map();
    fieldTypes.set(models, byModel);
  }
  if (!byModel.has(model)) {
    const attributes = models.attributes(model);
    byModel.set(model, attributes && new Map(attributes.map((attribute) => [attribute.baseName, parseType(attribute.type, attribute.format)])));
  }
  return byModel.get(model);
}

function walkModel(models: ModelIndex, object: JsonObject, model: string, path: string, unknown: string[]): void {
  const types = typesOf(models, model);
  if (!types) return;
  for (const key of Object.keys(object)) {
    const childPath = path ? `${path}.${key}` : key;
    const type = types.get(key);
    if (!type) {
      unknown.push(childPath);
      delete object[key];
    } else {
      walkValue(models, object[key], type, childPath, unknown);
    }
  }
}

export function unknownFieldPruner(models: ModelIndex): UnknownFieldPruner {
  return (type, object) => {
    const unknown: string[] = [];
    walkModel(models, object as unknown as JsonObject, type.model, '', unknown);
    return unknown;
  };
}
