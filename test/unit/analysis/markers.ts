/**
 * Expected ranges written into the text itself: `⟦` and `⟧` surround what should be underlined. The markers are
 * stripped, and each pair becomes an LSP range (0-based line, UTF-16 character) of the stripped text. Pairs may
 * nest (two findings on overlapping text) and may span lines (a range that ends at the start of the next line).
 *
 * Positions are counted here, independently of the server's LineIndex, so that the tests do not share its bugs.
 */
import type { Range } from '../../../server/src/model/lineIndex';

export const open = '⟦';
export const close = '⟧';

export interface Marked {
  /** The text without markers. */
  text: string;
  /** One range per marker pair, sorted by start (then end). */
  ranges: Range[];
}

export function parseMarkers(source: string): Marked {
  let text = '';
  let line = 0;
  let character = 0;
  const openings: { line: number; character: number }[] = [];
  const ranges: Range[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === open) {
      openings.push({ line, character });
      continue;
    }
    if (c === close) {
      const start = openings.pop();
      if (!start) throw new Error(`unbalanced ${close} at line ${line + 1}, character ${character}`);
      ranges.push({ start, end: { line, character } });
      continue;
    }
    text += c;
    if (c === '\n' || (c === '\r' && source[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else if (c !== '\r') {
      character++;
    }
  }
  if (openings.length > 0) {
    const start = openings[openings.length - 1]!;
    throw new Error(`unbalanced ${open} at line ${start.line + 1}, character ${start.character}`);
  }
  ranges.sort(compareRanges);
  return { text, ranges };
}

export function compareRanges(a: Range, b: Range): number {
  return (
    a.start.line - b.start.line ||
    a.start.character - b.start.character ||
    a.end.line - b.end.line ||
    a.end.character - b.end.character
  );
}

/** The text a range covers, for readable failure messages (`\n` where it crosses a line). */
export function textOf(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  const { start, end } = range;
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  return [
    (lines[start.line] ?? '').slice(start.character),
    ...lines.slice(start.line + 1, end.line),
    (lines[end.line] ?? '').slice(0, end.character),
  ].join('\n');
}

/** The text with markers put back around the given ranges: what a test would have to write to expect them. */
export function withMarkers(text: string, ranges: readonly Range[]): string {
  const lines = text.split('\n');
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  const at = (position: Range['start']): number => (offsets[position.line] ?? text.length) + position.character;
  // At one offset the marks come out as: closings, empty ranges (`⟦⟧`), openings.
  const inserts: { offset: number; mark: string; order: number }[] = [];
  for (const range of ranges) {
    const empty = compareRanges({ start: range.start, end: range.start }, range) === 0;
    inserts.push({ offset: at(range.start), mark: open, order: empty ? 1 : 3 }, { offset: at(range.end), mark: close, order: empty ? 2 : 0 });
  }
  // Inserted from the end, so that earlier offsets stay valid; at one offset, the last inserted comes out first.
  inserts.sort((a, b) => b.offset - a.offset || b.order - a.order);
  let result = text;
  for (const insert of inserts) result = result.slice(0, insert.offset) + insert.mark + result.slice(insert.offset);
  return result;
}
