/**
 * Shared by the completion, hover and schema protocol tests: inline fixtures with a `|` cursor marker, requests,
 * settings changes and cluster snapshots sent the way the VS Code client sends them.
 */
import type { CompletionItem, CompletionList, Hover, MarkupContent, Position } from 'vscode-languageserver-types';
import { encodeClusterSnapshot } from '../../server/src/protocol';
import type { NodeInfo } from '../../server/src/kube/types';
import type { TestServer } from './lspClient';

/** Removes the first `|` and returns the text and the cursor position there. */
export function marked(source: string): { text: string; position: Position } {
  const offset = source.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | marker');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

let counter = 0;
/** A fresh document uri per fixture, in a nested folder as real workspaces have them. */
export const freshUri = (name = 'manifest'): string => `file:///workspace/deploy/k8s/${name}-${++counter}.yaml`;

/** Opens the fixture (marker stripped) and asks for completions at the marker. */
export async function completeAt(server: TestServer, source: string, triggerCharacter?: string): Promise<{ items: CompletionItem[]; text: string; uri: string; position: Position }> {
  const { text, position } = marked(source);
  const uri = freshUri();
  server.open(uri, text);
  const context = triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 };
  const result = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position, context })) as CompletionList | null;
  return { items: result?.items ?? [], text, uri, position };
}

/** Opens the fixture and returns the hover text at the marker ('' when there is none). */
export async function hoverAt(server: TestServer, source: string): Promise<string> {
  const { text, position } = marked(source);
  const uri = freshUri();
  server.open(uri, text);
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
  return hover ? (hover.contents as MarkupContent).value : '';
}

export const labels = (items: readonly CompletionItem[]): string[] => items.map((item) => item.label);
export const item = (items: readonly CompletionItem[], label: string): CompletionItem => {
  const found = items.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no completion item ${label} in ${labels(items).join(', ')}`);
  return found;
};

/** Applies an item's text edit to the text it was computed for. */
export function applyItem(text: string, completion: CompletionItem): string {
  const edit = completion.textEdit as { range: { start: Position; end: Position }; newText: string } | undefined;
  if (!edit) throw new Error(`item ${completion.label} has no textEdit`);
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return text.slice(0, offset(edit.range.start)) + edit.newText + text.slice(offset(edit.range.end));
}

/** Sends the cluster snapshot notification exactly as the client does. */
export function sendSnapshot(server: TestServer, context: string | null, nodes: readonly NodeInfo[]): void {
  void server.connection.sendNotification('daemonset/clusterSnapshot', encodeClusterSnapshot(context, nodes));
}

/**
 * Answers `workspace/configuration` with these sections from now on, tells the server that settings changed, and
 * resolves once the server has re-validated `uri` with them (its readiness signal).
 */
export async function changeSettings(server: TestServer, sections: { daemonset?: unknown; yaml?: unknown }, uri: string): Promise<void> {
  server.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((entry) => (entry.section === 'daemonset' ? (sections.daemonset ?? null) : entry.section === 'yaml' ? (sections.yaml ?? null) : null)),
  );
  const published = server.diagnostics(uri);
  void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await published;
}

/** A DaemonSet whose pod spec ends with `tail` (indented for `spec.template.spec`, 6 spaces). */
export const daemonSet = (tail: string, extra = ''): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
${extra}      containers:
      - name: agent
        image: registry.k8s.io/pause:3.9
${tail}`;

/** Nodes for snapshot tests: 3 GPU nodes, 1 infra node, 2 control planes, 6 plain workers. */
export function sampleNodes(): NodeInfo[] {
  const node = (name: string, labels: Record<string, string>, taints: NodeInfo['taints'] = []): NodeInfo => ({
    name,
    labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...labels },
    taints,
  });
  return [
    node('gpu-1', { accelerator: 'nvidia' }, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
    node('gpu-2', { accelerator: 'nvidia' }, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
    node('gpu-3', { accelerator: 'nvidia', 'kubernetes.io/arch': 'arm64' }, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]),
    node('infra-1', { role: 'infra' }, [{ key: 'dedicated', value: 'infra', effect: 'NoExecute' }]),
    node('cp-1', { 'node-role.kubernetes.io/control-plane': '' }, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
    node('cp-2', { 'node-role.kubernetes.io/control-plane': '' }, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
    ...[1, 2, 3, 4, 5, 6].map((i) => node(`worker-${i}`, { 'topology.kubernetes.io/zone': i <= 3 ? 'zone-a' : 'zone-b' })),
  ];
}
