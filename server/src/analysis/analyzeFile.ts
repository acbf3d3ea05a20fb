/**
 * The whole analysis of one file, shared by the language server and the CLI: file problems (syntax errors,
 * limits) plus every rule's findings, each located at its narrowest source range.
 */
import type { Fix, Path, RuleOptions, Severity } from '../rules/types';
import { checkResourceReusing, ruleCodes } from '../rules/registry';
import type { Range } from '../model/lineIndex';
import { locate } from '../model/locate';
import { parseFile, type ParsedFile } from '../model/parsedFile';
import { defaultLimits, type AnalysisLimits } from '../model/limits';

export interface FileDiagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  relatedInformation?: { range: Range; message: string }[];
  /** Quick fixes, as structural edits of the resource that `resource` locates. */
  fixes?: Fix[];
  resource?: { documentIndex: number; prefix: Path };
}

export interface AnalysisOptions {
  rules: RuleOptions;
  limits: AnalysisLimits;
}

export const defaultAnalysisOptions: AnalysisOptions = { rules: {}, limits: defaultLimits };

export function analyzeText(text: string, options: AnalysisOptions = defaultAnalysisOptions): FileDiagnostic[] {
  return analyzeFile(parseFile(text, options.limits), options);
}

export function analyzeFile(parsed: ParsedFile, options: AnalysisOptions = defaultAnalysisOptions): FileDiagnostic[] {
  // Syntax errors only where the file is about Kubernetes: other YAML (CI workflows, compose files) is not ours.
  const ours = parsed.resources.length > 0 || /^\s*(apiVersion|kind)\s*:/m.test(parsed.text);
  const problems = ours ? parsed.problems : parsed.problems.filter((problem) => problem.code !== 'yaml-syntax');
  const diagnostics: FileDiagnostic[] = problems.map((problem) => ({
    range: parsed.lines.rangeOf(problem.start, problem.end),
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
  }));
  const file = parsed.resources.map((entry) => entry.resource);
  for (const entry of parsed.resources) {
    const { document, source, offset } = parsed.documents[entry.documentIndex]!;
    for (const finding of checkResourceReusing({ resource: entry.resource, file, options: options.rules })) {
      const where = locate(document, [...entry.prefix, ...finding.path], finding.target, source);
      const diagnostic: FileDiagnostic = {
        range: parsed.lines.rangeOf(offset + where.start, offset + where.end),
        severity: finding.severity ?? ruleCodes.get(finding.code)?.severity ?? 'warning',
        code: finding.code,
        message: finding.message,
      };
      if (finding.related?.length) {
        diagnostic.relatedInformation = finding.related.map((related) => {
          const at = locate(document, [...entry.prefix, ...related.path], related.target, source);
          return { range: parsed.lines.rangeOf(offset + at.start, offset + at.end), message: related.message };
        });
      }
      if (finding.fixes?.length) {
        diagnostic.fixes = finding.fixes;
        diagnostic.resource = { documentIndex: entry.documentIndex, prefix: entry.prefix };
      }
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
