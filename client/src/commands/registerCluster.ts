/**
 * Everything cluster-related in the extension, wired in one call from `activate`: the session (kubeconfig,
 * context, model), the DaemonSets view, the status bar item, the what-if CodeLens and diagnostics, the commands,
 * the output channel, and the cluster snapshot notification to the language server.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { PlacementOptions } from '../../../server/src/kube/placement';
import { userKubeconfigSetting } from '../cluster/kubeconfig';
import { credentialTimeoutMs } from '../cluster/settings';
import { ClusterSession } from '../cluster/session';
import { buildClusterSnapshot, ClusterSnapshotNotification, snapshotKey } from '../cluster/snapshot';
import { createStatusBar } from '../statusBar';
import { DaemonSetTreeProvider } from '../tree/treeProvider';
import { WhatIfController } from '../whatIf/codeLens';
import { registerClusterCommands } from './clusterCommands';
import { LIVE_SCHEME, LiveDocumentProvider } from './liveDocuments';

export const CLUSTER_VIEW_ID = 'daemonset.clusterView';

/** Starts the cluster side. `client` receives the snapshot notification (none: the view works on its own). */
export function registerCluster(context: vscode.ExtensionContext, client?: LanguageClient): ClusterSession {
  const output = vscode.window.createOutputChannel('DaemonSet Tools: Cluster', { log: true });
  const settings = () => vscode.workspace.getConfiguration('daemonset');
  // Only the user's own value: a workspace must not choose the kubeconfig (its exec plugins are programs to run).
  const source = () => ({ setting: userKubeconfigSetting(settings().inspect('kubeconfig')), env: process.env });
  const namespaces = () => {
    const list = settings().get<string[]>('cluster.namespaces');
    return Array.isArray(list) && list.length > 0 ? list : undefined;
  };
  const transport = () => ({ credentialTimeoutMs: credentialTimeoutMs(settings().get('cluster.credentialTimeoutSeconds')) });
  const placement = (): PlacementOptions => ({ tolerationComparisonOperators: settings().get<boolean>('featureGates.tolerationComparisonOperators') === true });

  const session = new ClusterSession({ source: source(), namespaces: namespaces(), transport: transport(), log: (line) => output.info(line) });
  const tree = new DaemonSetTreeProvider(session, () => ({ placement: placement() }));
  context.subscriptions.push(tree.register(CLUSTER_VIEW_ID));
  const status = createStatusBar(() => session.view, () => session.state);
  const whatIf = new WhatIfController(session, tree, placement);
  const live = new LiveDocumentProvider(session);

  context.subscriptions.push(
    output,
    tree,
    status,
    whatIf,
    live,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, live),
    ...registerClusterCommands({
      session,
      output,
      saveNamespaces: (list) => settings().update('cluster.namespaces', list ? [...list] : undefined, vscode.ConfigurationTarget.Global),
    }),
    session.onDidChangeView(() => status.update()),
    session.onDidChangeState(() => status.update()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('daemonset.kubeconfig')) void session.setSource(source());
      if (event.affectsConfiguration('daemonset.cluster.namespaces')) session.setNamespaces(namespaces());
      if (event.affectsConfiguration('daemonset.cluster.credentialTimeoutSeconds')) void session.setTransportOptions(transport());
      if (event.affectsConfiguration('daemonset.featureGates')) tree.refresh();
    }),
    { dispose: () => session.dispose() },
  );

  // A progress bar on the view while the first list of a context loads.
  let loading = false;
  const showProgress = (): void => {
    const state = session.state;
    if (loading || !state || state.phase !== 'loading') return;
    loading = true;
    void vscode.window.withProgress({ location: { viewId: CLUSTER_VIEW_ID } }, () =>
      new Promise<void>((resolve) => {
        const listener = session.onDidChangeState((next) => {
          if (next?.phase === 'loading') return;
          listener.dispose();
          loading = false;
          resolve();
        });
      }),
    );
  };
  context.subscriptions.push(session.onDidChangeState(showProgress));

  if (client) pushSnapshots(context, session, client, output);
  void session.start();
  return session;
}

/** Sends the snapshot when the nodes change (the model debounces), and again whenever the server (re)starts. */
function pushSnapshots(context: vscode.ExtensionContext, session: ClusterSession, client: LanguageClient, output: vscode.LogOutputChannel): void {
  let sent = '';
  const push = (): void => {
    const key = snapshotKey(session.state);
    if (key === sent || !client.isRunning()) return;
    sent = key;
    // By method name: the client and the protocol file may resolve different copies of vscode-jsonrpc.
    client.sendNotification(ClusterSnapshotNotification.method, buildClusterSnapshot(session.state)).catch((error: unknown) => {
      sent = '';
      output.warn(`cannot send the cluster snapshot: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  context.subscriptions.push(
    session.onDidChangeState(push),
    client.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      sent = '';
      push();
    }),
  );
  push();
}
