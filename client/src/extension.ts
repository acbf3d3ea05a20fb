/**
 * The VS Code side: starts the DaemonSet language server for YAML files and the cluster view. Small by design:
 * editing features live in the server; the client owns cluster I/O and UI.
 */
import * as path from 'node:path';
import { extensions, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCluster } from './commands/registerCluster';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'daemonset' },
    // With daemonset.schema.enable "auto", the server steps aside when Red Hat YAML validates Kubernetes already.
    initializationOptions: { redhatYamlInstalled: extensions.getExtension('redhat.vscode-yaml') !== undefined },
  };
  client = new LanguageClient('daemonset', 'DaemonSet Tools', serverOptions, clientOptions);
  context.subscriptions.push(client);
  // The cluster view comes first, so that it still shows (and explains) when the server cannot start.
  registerCluster(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
