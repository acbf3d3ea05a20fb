/**
 * The DaemonSets view's `TreeDataProvider`: rows from the pure builder, mapped one to one onto TreeItems. It also
 * holds the pods watch of every expanded DaemonSet (released on collapse, or when the context changes), so pods
 * are loaded only for what the user looks at.
 */
import * as vscode from 'vscode';
import type { Disposable } from '../cluster/events';
import type { ClusterSession } from '../cluster/session';
import type { WhatIfResult } from '../whatIf/whatIf';
import type { Row } from './rows';
import { buildRootRows, childRows, type TreeInput, type TreeOptions } from './treeBuilder';

const collapsibleStates: Record<Row['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** Maps a row onto a TreeItem: nothing is decided here. */
export function toTreeItem(row: Row): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, collapsibleStates[row.collapsible]);
  item.id = row.id;
  if (row.description !== undefined) item.description = row.description;
  if (row.tooltip !== undefined) {
    const tooltip = new vscode.MarkdownString(row.tooltip);
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
  }
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  item.contextValue = row.contextValue;
  if (row.command) item.command = { command: row.command.command, title: row.command.title, arguments: row.command.arguments ?? [row] };
  return item;
}

export class DaemonSetTreeProvider implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly heldPods = new Map<string, Disposable>();
  private heldModel: number | undefined;
  private preview: WhatIfResult | undefined;
  private readonly subscriptions: Disposable[] = [];

  constructor(
    private readonly session: ClusterSession,
    private readonly options: () => Partial<TreeOptions> = () => ({}),
  ) {
    this.subscriptions.push(
      session.onDidChangeView(() => this.refresh()),
      session.onDidChangeState((state) => {
        if (state?.modelId !== this.heldModel) this.releaseAll();
        this.refresh();
      }),
    );
  }

  /** Registers the view and the expand/collapse handlers; returns the TreeView. */
  register(viewId: string): vscode.TreeView<Row> {
    const view = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      view,
      view.onDidCollapseElement(({ element }) => {
        if (element.kind === 'daemonSet' && element.daemonSetKey) this.release(element.daemonSetKey);
      }),
    );
    return view;
  }

  /** The what-if shown as a section of the tree (undefined hides it). */
  setPreview(preview: WhatIfResult | undefined): void {
    if (preview === this.preview) return;
    this.preview = preview;
    this.refresh();
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(row: Row): vscode.TreeItem {
    return toTreeItem(row);
  }

  getChildren(row?: Row): Row[] {
    const input = this.input();
    if (!row) return buildRootRows(input);
    // Asked for a DaemonSet's children: it is expanded, so its pods are needed (and kept current) from now on.
    if (row.kind === 'daemonSet' && row.daemonSetKey) this.hold(row.daemonSetKey);
    return [...childRows(input, row)];
  }

  dispose(): void {
    this.releaseAll();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }

  private input(): TreeInput {
    return { view: this.session.view, state: this.session.state, preview: this.preview, options: this.options() };
  }

  private hold(key: string): void {
    const model = this.session.model;
    if (!model || this.heldPods.has(key)) return;
    this.heldModel = model.state.modelId;
    this.heldPods.set(key, model.watchPods(key));
  }

  private release(key: string): void {
    this.heldPods.get(key)?.dispose();
    this.heldPods.delete(key);
  }

  private releaseAll(): void {
    for (const holder of this.heldPods.values()) holder.dispose();
    this.heldPods.clear();
    this.heldModel = undefined;
  }
}
