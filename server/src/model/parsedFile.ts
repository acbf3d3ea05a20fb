/**
 * The document model: one YAML file parsed once (per version) into documents with source ranges, and the
 * Kubernetes resources found in them (a document, or each item of a `kind: List`).
 *
 * Nothing here throws on bad input: syntax errors, templates, alias bombs, deep nesting and oversize files all
 * end up as `problems` that the analysis reports once.
 */
import { parseAllDocuments, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import type { Path, Resource } from '../rules/types';
import { LineIndex } from './lineIndex';
import { findExcessiveNesting } from './depthGuard';
import { defaultLimits, type AnalysisLimits } from './limits';

/** A problem with the file itself rather than with a resource: reported as-is. */
export interface FileProblem {
  code: 'yaml-syntax' | 'analysis-limited' | 'template-skipped';
  severity: 'error' | 'warning' | 'information';
  message: string;
  start: number;
  end: number;
}

export interface ResourceEntry {
  resource: Resource;
  /** Index of the YAML document that holds the resource. */
  documentIndex: number;
  /** Path of the resource inside its document: `[]`, or `['items', i]` for a List item. */
  prefix: Path;
}

export interface ParsedDocument {
  index: number;
  document: Document.Parsed;
  /** Offsets of the document's content in the file. */
  start: number;
  end: number;
  /** True when the document contains template directives and was not analysed. */
  templated: boolean;
  /** True when the document had a syntax error: its resources are not analysed. */
  broken: boolean;
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
  resources: ResourceEntry[];
  problems: FileProblem[];
}

/** `{{ ... }}` (Helm, Go templates, Jinja/Salt), `{% ... %}` (Jinja/Salt): not plain YAML. */
const templatePattern = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

export function parseFile(text: string, limits: AnalysisLimits = defaultLimits): ParsedFile {
  const lines = new LineIndex(text);
  const result: ParsedFile = { text, lines, documents: [], resources: [], problems: [] };
  if (text.length > limits.maxFileSize) {
    result.problems.push({
      code: 'analysis-limited',
      severity: 'information',
      message: `DaemonSet analysis skipped: the file has ${formatSize(text.length)}, more than the limit of ${formatSize(limits.maxFileSize)} (setting daemonset.limits.maxFileSizeMB).`,
      start: 0,
      end: firstLineEnd(text),
    });
    return result;
  }
  const deepAt = findExcessiveNesting(text, limits.maxNestingDepth);
  if (deepAt !== undefined) {
    result.problems.push(tooDeep(limits, deepAt, lineEndFrom(text, deepAt)));
    return result;
  }
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: false }) as Document.Parsed[];
    if (!Array.isArray(documents)) documents = []; // EmptyStream
  } catch (error) {
    result.problems.push({
      code: 'analysis-limited',
      severity: 'warning',
      message: `DaemonSet analysis skipped: the YAML parser gave up (${errorMessage(error)}).`,
      start: 0,
      end: firstLineEnd(text),
    });
    return result;
  }

  for (let index = 0; index < documents.length; index++) {
    const document = documents[index]!;
    const [start, , end] = document.range;
    if (index >= limits.maxDocuments) {
      result.problems.push({
        code: 'analysis-limited',
        severity: 'information',
        message: `DaemonSet analysis stopped after ${limits.maxDocuments} documents (setting daemonset.limits.maxDocuments); the remaining ${documents.length - index} were not checked.`,
        start,
        end: Math.min(end, lineEndFrom(text, start)),
      });
      break;
    }
    const source = text.slice(start, end);
    const parsed: ParsedDocument = { index, document, start, end, templated: false, broken: false };
    result.documents.push(parsed);
    if (templatePattern.test(stripComments(source))) {
      parsed.templated = true;
      continue;
    }
    if (document.errors.length > 0) {
      parsed.broken = true;
      const error = document.errors[0]!;
      const [errorStart, errorEnd] = error.pos;
      if (/call stack/i.test(error.message)) {
        result.problems.push(tooDeep(limits, start, Math.min(end, lineEndFrom(text, start))));
        continue;
      }
      result.problems.push({
        code: 'yaml-syntax',
        severity: 'error',
        message: `YAML syntax error: ${firstLine(error.message)}${document.errors.length > 1 ? ` (and ${document.errors.length - 1} more in this document)` : ''}. The other documents of the file are still checked.`,
        start: errorStart,
        end: Math.max(errorEnd, errorStart + 1),
      });
      continue;
    }
    const depth = nestingDepth(document.contents as Node | null, limits.maxNestingDepth);
    if (depth > limits.maxNestingDepth) {
      parsed.broken = true;
      result.problems.push(tooDeep(limits, start, Math.min(end, lineEndFrom(text, start))));
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      parsed.broken = true;
      result.problems.push({
        code: 'analysis-limited',
        severity: 'warning',
        message: `DaemonSet analysis skipped for this document: ${errorMessage(error)}.`,
        start,
        end: Math.min(end, lineEndFrom(text, start)),
      });
      continue;
    }
    collectResources(value, index, [], result.resources);
  }
  return result;
}

function tooDeep(limits: AnalysisLimits, start: number, end: number): FileProblem {
  return {
    code: 'analysis-limited',
    severity: 'warning',
    message: `DaemonSet analysis skipped: the YAML nests deeper than ${limits.maxNestingDepth} levels (setting daemonset.limits.maxNestingDepth).`,
    start,
    end,
  };
}

function collectResources(value: unknown, documentIndex: number, prefix: Path, out: ResourceEntry[]): void {
  if (!isRecord(value)) return;
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  if ((kind === 'List' || kind.endsWith('List')) && Array.isArray(value.items) && prefix.length === 0) {
    value.items.forEach((item, i) => collectResources(item, documentIndex, ['items', i], out));
    return;
  }
  if (!kind) return;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  out.push({
    resource: {
      apiVersion,
      kind,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      object: value,
    },
    documentIndex,
    prefix,
  });
}

/** Depth of nested collections, stopping once past `cap` (iterative: deep input must not overflow the stack). */
function nestingDepth(root: Node | null, cap: number): number {
  if (!root) return 0;
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > cap) return max;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.value && !isScalar(pair.value)) stack.push([pair.value, depth + 1]);
        if (pair.key && !isScalar(pair.key)) stack.push([pair.key, depth + 1]);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item && !isScalar(item)) stack.push([item, depth + 1]);
    }
  }
  return max;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stripComments(source: string): string {
  // Good enough for template detection: drops `# ...` at line start or after whitespace.
  return source.replace(/(^|\s)#.*$/gm, '$1');
}

const firstLine = (message: string): string => message.split('\n')[0]!.replace(/:\s*$/, '');
const errorMessage = (error: unknown): string => firstLine(error instanceof Error ? error.message : String(error));
const firstLineEnd = (text: string): number => lineEndFrom(text, 0);

function lineEndFrom(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  return Math.min(end, start + 200);
}

function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.round(chars / 1024)} KB`;
}
