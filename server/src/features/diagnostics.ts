/** Converts the analysis of a file into LSP diagnostics; quick-fix data rides along in `data`. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { FileDiagnostic } from '../analysis/analyzeFile';
import type { Fix, Path, Severity } from '../rules/types';

export const diagnosticSource = 'daemonset';

/** What a diagnostic carries for its code actions. */
export interface DiagnosticData {
  fixes: Fix[];
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
    const data: DiagnosticData = { fixes: diagnostic.fixes, ...diagnostic.resource };
    result.data = data;
  }
  return result;
}
