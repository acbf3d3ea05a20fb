/**
 * Quick fixes: each diagnostic's fixes (structural edits) rendered as text edits against the current text. The
 * fixes come from `analysis`, the analysis of the text the editor shows: a diagnostic the editor sends back is
 * matched in it by its resource (`data`), code and message (or, the message having changed, its code alone when
 * that is unambiguous). A diagnostic of an older version that no longer matches gets no fix rather than a wrong one.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { ParsedFile } from '../model/parsedFile';
import type { FileDiagnostic } from '../analysis/analyzeFile';
import type { Fix, Path } from '../rules/types';
import type { Range } from '../model/lineIndex';
import { structuralToTextEdits, EditError } from '../edits/applyStructural';
import { detectStyle } from '../edits/style';
import { diagnosticSource, type DiagnosticData } from './diagnostics';

export function codeActions(uri: string, parsed: ParsedFile, analysis: readonly FileDiagnostic[], diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  let style: ReturnType<typeof detectStyle> | undefined;
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== diagnosticSource || !isDiagnosticData(diagnostic.data)) continue;
    const { documentIndex, prefix } = diagnostic.data;
    const fixes = fixesOf(analysis, diagnostic, diagnostic.data);
    if (fixes.length === 0) continue;
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

function fixesOf(analysis: readonly FileDiagnostic[], diagnostic: Diagnostic, data: DiagnosticData): readonly Fix[] {
  const samePath = (path: Path) => path.length === data.prefix.length && path.every((step, i) => step === data.prefix[i]);
  const candidates = analysis.filter(
    (found) => found.code === diagnostic.code && found.fixes?.length && found.resource?.documentIndex === data.documentIndex && samePath(found.resource.prefix),
  );
  // Most precise first: the same place and message (two equal entries of one list differ only in place), the same
  // message, the same code; an ambiguous match offers nothing.
  const tiers = [
    candidates.filter((found) => found.message === diagnostic.message && sameRange(found.range, diagnostic.range)),
    candidates.filter((found) => found.message === diagnostic.message),
    candidates,
  ];
  const chosen = tiers.find((tier) => tier.length > 0) ?? [];
  return chosen.length === 1 ? chosen[0]!.fixes! : [];
}

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

function isDiagnosticData(data: unknown): data is DiagnosticData {
  if (typeof data !== 'object' || data === null) return false;
  const candidate = data as Partial<DiagnosticData>;
  return typeof candidate.documentIndex === 'number' && Array.isArray(candidate.prefix);
}
