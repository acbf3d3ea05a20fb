/**
 * The rows of the DaemonSets view as plain data: what the pure tree builder returns and the `TreeDataProvider`
 * maps one to one onto `TreeItem`s. Icons are codicon ids, colours theme colour ids, commands command ids.
 */
import type { Toleration } from '../../../server/src/kube/types';
import type { Verdict } from './verdicts';

export type RowKind =
  | 'context'
  | 'namespace'
  | 'daemonSet'
  | 'node'
  | 'group'
  | 'more'
  | 'message'
  | 'preview';

export interface RowCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface Row {
  /** Stable across rebuilds (VS Code keeps expansion and selection by id). */
  id: string;
  kind: RowKind;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: { id: string; color?: string };
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** For `view/item/context` menus: kind plus facts (`node.notEligible.tolerable`, `daemonSet`, `message.error.retry`). */
  contextValue: string;
  command?: RowCommand;
  /** Built with the row; absent on a DaemonSet row, whose children are built when it is expanded. */
  children?: readonly Row[];
  /** `namespace/name` of the DaemonSet the row belongs to. */
  daemonSetKey?: string;
  namespace?: string;
  node?: string;
  verdict?: Verdict;
  /** The first pod on the node (`namespace/name`), for "show events". */
  pod?: string;
  /** Tolerations that would make the node eligible (copy / insert actions). */
  tolerations?: Toleration[];
}

/** Command ids the rows refer to; package.json declares them. */
export const commandIds = {
  refresh: 'daemonset.cluster.refresh',
  retry: 'daemonset.cluster.retry',
  pickContext: 'daemonset.cluster.pickContext',
  filterNamespaces: 'daemonset.cluster.filterNamespaces',
  openSettings: 'daemonset.cluster.openKubeconfigSetting',
  openLive: 'daemonset.cluster.openLiveDaemonSet',
  revealManifest: 'daemonset.cluster.revealManifest',
  copyToleration: 'daemonset.cluster.copyToleration',
  insertToleration: 'daemonset.cluster.insertToleration',
  showPodEvents: 'daemonset.cluster.showPodEvents',
  showLog: 'daemonset.cluster.showLog',
} as const;

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, word: string, words = `${word}s`): string => `${formatCount(n)} ${n === 1 ? word : words}`;

/** A leaf row with a message (info, warning, error, loading). */
export function messageRow(
  id: string,
  label: string,
  options: { severity?: 'info' | 'warning' | 'error' | 'loading'; description?: string; tooltip?: string; command?: RowCommand; contextValue?: string } = {},
): Row {
  const icons = {
    info: { id: 'info' },
    warning: { id: 'warning', color: 'list.warningForeground' },
    error: { id: 'error', color: 'list.errorForeground' },
    loading: { id: 'loading~spin' },
  };
  const severity = options.severity ?? 'info';
  const row: Row = { id, kind: 'message', label, icon: icons[severity], collapsible: 'none', contextValue: options.contextValue ?? `message.${severity}` };
  if (options.description !== undefined) row.description = options.description;
  if (options.tooltip !== undefined) row.tooltip = options.tooltip;
  if (options.command) row.command = options.command;
  return row;
}

/** Escapes the characters that would format text in a Markdown tooltip (emphasis, code, links, tables, HTML). */
export function md(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}

/** Backticked spans of engine messages stay code; the rest is escaped. */
export function mdMessage(message: string): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `\`${part}\`` : md(part)))
    .join('');
}

/** Engine messages use backticks; the tree's one-line descriptions drop them. */
export const plain = (message: string): string => message.replace(/`/g, '');
