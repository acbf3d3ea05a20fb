/**
 * The embedded language service works on one YAML document at a time: completion and hover get the document at
 * the cursor as a text of its own, validation gets each document and caches what it found by the document's text.
 * Positions are shifted between the file and the document.
 */
import type { CompletionItem, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { yamlDocumentAt } from '../features/cursorContext';
import { findExcessiveNesting } from '../model/depthGuard';
import { defaultLimits } from '../model/limits';

/**
 * Completion and hover need only the YAML document at the cursor. Handing the language service that document
 * alone (as a text of its own, lines shifted) spares it parsing a file of thousands of documents on every
 * keystroke; schema selection is per document anyway.
 */
export class DocumentFragments {
  private readonly latest = new Map<string, TextDocument>();

  uriOf(uri: string): string {
    return `${uri}#daemonset-document`;
  }

  at(document: TextDocument, position: Position): { fragment: TextDocument; line: number } {
    const text = document.getText();
    const range = yamlDocumentAt(text, document.offsetAt(position)) ?? { start: 0, end: text.length };
    const line = document.positionAt(range.start).line;
    const content = text.slice(range.start, range.end);
    const uri = this.uriOf(document.uri);
    let fragment = this.latest.get(uri);
    if (!fragment || fragment.getText() !== content) {
      fragment = TextDocument.create(uri, 'yaml', (fragment?.version ?? 0) + 1, content);
      this.latest.set(uri, fragment);
    }
    return { fragment, line };
  }

  forget(uri: string): void {
    this.latest.delete(this.uriOf(uri));
  }

  /**
   * Whether the language service may parse this fragment: not when it nests deeper than our default limit (the
   * service's parser recurses per level, and seconds go by before it gives up), checked once per fragment text.
   * Validation never needs this: it runs on our parse, which has its own guard.
   */
  fitsService(fragment: TextDocument): boolean {
    let fits = this.fits.get(fragment);
    if (fits === undefined) {
      fits = findExcessiveNesting(fragment.getText(), defaultLimits.maxNestingDepth) === undefined;
      this.fits.set(fragment, fits);
    }
    return fits;
  }

  private readonly fits = new WeakMap<TextDocument, boolean>();
}

export const shift = (range: Range, lines: number): Range => ({
  start: { line: range.start.line + lines, character: range.start.character },
  end: { line: range.end.line + lines, character: range.end.character },
});

export function shiftItem(item: CompletionItem, lines: number): CompletionItem {
  if (lines === 0) return item;
  const edit = item.textEdit;
  if (edit && 'range' in edit) item.textEdit = { ...edit, range: shift(edit.range, lines) };
  else if (edit) item.textEdit = { ...edit, insert: shift(edit.insert, lines), replace: shift(edit.replace, lines) };
  if (item.additionalTextEdits) item.additionalTextEdits = item.additionalTextEdits.map((e: TextEdit) => ({ ...e, range: shift(e.range, lines) }));
  return item;
}

/** Schema problems per piece of text (lines relative to the piece), bounded in entries and in characters held. */
export class ProblemCache {
  private readonly entries = new Map<string, Diagnostic[]>();
  private chars = 0;

  /** @param maxChars text held at most: 16 M characters, five files at the 5 MB size limit */
  constructor(
    private readonly limit = 20_000,
    private readonly maxChars = 16 * 1024 * 1024,
  ) {}

  get(text: string): Diagnostic[] | undefined {
    return this.entries.get(text);
  }

  set(text: string, problems: Diagnostic[]): void {
    // Start over rather than track recency: a workspace past the limits is rare, and one full pass rebuilds it.
    if (this.entries.size >= this.limit || this.chars + text.length > this.maxChars) {
      this.entries.clear();
      this.chars = 0;
    }
    if (!this.entries.has(text)) this.chars += text.length;
    this.entries.set(text, problems);
  }

  get size(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.chars };
  }
}
