/**
 * The DaemonSets of a YAML file in the editor (documents and `kind: List` items), with the positions the CodeLens
 * and the live-object diagnostics point at (0-based lines and characters, as LSP and VS Code count). Documents that
 * do not parse are skipped: the language server reports them.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export type Path = (string | number)[];

export interface ManifestDaemonSet {
  /** 0-based index of the document in the file. */
  documentIndex: number;
  /** Where the DaemonSet is in its document: `[]`, or `['items', i]` for an item of a `kind: List`. */
  prefix: Path;
  /** The document as plain data. */
  object: Record<string, unknown>;
  name: string;
  /** `metadata.namespace`, when set. */
  namespace?: string;
  /** The whole DaemonSet: its document, or its List item (to find the DaemonSet under the cursor). */
  documentRange: TextRange;
  /** Where the CodeLens goes: the document's first key. */
  anchor: TextRange;
  /** `metadata.name`'s value. */
  nameRange: TextRange;
  /** The `selector` key under `spec`, when present. */
  selectorRange?: TextRange;
  /** The `tolerations` key of the pod template's spec, when present. */
  tolerationsRange?: TextRange;
}

const MAX_ALIASES = 1000;

function pairKey(node: unknown, key: string): { key: YamlNode; value: unknown } | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && pair.key.value === key) return { key: pair.key, value: pair.value };
  }
  return undefined;
}

function pathPair(root: unknown, path: readonly string[]): { key: YamlNode; value: unknown } | undefined {
  let node: unknown = root;
  let found: { key: YamlNode; value: unknown } | undefined;
  for (const key of path) {
    found = pairKey(node, key);
    if (!found) return undefined;
    node = found.value;
  }
  return found;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every DaemonSet with a name: a document, or an item of a `kind: List` document (as `kubectl get -o yaml` writes). */
export function findDaemonSets(text: string): ManifestDaemonSet[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const position = (offset: number): TextPosition => {
    const { line, col } = lines.linePos(offset);
    return { line: line - 1, character: col - 1 };
  };
  const rangeOf = (node: YamlNode | undefined): TextRange | undefined => (node?.range ? { start: position(node.range[0]), end: position(node.range[1]) } : undefined);
  const found: ManifestDaemonSet[] = [];
  /** One DaemonSet: `node` is its mapping in the YAML, `object` the same as plain data. */
  const add = (node: unknown, object: unknown, documentIndex: number, prefix: Path): void => {
    if (!isMap(node) || !isRecord(object) || object.kind !== 'DaemonSet') return;
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    if (typeof metadata.name !== 'string' || metadata.name === '') return;
    const range = node.range ?? [0, 0, 0];
    const first = node.items[0]?.key as YamlNode | undefined;
    const anchor = rangeOf(first) ?? { start: position(range[0]), end: position(range[0]) };
    const nameNode = pathPair(node, ['metadata', 'name'])?.value as YamlNode | undefined;
    const documentRange = { start: position(range[0]), end: position(range[2]) };
    const item: ManifestDaemonSet = { documentIndex, prefix, object, name: metadata.name, documentRange, anchor, nameRange: rangeOf(nameNode) ?? anchor };
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '') item.namespace = metadata.namespace;
    const selector = rangeOf(pathPair(node, ['spec', 'selector'])?.key);
    if (selector) item.selectorRange = selector;
    const tolerations = rangeOf(pathPair(node, ['spec', 'template', 'spec', 'tolerations'])?.key);
    if (tolerations) item.tolerationsRange = tolerations;
    found.push(item);
  };
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document: Document, documentIndex) => {
    if (document.errors.length > 0 || !isMap(document.contents)) return;
    let object: unknown;
    try {
      object = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      return;
    }
    if (!isRecord(object)) return;
    const kind = typeof object.kind === 'string' ? object.kind : '';
    const items = pairKey(document.contents, 'items')?.value;
    if (kind.endsWith('List') && Array.isArray(object.items) && isSeq(items)) {
      object.items.forEach((value, index) => add(items.items[index], value, documentIndex, ['items', index]));
    } else {
      add(document.contents, object, documentIndex, []);
    }
  });
  return found;
}
