import type { TextChange } from './textChange';

/** Converts between string offsets and LSP positions (0-based line, UTF-16 character), like a TextDocument. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /**
   * Line starts, ascending. A typed array: an edit of a 100,000-line file copies 400 KB with one `set` instead of
   * pushing 100,000 numbers into a new array (~1.5 ms and ~1.9 MB of garbage per keystroke).
   */
  private readonly starts: Uint32Array;

  constructor(
    private readonly text: string,
    starts?: Uint32Array,
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    const found = new LineStarts(Math.max(16, text.length >> 5));
    found.push(0);
    pushLineStarts(text, 0, text.length, found);
    this.starts = found.values();
  }

  /**
   * The index of `text`, a new version of `previous`'s text that differs from it only between its first
   * `change.prefix` and last `change.suffix` characters: the line starts outside that stretch are copied (shifted
   * after it), only the stretch is scanned.
   */
  static edited(previous: LineIndex, text: string, change: TextChange): LineIndex {
    const delta = text.length - previous.text.length;
    const old = previous.starts;
    // A line start v depends on the characters at v-1 and v (a CR followed by LF starts no line).
    const head = Math.max(1, firstAtLeast(old, change.prefix));
    const tail = firstAtLeast(old, previous.text.length - change.suffix + 1);
    const middle = new LineStarts(16);
    pushLineStarts(text, Math.max(0, change.prefix - 1), text.length - change.suffix, middle);
    const starts = new Uint32Array(head + middle.length + (old.length - tail));
    starts.set(old.subarray(0, head));
    starts.set(middle.view(), head);
    let at = head + middle.length;
    for (let i = tail; i < old.length; i++) starts[at++] = old[i]! + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line]!;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The offset where the line containing `offset` starts. */
  lineStartOf(offset: number): number {
    return this.offsetAt({ line: this.positionAt(offset).line, character: 0 });
  }
}

/** A growable list of line starts. */
class LineStarts {
  private buffer: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.buffer = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Uint32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  view(): Uint32Array {
    return this.buffer.subarray(0, this.length);
  }

  /** The starts, in an array of their own size. */
  values(): Uint32Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}

/** Pushes the line start after each line break at an index in [from, to) of `text`. */
function pushLineStarts(text: string, from: number, to: number, starts: LineStarts): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) starts.push(i + 1);
    else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
}

/** The index of the first of the ascending `values` that is at least `value` (`values.length` if none). */
function firstAtLeast(values: Uint32Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
