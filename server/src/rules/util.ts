/**
 * Small helpers shared by the rule modules: defensive reads of untrusted plain objects (a rule must never throw,
 * whatever the YAML holds), paths, and value formatting for messages.
 */
import type { Path, Resource } from './types';

export type PlainRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is PlainRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path`, or undefined as soon as a step is missing or of the wrong type. */
export function get(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isRecord(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

export const recordAt = (root: unknown, path: Path): PlainRecord | undefined => {
  const value = get(root, path);
  return isRecord(value) ? value : undefined;
};

export const arrayAt = (root: unknown, path: Path): readonly unknown[] => {
  const value = get(root, path);
  return Array.isArray(value) ? value : [];
};

/** Whether a key is present with a value other than null (Go decodes `key: null` as the zero value). */
export const isSet = (record: PlainRecord | undefined, key: string): boolean =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key) && record[key] !== null && record[key] !== undefined;

/** A string field as Go would decode it: null and absent read as `''`; other types as undefined (not a string). */
export function stringField(record: PlainRecord | undefined, key: string): string | undefined {
  if (!record) return '';
  const value = record[key];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/**
 * Where to report a field that is missing: its parent path, shortened to the deepest part of it that exists
 * (the document model underlines the key of the nearest existing thing).
 */
export function missingFieldPath(root: unknown, parentPath: Path): Path {
  for (let length = parentPath.length; length > 0; length--) {
    const prefix = parentPath.slice(0, length);
    if (get(root, prefix) !== undefined) return prefix;
  }
  return [];
}

/** A path as the API server prints it: `spec.template.spec.containers[0].name`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const maxShown = 80;

/** A value for a message: strings in backticks (`""` when empty), others as JSON; long values shortened. */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    if (value === '') return '""';
    text = value;
  } else if (value === undefined) {
    return 'nothing';
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  if (text.length > maxShown) text = `${text.slice(0, maxShown - 1)}…`;
  return `\`${text}\``;
}

/** The kind of a value in a type error message: `a number`, `a list`, ... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a map';
    default:
      return typeof value;
  }
}

/** `[a, b, c]` as "`a`, `b` and `c`". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A label map, or an empty one for anything else (null, a string, a list). Values stringified like the selector matcher does. */
export function labelsOf(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isRecord(value)) return labels;
  for (const [key, raw] of Object.entries(value)) {
    labels[key] = raw === null || raw === undefined ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  }
  return labels;
}

export const templatePath: Path = ['spec', 'template'];
export const templateLabelsPath: Path = ['spec', 'template', 'metadata', 'labels'];
export const podSpecPath: Path = ['spec', 'template', 'spec'];

/** The containers, then the init containers, of the pod template's spec (entries that are objects), with their paths. */
export function podContainers(podSpec: PlainRecord): { container: PlainRecord; path: Path; init: boolean }[] {
  return (['containers', 'initContainers'] as const).flatMap((field) =>
    (Array.isArray(podSpec[field]) ? (podSpec[field] as unknown[]) : []).flatMap((container, index) =>
      isRecord(container) ? [{ container, path: [...podSpecPath, field, index], init: field === 'initContainers' }] : [],
    ),
  );
}

/** The apiVersions a DaemonSet was served under, and those that were removed (validated as apps/v1 would). */
export const daemonSetApiVersions: ReadonlySet<string> = new Set(['apps/v1', 'extensions/v1beta1', 'apps/v1beta2']);
export const removedDaemonSetApiVersions: ReadonlySet<string> = new Set(['extensions/v1beta1', 'apps/v1beta2', 'apps/v1beta1']);

/** Kind DaemonSet under apps/v1 or one of the removed versions that served it. */
export function isDaemonSet(resource: Resource): boolean {
  return resource.kind === 'DaemonSet' && daemonSetApiVersions.has(resource.apiVersion);
}

/**
 * Go's `strconv.ParseInt(value, 10, 64)`: an optional sign (`+` or `-`), decimal digits (leading zeros allowed),
 * within int64. Node-affinity Gt/Lt use this lenient parse.
 */
export function parseGoInt64(value: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(value)) return undefined;
  const parsed = BigInt(value);
  if (parsed > 9223372036854775807n || parsed < -9223372036854775808n) return undefined;
  return parsed;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), for typo detection. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
