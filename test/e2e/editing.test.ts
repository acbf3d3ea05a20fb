/**
 * End to end in a real VS Code (code-server in headless Chromium), on the packaged VSIX against the demo cluster:
 * completion of toleration keys with the cluster's taints and their node counts, and hovers with the Kubernetes
 * API documentation and the nodes a toleration matches. Checked by what a person sees: the suggest widget, the
 * editor's lines, the hover.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { packageVsix, startDemo, type Demo } from './support/demo';
import { waitUntil } from './support/wait';
import {
  completeUntil,
  editorLines,
  focusSuggestion,
  hoverUntil,
  openFromExplorer,
  openWorkbench,
  screenshot,
  suggestRows,
  testWithScreenshot,
  type BrowserSession,
} from './support/workbench';

let demo: Demo;
let session: BrowserSession | undefined;

before(async () => {
  demo = await startDemo({ vsix: packageVsix() });
  // Typing must give exactly the lines typed: no auto-indent after `tolerations:`, and no suggest widget popping up
  // on its own (Enter would accept it). Completion comes only from Ctrl+Space, as the test asks for it.
  mkdirSync(join(demo.workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(demo.workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'editor.autoIndent': 'none', 'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' }, 'editor.suggestOnTriggerCharacters': false }, null, 2),
  );
});

after(async () => {
  await session?.close();
  await demo?.stop();
});

const test = testWithScreenshot(() => session);

async function workbench(): Promise<BrowserSession> {
  await session?.close();
  session = await openWorkbench(demo.url);
  return session;
}

test('completion under tolerations offers the cluster taints with node counts, and accepting one inserts it', async () => {
  const { page } = await workbench();
  const editor = await openFromExplorer(page, 'nginx-daemonset.yaml');
  // The file has no tolerations: a person adds the block at its end (the last line is empty) and asks for a key.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('      tolerations:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('      - key: ');
  // The workspace turns auto-indent off, but when the editor applied its settings late the line keeps the
  // previous line's indentation too: deeper is still a valid item of `tolerations:`, so any indentation of at
  // least six spaces is accepted.
  const keyLine = (suffix: string) => new RegExp(`^ {6,}- key: ${suffix.replace(/\./g, '\\.')}$`);
  await waitUntil(async () => (await editorLines(editor)).some((line) => keyLine('').test(line)), 'the typed `- key: ` line');

  // nvidia.com/gpu is only known from the demo cluster: its row means the snapshot has arrived.
  await completeUntil(page, ['node-role.kubernetes.io/control-plane', 'nvidia.com/gpu']);
  const rows = await suggestRows(page).allInnerTexts();
  assert.ok(rows.some((row) => row.includes('node-role.kubernetes.io/control-plane')), rows.join('\n'));
  // The focused row shows its detail: the node count in the cluster.
  const gpu = await focusSuggestion(page, 'nvidia.com/gpu');
  await gpu.filter({ hasText: /on 1 of 6 nodes/ }).waitFor({ state: 'visible', timeout: 10_000 }).catch(async () => {
    assert.fail(`the nvidia.com/gpu row does not say on how many nodes: ${await gpu.innerText()}`);
  });
  await screenshot(page, 'completion-toleration-keys');

  await page.keyboard.press('Enter');
  await page.locator('.editor-widget.suggest-widget').waitFor({ state: 'hidden' });
  await waitUntil(async () => (await editorLines(editor)).some((line) => keyLine('nvidia.com/gpu').test(line)), 'the accepted key in the editor line', 15_000).catch(async () => {
    assert.fail(`no line reads \`      - key: nvidia.com/gpu\`; the editor shows:\n${(await editorLines(editor)).join('\n')}`);
  });
  await screenshot(page, 'completion-toleration-accepted');
});

test('hover shows the API documentation of a field, and explains a toleration key with the nodes', async () => {
  const { page } = await workbench();
  const editor = await openFromExplorer(page, 'nginx-daemonset-on-master.yaml');

  const field = editor.locator('.view-line span', { hasText: /serviceAccountName/ }).last();
  await hoverUntil(page, field, /ServiceAccountName is the name of the ServiceAccount to use to run this pod/);
  await screenshot(page, 'hover-field');

  // The old master key: what it is, and (with the demo cluster) that no node carries it.
  const key = editor.locator('.view-line span', { hasText: /master/ }).last();
  const hover = await hoverUntil(page, key, /No node of context \S+ carries this taint \(6 nodes\)/);
  const text = await hover.innerText();
  assert.match(text, /node-role\.kubernetes\.io\/master \(taint\)/);
  assert.match(text, /older key/);
  await screenshot(page, 'hover-toleration-key');

  // The `tolerations` key: where this DaemonSet runs, and which node it misses and why.
  const tolerations = editor.locator('.view-line span', { hasText: /^tolerations$/ }).last();
  const placement = await hoverUntil(page, tolerations, /This DaemonSet runs on 3 of 6 nodes of context/);
  assert.match(await placement.innerText(), /control-plane-1/);
  await screenshot(page, 'hover-tolerations-nodes');
});
