/**
 * End to end in a real VS Code, with Workspace Trust on and the folder not trusted (Restricted Mode). The folder's
 * `.vscode/settings.json` points `daemonset.kubeconfig` at a kubeconfig inside the folder whose user is an exec
 * credential plugin: a script that leaves a marker file when it runs. The extension must ignore that value: the
 * DaemonSets view shows the cluster of the process `KUBECONFIG` (the user's), the plugin never runs, and the
 * editing features still work.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { contextName } from '../cluster/transport/kubeconfig';
import { packageVsix, startDemo, type Demo } from './support/demo';
import { openFromExplorer, openWorkbench, screenshot, showProblems, testWithScreenshot, waitForProblem, type BrowserSession } from './support/workbench';

/** The context the workspace's kubeconfig would select: it must never show. */
const workspaceContext = 'workspace-chosen';

let demo: Demo;
let session: BrowserSession | undefined;
/** Created by the workspace's exec plugin when anything runs it. */
let marker: string;

before(async () => {
  demo = await startDemo({ vsix: packageVsix(), workspaceTrust: 'restricted' });
  marker = join(demo.directory, 'workspace-exec-plugin-ran');
  const plugin = writeWorkspaceKubeconfig(demo, marker);
  // The plugin and its kubeconfig work: used by kubectl, the plugin runs (marking elsewhere) and the list succeeds.
  const probe = join(demo.directory, 'probe-marker');
  const { stdout } = await promisify(execFile)('kubectl', ['--kubeconfig', plugin.kubeconfig, 'get', 'daemonsets', '-A', '-o', 'name'], {
    env: { ...process.env, EXEC_PLUGIN_MARKER: probe },
    timeout: 30_000,
  });
  assert.match(stdout, /daemonset\.apps\/kube-proxy/);
  assert.ok(existsSync(probe), 'kubectl ran the workspace exec plugin');
  assert.ok(!existsSync(marker), 'the probe left the real marker alone');
});

after(async () => {
  await session?.close();
  await demo?.stop();
});

const test = testWithScreenshot(() => session);

const rows = (page: Page) => page.locator('.pane-body .monaco-list-row');
const row = (page: Page, text: string | RegExp) => rows(page).filter({ hasText: text }).first();

/**
 * The workspace's settings, kubeconfig and exec plugin. The kubeconfig reaches the same demo API server under
 * another context name, so that the view would connect (and show that name) if the extension used it. The
 * settings also narrow the view to `kube-system`: a harmless workspace setting, which shows that the folder's
 * settings are read at all.
 */
function writeWorkspaceKubeconfig(demo: Demo, markerPath: string): { kubeconfig: string } {
  const script = join(demo.workspace, 'credential-plugin.sh');
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: demo.cluster.token } });
  writeFileSync(script, `#!/bin/sh\n: > "\${EXEC_PLUGIN_MARKER:-${markerPath}}"\nprintf '%s\\n' '${credential}'\n`);
  chmodSync(script, 0o755);
  const kubeconfig = join(demo.workspace, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: workspace-cluster',
    '  cluster:',
    `    server: ${demo.cluster.url}`,
    `    certificate-authority-data: ${Buffer.from(demo.cluster.caPem).toString('base64')}`,
    'users:',
    '- name: workspace-user',
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    `      command: ${JSON.stringify(script)}`,
    '      interactiveMode: Never',
    'contexts:',
    `- name: ${workspaceContext}`,
    '  context: {cluster: workspace-cluster, user: workspace-user}',
    `current-context: ${workspaceContext}`,
    '',
  ].join('\n'));
  mkdirSync(join(demo.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(demo.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'daemonset.kubeconfig': kubeconfig, 'daemonset.cluster.namespaces': ['kube-system'] }, null, 2));
  return { kubeconfig };
}

test("in Restricted Mode the DaemonSets view uses the user's KUBECONFIG, not the workspace's kubeconfig, whose exec plugin never runs", async () => {
  session = await openWorkbench(demo.url);
  const { page } = session;
  // Restricted Mode for real: VS Code's own status bar item says so.
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });

  await page.locator('.activitybar [aria-label*="DaemonSets"]').first().click();
  // A DaemonSet row means a kubeconfig has been chosen and a list has succeeded with it (either kubeconfig would
  // get this far: both reach the demo API server).
  await row(page, 'kube-proxy').waitFor({ state: 'visible', timeout: 60_000 });
  assert.ok(!existsSync(marker), 'the exec plugin of the workspace kubeconfig ran');
  const contexts = await rows(page).filter({ hasText: new RegExp(`${contextName}|${workspaceContext}`) }).locator('.label-name').allInnerTexts();
  assert.deepEqual(contexts, [contextName], 'the one context row is that of the process KUBECONFIG, not of the workspace kubeconfig');
  await row(page, 'nvidia-device-plugin').waitFor({ state: 'visible' });
  // The workspace's namespace filter applies (its settings are read), so fluent-bit (namespace logging) is absent.
  assert.equal(await row(page, 'fluent-bit').count(), 0, 'the workspace setting daemonset.cluster.namespaces applies');
  await screenshot(page, 'restricted-mode-cluster-view');
});

test('in Restricted Mode the language features still work: the selector/label typo is in the Problems panel', async () => {
  assert.ok(session, 'runs after the view test, in the same window');
  const { page } = session;
  await page.locator('.activitybar [aria-label*="Explorer"]').first().click();
  await openFromExplorer(page, 'nginx-daemonset-broken.yaml');
  await showProblems(page);
  const problem = await waitForProblem(page, /does not match template `labels`.*selector-mismatch/s);
  assert.match(await problem.locator('.marker-code').innerText(), /^selector-mismatch$/);
  await screenshot(page, 'restricted-mode-problems');
  assert.ok(!existsSync(marker), 'the exec plugin of the workspace kubeconfig ran');
});
