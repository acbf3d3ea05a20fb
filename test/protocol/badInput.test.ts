import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, byCode, type TestServer } from './lspClient';

// Each hostile file must be answered within seconds, with a clear diagnostic where one fits, and the server
// must keep serving other files afterwards.
const healthy = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ok}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n';

let server: TestServer;
let counter = 0;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

async function openAndWait(text: string) {
  const uri = `file:///work/hostile-${++counter}.yaml`;
  const started = Date.now();
  server.open(uri, text, 1);
  const result = await server.diagnostics(uri, 1, 20_000);
  return { diagnostics: result.diagnostics, ms: Date.now() - started };
}

async function assertStillServing() {
  const { diagnostics } = await openAndWait(healthy);
  assert.ok(byCode(diagnostics, 'selector-mismatch').length > 0, 'the server still analyses other files');
  assert.equal(server.process.exitCode, null, 'the server process is alive');
}

function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    lines.push(`  ${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

test('binary bytes', async () => {
  const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919 + 17) % 256)).toString('latin1');
  const { ms } = await openAndWait(`apiVersion: v1\nkind: ConfigMap\n${bytes}\u0000`);
  assert.ok(ms < 10_000);
  await assertStillServing();
});

test('a 10 MB file is refused with one diagnostic naming the setting', async () => {
  const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n' + '  key: "' + 'x'.repeat(100) + '"\n';
  const text = (doc + '---\n').repeat(Math.ceil((10 * 1024 * 1024) / doc.length));
  const { diagnostics, ms } = await openAndWait(text);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.code, 'analysis-limited');
  assert.match(diagnostics[0]!.message as string, /daemonset\.limits\.maxFileSizeMB/);
  assert.ok(ms < 10_000);
  await assertStillServing();
});

test('10,000-deep nesting', async () => {
  const { diagnostics } = await openAndWait('apiVersion: v1\nkind: ConfigMap\ndata: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
  assert.deepEqual(diagnostics.map((d) => d.code), ['analysis-limited']);
  await assertStillServing();
  const blocks = await openAndWait('apiVersion: v1\nkind: ConfigMap\ndata:\n' + '- '.repeat(10_000) + 'x\n');
  assert.deepEqual(blocks.diagnostics.map((d) => d.code), ['analysis-limited']);
  await assertStillServing();
});

test('an alias bomb ("billion laughs")', async () => {
  const { diagnostics, ms } = await openAndWait(aliasBomb());
  assert.deepEqual(diagnostics.map((d) => d.code), ['analysis-limited']);
  assert.match(diagnostics[0]!.message as string, /alias/i);
  assert.ok(ms < 10_000);
  await assertStillServing();
});

test('a 1 MB single line', async () => {
  const { ms } = await openAndWait(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: line}\ndata: {k: "${'y'.repeat(1024 * 1024)}"}\n`);
  assert.ok(ms < 10_000);
  await assertStillServing();
});
