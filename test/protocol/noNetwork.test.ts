/**
 * The language server never touches the network: it runs with a preload that replaces every way Node has to reach
 * one (net, tls, http, https, dns, fetch) with a version that writes a marker to stderr and throws, while the test
 * exercises validation, completion and hover, including documents that name remote schemas.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from './lspClient';
import { daemonSet, marked, sampleNodes, sendSnapshot } from './completionSupport';

const MARKER = 'NETWORK-ACCESS-ATTEMPT';

const preload = `
const fs = require('node:fs');
const trap = (what) => function () {
  fs.writeSync(2, '${MARKER} ' + what + '\\n');
  throw new Error('network access attempted: ' + what);
};
const net = require('node:net');
net.connect = net.createConnection = trap('net.connect');
net.Socket.prototype.connect = trap('net.Socket.connect');
const tls = require('node:tls');
tls.connect = trap('tls.connect');
for (const name of ['http', 'https', 'http2']) {
  const m = require('node:' + name);
  if (m.request) m.request = trap(name + '.request');
  if (m.get) m.get = trap(name + '.get');
  if (m.connect) m.connect = trap(name + '.connect');
}
const dns = require('node:dns');
for (const fn of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[fn] = trap('dns.' + fn);
for (const fn of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns.promises[fn] = trap('dns.promises.' + fn);
globalThis.fetch = trap('fetch');
`;

describe('no network access', () => {
  let directory: string;
  let previousNodeOptions: string | undefined;
  let server: TestServer;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'daemonset-no-network-'));
    const preloadPath = join(directory, 'no-network.cjs');
    writeFileSync(preloadPath, preload);
    previousNodeOptions = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${previousNodeOptions ?? ''} --require ${JSON.stringify(preloadPath)}`.trim();
    server = await startServer();
  });

  after(async () => {
    await server.stop();
    if (previousNodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = previousNodeOptions;
    rmSync(directory, { recursive: true, force: true });
  });

  test('the trap is armed: a plain HTTP request in a process with the preload leaves the marker', () => {
    const result = spawnSync(process.execPath, ['-e', "require('node:http').get('http://example.com/')"], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, new RegExp(`${MARKER} http\\.get`));
  });

  test('validation, completion and hover of documents that name remote schemas make no network request', async () => {
    const documents = [
      `# yaml-language-server: $schema=https://example.com/schemas/daemonset.json\n${daemonSet('', '      hostNetwork: "yes"\n')}`,
      `# yaml-language-server: $schema=https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.0-standalone-strict/all.json\n${daemonSet('')}`,
      `$schema: http://json-schema.example/remote.json\nkind: Thing\n`,
      `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: c}\nspec: {cronSpec: "* * * * */5"}\n`,
      daemonSet(`      tolerations:\n      - key: dedicated\n        operator: Exists\n`),
    ];
    sendSnapshot(server, 'prod', sampleNodes());
    for (const [index, text] of documents.entries()) {
      const uri = `file:///workspace/no-network-${index}.yaml`;
      server.open(uri, text);
      await server.diagnostics(uri);
      const lines = text.split('\n');
      for (const line of [1, 13, lines.length - 3]) {
        const position = { line, character: Math.min(8, lines[line]?.length ?? 0) };
        await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      }
    }
    const { text, position } = marked(daemonSet(`      tolerations:\n      - key: |`));
    server.open('file:///workspace/no-network-typing.yaml', text);
    await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///workspace/no-network-typing.yaml' }, position });
    await server.diagnostics('file:///workspace/no-network-typing.yaml');
    assert.doesNotMatch(server.stderr(), new RegExp(MARKER));
  });
});
