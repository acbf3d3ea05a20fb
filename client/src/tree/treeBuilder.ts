/**
 * The DaemonSets view as a pure function of the session and model state: the context row (cluster, user, server),
 * a stale marker while disconnected, the first-load error with its reason and a retry, namespaces, DaemonSets with
 * `desired · current · ready · up-to-date · misscheduled` coloured by health, per-node verdicts when a DaemonSet is
 * expanded (its pods watched), the what-if preview, and rows that explain how to configure a cluster when there
 * is none. Unit-tested without VS Code; `treeProvider.ts` only maps rows to TreeItems.
 */
import type { PlacementOptions } from '../../../server/src/kube/placement';
import { formatSummaryLine } from '../../../server/src/kube/placementSummary';
import type { ClusterState } from '../cluster/model';
import type { DaemonSetRecord } from '../cluster/objects';
import type { SessionView } from '../cluster/session';
import type { WhatIfResult } from '../whatIf/whatIf';
import { daemonSetHealth, healthColors, type Health } from './health';
import { credentialPluginHint, credentialsHintRow, credentialsHintTooltip } from './hints';
import { defaultNodeRowOptions, nodeVerdictRows, type NodeRowOptions } from './nodeRows';
import { commandIds, formatCount, md, messageRow, plural, type Row } from './rows';
import { daemonSetVerdicts } from './verdicts';

export interface TreeOptions extends NodeRowOptions {
  placement?: PlacementOptions;
}

export interface TreeInput {
  view: SessionView;
  state: ClusterState | undefined;
  /** The what-if of the manifest in the editor, shown as a section under the context. */
  preview?: WhatIfResult | undefined;
  options?: Partial<TreeOptions>;
}

const healthIcons: Record<Health, string> = { healthy: 'pass-filled', progressing: 'sync', degraded: 'error', idle: 'circle-slash' };

function optionsOf(input: TreeInput): TreeOptions {
  return { ...defaultNodeRowOptions, ...input.options };
}

/** The top-level rows. */
export function buildRootRows(input: TreeInput): Row[] {
  const view = input.view;
  switch (view.kind) {
    case 'loading':
      return [messageRow('loading', 'Reading the kubeconfig…', { severity: 'loading' })];
    case 'noConfig':
      return noClusterRows(view.origin, view.paths);
    case 'configError':
      return [
        messageRow('config-error', 'The kubeconfig cannot be used', { severity: 'error', tooltip: view.problems.map(md).join('\n\n') }),
        ...view.problems.map((problem, i) => messageRow(`config-error/${i}`, problem, { severity: 'error', tooltip: md(problem) })),
        ...(view.contexts.length > 0 ? [pickContextRow()] : []),
        messageRow('config-error/offline', 'Editing features keep working without a cluster.'),
      ];
    case 'noContext':
      return [
        messageRow('no-context', view.contexts.length === 0 ? 'The kubeconfig defines no context' : 'The kubeconfig has no current context', {
          severity: 'warning',
          tooltip: `Read from ${view.paths.map((p) => `\`${p}\``).join(', ')}`,
        }),
        ...(view.contexts.length > 0 ? [pickContextRow()] : [configureRow()]),
      ];
    case 'context':
      return [contextRow(input, view)];
  }
}

function pickContextRow(): Row {
  return messageRow('pick-context', 'Pick a context…', { command: { command: commandIds.pickContext, title: 'Pick a context' }, contextValue: 'message.action' });
}

function configureRow(): Row {
  return messageRow('configure', 'Set `daemonset.kubeconfig`…', {
    description: 'a kubeconfig path',
    command: { command: commandIds.openSettings, title: 'Open the setting' },
    contextValue: 'message.action',
  });
}

function noClusterRows(origin: string, paths: readonly string[]): Row[] {
  const where = origin === 'setting' ? 'the daemonset.kubeconfig setting names' : origin === 'KUBECONFIG' ? 'KUBECONFIG names' : 'the default';
  return [
    messageRow('no-cluster', 'No cluster configured', {
      description: `no kubeconfig at ${paths.join(', ')}`,
      tooltip: `No file exists at ${paths.map((p) => `\`${p}\``).join(', ')} (${where}).`,
    }),
    messageRow('no-cluster/how', 'Create ~/.kube/config or set KUBECONFIG (e.g. with your cloud CLI), then reload', {
      tooltip: 'For example `aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `az aks get-credentials`, or `kind create cluster`. The view reloads when the file appears.',
    }),
    configureRow(),
    messageRow('no-cluster/offline', 'Editing features work without a cluster.'),
  ];
}

function contextRow(input: TreeInput, view: Extract<SessionView, { kind: 'context' }>): Row {
  const { context } = view;
  const state = input.state;
  const stale = state?.stale === true;
  const tooltip = [
    `**${md(context.name)}**${stale ? ' (stale: disconnected)' : ''}`,
    '',
    `- cluster: ${md(context.cluster)}`,
    `- user: ${md(context.user)}`,
    `- server: ${md(context.server)}`,
    ...(context.namespace ? [`- namespace: ${md(context.namespace)}`] : []),
    '',
    `From ${view.paths.map((p) => `\`${p}\``).join(', ')}.`,
    ...(view.fileContext !== context.name ? ['', `Picked for this extension; the kubeconfig's current-context is \`${view.fileContext ?? '(none)'}\`.`] : []),
  ].join('\n');
  return {
    id: `ctx:${context.name}`,
    kind: 'context',
    label: context.name,
    description: `${stale ? 'stale · ' : ''}${context.cluster} · ${context.user} · ${context.server}`,
    tooltip,
    icon: stale ? { id: 'debug-disconnect', color: 'list.warningForeground' } : { id: 'server-environment' },
    collapsible: 'expanded',
    contextValue: stale ? 'context.stale' : 'context',
    children: contextChildren(input, `ctx:${context.name}`, view),
  };
}

function contextChildren(input: TreeInput, id: string, view: Extract<SessionView, { kind: 'context' }>): Row[] {
  const state = input.state;
  const rows: Row[] = view.problems.map((problem, i) => messageRow(`${id}/problem/${i}`, problem, { severity: 'warning' }));
  if (!state || state.phase === 'loading') return [...rows, messageRow(`${id}/loading`, 'Loading nodes and DaemonSets…', { severity: 'loading' })];
  if (state.phase === 'error') return [...rows, ...loadErrorRows(id, state)];
  if (state.stale) rows.push(...staleRows(id, state));
  rows.push(nodesSummaryRow(id, state));
  if (input.preview) rows.push(previewRow(input, `${id}/preview`, input.preview));
  const byNamespace = new Map<string, DaemonSetRecord[]>();
  for (const ds of state.daemonSets) {
    const list = byNamespace.get(ds.namespace);
    if (list) list.push(ds);
    else byNamespace.set(ds.namespace, [ds]);
  }
  if (byNamespace.size === 0) {
    const where = state.namespaces ? ` in ${state.namespaces.join(', ')}` : '';
    rows.push(messageRow(`${id}/none`, `No DaemonSets${where}`, state.namespaces ? { command: { command: commandIds.filterNamespaces, title: 'Filter namespaces' } } : {}));
    return rows;
  }
  for (const namespace of [...byNamespace.keys()].sort()) rows.push(namespaceRow(id, namespace, byNamespace.get(namespace)!));
  return rows;
}

function staleRows(id: string, state: ClusterState): Row[] {
  const since = state.staleSince !== undefined ? new Date(state.staleSince).toLocaleTimeString() : 'earlier';
  const reason = state.staleReason ?? 'disconnected';
  const rejected = state.staleStatus === 401;
  const marker = messageRow(`${id}/stale`, rejected ? `Credentials rejected: showing data from ${since}; retrying…` : `Disconnected: showing data from ${since}; reconnecting…`, {
    severity: 'warning',
    description: state.staleReason ?? '',
    tooltip: rejected
      ? `${md(state.context.server)} rejected the credentials (${md(reason)}). The view shows the last known state.\n\n${credentialsHintTooltip}`
      : `The connection to ${md(state.context.server)} was lost (${md(reason)}). The view shows the last known state and updates when the connection is back.`,
    command: { command: commandIds.retry, title: 'Retry now' },
    contextValue: 'message.stale.retry',
  });
  return rejected ? [marker, credentialsHintRow(`${id}/stale/hint`)] : [marker];
}

function loadErrorRows(id: string, state: ClusterState): Row[] {
  const hint =
    state.errorStatus === 401
      ? credentialsHintTooltip
      : state.errorStatus === 403
        ? 'The user may not list or watch nodes (cluster scope) or DaemonSets; ask for `list` and `watch` on both.'
        : /^getting credentials/.test(state.error ?? '')
          ? credentialPluginHint
          : `Check that ${state.context.server} is reachable from this machine.`;
  return [
    messageRow(`${id}/error`, `Cannot load the cluster: ${state.error ?? 'unknown error'}`, {
      severity: 'error',
      description: 'retrying',
      tooltip: `${md(state.error ?? '')}\n\n${hint}\n\nRetrying with backoff; click to retry now.`,
      command: { command: commandIds.retry, title: 'Retry' },
      contextValue: 'message.error.retry',
    }),
    state.errorStatus === 401 ? credentialsHintRow(`${id}/error/hint`) : messageRow(`${id}/error/hint`, hint),
  ];
}

function nodesSummaryRow(id: string, state: ClusterState): Row {
  let notReady = 0;
  let cordoned = 0;
  for (const node of state.nodes) {
    if (node.ready !== 'True') notReady++;
    if (node.unschedulable) cordoned++;
  }
  const parts = [plural(state.nodes.length, 'node')];
  if (notReady > 0) parts.push(`${formatCount(notReady)} NotReady`);
  if (cordoned > 0) parts.push(`${formatCount(cordoned)} cordoned`);
  const row = messageRow(`${id}/nodes`, parts.join(' · '), { tooltip: 'Nodes of this context, as the watch sees them.' });
  row.icon = { id: 'vm' };
  row.contextValue = 'nodes';
  return row;
}

function namespaceRow(parentId: string, namespace: string, daemonSets: readonly DaemonSetRecord[]): Row {
  const id = `${parentId}/ns:${namespace}`;
  const unhealthy = daemonSets.filter((ds) => daemonSetHealth(ds).health === 'degraded').length;
  return {
    id,
    kind: 'namespace',
    label: namespace || '(cluster)',
    description: `${plural(daemonSets.length, 'DaemonSet')}${unhealthy > 0 ? ` · ${formatCount(unhealthy)} degraded` : ''}`,
    icon: { id: 'symbol-namespace' },
    collapsible: 'expanded',
    contextValue: 'namespace',
    namespace,
    children: daemonSets.map((ds) => daemonSetRow(parentId, ds)),
  };
}

/** `desired · current · ready · up-to-date · misscheduled`. */
export function countsText(ds: DaemonSetRecord): string {
  const s = ds.status;
  return [s.desired, s.current, s.ready, s.updated, s.misscheduled].map(formatCount).join(' · ');
}

export function daemonSetRow(contextId: string, ds: DaemonSetRecord): Row {
  const { health, reason } = daemonSetHealth(ds);
  const s = ds.status;
  return {
    id: `${contextId}/ds:${ds.key}`,
    kind: 'daemonSet',
    label: ds.name,
    description: countsText(ds),
    tooltip: [
      `**${md(ds.key)}**: ${health}: ${md(reason)}`,
      '',
      '| desired | current | ready | up-to-date | misscheduled |',
      '|---:|---:|---:|---:|---:|',
      `| ${[s.desired, s.current, s.ready, s.updated, s.misscheduled].map(formatCount).join(' | ')} |`,
      '',
      'Expand to see every node and why.',
    ].join('\n'),
    icon: { id: healthIcons[health], color: healthColors[health] },
    collapsible: 'collapsed',
    contextValue: 'daemonSet',
    daemonSetKey: ds.key,
    namespace: ds.namespace,
  };
}

/** Children of any row: built with it, or (DaemonSet rows) from the pods the model watches. */
export function childRows(input: TreeInput, row: Row): readonly Row[] {
  if (row.children) return row.children;
  if (row.kind === 'daemonSet' && row.daemonSetKey !== undefined) return daemonSetChildren(input, row.id, row.daemonSetKey);
  return [];
}

/** The node rows of an expanded DaemonSet. */
export function daemonSetChildren(input: TreeInput, id: string, key: string): Row[] {
  const state = input.state;
  const ds = state?.daemonSets.find((d) => d.key === key);
  if (!state || !ds) return [messageRow(`${id}/gone`, 'This DaemonSet is no longer in the cluster')];
  const pods = state.pods.get(key);
  if (!pods || pods.phase === 'loading') return [messageRow(`${id}/loading`, 'Loading pods…', { severity: 'loading' })];
  if (pods.phase === 'error') {
    return [messageRow(`${id}/error`, `Cannot list its pods: ${pods.error ?? 'unknown error'}`, { severity: 'error', command: { command: commandIds.retry, title: 'Retry' }, contextValue: 'message.error.retry' })];
  }
  const options = optionsOf(input);
  const result = daemonSetVerdicts(ds, state.nodes, pods.pods, options.placement);
  const rows = nodeVerdictRows(id, result.verdicts, state.nodesByName, key, options);
  if (result.verdicts.length > options.groupThreshold) {
    const line = formatSummaryLine(result.summary);
    rows.unshift(messageRow(`${id}/summary`, line.charAt(0).toUpperCase() + line.slice(1)));
  }
  return rows;
}

function previewRow(input: TreeInput, id: string, preview: WhatIfResult): Row {
  const options = optionsOf(input);
  const nodes = input.state?.nodesByName ?? new Map();
  const children: Row[] = [messageRow(`${id}/change`, preview.changeText, { tooltip: md(preview.lensText) })];
  if (preview.selectorChange) {
    children.push(messageRow(`${id}/selector`, 'Applying fails: spec.selector is immutable', { severity: 'error', description: `${preview.selectorChange.deployed} → ${preview.selectorChange.proposed}`, tooltip: md(preview.selectorChange.message) }));
  }
  const change = (sign: '+' | '−', node: string): Row => ({
    id: `${id}/${sign === '+' ? 'added' : 'removed'}/${node}`,
    kind: 'node',
    label: `${sign} ${node}`,
    description: sign === '+' ? 'would get a pod' : 'would lose its pod',
    icon: sign === '+' ? { id: 'add', color: 'charts.green' } : { id: 'remove', color: 'charts.red' },
    collapsible: 'none',
    contextValue: 'preview.change',
    node,
  });
  children.push(...preview.added.slice(0, options.maxRows).map((node) => change('+', node)));
  children.push(...preview.removed.slice(0, options.maxRows).map((node) => change('−', node)));
  if (preview.eligible.length > 0) {
    children.push({
      id: `${id}/eligible`,
      kind: 'group',
      label: `Would run on (${formatCount(preview.eligible.length)})`,
      icon: { id: 'pass', color: 'charts.green' },
      collapsible: 'collapsed',
      contextValue: 'group.preview.eligible',
      children: preview.eligible.slice(0, options.maxRows).map((node) => ({ id: `${id}/eligible/${node}`, kind: 'node' as const, label: node, collapsible: 'none' as const, contextValue: 'preview.node', node })),
    });
  }
  if (preview.excluded.length > 0) {
    const rows = nodeVerdictRows(`${id}/excluded`, preview.excluded, nodes, undefined, options);
    const grouped = preview.excluded.length > options.groupThreshold;
    children.push(
      ...(grouped
        ? rows
        : [{ id: `${id}/excluded`, kind: 'group' as const, label: `Not eligible (${formatCount(preview.excluded.length)})`, icon: { id: 'circle-slash' }, collapsible: 'collapsed' as const, contextValue: 'group.notEligible', children: rows }]),
    );
  }
  return {
    id,
    kind: 'preview',
    label: `What if: ${preview.key}`,
    description: preview.lensText,
    tooltip: `${md(preview.lensText)}\n\n${md(preview.changeText)}${preview.selectorChange ? `\n\n${md(preview.selectorChange.message)}` : ''}`,
    icon: preview.selectorChange ? { id: 'beaker', color: 'list.errorForeground' } : { id: 'beaker' },
    collapsible: 'expanded',
    contextValue: 'preview',
    daemonSetKey: preview.key,
    children,
  };
}
