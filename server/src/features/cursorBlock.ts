/**
 * Where the cursor is in block-style YAML, from the lines of its document alone: the path of the map or sequence
 * item that holds it, whether it is on a key, a value or a new item, and the other entries of its map. Reading
 * indentation rather than a parse tree is what makes it work on half-typed lines (`- key: `, `effect: No`, `- `).
 */
import { isBlockScalarIndicator, shapeOf, type LineShape, type Span } from './yamlLines';

export type Segment = string | number;

export interface BlockPosition {
  /** `key`: a map key (typed or hovered); `value`: the value of `key`; `item`: a sequence item with no key yet. */
  kind: 'key' | 'value' | 'item';
  /** The map that holds the cursor (`key`, `value`), or the sequence item (`item`: ends with its index). */
  path: Segment[];
  key?: string;
  /** The scalar at the cursor, in columns of the cursor line (empty at the cursor when there is none). */
  token: Span;
  /** The other entries of the map, as scalar text (`''` for nested collections). */
  siblings: Map<string, string>;
  /** Column of the map's keys, or of the item's dash. */
  column: number;
  /** The cursor line starts a sequence item (`- `). */
  dash: boolean;
}

/** Reads lines lazily and once: the scans below visit lines above the cursor repeatedly. */
class Lines {
  private readonly shapes: (LineShape | undefined)[] = [];
  constructor(readonly lines: readonly string[]) {}
  shape(i: number): LineShape {
    return (this.shapes[i] ??= shapeOf(this.lines[i]!));
  }
}

/** Thrown (and caught) when the lines above make no sense as YAML around the cursor. */
class Unreadable extends Error {}

export function blockPosition(lines: readonly string[], lineIndex: number, column: number): BlockPosition | undefined {
  try {
    return position(new Lines(lines), lineIndex, column);
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
}

function position(lines: Lines, l: number, col: number): BlockPosition {
  const line = lines.lines[l]!;
  const s = lines.shape(l);
  const empty = (at: number): Span => ({ text: '', start: at, end: at, quoted: false });
  if (s.indent < 0) {
    const hash = line.indexOf('#');
    if (hash >= 0 && col > hash) throw new Unreadable('in a comment');
    // A blank line: a key typed at the cursor's column, in whatever map that column belongs to.
    const siblings = new Map<string, string>();
    const path = mapPath(lines, l, col, siblings);
    collectSiblingsBelow(lines, l, col, siblings);
    return { kind: 'key', path, token: empty(col), siblings, column: col, dash: false };
  }
  const lastDash = s.dashes[s.dashes.length - 1];
  if (col < s.indent) {
    const siblings = new Map<string, string>();
    return { kind: 'key', path: mapPath(lines, l, col, siblings), token: empty(col), siblings, column: col, dash: false };
  }
  if (lastDash !== undefined && col > lastDash && col < s.content) col = s.content;
  if (lastDash !== undefined && col <= lastDash) {
    // On a dash itself: the item as a whole.
    return { kind: 'item', path: itemPath(lines, l, s.dashes), token: empty(col), siblings: new Map(), column: lastDash, dash: true };
  }
  const hash = commentStart(line, s);
  if (hash >= 0 && col > hash) throw new Unreadable('in a comment');
  if (s.key === undefined && s.dashes.length > 0) {
    return {
      kind: 'item',
      path: itemPath(lines, l, s.dashes),
      token: s.scalar ?? empty(col),
      siblings: new Map(),
      column: lastDash!,
      dash: true,
    };
  }
  const siblings = new Map<string, string>();
  const path = s.dashes.length > 0 ? itemPath(lines, l, s.dashes) : mapPath(lines, l, s.content, siblings);
  collectSiblingsBelow(lines, l, s.content, siblings);
  const dash = s.dashes.length > 0;
  if (s.key === undefined) {
    return { kind: 'key', path, token: s.scalar ?? empty(col), siblings, column: s.content, dash };
  }
  if (col <= s.key.end) {
    return { kind: 'key', path, key: s.key.text, token: s.key, siblings, column: s.content, dash };
  }
  return { kind: 'value', path, key: s.key.text, token: s.value ?? empty(col), siblings, column: s.content, dash };
}

/** Column of a trailing comment, or -1. */
function commentStart(line: string, s: LineShape): number {
  const after = s.value ? s.value.end : s.scalar ? s.scalar.end : s.key ? s.key.end : s.content;
  for (let i = after; i < line.length; i++) if (line[i] === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
  return -1;
}

/**
 * The path of the map whose keys sit at column `t`, for a key on line `from` (or typed there). Fills `siblings`
 * with the keys of that map found above.
 */
function mapPath(lines: Lines, from: number, t: number, siblings?: Map<string, string>): Segment[] {
  for (let i = from - 1; i >= 0; i--) {
    const s = lines.shape(i);
    if (s.indent < 0 || s.indent > t) continue;
    if (s.key && s.content === t) {
      if (siblings && !siblings.has(s.key.text)) siblings.set(s.key.text, s.value?.text ?? '');
      if (s.dashes.length > 0) return itemPath(lines, i, s.dashes);
      continue;
    }
    if (s.content === t || (s.indent === t && s.dashes.length > 0)) continue; // a scalar being typed, or a sibling's sequence
    if (s.key && s.content < t) return [...parentOfKey(lines, i, s), s.key.text];
    if (s.dashes.length > 0 && s.dashes[s.dashes.length - 1]! < t && s.content >= t) return itemPath(lines, i, s.dashes);
    throw new Unreadable('no parent');
  }
  return [];
}

/** The path of the item that starts on line `from` with dashes at `dashes` (innermost last). */
function itemPath(lines: Lines, from: number, dashes: readonly number[]): Segment[] {
  return [...sequenceItem(lines, from, dashes[0]!), ...dashes.slice(1).map(() => 0)];
}

/** The path of the item on line `from` of the sequence whose dashes sit at column `d`: the sequence's path + index. */
function sequenceItem(lines: Lines, from: number, d: number): Segment[] {
  let index = 0;
  for (let i = from - 1; i >= 0; i--) {
    const s = lines.shape(i);
    if (s.indent < 0 || s.indent > d) continue;
    if (s.dashes[0] === d) {
      index++;
      continue;
    }
    const inner = s.dashes.indexOf(d);
    if (inner > 0) return [...itemPath(lines, i, s.dashes.slice(0, inner)), index + 1]; // `- - a`: the first item of a nested sequence
    if (s.key && s.content <= d) return [...parentOfKey(lines, i, s), s.key.text, index];
    if (s.dashes.length > 0 && s.dashes[s.dashes.length - 1]! < d && s.content >= d) return [...itemPath(lines, i, s.dashes), index];
    throw new Unreadable('no parent');
  }
  return [index];
}

/** The path of the map that holds the key on line `i`. A key whose value is a block scalar has no children. */
function parentOfKey(lines: Lines, i: number, s: LineShape): Segment[] {
  if (isBlockScalarIndicator(s.value)) throw new Unreadable('inside a block scalar');
  if (s.value && s.value.text !== '' && !s.value.text.startsWith('&')) throw new Unreadable('a scalar has no children');
  return s.dashes.length > 0 ? itemPath(lines, i, s.dashes) : mapPath(lines, i, s.content);
}

/** Adds the keys of the map at column `t` found below line `from`. */
function collectSiblingsBelow(lines: Lines, from: number, t: number, siblings: Map<string, string>): void {
  for (let i = from + 1; i < lines.lines.length; i++) {
    const s = lines.shape(i);
    if (s.indent < 0 || s.indent > t) continue;
    if (s.indent < t || s.dashes.length > 0) {
      if (s.indent === t && s.dashes.length > 0) continue; // a sibling's sequence at the same indentation
      return;
    }
    if (s.key && !siblings.has(s.key.text)) siblings.set(s.key.text, s.value?.text ?? '');
  }
}
