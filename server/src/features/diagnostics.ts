/**
 * Converts the analysis of a file into LSP diagnostics. A fixable diagnostic carries in `data` only which resource
 * it belongs to; its fixes stay on the server (features/codeActions.ts finds them in the analysis of the version the
 * editor shows): sending them along made a big file's diagnostics a third larger on every keystroke.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { FileDiagnostic } from '../analysis/analyzeFile';
import type { Path, Severity } from '../rules/types';

export const diagnosticSource = 'daemonset';

/** What a fixable diagnostic carries for its code actions: the resource it belongs to. */
export interface DiagnosticData {
  documentIndex: number;
  prefix: Path;
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(uri: string, diagnostic: FileDiagnostic): Diagnostic {
  const result: Diagnostic = {
    range: diagnostic.range,
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: diagnosticSource,
    message: diagnostic.message,
  };
  if (diagnostic.relatedInformation?.length) {
    result.relatedInformation = diagnostic.relatedInformation.map((related) => ({
      location: { uri, range: related.range },
      message: related.message,
    }));
  }
  if (diagnostic.fixes?.length && diagnostic.resource) {
    const data: DiagnosticData = { documentIndex: diagnostic.resource.documentIndex, prefix: diagnostic.resource.prefix };
    result.data = data;
  }
  return result;
}
