/**
 * Turns structural edits (set / delete / append at a JSON path of a resource) into text edits that keep the
 * file's style: block or flow as the surrounding collection is, the file's indentation unit, its newline.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Path, StructuralEdit } from '../rules/types';
import { walk } from '../model/locate';
import { isCollectionValue, renderBlockLines, renderFlow, renderScalar } from './render';
import type { YamlStyle } from './style';

/** A replacement of `text.slice(start, end)` by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export class EditError extends Error {}

export function structuralToTextEdits(
  text: string,
  document: Document.Parsed,
  prefix: Path,
  edits: readonly StructuralEdit[],
  style: YamlStyle,
): TextEdit[] {
  const editor = new TextEditor(text, document, style);
  return edits.map((edit) => editor.apply(edit, [...prefix, ...edit.path]));
}

class TextEditor {
  constructor(
    private readonly text: string,
    private readonly document: Document.Parsed,
    private readonly style: YamlStyle,
  ) {}

  apply(edit: StructuralEdit, path: Path): TextEdit {
    switch (edit.kind) {
      case 'set':
        return this.set(path, edit.value);
      case 'delete':
        return this.delete(path);
      case 'append':
        return this.append(path, edit.value);
    }
  }

  private set(path: Path, value: unknown): TextEdit {
    const steps = walk(this.document, path);
    if (steps.length === path.length + 1) {
      const last = steps[steps.length - 1]!;
      if (last.pair) return this.replacePairValue(last.pair, value, isFlowCollection(steps[steps.length - 2]!.node));
      if (last.node?.range) return this.replaceNode(last.node, value, this.column(last.node.range[0]));
      throw new EditError('cannot replace the document root');
    }
    // Missing: build the rest of the path as nested maps under the deepest existing node.
    const depth = steps.length - 1;
    const parent = steps[depth]!;
    const nested = nest(path.slice(depth + 1), value);
    const key = path[depth]!;
    if (isMap(parent.node) && typeof key === 'string') return this.insertPair(parent.node, key, nested);
    if (typeof key === 'string' && parent.pair && isEmptyValue(parent.node)) {
      return this.replacePairValue(parent.pair, { [key]: nested }, depth >= 1 && isFlowCollection(steps[depth - 1]!.node));
    }
    throw new EditError(`cannot create ${path.join('.')} here`);
  }

  private append(path: Path, value: unknown): TextEdit {
    const steps = walk(this.document, path);
    const node = steps.length === path.length + 1 ? steps[steps.length - 1]!.node : undefined;
    if (!isSeq(node)) return this.set(path, [value]);
    const seq = node;
    if (seq.flow || seq.items.length === 0 || !seq.range) return this.insertIntoFlow(seq, renderFlow(value));
    const dashColumn = this.column(seq.range[0]);
    // The items' own padding after the dash (`- a` or `-   a`), taken from the first item.
    const first = seq.items[0] as Node | undefined;
    const firstColumn = first?.range && this.lineStart(first.range[0]) === this.lineStart(seq.range[0]) ? this.column(first.range[0]) : dashColumn + 2;
    const pad = Math.max(2, Math.min(firstColumn - dashColumn, 8));
    const at = this.lineEnd(this.trimEnd(seq.range[1]));
    const lines = renderBlockLines(value, 0, this.style);
    const itemText = lines
      .map((line, i) => (i === 0 ? `${' '.repeat(dashColumn)}-${' '.repeat(pad - 1)}${line}` : `${' '.repeat(dashColumn + pad)}${line}`))
      .join(this.style.newline);
    return { start: at, end: at, newText: this.style.newline + itemText };
  }

  private delete(path: Path): TextEdit {
    const steps = walk(this.document, path);
    if (steps.length !== path.length + 1) throw new EditError(`${path.join('.')} does not exist`);
    const parent = steps[steps.length - 2]!.node;
    const last = steps[steps.length - 1]!;
    if (isMap(parent) && last.pair) return this.deleteItem(parent, last.pair, pairStart(last.pair), this.trimEnd(pairEnd(last.pair)));
    if (isSeq(parent) && last.node?.range) {
      const item = last.node;
      return this.deleteItem(parent, item, item.range![0], this.trimEnd(item.range![1]));
    }
    throw new EditError(`cannot delete ${path.join('.')}`);
  }

  private deleteItem(parent: YAMLMap | YAMLSeq, item: unknown, start: number, end: number): TextEdit {
    const items = parent.items as unknown[];
    const index = items.indexOf(item);
    if (parent.flow) {
      if (items.length === 1) return { start, end, newText: '' };
      if (index < items.length - 1) return { start, end: itemStart(items[index + 1], this.text, end), newText: '' };
      const previousEnd = itemEnd(items[index - 1]);
      return { start: previousEnd, end, newText: '' };
    }
    // Block: a seq item starts at its dash; a map entry that shares its line with a dash cannot lose its line.
    const itemStartOffset = isSeq(parent) ? this.text.lastIndexOf('-', start) : start;
    const lineStart = this.lineStart(itemStartOffset);
    const onOwnLine = this.text.slice(lineStart, itemStartOffset).trim() === '';
    if (onOwnLine) {
      if (items.length === 1 && isMap(parent)) {
        // Deleting the only entry of a block map would leave its key without value: leave `{}`.
        return { start, end, newText: '{}' };
      }
      return { start: lineStart, end: this.nextLineStart(end), newText: '' };
    }
    if (index < items.length - 1) return { start: itemStartOffset, end: itemStart(items[index + 1], this.text, end), newText: '' };
    return { start, end, newText: '{}' };
  }

  private replacePairValue(pair: Pair<unknown, unknown>, value: unknown, parentFlow: boolean): TextEdit {
    const key = pair.key as Node;
    const current = pair.value as Node | null;
    const keyColumn = this.column(key.range![0]);
    const keyEnd = key.range![1];
    const colon = this.text.indexOf(':', keyEnd);
    const afterColon = colon === -1 ? keyEnd : colon + 1;
    const hasValue = Boolean(current && current.range) && !isEmptyValue(current);
    const currentFlow = (isMap(current) || isSeq(current)) && Boolean((current as YAMLMap).flow);
    if (!isCollectionValue(value) || parentFlow || currentFlow) {
      const rendered = renderScalarOrFlow(value);
      if (hasValue) return { start: current!.range![0], end: this.trimEnd(current!.range![1]), newText: rendered };
      return { start: afterColon, end: afterColon, newText: ` ${rendered}` };
    }
    const end = hasValue ? this.trimEnd(current!.range![1]) : afterColon;
    const childColumn = Array.isArray(value) && !this.style.indentSeq ? keyColumn : keyColumn + this.style.indent;
    const lines = renderBlockLines(value, childColumn, this.style);
    return { start: afterColon, end, newText: this.style.newline + lines.join(this.style.newline) };
  }

  private replaceNode(node: Node, value: unknown, column: number): TextEdit {
    const newText = isCollectionValue(value)
      ? renderBlockLines(value, column, this.style).join(this.style.newline).trimStart()
      : renderScalarOrFlow(value);
    return { start: node.range![0], end: this.trimEnd(node.range![1]), newText };
  }

  private insertPair(map: YAMLMap, key: string, value: unknown): TextEdit {
    if (map.flow || map.items.length === 0 || !map.range) {
      const entry = `${renderScalar(key)}: ${isCollectionValue(value) ? renderFlow(value) : renderScalarOrFlow(value)}`;
      return this.insertIntoFlow(map, entry);
    }
    const firstKey = (map.items[0]!.key as Node).range![0];
    const column = this.column(firstKey);
    const at = this.lineEnd(this.trimEnd(map.range[1]));
    const lines = renderBlockLines({ [key]: value }, column, this.style);
    return { start: at, end: at, newText: this.style.newline + lines.join(this.style.newline) };
  }

  private insertIntoFlow(collection: YAMLMap | YAMLSeq, entry: string): TextEdit {
    if (!collection.range) throw new EditError('collection without source range');
    const end = collection.range[1];
    const close = this.text.lastIndexOf(isSeq(collection) ? ']' : '}', end);
    if (close === -1 || close < collection.range[0]) throw new EditError('no closing bracket');
    const separator = collection.items.length > 0 ? ', ' : '';
    const insertAt = collection.items.length > 0 ? itemEnd(collection.items[collection.items.length - 1]) : close;
    return { start: insertAt, end: insertAt, newText: `${separator}${entry}` };
  }

  /** Block collections' ranges run to the start of the next line; this is where their text really ends. */
  private trimEnd(offset: number): number {
    let end = offset;
    while (end > 0 && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    const end = newline === -1 ? this.text.length : newline;
    return end > 0 && this.text[end - 1] === '\r' ? end - 1 : end;
  }

  private nextLineStart(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }
}

function isFlowCollection(node: Node | null | undefined): boolean {
  return (isMap(node) || isSeq(node)) && Boolean((node as YAMLMap).flow);
}

function nest(path: Path, value: unknown): unknown {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i]!;
    if (typeof key !== 'string') throw new EditError('cannot create a sequence item by path');
    result = { [key]: result };
  }
  return result;
}

function isEmptyValue(node: Node | null | undefined): boolean {
  return !node || (isScalar(node) && (node.value === null || node.value === undefined) && (node.source === '' || node.source === undefined || node.source === '~' || node.source === 'null'));
}

function renderScalarOrFlow(value: unknown): string {
  return typeof value === 'object' && value !== null ? renderFlow(value) : renderScalar(value);
}

function pairStart(pair: Pair<unknown, unknown>): number {
  return (pair.key as Node).range![0];
}

function pairEnd(pair: Pair<unknown, unknown>): number {
  const value = pair.value as Node | null;
  if (value && value.range && !(isScalar(value) && value.source === '')) return value.range[1];
  return (pair.key as Node).range![1] + 1;
}

function itemStart(item: unknown, text: string, fallback: number): number {
  const node = (isMapPair(item) ? item.key : item) as Node | undefined;
  if (node?.range) return node.range[0];
  return Math.min(fallback, text.length);
}

function itemEnd(item: unknown): number {
  if (isMapPair(item)) return pairEnd(item);
  return (item as Node).range![1];
}

function isMapPair(item: unknown): item is Pair<unknown, unknown> {
  return typeof item === 'object' && item !== null && 'key' in item && 'value' in item;
}
