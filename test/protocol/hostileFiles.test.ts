import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, byCode, type TestServer } from './lspClient';

// Hostile files beyond badInput.test.ts: each is answered in bounded time (generous bounds: these are not
// benchmarks), limited analysis says so in one diagnostic, and the rest of the workspace keeps working.
const limitSeconds = 20;
const healthy = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ok}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: b}}\n    spec:\n      containers: [{name: c, image: i}]\n      \n';
const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\ndata: {k: v}\n`;

let server: TestServer;
let counter = 0;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

async function openAndWait(text: string) {
  const uri = `file:///work/hostile-files-${++counter}.yaml`;
  const started = Date.now();
  server.open(uri, text, 1);
  const result = await server.diagnostics(uri, 1, limitSeconds * 1000);
  return { uri, diagnostics: result.diagnostics, ms: Date.now() - started };
}

async function timedRequest<T>(method: string, params: unknown): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    server.connection.sendRequest(method, params) as Promise<T>,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${method} did not answer within ${limitSeconds} s`)), limitSeconds * 1000))),
  ]).finally(() => clearTimeout(timer));
  return { result, ms: Date.now() - started };
}

/** Another file's diagnostics still arrive and completion still answers there. */
async function assertWorkspaceWorks() {
  const { uri, diagnostics } = await openAndWait(healthy);
  assert.ok(byCode(diagnostics, 'selector-mismatch').length > 0, `the server still analyses other files: ${JSON.stringify(diagnostics)}`);
  const { result } = await timedRequest<{ items: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 6 } });
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  assert.ok(items.length > 0, 'completion still answers with items in another file');
  assert.equal(server.process.exitCode, null, 'the server process is alive');
}

test('a 50 MB file is refused fast with one analysis-limited diagnostic', async () => {
  const doc = `${configMap(0)}  padding: "${'x'.repeat(200)}"\n---\n`;
  const text = doc.repeat(Math.ceil((50 * 1024 * 1024) / doc.length));
  assert.ok(text.length >= 50 * 1024 * 1024);
  const { uri, diagnostics, ms } = await openAndWait(text);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.slice(0, 3)));
  assert.equal(diagnostics[0]!.code, 'analysis-limited');
  assert.match(diagnostics[0]!.message as string, /daemonset\.limits\.maxFileSizeMB/);
  assert.ok(ms < limitSeconds * 1000, `${ms} ms`);
  const hover = await timedRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
  assert.ok(hover.ms < limitSeconds * 1000);
  await assertWorkspaceWorks();
});

test('a 5 MB single line (just under the size limit, so it is analysed) answers in bounded time', async () => {
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: line}\ndata: {k: "';
  const text = `${head}${'y'.repeat(5 * 1024 * 1024 - head.length - 100)}"}\n`;
  const { uri, ms } = await openAndWait(text);
  assert.ok(ms < limitSeconds * 1000, `${ms} ms`);
  for (const character of [2, 1_000_000, 5_000_000]) {
    await timedRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character } });
    await timedRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character } });
  }
  await timedRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5_000_000 } }, context: { diagnostics: [] } });
  await assertWorkspaceWorks();
});

test('NUL bytes and invalid UTF-8', async () => {
  // The bytes a file on disk might hold; the LSP carries strings, so the editor sends them decoded with
  // replacement characters, and NUL as a raw \u0000.
  const bytes = Buffer.concat([
    Buffer.from(healthy.replace('name: ok', 'name: "o\u0000k"')),
    Buffer.from([0x00, 0x0a, 0x6b, 0x3a, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0xf0, 0x28, 0x8c, 0xbc, 0x00, 0x00, 0x0a]),
    Buffer.from('  tolerations:\n  - key: \u0000\n    operator: Exists\x00\xc0\n'),
  ]);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  assert.ok(text.includes('\ufffd') && text.includes('\u0000'));
  const { uri, ms, diagnostics } = await openAndWait(text);
  assert.ok(ms < limitSeconds * 1000, `${ms} ms`);
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    for (const character of [0, Math.floor(lines[line]!.length / 2), lines[line]!.length]) {
      await timedRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      await timedRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    }
  }
  for (const diagnostic of diagnostics) {
    await timedRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  }
  // A NUL-only and a replacement-character-only file too.
  await openAndWait('\u0000'.repeat(10_000));
  await openAndWait('\ufffd'.repeat(10_000));
  await assertWorkspaceWorks();
});

test('a file of 20,000 small documents: one analysis-limited diagnostic about maxDocuments', async () => {
  const text = Array.from({ length: 20_000 }, (_, i) => configMap(i)).join('---\n');
  assert.ok(text.length < 5 * 1024 * 1024, 'under the size limit: the document limit applies');
  const { uri, diagnostics, ms } = await openAndWait(text);
  const limited = byCode(diagnostics, 'analysis-limited');
  assert.equal(limited.length, 1, JSON.stringify(diagnostics.slice(0, 5)));
  assert.match(limited[0]!.message as string, /daemonset\.limits\.maxDocuments/);
  assert.match(limited[0]!.message as string, /15000/);
  assert.ok(ms < limitSeconds * 1000, `${ms} ms`);
  const last = 20_000 * 5 - 2;
  await timedRequest('textDocument/completion', { textDocument: { uri }, position: { line: last, character: 2 } });
  await timedRequest('textDocument/hover', { textDocument: { uri }, position: { line: last - 2, character: 2 } });
  await assertWorkspaceWorks();
});

test('completion and hover inside 10,000-deep nesting and an alias bomb answer in bounded time (the schema service never sees them)', async () => {
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) bomb.push(`  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const files = [
    `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    `apiVersion: v1\nkind: ConfigMap\ndata:\n${'- '.repeat(10_000)}x\n`,
    `${healthy}---\napiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 3000 }, (_, depth) => `${'  '.repeat(depth + 1)}k${depth}:`).join('\n')} x\n`,
    `${bomb.join('\n')}\n`,
  ];
  for (const text of files) {
    const { uri } = await openAndWait(text);
    const lines = text.split('\n');
    for (const line of [0, 2, 3, lines.length - 2]) {
      for (const character of [0, 2, Math.floor(lines[line]!.length / 2), lines[line]!.length]) {
        const completion = await timedRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });
        const hover = await timedRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
        assert.ok(completion.ms < 2000 && hover.ms < 2000, `line ${line}, character ${character}: completion ${completion.ms} ms, hover ${hover.ms} ms`);
      }
    }
  }
  await assertWorkspaceWorks();
});
