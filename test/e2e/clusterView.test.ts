/**
 * End to end in a real VS Code: the DaemonSets view against the demo cluster, its live updates after a `kubectl`
 * change, the what-if CodeLens on the tutorial's second manifest, and the stale marker while the API server is
 * down. Checked by what a person sees in the side bar and the editor.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { packageVsix, startDemo, type Demo } from './support/demo';
import { openFromExplorer, openWorkbench, screenshot, testWithScreenshot, type BrowserSession } from './support/workbench';

let demo: Demo;
let session: BrowserSession | undefined;

before(async () => {
  demo = await startDemo({ vsix: packageVsix(), podStartMs: 200 });
});

after(async () => {
  await session?.close();
  await demo?.stop();
});

const test = testWithScreenshot(() => session);

const rows = (page: Page) => page.locator('.pane-body .monaco-list-row');
const row = (page: Page, text: string | RegExp) => rows(page).filter({ hasText: text }).first();

/** The real kubectl, asynchronously: the demo cluster runs in this process and must keep answering. */
async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('kubectl', ['--kubeconfig', demo.kubeconfigPath, ...args], { timeout: 30_000 });
  return stdout;
}

async function expand(page: Page, text: string): Promise<void> {
  await row(page, text).click();
  await page.keyboard.press('ArrowRight');
}

test('the DaemonSets view lists the demo DaemonSets with counts, and every node with its verdict and reason', async () => {
  session = await openWorkbench(demo.url);
  const { page } = session;
  await page.locator('.activitybar [aria-label*="DaemonSets"]').first().click();
  // fluent-bit runs on the three ready workers: desired 3 · current 3 · ready 3.
  await row(page, 'fluent-bit').waitFor({ state: 'visible', timeout: 60_000 });
  for (const name of ['kube-proxy', 'node-exporter', 'nvidia-device-plugin']) await row(page, name).waitFor({ state: 'visible' });
  assert.match(await row(page, 'fluent-bit').innerText(), /3\D+3\D+3/);
  await screenshot(page, 'cluster-view');

  await expand(page, 'nvidia-device-plugin');
  await row(page, 'ImagePullBackOff').waitFor({ state: 'visible', timeout: 30_000 });
  await expand(page, 'fluent-bit');
  await row(page, /worker-1.*Running and ready/).waitFor({ state: 'visible', timeout: 30_000 });
  // The control plane is not eligible, and the row says why.
  await row(page, /control-plane-1.*control-plane/).waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'cluster-view-expanded');

  // A NoExecute taint from kubectl: worker-1 turns "not eligible" with that reason, without a refresh.
  await kubectl('taint', 'nodes', 'worker-1', 'e2e=demo:NoExecute');
  await row(page, /worker-1.*e2e=demo:NoExecute/).waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'cluster-view-after-taint');
  await kubectl('taint', 'nodes', 'worker-1', 'e2e=demo:NoExecute-');
  await row(page, /worker-1.*Running and ready/).waitFor({ state: 'visible', timeout: 30_000 });
});

test('the what-if CodeLens on the tutorial second manifest, and the preview in the tree', async () => {
  assert.ok(session, 'runs after the view test, in the same window');
  const { page } = session;
  await page.locator('.activitybar [aria-label*="Explorer"]').first().click();
  await openFromExplorer(page, 'nginx-daemonset-on-master.yaml');
  const lens = page.locator('.codelens-decoration', { hasText: 'Runs on' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  // The manifest tolerates only `master`: on the demo cluster it runs on the three ready workers, not on the
  // control plane tainted `control-plane`.
  assert.match(await lens.innerText(), /Runs on 3 of 6 nodes/);
  await page.locator('.activitybar [aria-label*="DaemonSets"]').first().click();
  await row(page, 'What if').waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(page, 'cluster-whatif');
});

test('while the API server is down the view says so, and it recovers by itself', async () => {
  assert.ok(session, 'runs after the view test, in the same window');
  const { page } = session;
  await demo.cluster.stop();
  await row(page, 'Disconnected').waitFor({ state: 'visible', timeout: 45_000 });
  await screenshot(page, 'cluster-stale');
  await demo.cluster.restart();
  await row(page, 'Disconnected').waitFor({ state: 'detached', timeout: 60_000 });
  await row(page, 'fluent-bit').waitFor({ state: 'visible' });
});
