/** The file's own YAML style, so that inserted text looks like its neighbours. */
import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';

/** A parsed document and the text its node ranges refer to. */
export interface StyledDocument {
  document: Document.Parsed;
  source: string;
}

export interface YamlStyle {
  /** Columns per nesting level of block maps (2 or 4 in practice). */
  indent: number;
  /** Whether block sequences under a key are indented (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
  newline: '\n' | '\r\n';
}

export function detectStyle(text: string, documents: readonly StyledDocument[]): YamlStyle {
  const indentVotes = new Map<number, number>();
  let seqIndented = 0;
  let seqFlush = 0;
  for (const { document, source } of documents) {
    const column = (offset: number): number => offset - (source.lastIndexOf('\n', offset - 1) + 1);
    visit(document, {
      Pair(_, pair) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
        const value = pair.value as Node | null;
        if (!value || !value.range || (!isMap(value) && !isSeq(value)) || value.flow) return;
        const keyColumn = column(pair.key.range[0]);
        const childColumn = column(value.range[0]);
        if (isMap(value) && childColumn > keyColumn) {
          const diff = childColumn - keyColumn;
          indentVotes.set(diff, (indentVotes.get(diff) ?? 0) + 1);
        } else if (isSeq(value)) {
          if (childColumn > keyColumn) seqIndented++;
          else seqFlush++;
        }
      },
    });
  }
  let indent = 2;
  let best = 0;
  for (const [diff, votes] of indentVotes) {
    if (votes > best || (votes === best && diff < indent)) {
      indent = diff;
      best = votes;
    }
  }
  return {
    indent: Math.min(Math.max(indent, 1), 8),
    indentSeq: seqIndented >= seqFlush,
    newline: text.includes('\r\n') ? '\r\n' : '\n',
  };
}
