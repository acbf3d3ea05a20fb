/**
 * Defensive readers for untrusted plain objects (hand-written YAML, kubectl output, cluster snapshots).
 * They never throw: a value of the wrong type reads as absent.
 */

export type PlainRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is PlainRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A scalar as the API would hold it in a string field. Numbers and booleans are stringified (a YAML author who
 * writes `value: 5` means "5"); null, objects and arrays read as undefined.
 */
export function scalarString(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/** Like {@link scalarString}, with `''` for anything absent or unusable: Go's zero value for a string field. */
export const stringOrEmpty = (value: unknown): string => scalarString(value) ?? '';

export const arrayOrEmpty = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * The own value of `key` in a label map, as a string; undefined when the map lacks the key or holds something that
 * is not a scalar there (as {@link scalarString}: such entries are dropped when nodes are read).
 */
export function labelValue(labels: unknown, key: string): string | undefined {
  if (!isRecord(labels)) return undefined;
  return labelOf(labels, key);
}

/** {@link labelValue} for a map already known to be a record. */
export function labelOf(labels: PlainRecord, key: string): string | undefined {
  const value = labels[key];
  // Fast path: Object.prototype has no string-valued properties, so a string here is an own label.
  if (typeof value === 'string') return value;
  if (value === undefined || !Object.prototype.hasOwnProperty.call(labels, key)) return undefined;
  return scalarString(value);
}

/**
 * The objects in parsed documents, with arrays and lists (`NodeList`, `List`, any `*List`, or a kind-less object
 * with `items`) flattened, at most 32 levels deep.
 */
export function listedObjects(docs: readonly unknown[]): PlainRecord[] {
  const objects: PlainRecord[] = [];
  const visit = (doc: unknown, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(doc)) {
      for (const item of doc as unknown[]) visit(item, depth + 1);
      return;
    }
    if (!isRecord(doc)) return;
    if (Array.isArray(doc.items) && (doc.kind === undefined || (typeof doc.kind === 'string' && doc.kind.endsWith('List')))) {
      for (const item of doc.items as unknown[]) visit(item, depth + 1);
      return;
    }
    objects.push(doc);
  };
  if (Array.isArray(docs)) for (const doc of docs) visit(doc, 0);
  return objects;
}
