/**
 * One line of block-style YAML, taken apart the way an editor needs it while the user types: sequence dashes,
 * a key and its value, or a bare scalar. Works on incomplete lines (`- key: `, `effect: No`, `- `), which is why the
 * cursor features read lines rather than the YAML parser's tree.
 */

export interface Span {
  /** The scalar as YAML reads it (quotes removed). */
  text: string;
  /** Columns of the source text, quotes included. */
  start: number;
  end: number;
  quoted: boolean;
}

export interface LineShape {
  /** Column of the first character that is not a space; -1 for a blank or comment-only line. */
  indent: number;
  /** Columns of the leading `- ` sequence indicators. */
  dashes: number[];
  /** Column after the dashes: where the key or scalar starts (the line's length when nothing follows). */
  content: number;
  key?: Span;
  /** Column of the `:` after the key. */
  colon?: number;
  /** The value after the key (`''` at the colon when there is none), without a trailing comment. */
  value?: Span;
  /** The content when the line has no key: a scalar, or the start of a flow collection. */
  scalar?: Span;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Reads a quoted scalar starting at `start`; returns its end column (after the closing quote) or the line end. */
function quotedEnd(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return line.length;
}

function unquote(raw: string): string {
  if (raw.length >= 1 && (raw[0] === '"' || raw[0] === "'")) {
    const quote = raw[0];
    const body = raw.endsWith(quote) && raw.length >= 2 ? raw.slice(1, -1) : raw.slice(1);
    return quote === "'" ? body.replace(/''/g, "'") : body.replace(/\\(.)/g, '$1');
  }
  return raw;
}

/** The end of a plain scalar starting at `start`: before ` #` (a comment) and trailing spaces. */
function plainEnd(line: string, start: number): number {
  let end = line.length;
  for (let i = start; i < line.length; i++) {
    if (line[i] === '#' && (i === start || isSpace(line[i - 1]))) {
      end = i;
      break;
    }
  }
  while (end > start && isSpace(line[end - 1])) end--;
  return end;
}

function span(line: string, start: number, end: number): Span {
  const raw = line.slice(start, end);
  return { text: unquote(raw), start, end, quoted: raw.startsWith('"') || raw.startsWith("'") };
}

/** Takes one line apart. Never throws. */
export function shapeOf(line: string): LineShape {
  let i = 0;
  while (i < line.length && isSpace(line[i])) i++;
  if (i === line.length || line[i] === '#') return { indent: -1, dashes: [], content: line.length };
  const shape: LineShape = { indent: i, dashes: [], content: i };
  while (line[i] === '-' && (i + 1 === line.length || isSpace(line[i + 1]))) {
    shape.dashes.push(i);
    i++;
    while (i < line.length && isSpace(line[i])) i++;
  }
  shape.content = i;
  if (i === line.length || line[i] === '#') {
    shape.content = line.length;
    return shape;
  }
  const first = line[i];
  if (first === '{' || first === '[') {
    shape.scalar = { text: line.slice(i).trimEnd(), start: i, end: line.trimEnd().length, quoted: false };
    return shape;
  }
  let keyEnd: number;
  if (first === '"' || first === "'") {
    keyEnd = quotedEnd(line, i);
    let j = keyEnd;
    while (j < line.length && isSpace(line[j])) j++;
    if (line[j] !== ':' || !(j + 1 === line.length || isSpace(line[j + 1]))) {
      shape.scalar = span(line, i, keyEnd);
      return shape;
    }
    shape.colon = j;
  } else {
    let colon = -1;
    for (let j = i; j < line.length; j++) {
      if (line[j] === '#' && j > i && isSpace(line[j - 1])) break;
      if (line[j] === ':' && (j + 1 === line.length || isSpace(line[j + 1]))) {
        colon = j;
        break;
      }
    }
    if (colon < 0) {
      shape.scalar = span(line, i, plainEnd(line, i));
      return shape;
    }
    keyEnd = colon;
    while (keyEnd > i && isSpace(line[keyEnd - 1])) keyEnd--;
    shape.colon = colon;
  }
  shape.key = span(line, i, keyEnd);
  let v = shape.colon + 1;
  while (v < line.length && isSpace(line[v])) v++;
  if (v === line.length || line[v] === '#') {
    const at = shape.colon + 1 < line.length && isSpace(line[shape.colon + 1]) ? shape.colon + 2 : shape.colon + 1;
    shape.value = { text: '', start: at, end: at, quoted: false };
    return shape;
  }
  const valueEnd = line[v] === '"' || line[v] === "'" ? quotedEnd(line, v) : line[v] === '{' || line[v] === '[' ? line.trimEnd().length : plainEnd(line, v);
  shape.value = span(line, v, valueEnd);
  return shape;
}

/** A value that starts a block scalar (`|`, `>-`, `|2+`...): the lines below belong to it. */
export const isBlockScalarIndicator = (value: Span | undefined): boolean =>
  value !== undefined && !value.quoted && /^[|>][-+0-9]*$/.test(value.text);
