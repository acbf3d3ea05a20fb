/**
 * End to end in a real VS Code (code-server 4.100.3 in headless Chromium): the packaged VSIX, installed as a user
 * installs it, against the demo cluster, checked by what a person sees in the Problems panel and the editor.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { packageVsix, startDemo, type Demo } from './support/demo';
import { waitUntil } from './support/wait';
import {
  openFromExplorer,
  openQuickFixMenu,
  openWorkbench,
  pickQuickFix,
  screenshot,
  showProblems,
  waitForNoProblem,
  waitForProblem,
  testWithScreenshot,
  type BrowserSession,
} from './support/workbench';

let demo: Demo;
let session: BrowserSession | undefined;

before(async () => {
  demo = await startDemo({ vsix: packageVsix() });
});

after(async () => {
  await session?.close();
  await demo?.stop();
});

const test = testWithScreenshot(() => session);

/** A fresh browser on the demo workspace for each test, closed by the next one or by `after`. */
async function workbench(): Promise<BrowserSession> {
  await session?.close();
  session = await openWorkbench(demo.url);
  return session;
}

test('the selector/label typo is in the Problems panel, and its quick fix from the editor repairs the file', async () => {
  const { page } = await workbench();
  const file = join(demo.workspace, 'nginx-daemonset-broken.yaml');
  const before = readFileSync(file, 'utf8');
  const editor = await openFromExplorer(page, 'nginx-daemonset-broken.yaml');
  await showProblems(page);

  const problem = await waitForProblem(page, /does not match template `labels`.*selector-mismatch/s);
  assert.match(await problem.locator('.marker-code').innerText(), /^selector-mismatch$/);
  await screenshot(page, 'problems-selector-mismatch');

  // The cursor on the typo, as a person clicks on the squiggle; then Ctrl+. and the fix by its title.
  await editor.locator('.view-line span', { hasText: /^ngnix$/ }).click();
  const fix = await openQuickFixMenu(page, 'Change template label `name` to `nginx`');
  await screenshot(page, 'quick-fix-menu');
  await pickQuickFix(page, fix);
  await page.keyboard.press('Control+S');

  const expected = before.replace('metadata: {labels: {app: nginx, name: ngnix}}', 'metadata: {labels: {app: nginx, name: nginx}}');
  assert.notEqual(expected, before, 'the fixture still has its typo');
  await waitUntil(() => readFileSync(file, 'utf8') === expected, 'the saved file to have the fixed template label', 15_000).catch(() => {
    assert.equal(readFileSync(file, 'utf8'), expected);
  });
  await waitForNoProblem(page, 'selector-mismatch');
  // The toleration warning of the same file stays: the panel is live, not emptied.
  await waitForProblem(page, 'toleration-master-without-control-plane');
  await screenshot(page, 'quick-fix-selector-mismatch');
});

test('the Problems panel warns that the tutorial manifest tolerates only the old master taint', async () => {
  const { page } = await workbench();
  await openFromExplorer(page, 'nginx-daemonset-on-master.yaml');
  await showProblems(page);
  const problem = await waitForProblem(page, /tolerates `node-role\.kubernetes\.io\/master` but not `node-role\.kubernetes\.io\/control-plane`/);
  assert.match(await problem.locator('.marker-code').innerText(), /^toleration-master-without-control-plane$/);
  assert.equal(await problem.locator('.marker-icon.warning').count(), 1, 'the marker is a warning');
  await screenshot(page, 'problems-master-toleration');
});
