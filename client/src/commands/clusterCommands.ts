/**
 * The view's commands, each a small function over one context object: pick a context, filter namespaces,
 * refresh/retry, open the live DaemonSet as read-only YAML, reveal its manifest in the workspace, copy or insert
 * the toleration that would make a node eligible, show a pending pod's events, show the log. They read the session and
 * its model; the model does the I/O.
 */
import { execFile } from 'node:child_process';
import { delimiter } from 'node:path';
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/session';
import { describeError } from '../cluster/redact';
import { commandIds, type Row } from '../tree/rows';
import { tolerationInsertEdits } from '../whatIf/insertToleration';
import { findDaemonSets, type ManifestDaemonSet } from '../whatIf/manifests';
import { tolerationsYaml } from './liveText';
import { liveUri } from './liveDocuments';

export interface CommandContext {
  session: ClusterSession;
  output: vscode.LogOutputChannel;
  /** Writes the namespace filter (the `daemonset.cluster.namespaces` setting). */
  saveNamespaces(namespaces: readonly string[] | undefined): Thenable<void>;
}

type Handler = (ctx: CommandContext, row?: Row) => unknown;

const handlers: Record<string, Handler> = {
  [commandIds.pickContext]: pickContext,
  [commandIds.filterNamespaces]: filterNamespaces,
  [commandIds.refresh]: refresh,
  [commandIds.retry]: refresh,
  [commandIds.openSettings]: () => vscode.commands.executeCommand('workbench.action.openSettings', 'daemonset.kubeconfig'),
  [commandIds.openLive]: openLive,
  [commandIds.revealManifest]: revealManifest,
  [commandIds.copyToleration]: copyToleration,
  [commandIds.insertToleration]: insertToleration,
  [commandIds.showPodEvents]: showPodEvents,
  [commandIds.showLog]: (ctx) => ctx.output.show(true),
};

export function registerClusterCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (row?: Row) => {
      try {
        await handler(ctx, row);
      } catch (error) {
        const message = describeError(error);
        ctx.output.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(`DaemonSet Tools: ${message}`);
      }
    }),
  );
}

async function pickContext(ctx: CommandContext): Promise<void> {
  const view = ctx.session.view;
  if (view.kind !== 'context' && view.kind !== 'noContext' && view.kind !== 'configError') {
    await vscode.commands.executeCommand(commandIds.openSettings);
    return;
  }
  const current = view.kind === 'context' ? view.context.name : undefined;
  const fileContext = view.kind === 'context' ? view.fileContext : undefined;
  const items = view.contexts.map((c) => ({
    label: c.name,
    description: `${c.cluster} · ${c.server}`,
    detail: [c.name === current ? 'in use' : '', c.name === fileContext ? "kubeconfig's current-context" : '', c.namespace ? `namespace ${c.namespace}` : ''].filter(Boolean).join(' · ') || undefined,
    name: c.name,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Kubernetes context for DaemonSet Tools', placeHolder: 'Used by this extension only, unless you choose otherwise' });
  if (!picked || picked.name === current) return;
  await ctx.session.useContext(picked.name);
  if (picked.name === fileContext) return;
  const write = 'Make it kubectl’s current context too';
  const answer = await vscode.window.showInformationMessage(`DaemonSet Tools uses context "${picked.name}". The kubeconfig is unchanged.`, write);
  if (answer !== write) return;
  const paths = ctx.session.view.kind === 'context' ? ctx.session.view.paths : [];
  await new Promise<void>((resolve, reject) =>
    execFile('kubectl', ['config', 'use-context', picked.name], { env: { ...process.env, KUBECONFIG: paths.join(delimiter) } }, (error) =>
      error ? reject(new Error(`kubectl config use-context failed: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'kubectl is not on PATH' : error.message.split('\n')[0]}`)) : resolve(),
    ),
  );
}

async function filterNamespaces(ctx: CommandContext): Promise<void> {
  const model = ctx.session.model;
  if (!model) return;
  const selected = new Set(model.state.namespaces ?? []);
  let names: string[];
  try {
    names = await model.listNamespaces();
  } catch (error) {
    ctx.output.warn(`cannot list namespaces: ${describeError(error)}; offering the ones with DaemonSets`);
    names = [...new Set(model.state.daemonSets.map((ds) => ds.namespace))].sort();
  }
  for (const name of selected) if (!names.includes(name)) names.push(name);
  const picked = await vscode.window.showQuickPick(
    names.map((name) => ({ label: name, picked: selected.has(name) })),
    { canPickMany: true, title: 'Namespaces to show (none: all namespaces)' },
  );
  if (!picked) return;
  const namespaces = picked.length === 0 ? undefined : picked.map((p) => p.label);
  ctx.session.setNamespaces(namespaces);
  await ctx.saveNamespaces(namespaces);
}

async function refresh(ctx: CommandContext): Promise<void> {
  if (ctx.session.model) await ctx.session.model.refresh();
  else await ctx.session.reload();
}

function split(key: string | undefined): { namespace: string; name: string } | undefined {
  if (!key) return undefined;
  const slash = key.indexOf('/');
  return slash < 0 ? undefined : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

async function openLive(ctx: CommandContext, row?: Row): Promise<void> {
  const target = split(row?.daemonSetKey);
  const model = ctx.session.model;
  if (!target || !model) return;
  const document = await vscode.workspace.openTextDocument(liveUri('daemonset', model.context.name, target.namespace, target.name));
  await vscode.languages.setTextDocumentLanguage(document, 'yaml');
  await vscode.window.showTextDocument(document, { preview: true });
}

async function showPodEvents(ctx: CommandContext, row?: Row): Promise<void> {
  const target = split(row?.pod);
  const model = ctx.session.model;
  if (!target || !model) return;
  const document = await vscode.workspace.openTextDocument(liveUri('events', model.context.name, target.namespace, target.name));
  await vscode.window.showTextDocument(document, { preview: true });
}

async function copyToleration(_ctx: CommandContext, row?: Row): Promise<void> {
  if (!row?.tolerations) return;
  await vscode.env.clipboard.writeText(tolerationsYaml(row.tolerations));
  void vscode.window.showInformationMessage(`Copied ${row.tolerations.length === 1 ? 'a toleration' : `${row.tolerations.length} tolerations`}: paste it under spec.template.spec.tolerations.`);
}

/** The open editor, else the workspace file, that defines the DaemonSet (kind, namespace and name). */
async function findManifest(ctx: CommandContext, target: { namespace: string; name: string }): Promise<{ uri: vscode.Uri; match: ManifestDaemonSet } | undefined> {
  const defaultNamespace = ctx.session.view.kind === 'context' ? (ctx.session.view.context.namespace ?? 'default') : 'default';
  const matches = (ds: ManifestDaemonSet): boolean => ds.name === target.name && (ds.namespace ?? defaultNamespace) === target.namespace;
  const active = vscode.window.activeTextEditor?.document;
  const inEditor = active?.languageId === 'yaml' ? findDaemonSets(active.getText()).find(matches) : undefined;
  if (active && inEditor) return { uri: active.uri, match: inEditor };
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking for ${target.namespace}/${target.name}` }, async () => {
    const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '{**/node_modules/**,**/.git/**}', 5000);
    for (const uri of files) {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > 5 * 1024 * 1024) continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (!text.includes(target.name)) continue;
      const match = findDaemonSets(text).find(matches);
      if (match) return { uri, match };
    }
    return undefined;
  });
}

async function revealManifest(ctx: CommandContext, row?: Row): Promise<void> {
  const target = split(row?.daemonSetKey);
  if (!target) return;
  const found = await findManifest(ctx, target);
  if (!found) {
    void vscode.window.showInformationMessage(`No manifest of DaemonSet ${target.namespace}/${target.name} in the workspace.`);
    return;
  }
  const start = new vscode.Position(found.match.anchor.start.line, found.match.anchor.start.character);
  await vscode.window.showTextDocument(found.uri, { selection: new vscode.Range(start, start) });
}

/** Adds the tolerations that would make the node eligible to the DaemonSet's manifest (an undoable edit, not saved). */
async function insertToleration(ctx: CommandContext, row?: Row): Promise<void> {
  const target = split(row?.daemonSetKey);
  if (!target || !row?.tolerations) return;
  const found = await findManifest(ctx, target);
  if (!found) {
    await copyToleration(ctx, row);
    return;
  }
  const document = await vscode.workspace.openTextDocument(found.uri);
  const edits = tolerationInsertEdits(document.getText(), found.match.documentIndex, row.tolerations, found.match.prefix);
  if (edits === undefined) throw new Error(`cannot edit ${vscode.workspace.asRelativePath(found.uri)}: the document does not parse`);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage('The manifest already has these tolerations: apply it to the cluster.');
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(found.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  await vscode.workspace.applyEdit(edit);
  const at = document.positionAt(edits[0]!.start + 1);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
}
