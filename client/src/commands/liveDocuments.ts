/**
 * Read-only documents of live objects (`daemonset-live:` URIs): a DaemonSet as YAML and a pod's events, fetched
 * through the current context's model when opened. Documents of a content provider cannot be edited or saved.
 */
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/session';
import { describeError } from '../cluster/redact';
import { formatEvents, liveYaml } from './liveText';

export const LIVE_SCHEME = 'daemonset-live';

type LiveKind = 'daemonset' | 'events';

/** `daemonset-live:/CONTEXT/daemonset/NAMESPACE/NAME.yaml` or `.../events/NAMESPACE/POD.txt`. */
export function liveUri(kind: LiveKind, context: string, namespace: string, name: string): vscode.Uri {
  const file = kind === 'daemonset' ? `${name}.yaml` : `${name}.events.txt`;
  return vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${[context, kind, namespace, file].map(encodeURIComponent).join('/')}` });
}

export class LiveDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly session: ClusterSession) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [context, kind, namespace, file] = uri.path.split('/').slice(1).map(decodeURIComponent);
    const model = this.session.model;
    if (!model || model.context.name !== context || !namespace || !file) return `# Context "${context ?? ''}" is not the one in use any more.\n`;
    try {
      if (kind === 'daemonset') {
        const name = file.replace(/\.yaml$/, '');
        const object = await model.readJson(`/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/daemonsets/${encodeURIComponent(name)}`);
        return liveYaml(object, `DaemonSet ${namespace}/${name} in context ${context}, as served by the API server`);
      }
      const pod = file.replace(/\.events\.txt$/, '');
      const list = await model.readJson(`/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, { fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}` });
      return formatEvents(list, `Events of pod ${namespace}/${pod} in context ${context}`);
    } catch (error) {
      return `# Cannot read it: ${describeError(error)}\n`;
    }
  }

  /** Re-reads an open document (the refresh command). */
  reload(uri: vscode.Uri): void {
    this.emitter.fire(uri);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
