/**
 * A minimal LSP client for the benchmarks: spawns a server on stdio, initializes it, and resolves with the next
 * publishDiagnostics per uri. Used for our server (`node dist/server.js --stdio`) and for yaml-language-server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const root = resolve(__dirname, '..');
export const ourServerPath = resolve(root, 'dist/server.js');
export const yamlServerPath = resolve(root, 'node_modules/yaml-language-server/bin/yaml-language-server');
export const schemaUri = pathToFileURL(resolve(root, 'schemas/kubernetes.json')).href;

export interface BenchServer {
  name: string;
  connection: MessageConnection;
  process: ChildProcess;
  /** Time from spawn to the initialize response, ms. */
  initializeMs: number;
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): void;
  close(uri: string): void;
  /** An incremental change replacing `range` with `text`. */
  edit(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void;
  request<T>(method: string, params: unknown): Promise<T>;
  stop(): Promise<void>;
}

export async function startLsp(name: string, script: string, settings?: unknown, execArgv: string[] = []): Promise<BenchServer> {
  const started = performance.now();
  const child = spawn(process.execPath, [...execArgv, script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters = new Map<string, ((p: PublishDiagnosticsParams) => void)[]>();
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    const list = waiters.get(params.uri);
    const waiter = list?.shift();
    if (waiter) waiter(params);
  });
  connection.onNotification(() => undefined);
  // yaml-language-server pulls its sections ('yaml', 'http', '[yaml]', ...) whenever the configuration changes.
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section ? ((settings as Record<string, unknown> | undefined)?.[item.section] ?? null) : null)));
  connection.onRequest(() => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: {
        publishDiagnostics: { relatedInformation: true },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        synchronization: { didSave: false },
      },
    },
    initializationOptions: {},
  });
  const initializeMs = performance.now() - started;
  await connection.sendNotification('initialized', {});
  if (settings !== undefined) {
    await connection.sendNotification('workspace/didChangeConfiguration', { settings });
    await new Promise((r) => setTimeout(r, 300)); // the server pulls the sections back
  }

  return {
    name,
    connection,
    process: child,
    initializeMs,
    nextDiagnostics(uri, timeoutMs = 120_000) {
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        const list = waiters.get(uri) ?? [];
        list.push((p) => (clearTimeout(timer), resolvePromise(p)));
        waiters.set(uri, list);
      });
    },
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    edit(uri, version, range, text) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    request(method, params) {
      return connection.sendRequest(method, params);
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** yaml-language-server alone, validating every `*.yaml` with the bundled Kubernetes schema, offline. */
export function startYamlLanguageServer(): Promise<BenchServer> {
  return startLsp('yaml-language-server', yamlServerPath, {
    yaml: {
      validate: true,
      completion: true,
      hover: true,
      schemas: { [schemaUri]: '*.yaml' },
      schemaStore: { enable: false },
      maxItemsComputed: 5000,
    },
  });
}

/** @param settings the `daemonset` settings section (e.g. `{ validation: { delayMs: 0 } }`) */
export function startOurServer(settings?: unknown): Promise<BenchServer> {
  return startLsp('daemonset-language-server', ourServerPath, settings === undefined ? undefined : { daemonset: settings });
}
