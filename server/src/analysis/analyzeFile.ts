/**
 * The whole analysis of one file, shared by the language server and the CLI: file problems (syntax errors,
 * limits) plus every rule's findings, each located at its narrowest source range.
 */
import type { Finding, Fix, Path, ResourceRef, RuleOptions, Severity, Target } from '../rules/types';
import { checkResourceReusing, ruleCodes } from '../rules/registry';
import type { Range } from '../model/lineIndex';
import { locate, type Located } from '../model/locate';
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

/**
 * Where each finding is, relative to its piece of the file. A finding reused for an unchanged resource (see
 * checkResourceReusing) belongs to the same parsed document as before, so it is located once.
 */
const locations = new WeakMap<Finding, { at: Located; related: Located[] }>();

export const defaultAnalysisOptions: AnalysisOptions = { rules: {}, limits: defaultLimits };

export function analyzeText(text: string, options: AnalysisOptions = defaultAnalysisOptions): FileDiagnostic[] {
  return analyzeFile(parseFile(text, options.limits), options);
}

const refKey = (kind: string, name: string, namespace: string | undefined) => `${kind}\u0000${namespace || 'default'}\u0000${name}`;

/** The first resource of the file by kind, namespace and name, built on first use per parsed file. */
const resourcesByRef = new WeakMap<ParsedFile, Map<string, ParsedFile['resources'][number]>>();

/** The range of `path` in the first resource of the file that `ref` names, if there is one. */
function locateIn(parsed: ParsedFile, ref: ResourceRef, path: Path, target: Target | undefined): Range | undefined {
  let index = resourcesByRef.get(parsed);
  if (!index) {
    index = new Map();
    for (const entry of parsed.resources) {
      const key = refKey(entry.resource.kind, entry.resource.name, entry.resource.namespace);
      if (!index.has(key)) index.set(key, entry);
    }
    resourcesByRef.set(parsed, index);
  }
  const entry = index.get(refKey(ref.kind, ref.name, ref.namespace));
  const document = entry && parsed.documents[entry.documentIndex];
  if (!entry || !document) return undefined;
  const at = locate(document.document, [...entry.prefix, ...path], target, document.source);
  return parsed.lines.rangeOf(document.offset + at.start, document.offset + at.end);
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
  const optionsKey = JSON.stringify(options.rules);
  for (const entry of parsed.resources) {
    const { document, source, offset } = parsed.documents[entry.documentIndex]!;
    for (const finding of checkResourceReusing({ resource: entry.resource, file, options: options.rules }, optionsKey)) {
      let where = locations.get(finding);
      if (!where) {
        where = {
          at: locate(document, [...entry.prefix, ...finding.path], finding.target, source),
          related: (finding.related ?? []).map((related) => locate(document, [...entry.prefix, ...related.path], related.target, source)),
        };
        locations.set(finding, where);
      }
      const located = where;
      const diagnostic: FileDiagnostic = {
        range: parsed.lines.rangeOf(offset + where.at.start, offset + where.at.end),
        severity: finding.severity ?? ruleCodes.get(finding.code)?.severity ?? 'warning',
        code: finding.code,
        message: finding.message,
      };
      if (finding.related?.length) {
        diagnostic.relatedInformation = finding.related.flatMap((information, i) => {
          // In another resource: located every time, as that resource may have changed while this finding did not.
          if (information.in) {
            const range = locateIn(parsed, information.in, information.path, information.target);
            return range ? [{ range, message: information.message }] : [];
          }
          return [{ range: parsed.lines.rangeOf(offset + located.related[i]!.start, offset + located.related[i]!.end), message: information.message }];
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
