/**
 * The LSP adapter: keeps the open documents, validates them (debounced, never publishing stale results) and
 * answers code actions, completion and hover. Every feature lives in its own module; this file only wires them to
 * the connection.
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
import { analyzeFile, type AnalysisOptions, type FileDiagnostic } from './analysis/analyzeFile';
import type { ParsedFile } from './model/parsedFile';
import { ClusterSnapshotStore } from './clusterSnapshot';
import { DocumentCache } from './documentCache';
import { LineIndex } from './model/lineIndex';
import { codeActions } from './features/codeActions';
import { provideCompletions } from './features/completion';
import { toLspDiagnostic } from './features/diagnostics';
import { provideHover } from './features/hover';
import { snapshotDiagnostics } from './features/snapshotChecks';
import { ClusterSnapshotNotification } from './protocol';
import { runSafe } from './runSafe';
import { SchemaSwitch } from './schema/schemaSwitch';
import { readClientEnvironment } from './schema/schemaSettings';
import { defaultValidationDelayMs, toAnalysisOptions, toValidationDelay, type DaemonSetSettings } from './settings';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache();
  /** Per document, how to cancel its pending validation. */
  const timers = new Map<string, () => void>();
  const snapshots = new ClusterSnapshotStore();
  /** The latest validation started per document: an older one that finishes late must not publish. */
  const tickets = new Map<string, number>();
  /** Our latest analysis per document (the diagnostics before conversion, with their fixes): code actions read it. */
  const analyses = new Map<string, { version: number; parsed: ParsedFile; diagnostics: FileDiagnostic[] }>();
  let ticket = 0;
  let options: AnalysisOptions = toAnalysisOptions(undefined);
  /** Validation waits this long after the last keystroke (`daemonset.validation.delayMs`). */
  let validationDelayMs = defaultValidationDelayMs;
  let pullConfiguration = false;
  let schema = new SchemaSwitch(readClientEnvironment(undefined), () => undefined);
  const logger = { error: (message: string) => connection.console.error(message) };

  const parsedOf = (document: TextDocument) =>
    cache.get(document.uri, document.version, () => document.getText(), options.limits);
  /**
   * Completion and hover read the text around the cursor; they never wait for a parse of the whole file. The line
   * index of a version is built once (scanning a 10,000-line file took ~1.2 ms of every request), or taken from the
   * parse when there is one.
   */
  const sources = new Map<string, { version: number; text: string; lines: LineIndex; loneCR: boolean }>();
  const sourceOf = (document: TextDocument) => {
    const known = sources.get(document.uri);
    if (known && known.version === document.version) return known;
    const text = document.getText();
    const parsed = cache.peek(document.uri, document.version);
    const source = { version: document.version, text, lines: parsed?.text === text ? parsed.lines : new LineIndex(text), loneCR: /\r(?!\n)/.test(text) };
    sources.set(document.uri, source);
    return source;
  };
  /**
   * The schema service's YAML parser does not take a lone CR for a line break (the LSP does): in a file with
   * CR-only line endings it sees one long line, so its positions are wrong, and its hover there can block the
   * server for seconds (test/fixtures/fuzz-regressions/seed-20261130-case-212.json). Such files get our own
   * completion and hover only.
   */
  const schemaServiceFor = (document: TextDocument) => (sourceOf(document).loneCR ? undefined : schema.service);
  const gates = () => ({ tolerationComparisonOperators: options.rules.tolerationComparisonOperators === true });

  const analysisOf = (document: TextDocument): FileDiagnostic[] => {
    const parsed = parsedOf(document);
    const known = analyses.get(document.uri);
    if (known && known.version === document.version && known.parsed === parsed) return known.diagnostics;
    const diagnostics = [...analyzeFile(parsed, options), ...snapshotDiagnostics(parsed, snapshots.snapshot, gates())];
    analyses.set(document.uri, { version: document.version, parsed, diagnostics });
    return diagnostics;
  };

  const validate = async (uri: string): Promise<void> => {
    timers.delete(uri);
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const mine = ++ticket;
    tickets.set(uri, mine);
    try {
      const parsed = parsedOf(document);
      const ours = analysisOf(document).map((d) => toLspDiagnostic(uri, d));
      // Never publish results for a version the editor no longer shows, nor over a newer validation's.
      const stale = () => documents.get(uri)?.version !== version || tickets.get(uri) !== mine;
      // Schema problems are an addition: should the schema service fail, our own diagnostics are still published.
      const fromSchema = schema.service
        ? await schema.service.validate(document, parsed, stale).catch((error: unknown) => {
            logger.error(`schema validation of ${uri} failed: ${error instanceof Error ? error.message : String(error)}`);
            return [];
          })
        : [];
      if (!fromSchema || stale()) return;
      const diagnostics = [...ours, ...fromSchema].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      void connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      logger.error(`validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  const schedule = (uri: string, delay: number): void => {
    timers.get(uri)?.();
    if (delay > 0) {
      const timer = setTimeout(() => void validate(uri), delay);
      timers.set(uri, () => clearTimeout(timer));
    } else {
      // `setTimeout(0)` waits at least 1 ms: with no delay, validate once the messages already read are handled.
      const immediate = setImmediate(() => void validate(uri));
      timers.set(uri, () => clearImmediate(immediate));
    }
  };

  const loadSettings = async (fallback?: unknown): Promise<void> => {
    let settings: DaemonSetSettings | undefined;
    let yaml: unknown;
    if (pullConfiguration) {
      const sections = (await connection.workspace
        .getConfiguration([{ section: 'daemonset' }, { section: 'yaml' }])
        .catch(() => undefined)) as unknown[] | undefined;
      settings = sections?.[0] as DaemonSetSettings | undefined;
      yaml = sections?.[1];
    } else if (fallback && typeof fallback === 'object') {
      settings = (fallback as { daemonset?: DaemonSetSettings }).daemonset;
      yaml = (fallback as { yaml?: unknown }).yaml;
    }
    options = toAnalysisOptions(settings);
    analyses.clear();
    validationDelayMs = toValidationDelay(settings);
    schema.update(settings, yaml);
  };

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    schema = new SchemaSwitch(
      readClientEnvironment(params.initializationOptions),
      (message) => connection.console.info(message),
      (uri) => connection.console.warn(`refused to fetch schema ${uri}: DaemonSet Tools works offline`),
    );
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        completionProvider: { triggerCharacters: [':', ' '] },
        hoverProvider: true,
      },
      serverInfo: { name: 'daemonset-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['daemonset', 'yaml'] }).catch(() => undefined);
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
    timers.get(event.document.uri)?.();
    timers.delete(event.document.uri);
    cache.delete(event.document.uri);
    tickets.delete(event.document.uri);
    analyses.delete(event.document.uri);
    sources.delete(event.document.uri);
    schema.service?.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params, token) =>
    runSafe(logger, 'codeAction', token, [], () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      return codeActions(document.uri, parsedOf(document), analysisOf(document), params.context.diagnostics);
    }),
  );

  connection.onCompletion((params, token) =>
    runSafe(logger, 'completion', token, null, async () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const service = schemaServiceFor(document);
      const env = { snapshot: snapshots.snapshot, comparisonOperators: gates().tolerationComparisonOperators, fieldNames: schema.ownFieldNames };
      return provideCompletions(sourceOf(document), params.position, env, service && (() => service.complete(document, params.position).catch(() => [])), params.context?.triggerCharacter);
    }),
  );

  connection.onHover((params, token) =>
    runSafe(logger, 'hover', token, null, async () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      const service = schemaServiceFor(document);
      const env = { snapshot: snapshots.snapshot, options: gates() };
      return provideHover(sourceOf(document), params.position, env, service && (() => service.hover(document, params.position)));
    }),
  );

  connection.onNotification(ClusterSnapshotNotification.type, (params) => {
    snapshots.update(params);
    analyses.clear();
    documents.all().forEach((document) => schedule(document.uri, validationDelayMs));
  });

  documents.listen(connection);
  connection.listen();
}
