/**
 * Completions inside `tolerations`: taint keys (well-known ones and, with a cluster snapshot, the keys its nodes
 * carry, with node counts), operators, effects, values, `tolerationSeconds` (only with NoExecute), and whole
 * tolerations for a new item.
 */
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { CursorContext } from './cursorContext';
import {
  defaultToleration,
  nodeCount,
  OFFERED_TAINTS,
  taintKeyMarkdown,
  TAINT_EFFECTS,
  TOLERATION_OPERATORS,
  yamlString,
} from './knowledge';
import type { CompletionEnvironment, Edits } from './completionTypes';

export function tolerationCompletions(context: CursorContext, env: CompletionEnvironment, edits: Edits): CompletionItem[] {
  const place = context.place;
  if (place?.type === 'tolerations' && context.kind === 'key') return wholeTolerations(context, edits);
  if (place?.type !== 'toleration') return [];
  if (context.kind === 'value') return valueCompletions(context, env, edits);
  const items = context.kind === 'item' ? wholeTolerations(context, edits) : [];
  if (env.fieldNames) items.push(...fieldNames(context, edits));
  return items;
}

function valueCompletions(context: CursorContext, env: CompletionEnvironment, edits: Edits): CompletionItem[] {
  switch (context.key) {
    case 'key':
      return keyCompletions(context, env, edits);
    case 'operator':
      return TOLERATION_OPERATORS.filter((op) => env.comparisonOperators || (op.name !== 'Lt' && op.name !== 'Gt')).map((op, i) =>
        edits.value(context, op.name, {
          kind: CompletionItemKind.EnumMember,
          detail: op.summary,
          documentation: { kind: MarkupKind.Markdown, value: op.documentation },
          sortText: String(i),
        }),
      );
    case 'effect':
      return effectCompletions(context, env, edits);
    case 'value':
      return valueOfKeyCompletions(context, env, edits);
    case 'tolerationSeconds':
      return context.siblings.get('effect') === 'NoExecute'
        ? [
            edits.value(context, '300', { kind: CompletionItemKind.Value, detail: '5 minutes (what Kubernetes gives not-ready/unreachable by default)' }),
            edits.value(context, '3600', { kind: CompletionItemKind.Value, detail: '1 hour' }),
          ]
        : [];
    default:
      return [];
  }
}

function keyCompletions(context: CursorContext, env: CompletionEnvironment, edits: Edits): CompletionItem[] {
  const snapshot = env.snapshot;
  const daemonSet = context.document.kind === 'DaemonSet';
  const items = new Map<string, CompletionItem>();
  const stats = snapshot?.taintKeys();
  if (snapshot && stats) {
    for (const entry of stats.values()) {
      const effects = [...entry.effects.keys()].join(', ');
      items.set(
        entry.key,
        edits.value(context, entry.key, {
          kind: CompletionItemKind.Value,
          detail: `${nodeCount(entry.nodes.length, snapshot)} of ${snapshot.context} (${effects})`,
          documentation: { kind: MarkupKind.Markdown, value: taintKeyMarkdown(entry.key, snapshot, daemonSet) },
          sortText: `0${String(snapshot.nodes.length - entry.nodes.length).padStart(8, '0')}${entry.key}`,
        }),
      );
    }
  }
  for (const taint of OFFERED_TAINTS) {
    const existing = items.get(taint.key);
    const facts = [`set by ${taint.setBy}`];
    if (daemonSet) facts.push(defaultToleration(taint));
    if (existing) {
      existing.detail = `${existing.detail} · ${facts.join(' · ')}`;
      continue;
    }
    const item = edits.value(context, taint.key, {
      kind: CompletionItemKind.Value,
      detail: `${snapshot ? 'on no node · ' : ''}${facts.join(' · ')}`,
      documentation: { kind: MarkupKind.Markdown, value: taintKeyMarkdown(taint.key, snapshot, daemonSet) },
      sortText: `${taint.status === 'current' ? '1' : '2'}${taint.key}`,
    });
    if (taint.status === 'deprecated') item.tags = [CompletionItemTag.Deprecated];
    items.set(taint.key, item);
  }
  return [...items.values()];
}

function effectCompletions(context: CursorContext, env: CompletionEnvironment, edits: Edits): CompletionItem[] {
  const key = context.siblings.get('key');
  const seen = key !== undefined ? env.snapshot?.taintKeys().get(key)?.effects : undefined;
  return TAINT_EFFECTS.map((effect, i) => {
    const count = seen?.get(effect.name);
    return edits.value(context, effect.name, {
      kind: CompletionItemKind.EnumMember,
      detail: count && env.snapshot ? `${effect.summary} · ${key} has it ${nodeCount(count, env.snapshot)}` : effect.summary,
      documentation: { kind: MarkupKind.Markdown, value: effect.documentation },
      sortText: `${count ? 0 : 1}${i}`,
    });
  });
}

function valueOfKeyCompletions(context: CursorContext, env: CompletionEnvironment, edits: Edits): CompletionItem[] {
  if (context.siblings.get('operator') === 'Exists') return [];
  const key = context.siblings.get('key');
  const snapshot = env.snapshot;
  const stats = key !== undefined ? snapshot?.taintKeys().get(key) : undefined;
  if (!snapshot || !stats) return [];
  return [...stats.values]
    .filter(([value]) => value !== '')
    .sort((a, b) => b[1] - a[1])
    .map(([value, count], i) =>
      edits.value(context, value, {
        kind: CompletionItemKind.Value,
        detail: `${key}=${value} ${nodeCount(count, snapshot)} of ${snapshot.context}`,
        sortText: String(i).padStart(6, '0'),
      }),
    );
}

function fieldNames(context: CursorContext, edits: Edits): CompletionItem[] {
  const siblings = context.siblings;
  const fields: { name: string; detail: string; when: boolean }[] = [
    { name: 'key', detail: 'the taint key to tolerate (empty: every key, with operator Exists)', when: true },
    { name: 'operator', detail: 'Equal (default) or Exists', when: true },
    { name: 'value', detail: 'the taint value (operator Equal)', when: siblings.get('operator') !== 'Exists' },
    { name: 'effect', detail: 'NoSchedule, PreferNoSchedule or NoExecute (empty: every effect)', when: true },
    { name: 'tolerationSeconds', detail: 'how long a NoExecute taint is tolerated before eviction', when: siblings.get('effect') === 'NoExecute' },
  ];
  return fields
    .filter((field) => field.when && !siblings.has(field.name))
    .map((field, i) => edits.key(context, field.name, { kind: CompletionItemKind.Property, detail: field.detail, sortText: `!${i}` }));
}

interface WholeToleration {
  label: string;
  detail: string;
  documentation: string;
  tolerations: Record<string, string>[];
}

function wholeItems(context: CursorContext): WholeToleration[] {
  const daemonSet = context.document.kind === 'DaemonSet';
  const exists = (key: string, effect?: string) => ({ key, operator: 'Exists', ...(effect ? { effect } : {}) });
  return [
    {
      label: 'tolerate the control plane (both keys)',
      detail: 'node-role.kubernetes.io/control-plane and …/master, NoSchedule',
      documentation:
        'Runs on control-plane nodes of every kubeadm version: 1.24 and later taint them `node-role.kubernetes.io/control-plane`, earlier versions `node-role.kubernetes.io/master` (1.24 sets both). Taint keys are never aliased, so tolerate both.',
      tolerations: [exists('node-role.kubernetes.io/control-plane', 'NoSchedule'), exists('node-role.kubernetes.io/master', 'NoSchedule')],
    },
    {
      label: 'tolerate everything',
      detail: 'operator: Exists, no key, no effect',
      documentation:
        'Tolerates every taint of every node: the pod runs (and keeps running) everywhere, including cordoned, NotReady and out-of-service nodes. Usual for CNI plugins and node agents that must never be missing.',
      tolerations: [{ operator: 'Exists' }],
    },
    {
      label: 'tolerate NotReady and unreachable nodes',
      detail: daemonSet ? 'not-ready and unreachable, NoSchedule' : 'not-ready and unreachable, every effect',
      documentation: daemonSet
        ? 'The DaemonSet controller already tolerates the NoExecute variants forever, but not the NoSchedule ones that the node lifecycle controller adds at once: without these, a NotReady node gets no new daemon pod. Network plugins and node agents add them.'
        : 'Tolerates both the NoSchedule and the NoExecute taints of NotReady and unreachable nodes, forever: the pod is scheduled there and never evicted because of them.',
      tolerations: daemonSet
        ? [exists('node.kubernetes.io/not-ready', 'NoSchedule'), exists('node.kubernetes.io/unreachable', 'NoSchedule')]
        : [exists('node.kubernetes.io/not-ready'), exists('node.kubernetes.io/unreachable')],
    },
  ];
}

function wholeTolerations(context: CursorContext, edits: Edits): CompletionItem[] {
  if (!context.flow && context.kind === 'item' && context.token.text !== '' && !'tolerate'.startsWith(context.token.text.slice(0, 8))) {
    // `- ke` is a key being typed, not a whole toleration.
    return [];
  }
  return wholeItems(context).map((entry, i) => {
    const flowText = entry.tolerations.map((t) => `{${Object.entries(t).map(([k, v]) => `${k}: ${yamlString(v)}`).join(', ')}}`).join(', ');
    const indent = ' '.repeat(context.column);
    const blockText = entry.tolerations
      .map((t, n) =>
        Object.entries(t)
          .map(([k, v], j) => `${n === 0 && j === 0 ? '' : j === 0 ? indent : `${indent}  `}${j === 0 ? '- ' : ''}${k}: ${yamlString(v)}`)
          .join('\n'),
      )
      .join('\n');
    return edits.item(context, context.flow ? flowText : blockText, {
      label: entry.label,
      kind: CompletionItemKind.Snippet,
      detail: entry.detail,
      documentation: { kind: MarkupKind.Markdown, value: `${entry.documentation}\n\n\`\`\`yaml\n${context.flow ? flowText : blockText.replace(new RegExp(`^${indent}`, 'gm'), '')}\n\`\`\`` },
      sortText: ` ${i}`,
      insertTextFormat: InsertTextFormat.PlainText,
      insertTextMode: InsertTextMode.asIs,
    });
  });
}
