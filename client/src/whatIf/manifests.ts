/**
 * The DaemonSets of a YAML file in the editor, with the positions the CodeLens and the live-object diagnostics
 * point at (0-based lines and characters, as LSP and VS Code count). Documents that do not parse are skipped: the
 * language server reports them.
 */
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export interface ManifestDaemonSet {
  /** 0-based index of the document in the file. */
  documentIndex: number;
  /** The document as plain data. */
  object: Record<string, unknown>;
  name: string;
  /** `metadata.namespace`, when set. */
  namespace?: string;
  /** The whole document (to find the DaemonSet under the cursor). */
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

function pathPair(document: Document, path: readonly string[]): { key: YamlNode; value: unknown } | undefined {
  let node: unknown = document.contents;
  let found: { key: YamlNode; value: unknown } | undefined;
  for (const key of path) {
    found = pairKey(node, key);
    if (!found) return undefined;
    node = found.value;
  }
  return found;
}

/** Every `kind: DaemonSet` document with a name. */
export function findDaemonSets(text: string): ManifestDaemonSet[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const position = (offset: number): TextPosition => {
    const { line, col } = lines.linePos(offset);
    return { line: line - 1, character: col - 1 };
  };
  const rangeOf = (node: YamlNode | undefined): TextRange | undefined => (node?.range ? { start: position(node.range[0]), end: position(node.range[1]) } : undefined);
  const found: ManifestDaemonSet[] = [];
  const list = Array.isArray(documents) ? documents : [documents];
  list.forEach((document, documentIndex) => {
    if (document.errors.length > 0 || !isMap(document.contents)) return;
    let object: unknown;
    try {
      object = document.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      return;
    }
    if (typeof object !== 'object' || object === null || (object as { kind?: unknown }).kind !== 'DaemonSet') return;
    const record = object as Record<string, unknown>;
    const metadata = (typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {}) as Record<string, unknown>;
    if (typeof metadata.name !== 'string' || metadata.name === '') return;
    const first = document.contents.items[0]?.key as YamlNode | undefined;
    const anchor = rangeOf(first) ?? { start: position(document.range[0]), end: position(document.range[0]) };
    const nameNode = pathPair(document, ['metadata', 'name'])?.value as YamlNode | undefined;
    const documentRange = { start: position(document.range[0]), end: position(document.range[2]) };
    const item: ManifestDaemonSet = { documentIndex, object: record, name: metadata.name, documentRange, anchor, nameRange: rangeOf(nameNode) ?? anchor };
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '') item.namespace = metadata.namespace;
    const selector = rangeOf(pathPair(document, ['spec', 'selector'])?.key);
    if (selector) item.selectorRange = selector;
    const tolerations = rangeOf(pathPair(document, ['spec', 'template', 'spec', 'tolerations'])?.key);
    if (tolerations) item.tolerationsRange = tolerations;
    found.push(item);
  });
  return found;
}
