/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), as apimachinery's `StrategicMergePatch`
 * applies what `kubectl apply`, `taint`, `cordon` and `label` send:
 * - maps merge recursively; `null` deletes a key;
 * - lists with a merge key merge item by item (`$patch: delete` removes one, `$patch: replace` as a list
 *   item replaces the whole list); primitive lists with the merge strategy are unions;
 * - other lists are replaced whole;
 * - directives: `$patch: replace|delete` on a map, `$retainKeys`, `$setElementOrder/<list>`,
 *   `$deleteFromPrimitiveList/<list>`.
 */
import { asArray, isRecord, jsonEqual, type JsonObject } from '../api/objects';
import { typeMeta, type FieldMeta, type TypeMeta } from './patchMeta';

const DELETE = Symbol('delete');

const setElementOrderPrefix = '$setElementOrder/';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';

/** Applies a strategic merge patch to an object of the given kind (`DaemonSet`, `Node`, ...). */
export function strategicMergePatch(original: JsonObject, patch: unknown, kind: string): JsonObject {
  if (!isRecord(patch)) throw new Error('a strategic merge patch must be a JSON object');
  const merged = mergeMap(original, patch, typeMeta(kind));
  return merged === DELETE ? {} : merged;
}

function mergeMap(original: JsonObject, patch: JsonObject, meta: TypeMeta): JsonObject | typeof DELETE {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return stripDirectives(patch) as JsonObject;

  const result: JsonObject = { ...original };
  const orders = new Map<string, unknown[]>();
  const primitiveDeletes = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith(setElementOrderPrefix)) {
      orders.set(key.slice(setElementOrderPrefix.length), asArray(value));
      continue;
    }
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      primitiveDeletes.set(key.slice(deleteFromPrimitiveListPrefix.length), asArray(value));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const field: FieldMeta = meta[key] ?? {};
    if (isRecord(value)) {
      const base = isRecord(result[key]) ? (result[key] as JsonObject) : {};
      const merged = mergeMap(base, value, typeMeta(field.type));
      if (merged === DELETE) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = field.strategy === 'merge' ? mergeList(asArray(result[key]), value, field) : stripDirectives(value);
    } else {
      result[key] = value;
    }
  }
  for (const [key, values] of primitiveDeletes) {
    if (!Array.isArray(result[key])) continue;
    result[key] = (result[key] as unknown[]).filter((item) => !values.some((value) => jsonEqual(value, item)));
  }
  for (const [key, order] of orders) {
    if (Array.isArray(result[key])) result[key] = applyOrder(result[key] as unknown[], order, meta[key]?.mergeKey);
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
  }
  return result;
}

function mergeList(original: unknown[], patch: unknown[], field: FieldMeta): unknown[] {
  const key = field.mergeKey;
  if (key === undefined) {
    const result = [...original];
    for (const item of patch) if (!result.some((existing) => jsonEqual(existing, item))) result.push(item);
    return result;
  }
  if (patch.some((item) => isRecord(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isRecord(item) && item.$patch === 'replace')).map(stripDirectives);
  }
  const itemMeta = typeMeta(field.type);
  const result = [...original];
  for (const item of patch) {
    if (!isRecord(item)) continue;
    const index = result.findIndex((existing) => isRecord(existing) && jsonEqual(existing[key], item[key]));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const base = index >= 0 ? (result[index] as JsonObject) : {};
    const merged = mergeMap(base, item, itemMeta);
    if (merged === DELETE) {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = merged;
    } else {
      result.push(merged);
    }
  }
  return result;
}

/**
 * Orders a merged list as `$setElementOrder` says: items named in the order come in that order; items the
 * patch did not name (added by someone else) keep their relative order after them.
 */
function applyOrder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const identity = (item: unknown): unknown => (key !== undefined && isRecord(item) ? item[key] : item);
  const orderIds = order.map(identity);
  const position = (item: unknown): number => orderIds.findIndex((id) => jsonEqual(id, identity(item)));
  const named = list.filter((item) => position(item) >= 0).sort((a, b) => position(a) - position(b));
  const others = list.filter((item) => position(item) < 0);
  return [...named, ...others];
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isRecord(value)) return value;
  const out: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/')) {
      continue;
    }
    out[key] = stripDirectives(entry);
  }
  return out;
}
