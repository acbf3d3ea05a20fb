/**
 * The edit that adds tolerations to a DaemonSet manifest (the tree's "insert the toleration that would make this
 * node eligible"), in the file's own style, through the language server's structural editor (shared code, no LSP).
 * Tolerations the manifest already has are not added twice.
 */
import { parseAllDocuments } from 'yaml';
import { structuralToTextEdits, type TextEdit } from '../../../server/src/edits/applyStructural';
import { detectStyle } from '../../../server/src/edits/style';
import type { StructuralEdit } from '../../../server/src/rules/types';
import type { Toleration } from '../../../server/src/kube/types';

export type { TextEdit };

const TOLERATIONS = ['spec', 'template', 'spec', 'tolerations'];

const same = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

/**
 * Text edits (offsets into `text`) adding `tolerations` to the DaemonSet at `prefix` (`[]`, or `['items', i]` in a
 * `kind: List`) of document `documentIndex`; an empty list when it has them all; undefined when the document cannot
 * be edited (missing, or does not parse).
 */
export function tolerationInsertEdits(text: string, documentIndex: number, tolerations: readonly Toleration[], prefix: readonly (string | number)[] = []): TextEdit[] | undefined {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const document = list[documentIndex];
  if (!document || document.errors.length > 0) return undefined;
  const existing = document.getIn([...prefix, ...TOLERATIONS]);
  const current: Toleration[] = (() => {
    const value = existing && typeof existing === 'object' && 'toJSON' in existing ? (existing as { toJSON(): unknown }).toJSON() : undefined;
    return Array.isArray(value) ? (value as Toleration[]) : [];
  })();
  const missing = tolerations.filter((t) => !current.some((c) => same(c, t))).map((t) => ({ ...t }));
  if (missing.length === 0) return [];
  const style = detectStyle(text, list.map((d) => ({ document: d, source: text })));
  // Several appends insert at the same offset: one edit with their texts in order.
  const edits: StructuralEdit[] = current.length === 0 && !existing ? [{ kind: 'set', path: TOLERATIONS, value: missing }] : missing.map((value) => ({ kind: 'append', path: TOLERATIONS, value }));
  const textEdits = structuralToTextEdits(text, document, [...prefix], edits, style);
  const merged: TextEdit[] = [];
  for (const edit of textEdits) {
    const last = merged[merged.length - 1];
    if (last && last.start === edit.start && last.end === edit.end && edit.start === edit.end) last.newText += edit.newText;
    else merged.push({ ...edit });
  }
  return merged;
}
