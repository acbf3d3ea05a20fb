/**
 * The what-if in the editor: a CodeLens above every DaemonSet of a YAML file ("Runs on 4 of 6 nodes in ctx · +1 −0
 * vs deployed"), live-object diagnostics (immutable selector, taints the manifest's tolerations leave out), and the
 * preview section of the tree for the DaemonSet under the cursor. Everything is computed by the pure what-if from
 * the cluster model's state; nothing is shown without a loaded cluster (editing stays offline).
 */
import * as vscode from 'vscode';
import type { PlacementOptions } from '../../../server/src/kube/placement';
import type { ClusterSession } from '../cluster/session';
import { whatIfDiagnostics, type WhatIfDiagnostic } from './diagnostics';
import { findDaemonSets, type ManifestDaemonSet, type TextRange } from './manifests';
import { whatIfAgainst, type WhatIfResult } from './whatIf';

export const PREVIEW_COMMAND = 'daemonset.whatIf.preview';

/** DaemonSets per file that get a what-if (each one is placed on every node). */
const MAX_DAEMONSETS = 100;

const severities: Record<WhatIfDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

const toRange = (range: TextRange): vscode.Range => new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);

export interface PreviewTarget {
  setPreview(preview: WhatIfResult | undefined): void;
}

export class WhatIfController implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('daemonset-live');
  private readonly parsed = new Map<string, { version: number; items: ManifestDaemonSet[] }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly session: ClusterSession,
    private readonly preview: PreviewTarget,
    private readonly placementOptions: () => PlacementOptions = () => ({}),
  ) {
    this.subscriptions.push(
      vscode.languages.registerCodeLensProvider({ language: 'yaml' }, this),
      vscode.commands.registerCommand(PREVIEW_COMMAND, (uri?: vscode.Uri, documentIndex?: number, itemIndex?: number) => this.showPreview(uri, documentIndex, itemIndex)),
      vscode.workspace.onDidChangeTextDocument((event) => event.document.languageId === 'yaml' && this.schedule()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.parsed.delete(document.uri.toString());
        this.diagnostics.delete(document.uri);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
      vscode.window.onDidChangeTextEditorSelection((event) => event.textEditor.document.languageId === 'yaml' && this.schedule()),
    );
    const stateListener = this.session.onDidChangeState(() => this.schedule());
    this.subscriptions.push({ dispose: () => stateListener.dispose() });
    this.schedule();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.session.state;
    if (!state || state.phase !== 'ready') return [];
    const lenses: vscode.CodeLens[] = [];
    for (const item of this.daemonSets(document)) {
      const result = whatIfAgainst(state, item.object, this.placementOptions());
      if (!result) continue;
      const range = toRange(item.anchor);
      const stale = state.stale ? ' (stale)' : '';
      lenses.push(new vscode.CodeLens(range, { title: `${result.lensText}${stale}`, tooltip: result.changeText, command: PREVIEW_COMMAND, arguments: [document.uri, item.documentIndex, itemIndexOf(item)] }));
      if (result.selectorChange) {
        lenses.push(new vscode.CodeLens(range, { title: '$(error) spec.selector differs from the deployed object: the apply would be rejected', tooltip: result.selectorChange.message, command: PREVIEW_COMMAND, arguments: [document.uri, item.documentIndex, itemIndexOf(item)] }));
      }
    }
    return lenses;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.diagnostics.dispose();
    this.lensEmitter.dispose();
  }

  /** Lenses, diagnostics and the preview follow edits, the cursor and the cluster, at most every 300 ms. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, 300);
  }

  private update(): void {
    this.lensEmitter.fire();
    const state = this.session.state;
    // Visible editors only: a what-if places every DaemonSet on every node, not worth doing for hidden files.
    const visible = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document));
    for (const document of vscode.workspace.textDocuments) {
      if (document.languageId !== 'yaml') continue;
      if (!visible.has(document)) {
        this.diagnostics.delete(document.uri);
        continue;
      }
      const found: vscode.Diagnostic[] = [];
      if (state?.phase === 'ready') {
        for (const item of this.daemonSets(document)) {
          const result = whatIfAgainst(state, item.object, this.placementOptions());
          if (!result) continue;
          for (const d of whatIfDiagnostics(item, result)) {
            const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, severities[d.severity]);
            diagnostic.code = d.code;
            diagnostic.source = 'DaemonSet Tools (live)';
            found.push(diagnostic);
          }
        }
      }
      this.diagnostics.set(document.uri, found);
    }
    this.updatePreview();
  }

  /** The DaemonSet under the cursor of the active YAML editor (or its first one) is previewed in the tree. */
  private updatePreview(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'yaml') return this.preview.setPreview(undefined);
    const items = this.daemonSets(editor.document);
    const line = editor.selection.active.line;
    const item = items.find((i) => i.documentRange.start.line <= line && line <= i.documentRange.end.line) ?? items[0];
    this.preview.setPreview(item ? whatIfAgainst(this.session.state, item.object, this.placementOptions()) : undefined);
  }

  private async showPreview(uri: vscode.Uri | undefined, documentIndex: number | undefined, itemIndex: number | undefined): Promise<void> {
    const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
    const item = document
      ? this.daemonSets(document).find((i) => documentIndex === undefined || (i.documentIndex === documentIndex && itemIndexOf(i) === (itemIndex ?? undefined)))
      : undefined;
    if (!item) return;
    this.preview.setPreview(whatIfAgainst(this.session.state, item.object, this.placementOptions()));
    await vscode.commands.executeCommand('daemonset.clusterView.focus');
  }

  private daemonSets(document: vscode.TextDocument): ManifestDaemonSet[] {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === document.version) return cached.items;
    const items = findDaemonSets(document.getText()).slice(0, MAX_DAEMONSETS);
    this.parsed.set(key, { version: document.version, items });
    return items;
  }
}

/** The index of a `kind: List` item (undefined for a DaemonSet that is a document of its own). */
function itemIndexOf(item: ManifestDaemonSet): number | undefined {
  return typeof item.prefix[1] === 'number' ? item.prefix[1] : undefined;
}
