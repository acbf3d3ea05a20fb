/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`) and JSON patch (RFC 6902,
 * `application/json-patch+json`).
 */
import { cloneJson, isRecord, jsonEqual, type JsonObject } from '../api/objects';

export function jsonMergePatch(original: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return cloneJson(patch);
  const result: JsonObject = isRecord(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

/** Thrown for an operation that cannot be applied; the API server answers these with 422 or 500. */
export class JsonPatchError extends Error {}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function containerOf(document: unknown, tokens: string[]): { parent: unknown; last: string } {
  let parent = document;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(parent)) parent = parent[Number(token)];
    else if (isRecord(parent)) parent = parent[token];
    else parent = undefined;
    if (parent === undefined) throw new JsonPatchError(`doc is missing path: "/${tokens.join('/')}": missing value`);
  }
  return { parent, last: tokens[tokens.length - 1] as string };
}

function read(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(value)) value = value[Number(token)];
    else if (isRecord(value)) value = value[token];
    else value = undefined;
    if (value === undefined) throw new JsonPatchError(`doc is missing path: "${pointer}": missing value`);
  }
  return value;
}

function remove(document: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const { parent, last } = containerOf(document, tokens);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) throw new JsonPatchError(`Unable to remove nonexistent index: ${pointer}`);
    return parent.splice(index, 1)[0];
  }
  if (isRecord(parent) && last in parent) {
    const value = parent[last];
    delete parent[last];
    return value;
  }
  throw new JsonPatchError(`Unable to remove nonexistent key: ${last}: missing value`);
}

function add(document: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = containerOf(document, tokens);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (replace && index === parent.length)) {
      throw new JsonPatchError(`Unable to access invalid index: ${index}: invalid index referenced`);
    }
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (isRecord(parent)) {
    if (replace && !(last in parent)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
    parent[last] = value;
  } else {
    throw new JsonPatchError(`doc is missing path: "${pointer}": missing value`);
  }
  return document;
}

/** Applies RFC 6902 operations to a copy of the document. */
export function jsonPatch(original: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let document = cloneJson(original);
  for (const operation of operations) {
    if (!isRecord(operation)) throw new JsonPatchError('invalid JSON patch operation');
    const op = String(operation.op ?? '');
    const path = String(operation.path ?? '');
    switch (op) {
      case 'add':
        document = add(document, path, cloneJson(operation.value), false);
        break;
      case 'replace':
        document = add(document, path, cloneJson(operation.value), true);
        break;
      case 'remove':
        remove(document, path);
        break;
      case 'move': {
        const value = remove(document, String(operation.from ?? ''));
        document = add(document, path, value, false);
        break;
      }
      case 'copy':
        document = add(document, path, cloneJson(read(document, String(operation.from ?? ''))), false);
        break;
      case 'test':
        if (!jsonEqual(read(document, path), operation.value)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${op}`);
    }
  }
  return document;
}
