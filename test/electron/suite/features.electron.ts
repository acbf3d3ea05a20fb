/**
 * Extension-host tests: the extension, loaded from the repository (`dist/`), answers VS Code's own provider
 * commands on the fixture workspace that scripts/testElectron.mjs writes (no cluster: KUBECONFIG points at a
 * missing file, so only the offline knowledge is offered).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ElectronTest } from './index';

const workspace = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test instance opened the fixture workspace');
  return folder.uri.fsPath;
};

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(workspace(), name)));
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'yaml');
  return document;
}

/** Retries `attempt` until it returns a value (the language server starts with the first YAML file). */
async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The position right after the first occurrence of `text` in the document. */
function after(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `the fixture contains ${text}`);
  return document.positionAt(offset + text.length);
}

const hoverText = (hovers: vscode.Hover[]): string =>
  hovers
    .flatMap((hover) => hover.contents)
    .map((part) => (typeof part === 'string' ? part : 'value' in part ? part.value : ''))
    .join('\n');

export const tests: ElectronTest[] = [
  {
    name: 'diagnostics: the selector/label typo and the master-only toleration are reported',
    async run() {
      const document = await open('nginx-daemonset-broken.yaml');
      const diagnostics = await eventually('the selector-mismatch diagnostic', async () => {
        const found = vscode.languages.getDiagnostics(document.uri);
        return found.some((d) => codeOf(d) === 'selector-mismatch') ? found : undefined;
      });
      const mismatch = diagnostics.find((d) => codeOf(d) === 'selector-mismatch')!;
      assert.match(mismatch.message, /does not match template `labels`/);
      assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(diagnostics.some((d) => codeOf(d) === 'toleration-master-without-control-plane'), diagnostics.map((d) => d.message).join('\n'));
    },
  },
  {
    name: 'completion: a toleration key offers the well-known control-plane taint',
    async run() {
      const document = await open('tolerations.yaml');
      const position = after(document, '- key: ');
      const list = await eventually('toleration key completions', async () => {
        const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        return result.items.some((item) => labelOf(item) === 'node-role.kubernetes.io/control-plane') ? result : undefined;
      });
      const controlPlane = list.items.find((item) => labelOf(item) === 'node-role.kubernetes.io/control-plane')!;
      assert.match(String(controlPlane.detail), /set by kubeadm/);
      assert.ok(list.items.some((item) => labelOf(item) === 'node.kubernetes.io/not-ready'));
    },
  },
  {
    name: 'hover: a field shows its API documentation, a taint key its explanation',
    async run() {
      const document = await open('nginx-daemonset-broken.yaml');
      const field = after(document, 'serviceAccount');
      const fieldText = await eventually('the serviceAccountName hover', async () => {
        const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, field));
        return /ServiceAccountName is the name of the ServiceAccount/.test(text) ? text : undefined;
      });
      assert.match(fieldText, /More info/);
      const onMaster = await open('nginx-daemonset-on-master.yaml');
      const key = after(onMaster, '- key: node-role.kubernetes.io/mas');
      const keyText = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', onMaster.uri, key));
      assert.match(keyText, /\*\*node-role\.kubernetes\.io\/master\*\* \(taint\)/);
      assert.match(keyText, /older key/);
    },
  },
];

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
