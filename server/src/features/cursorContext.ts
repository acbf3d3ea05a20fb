/**
 * Where in a Kubernetes manifest the cursor is, for completion and hover: the path from the document root (block
 * or flow style, complete or half-typed), whether it is on a key, a value or a new sequence item, the scalar under
 * it, the other entries of its map, and what the path means for us: a toleration, a nodeSelector, a node-affinity
 * requirement.
 */
import { blockPosition, type Segment } from './cursorBlock';
import { flowPosition, openFlowStart } from './cursorFlow';
import { shapeOf } from './yamlLines';

export type { Segment } from './cursorBlock';

export interface CursorContext {
  kind: 'key' | 'value' | 'item';
  /** The map that holds the cursor (`key`, `value`), or the sequence item (`item`, ending with its index). */
  path: Segment[];
  /** `value`: the key whose value is at the cursor; `key`: the key under the cursor when it is complete (`key:`). */
  key?: string;
  /** The scalar under the cursor (quotes removed) and its offsets in the file, quotes included. */
  token: { text: string; start: number; end: number; quoted: boolean };
  /** The other entries of the map at the cursor, as scalar text. */
  siblings: ReadonlyMap<string, string>;
  flow: boolean;
  /** Block style: the column of the map's keys, or of the item's dash; the cursor's column in flow style. */
  column: number;
  /** The cursor line starts a sequence item (`- `). */
  dash: boolean;
  /**
   * The YAML document at the cursor: its offsets, top-level `apiVersion`/`kind` as written, and whether it has
   * other top-level keys (a document with those and neither apiVersion nor kind is not a Kubernetes object).
   */
  document: { start: number; end: number; apiVersion?: string; kind?: string; otherKeys: boolean };
  /** What the path means (see {@link placeOf}). */
  place: Place | undefined;
}

/** Parts of a pod spec whose completions and hovers we provide. */
export type Place =
  /** Inside `tolerations[index]`. */
  | { type: 'toleration'; podSpec: Segment[]; index: number }
  /** Directly under `tolerations` (a new item on a blank line below the key). */
  | { type: 'tolerations'; podSpec: Segment[] }
  /** Inside the `nodeSelector` map. */
  | { type: 'nodeSelector'; podSpec: Segment[] }
  /** Inside a node-affinity `matchExpressions[index]` or `matchFields[index]` (required or preferred term). */
  | { type: 'nodeSelectorRequirement'; podSpec: Segment[]; field: 'matchExpressions' | 'matchFields'; term: Segment[] }
  /** An item of that requirement's `values`. */
  | { type: 'requirementValue'; podSpec: Segment[]; field: 'matchExpressions' | 'matchFields'; term: Segment[]; requirement: Segment[] };

/** Returns undefined where there is nothing to say (a comment, a block scalar, lines that make no sense). */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const document = yamlDocumentAt(text, offset);
  if (!document) return undefined;
  // Lines end at LF, CRLF or a lone CR, as the editor counts them.
  const body = text.slice(document.start, document.end);
  const lines: string[] = [];
  const lineStarts: number[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let from = 0;
  for (let match = lineBreak.exec(body); match; match = lineBreak.exec(body)) {
    lines.push(body.slice(from, match.index));
    lineStarts.push(document.start + from);
    from = match.index + match[0].length;
  }
  lines.push(body.slice(from));
  lineStarts.push(document.start + from);
  let line = lineStarts.length - 1;
  while (line > 0 && lineStarts[line]! > offset) line--;
  const column = Math.min(offset - lineStarts[line]!, lines[line]!.length);
  const toOffset = (l: number, c: number) => lineStarts[l]! + c;
  const head = documentHead(lines, line);

  const flowStart = openFlowStart(lines, { line, column });
  if (flowStart) {
    const outer = blockPosition(lines, flowStart.line, flowStart.column);
    const inner = flowPosition(lines, flowStart, { line, column });
    if (!outer || !inner || (outer.kind === 'value' && outer.key === undefined)) return undefined;
    const base = outer.kind === 'value' ? [...outer.path, outer.key!] : outer.kind === 'item' ? outer.path : undefined;
    if (!base) return undefined;
    const path = [...base, ...inner.path];
    const context: CursorContext = {
      kind: inner.kind,
      path,
      token: { text: inner.token.text, start: toOffset(line, inner.token.start), end: toOffset(line, inner.token.end), quoted: inner.token.quoted },
      siblings: inner.siblings,
      flow: true,
      column,
      dash: false,
      document: { ...document, ...head },
      place: placeOf(inner.kind, path, head.kind),
    };
    if (inner.key !== undefined) context.key = inner.key;
    return context;
  }

  const block = blockPosition(lines, line, column);
  if (!block) return undefined;
  const context: CursorContext = {
    kind: block.kind,
    path: block.path,
    token: { text: block.token.text, start: toOffset(line, block.token.start), end: toOffset(line, block.token.end), quoted: block.token.quoted },
    siblings: block.siblings,
    flow: false,
    column: block.column,
    dash: block.dash,
    document: { ...document, ...head },
    place: placeOf(block.kind, block.path, head.kind),
  };
  if (block.key !== undefined) context.key = block.key;
  return context;
}

/** The offsets of the YAML document around `offset` (between `---`/`...` marker lines); undefined on a marker. */
export function yamlDocumentAt(text: string, offset: number): { start: number; end: number } | undefined {
  const marker = /^(?:---|\.\.\.)(?:[ \t].*)?$/gm;
  let start = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    const lineEnd = match.index + match[0].length;
    if (lineEnd < offset) {
      start = Math.min(text.length, lineEnd + 1);
      continue;
    }
    if (match.index <= offset) return undefined;
    return { start, end: Math.max(start, match.index - 1) };
  }
  return { start, end: text.length };
}

/** `apiVersion` and `kind` as written at the top level of the document. */
function documentHead(lines: readonly string[], cursorLine: number): { apiVersion?: string; kind?: string; otherKeys: boolean } {
  const head: { apiVersion?: string; kind?: string; otherKeys: boolean } = { otherKeys: false };
  lines.forEach((line, index) => {
    if (line === '' || line[0] === ' ' || line[0] === '#' || line[0] === '\t') return;
    const s = shapeOf(line);
    if (s.indent !== 0 || !s.key) return;
    if (s.key.text === 'kind') head.kind = s.value?.text ?? '';
    else if (s.key.text === 'apiVersion') head.apiVersion = s.value?.text ?? '';
    else if (index !== cursorLine) head.otherKeys = true;
  });
  return head;
}

/** Where a pod spec starts in a path: after `template.spec` (workloads, CronJob's `jobTemplate`), or `spec` of a Pod. */
function podSpecEnd(path: readonly Segment[], documentKind: string | undefined): number {
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] === 'spec' && path[i - 1] === 'template') return i + 1;
  }
  return documentKind === 'Pod' && path[0] === 'spec' ? 1 : -1;
}

/** What the path at the cursor means for toleration and node-selection features. */
export function placeOf(kind: CursorContext['kind'], path: readonly Segment[], documentKind: string | undefined): Place | undefined {
  const start = podSpecEnd(path, documentKind);
  if (start < 0) return undefined;
  const podSpec = path.slice(0, start);
  const rest = path.slice(start);
  if (rest[0] === 'tolerations') {
    if (rest.length === 1) return { type: 'tolerations', podSpec };
    if (typeof rest[1] === 'number' && rest.length === 2) return { type: 'toleration', podSpec, index: rest[1] };
    return undefined;
  }
  if (rest[0] === 'nodeSelector' && rest.length === 1 && kind !== 'item') return { type: 'nodeSelector', podSpec };
  if (rest[0] !== 'affinity' || rest[1] !== 'nodeAffinity') return undefined;
  // required: nodeSelectorTerms[i].matchExpressions[j]; preferred: [i].preference.matchExpressions[j]
  let termEnd: number;
  if (rest[2] === 'requiredDuringSchedulingIgnoredDuringExecution' && rest[3] === 'nodeSelectorTerms' && typeof rest[4] === 'number') termEnd = 5;
  else if (rest[2] === 'preferredDuringSchedulingIgnoredDuringExecution' && typeof rest[3] === 'number' && rest[4] === 'preference') termEnd = 5;
  else return undefined;
  const field = rest[termEnd];
  if ((field !== 'matchExpressions' && field !== 'matchFields') || typeof rest[termEnd + 1] !== 'number') return undefined;
  const term = path.slice(0, start + termEnd);
  const requirement = path.slice(0, start + termEnd + 2);
  if (rest.length === termEnd + 2) return { type: 'nodeSelectorRequirement', podSpec, field, term };
  if (rest.length === termEnd + 4 && rest[termEnd + 2] === 'values' && typeof rest[termEnd + 3] === 'number') {
    return { type: 'requirementValue', podSpec, field, term, requirement };
  }
  return undefined;
}
