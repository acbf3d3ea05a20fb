/**
 * Driving the VS Code workbench in Debian's Chromium through playwright-core, by what a person sees: rows of the
 * Explorer, markers in the Problems panel, the code action menu. Every wait is for something visible, with a
 * deadline; none is a fixed delay.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { test as nodeTest } from 'node:test';
import { repoRoot } from './codeServer';

const chromiumPath = '/usr/bin/chromium';
export const screenshotsDir = join(repoRoot, 'test', 'e2e', 'screenshots');

/** Flags for headless Chromium as root on a closed network (see ../shared/docs/real-vscode-here.md). */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless with a fresh profile and opens `url` (a code-server workbench). */
export async function openWorkbench(url: string): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run \`bash scripts/installCodeServer.sh\` (it installs Debian's chromium)`);
  // playwright gives the browser a fresh temporary profile of its own, removed on close.
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const close = (): Promise<void> => browser.close();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The Explorer has rendered the workspace when its first row is there.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    return { browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens a file by clicking its row in the Explorer, and waits for its editor to be the active one. */
export async function openFromExplorer(page: Page, fileName: string): Promise<Locator> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escape(fileName)}$`) }) });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible' });
  const editor = page.locator('.editor-group-container.active .monaco-editor[data-uri$="/' + fileName + '"]');
  await editor.locator('.view-lines').waitFor({ state: 'visible' });
  return editor;
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns it. */
export async function showProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** The Problems panel's marker rows (file rows excluded) whose text contains `text`. */
export function problemRows(page: Page, text: string | RegExp): Locator {
  return page.locator('.markers-panel .monaco-list-row', { has: page.locator('.marker-message-details, .marker-message-line'), hasText: text });
}

/** The visible texts of every row of the Problems panel, for failure messages. */
export async function problemsText(page: Page): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/** Waits until the Problems panel shows a marker whose row contains `text`, failing with what it does show. */
export async function waitForProblem(page: Page, text: string | RegExp, timeoutMs = 45_000): Promise<Locator> {
  const row = problemRows(page, text).first();
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new Error(`the Problems panel shows no marker with ${String(text)}; it shows:\n${(await problemsText(page)).join('\n---\n') || '(nothing)'}`);
  }
  return row;
}

/** Waits until no marker row of the Problems panel contains `text`. */
export async function waitForNoProblem(page: Page, text: string | RegExp, timeoutMs = 30_000): Promise<void> {
  try {
    await problemRows(page, text).first().waitFor({ state: 'detached', timeout: timeoutMs });
  } catch {
    throw new Error(`the Problems panel still shows ${String(text)}:\n${(await problemsText(page)).join('\n---\n')}`);
  }
}

/**
 * Opens the code action menu as a person does, with the cursor on the diagnostic (e.g. after clicking the
 * squiggle): Ctrl+. Returns the menu's entry titled `title`, failing with the menu's entries when there is none.
 */
export async function openQuickFixMenu(page: Page, title: string): Promise<Locator> {
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu.waitFor({ state: 'visible' });
  const item = menu.locator('.action-list-item, .monaco-list-row', { hasText: title }).first();
  try {
    await item.waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    throw new Error(`the quick fix menu has no "${title}"; it shows:\n${await menu.innerText()}`);
  }
  return item;
}

/** Clicks an entry of the open code action menu and waits for the menu to close. */
export async function pickQuickFix(page: Page, item: Locator): Promise<void> {
  // While the menu opens, VS Code lays a pointer block over the page that the first mouse move removes.
  const box = await item.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.context-view-pointerBlock').waitFor({ state: 'detached' });
  await item.click();
  await page.locator('.action-widget').waitFor({ state: 'hidden' });
}

/** Saves a screenshot of the whole window as test/e2e/screenshots/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  const path = join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `test` from node:test, except that a failing test leaves a screenshot of what the window showed:
 * FAILED-<its name>.png. `session` gives the window of the moment (undefined when none is open).
 */
export function testWithScreenshot(session: () => BrowserSession | undefined) {
  return (name: string, body: () => Promise<void>): void => {
    nodeTest(name, async () => {
      try {
        await body();
      } catch (error) {
        const open = session();
        if (open) await screenshot(open.page, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
        throw error;
      }
    });
  };
}

/** The text of an editor line as a person reads it (Monaco renders spaces as non-breaking ones). */
export function lineText(rendered: string): string {
  return rendered.replace(/\u00a0/g, ' ');
}

/** The rendered texts of the editor's visible lines, top to bottom. */
export async function editorLines(editor: Locator): Promise<string[]> {
  const lines = editor.locator('.view-lines .view-line');
  const entries = await lines.evaluateAll((nodes) =>
    nodes.map((node) => ({ top: parseFloat((node as unknown as { style: { top: string } }).style.top || '0'), text: node.textContent ?? '' })),
  );
  return entries.sort((a, b) => a.top - b.top).map((entry) => lineText(entry.text));
}

/** The rows of the editor's suggest widget. */
export function suggestRows(page: Page): Locator {
  return page.locator('.editor-widget.suggest-widget .monaco-list-row');
}

/**
 * Triggers completion with Ctrl+Space until the suggest widget shows a row containing every one of `labels`
 * (e.g. items that only come once the cluster snapshot has arrived): between attempts it closes the widget with
 * Escape. Fails with what the widget last showed.
 */
export async function completeUntil(page: Page, labels: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown: string[] = [];
  for (;;) {
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.editor-widget.suggest-widget');
    try {
      await widget.waitFor({ state: 'visible', timeout: 10_000 });
      await Promise.all(labels.map((label) => suggestRows(page).filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 3_000 })));
      return;
    } catch {
      shown = await suggestRows(page).allInnerTexts().catch(() => []);
    }
    if (Date.now() > deadline) {
      throw new Error(`the suggest widget never offered ${labels.join(', ')}; it showed:\n${shown.join('\n') || '(nothing)'}`);
    }
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** Moves the focus of the open suggest widget (ArrowDown) to the row containing `label`, and returns that row. */
export async function focusSuggestion(page: Page, label: string): Promise<Locator> {
  const focused = page.locator('.editor-widget.suggest-widget .monaco-list-row.focused');
  const count = await suggestRows(page).count();
  for (let i = 0; i <= count + 1; i++) {
    if (((await focused.innerText().catch(() => '')) ?? '').includes(label)) return focused;
    await page.keyboard.press('ArrowDown');
    await focused.filter({ hasText: label }).waitFor({ state: 'visible', timeout: 500 }).catch(() => undefined);
  }
  throw new Error(`no suggestion row containing ${label}; rows: ${(await suggestRows(page).allInnerTexts()).join(' | ')}`);
}

/**
 * Hovers `target` with the mouse until the editor's hover (`.monaco-hover`) shows `text` (e.g. a part that
 * depends on the cluster snapshot); between attempts the mouse leaves and comes back. Returns the hover.
 */
export async function hoverUntil(page: Page, target: Locator, text: string | RegExp, timeoutMs = 60_000): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: text }).first();
  let shown = '';
  for (;;) {
    await target.hover();
    try {
      await hover.waitFor({ state: 'visible', timeout: 5_000 });
      return hover;
    } catch {
      shown = (await page.locator('.monaco-hover:not(.hidden)').allInnerTexts().catch(() => [])).join('\n---\n');
    }
    if (Date.now() > deadline) throw new Error(`the hover never showed ${String(text)}; it showed:\n${shown || '(nothing)'}`);
    await page.mouse.move(5, 5);
    await page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}
