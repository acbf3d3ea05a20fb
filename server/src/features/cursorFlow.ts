/**
 * Where the cursor is inside a flow collection (`tolerations: [{key: a, effect: No|}]`), possibly spread over
 * several lines and unfinished. Finds the outermost unclosed `[`/`{` before the cursor, then reads from there.
 */
import type { Segment } from './cursorBlock';
import { isBlockScalarIndicator, shapeOf, type Span } from './yamlLines';

export interface LineColumn {
  line: number;
  column: number;
}

/** The outermost flow collection that is still open at the cursor, if any. */
export function openFlowStart(lines: readonly string[], cursor: LineColumn): LineColumn | undefined {
  let depth = 0;
  let start: LineColumn | undefined;
  let blockScalarColumn = -1;
  for (let l = 0; l <= cursor.line && l < lines.length; l++) {
    const line = lines[l]!;
    const end = l === cursor.line ? cursor.column : line.length;
    let from = 0;
    if (depth === 0) {
      const s = shapeOf(line);
      if (blockScalarColumn >= 0) {
        if (s.indent < 0 || s.indent > blockScalarColumn) continue;
        blockScalarColumn = -1;
      }
      if (isBlockScalarIndicator(s.value)) {
        blockScalarColumn = s.content;
        continue;
      }
      const opener = s.value && !s.value.quoted && /^[[{]/.test(s.value.text) ? s.value.start : s.scalar && /^[[{]/.test(s.scalar.text) ? s.scalar.start : -1;
      if (opener < 0 || opener >= end) continue;
      from = opener;
    }
    let previous = '';
    for (let c = from; c < end; c++) {
      const ch = line[c]!;
      if (ch === '#' && (c === 0 || line[c - 1] === ' ' || line[c - 1] === '\t')) break;
      if ((ch === '"' || ch === "'") && (previous === '' || '[{,:'.includes(previous))) {
        c = skipQuoted(line, c) - 1;
        previous = ch;
        continue;
      }
      if (ch === '[' || ch === '{') {
        if (depth === 0) start = { line: l, column: c };
        depth++;
      } else if (ch === ']' || ch === '}') {
        depth = Math.max(0, depth - 1);
      }
      if (ch !== ' ' && ch !== '\t') previous = ch;
    }
  }
  return depth > 0 ? start : undefined;
}

/** Column after a quoted scalar that starts at `start` (the line's end when it does not close). */
function skipQuoted(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return line.length;
}

interface Frame {
  type: '[' | '{';
  /** The segment of this collection in its parent (unused for the outermost). */
  segment: Segment;
  index: number;
  key: string | undefined;
  afterColon: boolean;
  token: string;
  tokenStart: LineColumn | undefined;
  quoted: boolean;
  entries: Map<string, string>;
}

export interface FlowPosition {
  kind: 'key' | 'value' | 'item';
  /** Relative to the outermost collection: the map (key, value) or the item (item, ending with its index). */
  path: Segment[];
  key?: string;
  /** The token at the cursor; `line` is the cursor line. */
  token: Span & { line: number };
  siblings: Map<string, string>;
}

const newFrame = (type: '[' | '{', segment: Segment): Frame => ({
  type,
  segment,
  index: 0,
  key: undefined,
  afterColon: false,
  token: '',
  tokenStart: undefined,
  quoted: false,
  entries: new Map(),
});

/** Reads from the outermost open collection (`start`) to the cursor, then on to collect the siblings after it. */
export function flowPosition(lines: readonly string[], start: LineColumn, cursor: LineColumn): FlowPosition | undefined {
  const stack: Frame[] = [];
  let atCursor: { frame: Frame; depth: number; kind: FlowPosition['kind']; key?: string; path: Segment[]; tokenText: string; tokenStart?: LineColumn; quoted: boolean } | undefined;

  const finishEntry = (frame: Frame): void => {
    const token = frame.token.trim();
    const text = token.includes('\u0000') ? '' : token;
    if (frame.type === '{') {
      if (frame.key !== undefined) frame.entries.set(frame.key, text);
      else if (text !== '') frame.entries.set(text, '');
    }
    frame.key = undefined;
    frame.afterColon = false;
    frame.token = '';
    frame.tokenStart = undefined;
    frame.quoted = false;
  };

  for (let l = start.line; l < lines.length; l++) {
    const line = lines[l]!;
    for (let c = l === start.line ? start.column : 0; c <= line.length; c++) {
      if (!atCursor && l === cursor.line && c === cursor.column) {
        const frame = stack[stack.length - 1];
        if (!frame) return undefined;
        const path = stack.slice(1).map((f) => f.segment);
        const kind = frame.type === '[' ? 'item' : frame.afterColon ? 'value' : 'key';
        if (kind === 'item') path.push(frame.index);
        atCursor = { frame, depth: stack.length, kind, path, tokenText: frame.token, quoted: frame.quoted, ...(frame.tokenStart ? { tokenStart: frame.tokenStart } : {}) };
        if (frame.key !== undefined) atCursor.key = frame.key;
      }
      if (c === line.length) break;
      const ch = line[c]!;
      const frame = stack[stack.length - 1];
      if (ch === '#' && (c === 0 || line[c - 1] === ' ' || line[c - 1] === '\t')) break;
      if (!frame) {
        if (ch === '[' || ch === '{') stack.push(newFrame(ch, ''));
        continue;
      }
      if ((ch === '"' || ch === "'") && frame.token.trim() === '') {
        const end = skipQuoted(line, c);
        const stop = !atCursor && l === cursor.line && cursor.column > c && cursor.column < end ? cursor.column : end;
        frame.tokenStart ??= { line: l, column: c };
        frame.quoted = true;
        frame.token = unquoteFragment(line.slice(c, stop));
        c = stop - 1;
        continue;
      }
      if (ch === '[' || ch === '{') {
        const segment: Segment = frame.type === '[' ? frame.index : (frame.key ?? '?');
        stack.push(newFrame(ch, segment));
        continue;
      }
      if (ch === ']' || ch === '}') {
        finishEntry(frame);
        stack.pop();
        if (atCursor && stack.length < atCursor.depth) return result(atCursor, lines, cursor);
        const parent = stack[stack.length - 1];
        if (parent) parent.token = '\u0000'; // a nested collection: not a scalar
        if (stack.length === 0) return atCursor ? result(atCursor, lines, cursor) : undefined;
        continue;
      }
      if (ch === ',') {
        finishEntry(frame);
        if (frame.type === '[') frame.index++;
        continue;
      }
      if (ch === ':' && frame.type === '{' && !frame.afterColon && (frame.quoted || c + 1 === line.length || ' \t,]}'.includes(line[c + 1]!))) {
        frame.key = frame.token.trim();
        frame.afterColon = true;
        frame.token = '';
        frame.tokenStart = undefined;
        frame.quoted = false;
        continue;
      }
      if (ch !== ' ' && ch !== '\t') frame.tokenStart ??= { line: l, column: c };
      frame.token += ch;
    }
    const frame = stack[stack.length - 1];
    if (frame && frame.token !== '') frame.token += ' ';
  }
  return atCursor ? result(atCursor, lines, cursor) : undefined;
}

function unquoteFragment(raw: string): string {
  const quote = raw[0];
  const body = raw.length >= 2 && raw.endsWith(quote!) ? raw.slice(1, -1) : raw.slice(1);
  return quote === "'" ? body.replace(/''/g, "'") : body.replace(/\\(.)/g, '$1');
}

function result(
  at: { frame: Frame; kind: FlowPosition['kind']; key?: string; path: Segment[]; tokenText: string; tokenStart?: LineColumn; quoted: boolean },
  lines: readonly string[],
  cursor: LineColumn,
): FlowPosition {
  const line = lines[cursor.line]!;
  const startColumn = at.tokenStart && at.tokenStart.line === cursor.line ? at.tokenStart.column : cursor.column;
  let end = cursor.column;
  if (at.quoted) {
    end = skipQuoted(line, startColumn);
  } else {
    while (end < line.length && !',]}#'.includes(line[end]!) && !(line[end] === ':' && (end + 1 === line.length || ' \t'.includes(line[end + 1]!)))) end++;
    while (end > startColumn && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  }
  const raw = line.slice(startColumn, Math.max(end, startColumn));
  const text = at.quoted ? unquoteFragment(raw) : raw;
  const siblings = new Map(at.frame.entries);
  const current = at.kind === 'value' ? at.key : at.kind === 'key' ? text : undefined;
  if (current !== undefined) siblings.delete(current);
  const position: FlowPosition = {
    kind: at.kind,
    path: at.path,
    token: { text, start: startColumn, end: Math.max(end, startColumn), quoted: at.quoted, line: cursor.line },
    siblings,
  };
  if (at.key !== undefined) position.key = at.key;
  return position;
}
