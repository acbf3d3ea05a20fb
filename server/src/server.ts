/**
 * The LSP adapter: keeps the open documents, validates them (debounced, never publishing stale results) and
 * answers code actions. Every feature lives in its own module; this file only wires them to the connection.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, type AnalysisOptions } from './analysis/analyzeFile';
import { DocumentCache } from './documentCache';
import { codeActions } from './features/codeActions';
import { toLspDiagnostic } from './features/diagnostics';
import { runSafe } from './runSafe';
import { toAnalysisOptions, type DaemonSetSettings } from './settings';

/** Validation waits this long after the last keystroke. */
const validationDelayMs = 200;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache();
  const timers = new Map<string, NodeJS.Timeout>();
  let options: AnalysisOptions = toAnalysisOptions(undefined);
  let pullConfiguration = false;
  const logger = { error: (message: string) => connection.console.error(message) };

  const parsedOf = (document: TextDocument) =>
    cache.get(document.uri, document.version, () => document.getText(), options.limits);

  const validate = (uri: string): void => {
    timers.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    try {
      const diagnostics = analyzeFile(parsedOf(document), options).map((d) => toLspDiagnostic(uri, d));
      // Never publish results for a version the editor no longer shows.
      if (documents.get(uri)?.version !== version) return;
      void connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      logger.error(`validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => validate(uri), delay));
  };

  const loadSettings = async (fallback?: unknown): Promise<void> => {
    let settings: DaemonSetSettings | undefined;
    if (pullConfiguration) {
      settings = (await connection.workspace.getConfiguration('daemonset').catch(() => undefined)) as DaemonSetSettings | undefined;
    } else if (fallback && typeof fallback === 'object') {
      settings = (fallback as { daemonset?: DaemonSetSettings }).daemonset;
    }
    options = toAnalysisOptions(settings);
  };

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'daemonset-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'daemonset' }).catch(() => undefined);
      void loadSettings().then(() => documents.all().forEach((d) => schedule(d.uri, 0)));
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    await loadSettings(change.settings);
    documents.all().forEach((document) => schedule(document.uri, 0));
  });

  documents.onDidOpen((event) => schedule(event.document.uri, 0));
  documents.onDidChangeContent((event) => schedule(event.document.uri, validationDelayMs));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    cache.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params, token) =>
    runSafe(logger, 'codeAction', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      return codeActions(document.uri, parsedOf(document), params.context.diagnostics);
    }),
  );

  documents.listen(connection);
  connection.listen();
}
