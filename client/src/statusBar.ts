/**
 * The status bar item of the cluster: the context in use (click: pick another), the namespace filter, and whether
 * it is loading, failing or stale. Text only from the session's plain state.
 */
import * as vscode from 'vscode';
import type { ClusterState } from './cluster/model';
import type { SessionView } from './cluster/session';
import { commandIds } from './tree/rows';

export interface StatusText {
  text: string;
  tooltip: string;
  /** `statusBarItem.warningBackground` / `errorBackground`, or none. */
  background?: 'warning' | 'error';
}

/** The item's text for a session view and model state (pure, for tests). */
export function statusText(view: SessionView, state: ClusterState | undefined): StatusText {
  switch (view.kind) {
    case 'loading':
      return { text: '$(loading~spin) Kubernetes', tooltip: 'Reading the kubeconfig…' };
    case 'noConfig':
      return { text: '$(server-environment) No cluster', tooltip: `No kubeconfig at ${view.paths.join(', ')}. Editing features work without a cluster.` };
    case 'noContext':
      return { text: '$(server-environment) No context', tooltip: 'The kubeconfig has no current context: click to pick one.', background: 'warning' };
    case 'configError':
      return { text: '$(error) kubeconfig', tooltip: view.problems.join('\n'), background: 'error' };
    case 'context': {
      const name = view.context.name;
      const filter = state?.namespaces ? ` · ${state.namespaces.length === 1 ? state.namespaces[0] : `${state.namespaces.length} namespaces`}` : '';
      const head = `${name}: cluster ${view.context.cluster}, user ${view.context.user}, ${view.context.server}`;
      if (!state || state.phase === 'loading') return { text: `$(loading~spin) ${name}${filter}`, tooltip: `${head}\nLoading…` };
      if (state.phase === 'error') return { text: `$(error) ${name}${filter}`, tooltip: `${head}\n${state.error ?? ''}`, background: 'error' };
      if (state.stale) return { text: `$(debug-disconnect) ${name}${filter}`, tooltip: `${head}\nDisconnected (${state.staleReason ?? ''}); reconnecting…`, background: 'warning' };
      return { text: `$(server-environment) ${name}${filter}`, tooltip: `${head}\nClick to pick another context.` };
    }
  }
}

export function createStatusBar(view: () => SessionView, state: () => ClusterState | undefined): { update(): void } & vscode.Disposable {
  const item = vscode.window.createStatusBarItem('daemonset.context', vscode.StatusBarAlignment.Left, 20);
  item.name = 'Kubernetes context (DaemonSet Tools)';
  item.command = commandIds.pickContext;
  const update = (): void => {
    const shown = statusText(view(), state());
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    item.backgroundColor = shown.background ? new vscode.ThemeColor(`statusBarItem.${shown.background}Background`) : undefined;
    item.show();
  };
  update();
  return { update, dispose: () => item.dispose() };
}
