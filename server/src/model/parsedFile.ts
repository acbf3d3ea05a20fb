/**
 * The document model: one YAML file parsed once (per version) into documents with source ranges, and the
 * Kubernetes resources found in them (a document, or each item of a `kind: List`).
 *
 * Nothing here throws on bad input: syntax errors, templates, alias bombs, deep nesting and oversize files all
 * end up as `problems` that the analysis reports once.
 */
import { Composer, LineCounter, Parser, isMap, isSeq, isScalar, visit, type CST, type Document, type Node } from 'yaml';
import type { Path, Resource } from '../rules/types';
import { LineIndex } from './lineIndex';
import { textChange, type TextChange } from './textChange';
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
  /** The parsed document. Its node ranges are relative to `source`, which starts at `offset` in the file. */
  document: Document.Parsed;
  offset: number;
  source: string;
  /** Offsets of the document's content in the file. */
  start: number;
  end: number;
  /** True when the document contains template directives and was not analysed. */
  templated: boolean;
  /** True when the document had a syntax error: its resources are not analysed. */
  broken: boolean;
  /** The parse of the piece of the file (between two `---` lines) that holds the document; shared by its documents. */
  piece: ParsedPiece;
}

/**
 * What the parser saw of one piece of the file besides its documents, kept so that the embedded schema service can
 * validate the piece's documents without parsing them again (see schema/sharedParse.ts): the comment lines above
 * each document (where a `$schema` modeline sits) and the piece's line starts. The CST tokens themselves are not
 * kept: they would more than double the memory a parsed file holds (~58 MB more for 100,000 lines).
 */
export interface ParsedPiece {
  /** Per document of the piece, in order: its header comment lines, as yaml-language-server collects them. */
  headerComments: string[][];
  lineCounter: LineCounter;
}

export interface ParsedFile {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
  resources: ResourceEntry[];
  problems: FileProblem[];
  limits: AnalysisLimits;
  /** The file's pieces (see {@link splitDocuments}), for the next version's split. */
  chunks: Chunk[];
  /** Each piece's analysis (parallel to `chunks`), for the next version's parse. */
  analysedChunks: AnalysedChunk[];
}

/** A piece of the file between two `---` lines: where it starts, and its text. */
export interface Chunk {
  offset: number;
  text: string;
}

/** `{{ ... }}` (Helm, Go templates, Jinja/Salt), `{% ... %}` (Jinja/Salt): not plain YAML. */
const templatePattern = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/**
 * @param previous the same file's previous version: documents whose text did not change are reused, not parsed
 * again (an edit in one document of a big file re-parses that document only).
 */
export function parseFile(text: string, limits: AnalysisLimits = defaultLimits, previous?: ParsedFile): ParsedFile {
  // After an edit, only the stretch of text that changed is split and indexed again; the pieces around it keep their
  // string objects, so looking them up in the cache does not hash megabytes of text again.
  const change = previous ? textChange(previous.text, text) : undefined;
  const lines = previous && change ? LineIndex.edited(previous.lines, text, change) : new LineIndex(text);
  const result: ParsedFile = { text, lines, documents: [], resources: [], problems: [], limits, chunks: [], analysedChunks: [] };
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
  const reuse = previous && previous.limits === limits ? previous : undefined;
  // For each piece, the previous piece it is (-1: split again, maybe the same text as one of `replaced`).
  const origins: number[] = [];
  result.chunks = previous && change && previous.chunks.length > 0 ? splitEdited(previous.text, previous.chunks, text, change, origins) : splitDocuments(text);
  let replaced: Map<string, AnalysedChunk> | undefined;
  let index = 0;
  for (const [chunkIndex, chunk] of result.chunks.entries()) {
    let analysed: AnalysedChunk | undefined;
    if (reuse) {
      const origin = origins[chunkIndex] ?? -1;
      if (origin >= 0) analysed = reuse.analysedChunks[origin];
      else {
        replaced ??= replacedPieces(reuse, origins);
        analysed = replaced.get(chunk.text);
      }
    }
    if (!analysed) {
      try {
        analysed = analyseChunk(chunk.text, limits);
      } catch (error) {
        analysed = unparsed({ code: 'analysis-limited', severity: 'warning', message: `DaemonSet analysis skipped: the YAML parser gave up (${errorMessage(error)}).`, start: 0, end: lineEndFrom(chunk.text, 0) });
      }
    }
    result.analysedChunks.push(analysed);
    for (const entry of analysed.documents) {
      if (index >= limits.maxDocuments) {
        const remaining = countRemaining(text, chunk.offset);
        result.problems.push({
          code: 'analysis-limited',
          severity: 'information',
          message: `DaemonSet analysis stopped after ${limits.maxDocuments} documents (setting daemonset.limits.maxDocuments); the remaining ${remaining} were not checked.`,
          start: chunk.offset,
          end: lineEndFrom(text, chunk.offset),
        });
        return result;
      }
      if (entry.problem) result.problems.push({ ...entry.problem, start: chunk.offset + entry.problem.start, end: chunk.offset + entry.problem.end });
      if (!entry.document) continue;
      // A document at the same place as in the previous version is the same object, with the same resources: an
      // edit in one document of a big file builds the others' entries again only when they moved.
      let last = entry.last;
      if (!last || last.index !== index || last.offset !== chunk.offset) {
        const [start, , end] = entry.document.range;
        const parsedDocument: ParsedDocument = {
          index,
          document: entry.document,
          offset: chunk.offset,
          source: chunk.text,
          start: chunk.offset + start,
          end: chunk.offset + end,
          templated: entry.templated,
          broken: entry.broken,
          piece: analysed.piece,
        };
        let resources = last?.index === index ? last.resources : undefined;
        if (!resources) {
          resources = [];
          if (entry.value !== undefined) collectResources(entry.value, index, [], resources);
        }
        last = { index, offset: chunk.offset, document: parsedDocument, resources };
        entry.last = last;
      }
      result.documents.push(last.document);
      for (const resource of last.resources) result.resources.push(resource);
      index++;
    }
  }
  return result;
}

/** The analysed pieces of `previous` that are not carried over as they are (see `origins`), by text. */
function replacedPieces(previous: ParsedFile, origins: readonly number[]): Map<string, AnalysedChunk> {
  const kept = new Uint8Array(previous.chunks.length);
  for (const origin of origins) if (origin >= 0) kept[origin] = 1;
  const replaced = new Map<string, AnalysedChunk>();
  previous.analysedChunks.forEach((analysed, i) => kept[i] || replaced.set(previous.chunks[i]!.text, analysed));
  return replaced;
}

/** One piece of the file, parsed and analysed once; offsets are relative to the piece. */
interface AnalysedChunk {
  documents: AnalysedDocument[];
  piece: ParsedPiece;
}

/** One YAML document of a chunk, analysed once; offsets are relative to the chunk. */
interface AnalysedDocument {
  document: Document.Parsed | undefined;
  value?: unknown;
  templated: boolean;
  broken: boolean;
  problem?: FileProblem;
  /** Its entries in the latest version of the file that held it (immutable: reused while its place is the same). */
  last?: { index: number; offset: number; document: ParsedDocument; resources: ResourceEntry[] };
}

/**
 * Splits a file at its `---` lines. A line that starts with `---` followed by a space or its end is a document
 * marker wherever it appears (YAML forbids it inside scalars), so each piece parses on its own; a piece that did
 * not change since the last version is not parsed again.
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    if (match.index > start) chunks.push({ offset: start, text: text.slice(start, match.index) });
    start = match.index;
  }
  if (start < text.length || chunks.length === 0) chunks.push({ offset: start, text: text.slice(start) });
  return chunks;
}

/**
 * {@link splitDocuments} of `text`, a new version of `previousText` (split into `previousChunks`) that differs from it
 * only between its first `change.prefix` and last `change.suffix` characters. Pieces wholly outside that stretch
 * (with the `---` line that bounds them) are the previous ones, shifted; only the stretch in between is split.
 * @param origins receives, per returned piece, the index of the previous piece it is, or -1 for one split again
 */
export function splitEdited(previousText: string, previousChunks: readonly Chunk[], text: string, change: TextChange, origins?: number[]): Chunk[] {
  const delta = text.length - previousText.length;
  // A piece before the change, and the `---` marker after it with the character that follows (4 characters).
  let head = 0;
  while (head < previousChunks.length - 1) {
    const chunk = previousChunks[head]!;
    if (chunk.offset + chunk.text.length + 4 > change.prefix) break;
    head++;
  }
  // A piece after the change, and the line break before its marker.
  const suffixStart = previousText.length - change.suffix;
  let tail = previousChunks.length;
  while (tail > head && previousChunks[tail - 1]!.offset - 1 >= suffixStart) tail--;
  const chunks: Chunk[] = previousChunks.slice(0, head);
  for (let i = 0; i < head; i++) origins?.push(i);
  const middleStart = head > 0 ? previousChunks[head - 1]!.offset + previousChunks[head - 1]!.text.length : 0;
  const middleEnd = tail < previousChunks.length ? previousChunks[tail]!.offset + delta : text.length;
  if (middleEnd > middleStart || (head === 0 && tail === previousChunks.length)) {
    for (const chunk of splitDocuments(text.slice(middleStart, middleEnd))) {
      chunks.push({ offset: middleStart + chunk.offset, text: chunk.text });
      origins?.push(-1);
    }
  }
  for (let i = tail; i < previousChunks.length; i++) {
    chunks.push({ offset: previousChunks[i]!.offset + delta, text: previousChunks[i]!.text });
    origins?.push(i);
  }
  return chunks;
}

function countRemaining(text: string, from: number): number {
  return splitDocuments(text.slice(from)).length;
}

function unparsed(problem: FileProblem): AnalysedChunk {
  return { documents: [{ document: undefined, templated: false, broken: true, problem }], piece: { headerComments: [], lineCounter: new LineCounter() } };
}

/**
 * The parse options are those of yaml-language-server's own parser (yamlParser07.ts: YAML 1.2, not strict, unique
 * keys), so that its schema validation can run on these documents as they are. It also keeps source tokens on the
 * nodes, which only its code actions, rename and style checks read: not its validation, the one use made of them.
 */
const composeOptions = { strict: false, uniqueKeys: true, version: '1.2' } as const;

function analyseChunk(source: string, limits: AnalysisLimits): AnalysedChunk {
  // Deep input is refused before the parser sees it (see depthGuard.ts); once per piece, as pieces are cached.
  const deepAt = findExcessiveNesting(source, limits.maxNestingDepth);
  if (deepAt !== undefined) return unparsed(tooDeep(limits, deepAt, lineEndFrom(source, deepAt)));
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(source));
  // Without `forceDoc`: a piece of comments only holds no document (as `parseAllDocuments` had it).
  const documents = Array.from(new Composer(composeOptions).compose(tokens, false, source.length)) as Document.Parsed[];
  return { documents: documents.map((document) => analyseDocument(document, source, limits)), piece: { headerComments: documentHeaderComments(tokens), lineCounter } };
}

function analyseDocument(document: Document.Parsed, text: string, limits: AnalysisLimits): AnalysedDocument {
  const [start, , end] = document.range;
  const firstLineOf = () => Math.min(end, lineEndFrom(text, start));
  if (templatePattern.test(stripComments(text.slice(start, end)))) return { document, templated: true, broken: false };
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const [errorStart, errorEnd] = error.pos;
    if (/call stack/i.test(error.message)) return { document, templated: false, broken: true, problem: tooDeep(limits, start, firstLineOf()) };
    const more = document.errors.length > 1 ? ` (and ${document.errors.length - 1} more in this document)` : '';
    return syntaxError(document, `${firstLine(error.message)}${more}`, errorStart, errorEnd);
  }
  if (nestingDepth(document.contents as Node | null, limits.maxNestingDepth) > limits.maxNestingDepth) {
    return { document, templated: false, broken: true, problem: tooDeep(limits, start, firstLineOf()) };
  }
  const cycle = /\*/.test(text.slice(start, end)) ? aliasCycle(document) : undefined;
  if (cycle) {
    const reason = `the alias *${cycle.name} is inside the node anchored &${cycle.name}, a cycle that Kubernetes' YAML decoder rejects ("anchor '${cycle.name}' value contains itself")`;
    return syntaxError(document, reason, cycle.start, cycle.end);
  }
  try {
    return { document, value: document.toJS({ maxAliasCount: limits.maxAliasCount }), templated: false, broken: false };
  } catch (error) {
    return {
      document,
      templated: false,
      broken: true,
      problem: {
        code: 'analysis-limited',
        severity: 'warning',
        message: `DaemonSet analysis skipped for this document: ${errorMessage(error)}.`,
        start,
        end: firstLineOf(),
      },
    };
  }
}

/** A document that is not analysed because of a YAML error between `start` and `end` (offsets in its piece). */
function syntaxError(document: Document.Parsed, reason: string, start: number, end: number): AnalysedDocument {
  return {
    document,
    templated: false,
    broken: true,
    problem: {
      code: 'yaml-syntax',
      severity: 'error',
      message: `YAML syntax error: ${reason}. The other documents of the file are still checked.`,
      start,
      end: Math.max(end, start + 1),
    },
  };
}

/** yaml-language-server's `getDocumentHeaderComments` (parser/yamlParser07.ts): the comment lines before each document. */
function documentHeaderComments(tokens: readonly CST.Token[]): string[][] {
  const result: string[][] = [];
  let pending: string[] = [];
  for (const token of tokens) {
    if (token.type === 'comment') {
      pending.push(token.source);
      continue;
    }
    if (token.type === 'newline' || token.type === 'space' || token.type === 'byte-order-mark' || token.type === 'directive') continue;
    if (token.type === 'doc-end') {
      pending = [];
      continue;
    }
    if (token.type === 'document') {
      const start = token.start.filter((item) => item.type === 'comment').map((item) => item.source);
      result.push([...pending, ...start]);
      pending = [];
      continue;
    }
    pending = [];
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

/** The first alias that is inside the node it refers to (a cycle), if any. The document is within the nesting limit. */
function aliasCycle(document: Document.Parsed): { name: string; start: number; end: number } | undefined {
  let found: { name: string; start: number; end: number } | undefined;
  visit(document, {
    Alias(_key, alias, path) {
      const source = alias.resolve(document);
      if (source && path.includes(source)) {
        const [start, end] = alias.range ?? [0, 0];
        found = { name: alias.source, start, end: Math.max(end, start + 1) };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
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
