/** Quick fixes: each diagnostic's fixes (structural edits) rendered as text edits against the current text. */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { ParsedFile } from '../model/parsedFile';
import { structuralToTextEdits, EditError } from '../edits/applyStructural';
import { detectStyle } from '../edits/style';
import { diagnosticSource, type DiagnosticData } from './diagnostics';

export function codeActions(uri: string, parsed: ParsedFile, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  let style: ReturnType<typeof detectStyle> | undefined;
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== diagnosticSource || !isDiagnosticData(diagnostic.data)) continue;
    const { fixes, documentIndex, prefix } = diagnostic.data;
    const document = parsed.documents[documentIndex];
    if (!document || document.broken || document.templated) continue;
    style ??= detectStyle(parsed.text, parsed.documents);
    for (const fix of fixes) {
      let edits: LspTextEdit[];
      try {
        edits = structuralToTextEdits(document.source, document.document, prefix, fix.edits, style).map((edit) => ({
          range: parsed.lines.rangeOf(document.offset + edit.start, document.offset + edit.end),
          newText: edit.newText,
        }));
      } catch (error) {
        if (error instanceof EditError) continue; // the text changed under the fix: offer nothing rather than a wrong edit
        throw error;
      }
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: { changes: { [uri]: edits } },
      });
    }
  }
  return actions;
}

function isDiagnosticData(data: unknown): data is DiagnosticData {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Partial<DiagnosticData>;
  return Array.isArray(candidate.fixes) && typeof candidate.documentIndex === 'number' && Array.isArray(candidate.prefix);
}
