/**
 * Completions for node selection: `nodeSelector` label keys and values, and node-affinity requirements
 * (`matchExpressions` keys, operators with their meaning, values; `matchFields` on `metadata.name`). Keys and values
 * come from the well-known labels and, with a cluster snapshot, from the labels the nodes really carry.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { CursorContext } from './cursorContext';
import { labelKeyMarkdown, NODE_FIELD_OPERATORS, NODE_SELECTOR_OPERATORS, nodeCount, OFFERED_LABELS, WELL_KNOWN_LABEL_VALUES } from './knowledge';
import type { CompletionEnvironment, Edits } from './completionTypes';

/** A requirement as written around the cursor (read from the parsed document). */
export interface RequirementAround {
  key?: string;
  operator?: string;
  values: string[];
}

export function labelCompletions(
  context: CursorContext,
  env: CompletionEnvironment,
  edits: Edits,
  requirement: () => RequirementAround | undefined,
): CompletionItem[] {
  const place = context.place;
  if (place?.type === 'nodeSelector') {
    if (context.kind === 'key') return labelKeys(context, env, edits, 'key', new Set(context.siblings.keys()));
    if (context.kind === 'value' && context.key !== undefined) return labelValues(context, env, edits, context.key, new Set());
    return [];
  }
  if (place?.type === 'nodeSelectorRequirement' && context.kind === 'value') {
    const fields = place.field === 'matchFields';
    if (context.key === 'key') {
      return fields
        ? [edits.value(context, 'metadata.name', { kind: CompletionItemKind.Field, detail: 'the node name: the only field a node selector can read' })]
        : labelKeys(context, env, edits, 'value', new Set());
    }
    if (context.key === 'operator') {
      return (fields ? NODE_FIELD_OPERATORS : NODE_SELECTOR_OPERATORS).map((op, i) =>
        edits.value(context, op.name, {
          kind: CompletionItemKind.EnumMember,
          detail: op.summary,
          documentation: { kind: MarkupKind.Markdown, value: op.documentation },
          sortText: String(i),
        }),
      );
    }
    return [];
  }
  if (place?.type === 'requirementValue' && context.kind === 'item') {
    const around = requirement();
    if (place.field === 'matchFields') return nodeNames(context, env, edits, new Set(around?.values));
    if (!around?.key) return [];
    if (around.operator === 'Exists' || around.operator === 'DoesNotExist') return [];
    return labelValues(context, env, edits, around.key, new Set(around.values.filter((v) => v !== context.token.text)));
  }
  return [];
}

function labelKeys(context: CursorContext, env: CompletionEnvironment, edits: Edits, as: 'key' | 'value', exclude: ReadonlySet<string>): CompletionItem[] {
  const snapshot = env.snapshot;
  const items = new Map<string, CompletionItem>();
  const make = (key: string, detail: string, sortText: string): CompletionItem => {
    const fields = {
      kind: CompletionItemKind.Property,
      detail,
      documentation: { kind: MarkupKind.Markdown, value: labelKeyMarkdown(key, snapshot) },
      sortText,
    };
    return as === 'key' ? edits.key(context, key, fields) : edits.value(context, key, fields);
  };
  if (snapshot) {
    for (const stats of snapshot.labelKeys().values()) {
      if (exclude.has(stats.key)) continue;
      const detail = `${nodeCount(stats.nodeCount, snapshot)} of ${snapshot.context} · ${stats.values.size} value${stats.values.size === 1 ? '' : 's'}`;
      items.set(stats.key, make(stats.key, detail, `0${String(snapshot.nodes.length - stats.nodeCount).padStart(8, '0')}${stats.key}`));
    }
  }
  for (const label of OFFERED_LABELS) {
    if (exclude.has(label.key)) continue;
    const existing = items.get(label.key);
    const facts = `set by ${label.setBy}${label.deprecated ? ` · deprecated, use ${label.deprecated.replacement ?? 'another label'}` : ''}`;
    if (existing) {
      existing.detail = `${existing.detail} · ${facts}`;
      continue;
    }
    items.set(label.key, make(label.key, `${snapshot ? 'on no node · ' : ''}${facts}`, `${label.deprecated ? '2' : '1'}${label.key}`));
  }
  return [...items.values()];
}

function labelValues(context: CursorContext, env: CompletionEnvironment, edits: Edits, key: string, exclude: ReadonlySet<string>): CompletionItem[] {
  const snapshot = env.snapshot;
  const items = new Map<string, CompletionItem>();
  const stats = snapshot?.labelKeys().get(key);
  if (snapshot && stats) {
    [...stats.values]
      .sort((a, b) => b[1] - a[1])
      .forEach(([value, count], i) => {
        if (exclude.has(value)) return;
        items.set(
          value,
          edits.value(context, value, {
            kind: CompletionItemKind.Value,
            detail: `${nodeCount(count, snapshot)} of ${snapshot.context}`,
            sortText: `0${String(i).padStart(6, '0')}`,
          }),
        );
      });
  }
  for (const value of WELL_KNOWN_LABEL_VALUES[key] ?? []) {
    if (items.has(value) || exclude.has(value)) continue;
    items.set(value, edits.value(context, value, { kind: CompletionItemKind.Value, detail: snapshot ? 'on no node' : 'well-known value', sortText: `1${value}` }));
  }
  return [...items.values()];
}

function nodeNames(context: CursorContext, env: CompletionEnvironment, edits: Edits, exclude: ReadonlySet<string>): CompletionItem[] {
  const snapshot = env.snapshot;
  if (!snapshot) return [];
  return snapshot.nodes
    .filter((node) => !exclude.has(node.name) || node.name === context.token.text)
    .slice(0, 1000)
    .map((node) => edits.value(context, node.name, { kind: CompletionItemKind.Value, detail: `node of ${snapshot.context}` }));
}
