/**
 * Values of the parsed document at the cursor, for features that need more than the scalar under it (the
 * toleration a hover explains, the requirement a `values` item belongs to). The YAML parser is tolerant, so this
 * also works on documents with errors, as far as they parse.
 */
import type { Segment } from './cursorContext';
import type { ParsedFile } from '../model/parsedFile';
import { walk } from '../model/locate';

/** The plain value at `path` in the document around `offset`; undefined when the path does not exist. */
export function valueAt(parsed: ParsedFile, offset: number, path: readonly Segment[]): unknown {
  const document = parsed.documents.find((d) => offset >= d.start && offset <= d.end);
  if (!document) return undefined;
  const steps = walk(document.document, path);
  if (steps.length !== path.length + 1) return undefined;
  const node = steps[steps.length - 1]!.node;
  try {
    return node ? node.toJSON() : null;
  } catch {
    return undefined;
  }
}

export const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
