/**
 * Turns a rule's JSON path into the narrowest source range in the YAML document that holds the resource.
 * When the path does not exist, the range of the deepest existing thing on the way is used (the key of the
 * parent entry that should contain the missing field).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, isCollection, type Document, type Node, type Pair } from 'yaml';
import type { Path, Target } from '../rules/types';

export interface Located {
  start: number;
  end: number;
  /** True when the whole path exists. */
  exact: boolean;
}

/** The node at each step of a path, with the pair that led to it (for key ranges). */
export interface Step {
  node: Node | null;
  pair?: Pair<unknown, unknown>;
}

/** Walks `path` from the document root; returns the steps that exist (the first is the root). */
export function walk(document: Document.Parsed, path: Path): Step[] {
  const steps: Step[] = [{ node: document.contents as Node | null }];
  let current: Node | null = document.contents as Node | null;
  for (const segment of path) {
    if (isAlias(current)) current = (current.resolve(document) as Node | undefined) ?? null;
    if (typeof segment === 'number' && isSeq(current)) {
      const item = current.items[segment] as Node | undefined;
      if (item === undefined) break;
      current = item;
      steps.push({ node: current });
    } else if (typeof segment === 'string' && isMap(current)) {
      const pair = current.items.find((candidate) => isScalar(candidate.key) && String(candidate.key.value) === segment);
      if (!pair) break;
      current = (pair.value as Node | null) ?? null;
      steps.push({ node: current, pair });
    } else {
      break;
    }
  }
  return steps;
}

/**
 * @param text the file's text, used to keep ranges on one line where possible (optional for callers that only
 * need a position).
 */
export function locate(document: Document.Parsed, path: Path, target: Target = 'value', text?: string): Located {
  const steps = walk(document, path);
  const exact = steps.length === path.length + 1;
  if (!exact) {
    // The field is missing: point at the key of the deepest existing entry, or at the map that should hold it.
    for (let i = steps.length - 1; i >= 0; i--) {
      const anchor = rangeOfKey(steps[i]!.pair) ?? anchorOf(steps[i]!.node);
      if (anchor) return { ...anchor, exact };
    }
    return { ...rootFallback(document), exact };
  }
  const last = steps[steps.length - 1]!;
  const keyRange = rangeOfKey(last.pair);
  const valueRange = rangeOfNode(last.node, text);
  if (target === 'key' && keyRange) return { ...keyRange, exact };
  if (target === 'entry' && keyRange) return { start: keyRange.start, end: valueRange?.end ?? keyRange.end, exact };
  if (isCollection(last.node)) {
    // A collection over several lines: its key (or, for a sequence item or a resource, its first key) is the
    // narrowest useful range. A one-line flow collection is shown whole.
    const oneLine = Boolean(last.node.flow) && valueRange !== undefined && (!text || !text.slice(valueRange.start, valueRange.end).includes('\n'));
    if (!oneLine) {
      const anchor = keyRange ?? anchorOf(last.node);
      if (anchor) return { ...anchor, exact };
    }
  }
  if (valueRange && (valueRange.end > valueRange.start || !keyRange)) return { ...valueRange, exact };
  if (keyRange) return { ...keyRange, exact };
  return { ...rootFallback(document), exact };
}

/** Where to point at a map that has no key of its own (a sequence item, a resource): its `kind` or first key. */
function anchorOf(node: Node | null): { start: number; end: number } | undefined {
  if (isMap(node) && node.items.length > 0) {
    const kindPair = node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind');
    return rangeOfKey(kindPair ?? node.items[0]);
  }
  return undefined;
}

function rangeOfKey(pair: Pair<unknown, unknown> | undefined): { start: number; end: number } | undefined {
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  return { start: pair.key.range[0], end: pair.key.range[1] };
}

function rangeOfNode(node: Node | null, text?: string): { start: number; end: number } | undefined {
  if (!node || !node.range) return undefined;
  let end = node.range[1];
  // Block collections and block scalars run to the start of the next line: stop at their last character.
  if (text) while (end > node.range[0] && /\s/.test(text[end - 1]!)) end--;
  return { start: node.range[0], end };
}

function rootFallback(document: Document.Parsed): { start: number; end: number } {
  const root = document.contents as Node | null;
  if (isMap(root) && root.items.length > 0) {
    const kindPair = root.items.find((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === 'kind');
    const keyRange = rangeOfKey(kindPair ?? root.items[0]);
    if (keyRange) return keyRange;
  }
  const range = rangeOfNode(root);
  if (range) return { start: range.start, end: Math.min(range.end, range.start + 1) };
  return { start: document.range[0], end: document.range[0] };
}
