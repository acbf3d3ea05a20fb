/**
 * Values of the YAML document at the cursor, for features that need more than the scalar under it (the
 * toleration a hover explains, the requirement a `values` item belongs to). Only that one document is parsed, once
 * per request, so a keystroke in a file of thousands of documents does not re-parse the file. The parser is
 * tolerant: documents with errors still answer as far as they parse.
 */
import { parseDocument } from 'yaml';
import type { LineIndex } from '../model/lineIndex';
import { walk } from '../model/locate';
import type { Segment } from './cursorContext';

/** The text the cursor features read: the file and its line index. */
export interface SourceText {
  text: string;
  lines: LineIndex;
}

/** Reads plain values at paths of one document (offsets `start`..`end` of `text`); parses on first use. */
export function documentReader(text: string, range: { start: number; end: number }): (path: readonly Segment[]) => unknown {
  let document: ReturnType<typeof parseDocument> | undefined;
  return (path) => {
    try {
      document ??= parseDocument(text.slice(range.start, range.end), { prettyErrors: false, strict: false, uniqueKeys: false });
      const steps = walk(document as Parameters<typeof walk>[0], path);
      if (steps.length !== path.length + 1) return undefined;
      const node = steps[steps.length - 1]!.node;
      return node ? node.toJSON() : null;
    } catch {
      return undefined;
    }
  };
}

export const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
