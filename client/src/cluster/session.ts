/**
 * The cluster side of the extension as one object: which kubeconfig files, which context (the file's
 * current-context, or one the user picked for the extension only), the {@link ClusterModel} of that context, and
 * reloading when the files change. A context switch disposes the old model and starts a new one; a file change
 * that leaves the context's cluster and user entries as they were keeps the running model.
 */
import { Emitter, type Disposable, type Event } from './events';
import {
  configForContext,
  contextFingerprint,
  loadKubeconfig,
  watchKubeconfigFiles,
  type ContextSummary,
  type KubeconfigOrigin,
  type KubeconfigSource,
} from './kubeconfig';
import { ClusterModel, type ClusterModelOptions, type ClusterState } from './model';
import { describeError } from './redact';
import { createTransport, type TransportOptions } from './transport';

/** What the session is showing, as plain data (the tree builder's input). */
export type SessionView =
  | { kind: 'loading' }
  /** No kubeconfig file exists where we looked. */
  | { kind: 'noConfig'; origin: KubeconfigOrigin; paths: string[] }
  /** Files exist but cannot be used (unreadable, or the context's cluster is missing). */
  | { kind: 'configError'; origin: KubeconfigOrigin; paths: string[]; problems: string[]; contexts: ContextSummary[] }
  /** Readable, but no context to use: none defined, or no current-context. */
  | { kind: 'noContext'; origin: KubeconfigOrigin; paths: string[]; contexts: ContextSummary[] }
  | {
      kind: 'context';
      origin: KubeconfigOrigin;
      paths: string[];
      context: ContextSummary;
      contexts: ContextSummary[];
      /** The kubeconfig's own current-context (may differ from `context` after a pick). */
      fileContext: string | undefined;
      /** Files that could not be read; the others were used. */
      problems: string[];
    };

export type ModelSettings = Omit<ClusterModelOptions, 'context' | 'transport' | 'namespaces' | 'log'>;

export interface ClusterSessionOptions {
  source: KubeconfigSource;
  /** The namespace filter; undefined: all namespaces. */
  namespaces?: readonly string[] | undefined;
  model?: ModelSettings;
  /** Request and credential timeouts (`credentialTimeoutMs()` of `settings.ts` turns the user setting into one). */
  transport?: TransportOptions;
  /** Log lines (never contain credentials). */
  log?: (line: string) => void;
  /** Poll the kubeconfig files for changes (default true). */
  watchFiles?: boolean;
  fileWatchIntervalMs?: number;
}

export class ClusterSession implements Disposable {
  private currentView: SessionView = { kind: 'loading' };
  private currentModel: ClusterModel | undefined;
  private modelFingerprint = '';
  private modelSubscription: Disposable | undefined;
  private fileWatch: Disposable | undefined;
  private watchedPaths = '';
  private pickedContext: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly viewEmitter = new Emitter<SessionView>();
  private readonly stateEmitter = new Emitter<ClusterState | undefined>();

  /** The view changed: loaded, context switched, files changed. */
  readonly onDidChangeView: Event<SessionView> = this.viewEmitter.event;
  /** The current model's state changed, or the model was replaced (undefined: no model). Survives context switches. */
  readonly onDidChangeState: Event<ClusterState | undefined> = this.stateEmitter.event;

  constructor(private options: ClusterSessionOptions) {}

  get view(): SessionView {
    return this.currentView;
  }

  get model(): ClusterModel | undefined {
    return this.currentModel;
  }

  /** The current model's state, if there is a model. */
  get state(): ClusterState | undefined {
    return this.currentModel?.state;
  }

  /** Loads the kubeconfig and starts the model. Resolves when the model is started (not loaded). */
  start(): Promise<void> {
    return this.reload();
  }

  /** Reads the files again; keeps the model if the context still connects the same way. Serialized. */
  reload(): Promise<void> {
    this.queue = this.queue.then(() => this.doReload()).catch((error) => this.log(`reload failed: ${describeError(error)}`));
    return this.queue;
  }

  /** Uses another context, for the extension only (the kubeconfig's current-context is not changed). */
  useContext(name: string | undefined): Promise<void> {
    this.pickedContext = name;
    return this.reload();
  }

  /** New kubeconfig source (the setting changed). */
  setSource(source: KubeconfigSource): Promise<void> {
    this.options = { ...this.options, source };
    return this.reload();
  }

  /**
   * New transport options (the credential timeout setting changed). A running model keeps its connection
   * unless they differ; then the context is loaded again with them.
   */
  setTransportOptions(transport: TransportOptions): Promise<void> {
    this.options = { ...this.options, transport };
    return this.reload();
  }

  setNamespaces(namespaces: readonly string[] | undefined): void {
    this.options = { ...this.options, namespaces };
    this.currentModel?.setNamespaces(namespaces);
  }

  get namespaces(): readonly string[] | undefined {
    return this.currentModel?.state.namespaces ?? this.options.namespaces;
  }

  dispose(): void {
    this.disposed = true;
    this.fileWatch?.dispose();
    this.replaceModel(undefined, '');
    this.viewEmitter.dispose();
    this.stateEmitter.dispose();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private setView(view: SessionView): void {
    this.currentView = view;
    this.viewEmitter.fire(view);
  }

  private async doReload(): Promise<void> {
    if (this.disposed) return;
    const result = await loadKubeconfig(this.options.source);
    if (this.disposed) return;
    this.watchFiles(result.paths);
    if (result.kind === 'missing') {
      this.replaceModel(undefined, '');
      this.log(`no kubeconfig (looked in ${result.paths.join(', ')})`);
      return this.setView({ kind: 'noConfig', origin: result.origin, paths: result.paths });
    }
    if (result.kind === 'error') {
      this.replaceModel(undefined, '');
      for (const problem of result.problems) this.log(`kubeconfig: ${problem}`);
      return this.setView({ kind: 'configError', origin: result.origin, paths: result.paths, problems: result.problems, contexts: [] });
    }
    for (const problem of result.problems) this.log(`kubeconfig: ${problem}`);
    if (this.pickedContext !== undefined && !result.contexts.some((c) => c.name === this.pickedContext)) {
      this.log(`context "${this.pickedContext}" is no longer in the kubeconfig; using the current context`);
      this.pickedContext = undefined;
    }
    const name = this.pickedContext ?? result.currentContext;
    const context = result.contexts.find((c) => c.name === name);
    if (!context) {
      this.replaceModel(undefined, '');
      return this.setView({ kind: 'noContext', origin: result.origin, paths: result.paths, contexts: result.contexts });
    }
    // The transport options are part of how the model connects: changing them makes a new model.
    const fingerprint = `${contextFingerprint(result, context.name)}:${JSON.stringify(this.options.transport ?? {})}`;
    if (!this.currentModel || fingerprint !== this.modelFingerprint || this.currentModel.context.name !== context.name) {
      try {
        const config = await configForContext(result, context.name);
        if (!config) throw new Error(`context "${context.name}" not found`);
        const transport = createTransport(config, this.options.transport);
        const model = new ClusterModel({
          ...this.options.model,
          context,
          transport,
          namespaces: this.options.namespaces,
          ...(this.options.log ? { log: this.options.log } : {}),
        });
        this.replaceModel(model, fingerprint);
        model.start();
      } catch (error) {
        this.replaceModel(undefined, '');
        const problem = `context "${context.name}": ${describeError(error)}`;
        this.log(problem);
        return this.setView({ kind: 'configError', origin: result.origin, paths: result.paths, problems: [...result.problems, problem], contexts: result.contexts });
      }
    }
    this.setView({
      kind: 'context',
      origin: result.origin,
      paths: result.paths,
      context,
      contexts: result.contexts,
      fileContext: result.currentContext,
      problems: result.problems,
    });
  }

  private replaceModel(model: ClusterModel | undefined, fingerprint: string): void {
    if (this.currentModel === model) return;
    this.modelSubscription?.dispose();
    this.currentModel?.dispose();
    this.currentModel = model;
    this.modelFingerprint = fingerprint;
    this.modelSubscription = model?.onDidChange((state) => this.stateEmitter.fire(state));
    if (!this.disposed) this.stateEmitter.fire(model?.state);
  }

  private watchFiles(paths: readonly string[]): void {
    if (this.options.watchFiles === false) return;
    const key = paths.join('\n');
    if (key === this.watchedPaths) return;
    this.fileWatch?.dispose();
    this.watchedPaths = key;
    this.fileWatch = watchKubeconfigFiles(paths, () => void this.reload(), this.options.fileWatchIntervalMs);
  }
}
