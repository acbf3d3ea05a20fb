import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { startServer, applyWorkspaceEdit, byCode, type TestServer } from './lspClient';

const brokenNginx = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nginx, namespace: development, labels: {app: nginx}}
spec:
  selector: {matchLabels: {app: nginx, name: nginx}}
  template:
    metadata: {labels: {app: nginx, name: ngnix}}
    spec:
      serviceAccountName: nginx-svc-acct
      containers: [{image: "katacoda/docker-http-server:latest", name: nginx, ports: [{name: http, containerPort: 80}]}]
      tolerations: [{key: node-role.kubernetes.io/master, effect: NoSchedule}]
`;

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === 1);

test('the tutorial DaemonSet with a label typo: mismatch reported, quick fix applied, errors gone', async () => {
  const uri = 'file:///work/nginx-broken.yaml';
  server.open(uri, brokenNginx, 1);
  const first = await server.diagnostics(uri, 1);
  const mismatches = byCode(first.diagnostics, 'selector-mismatch');
  // The failing matchLabels entry `name: nginx` (line 5) and the template labels (line 7).
  const atSelector = mismatches.find((d) => d.range.start.line === 4);
  assert.ok(atSelector, `no selector-mismatch on the selector line: ${JSON.stringify(first.diagnostics, null, 1)}`);
  assert.equal(brokenNginx.split('\n')[4]!.slice(atSelector.range.start.character, atSelector.range.end.character), 'nginx');
  assert.equal(atSelector.severity, 1);
  assert.ok(mismatches.some((d) => d.range.start.line === 6), 'the template labels are pointed at too');
  assert.equal(byCode(first.diagnostics, 'selector-mismatch').length, 2);

  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: atSelector.range,
    context: { diagnostics: [atSelector], only: ['quickfix'] },
  })) as CodeAction[];
  const titles = actions.map((a) => a.title);
  const fixTemplate = actions.find((a) => /template/i.test(a.title) && JSON.stringify(a.edit).includes('nginx'));
  assert.ok(fixTemplate?.edit, `no template fix among ${JSON.stringify(titles)}`);
  const fixed = applyWorkspaceEdit(brokenNginx, fixTemplate.edit, uri);
  assert.equal(fixed, brokenNginx.replace('name: ngnix}', 'name: nginx}'));

  server.change(uri, fixed, 2);
  const second = await server.diagnostics(uri, 2);
  assert.deepEqual(errors(second.diagnostics), []);
  assert.equal(byCode(second.diagnostics, 'selector-mismatch').length, 0);
});

test('the selector fix makes the selector equal to the template labels', async () => {
  const uri = 'file:///work/nginx-broken-2.yaml';
  server.open(uri, brokenNginx, 1);
  const first = await server.diagnostics(uri, 1);
  const atSelector = byCode(first.diagnostics, 'selector-mismatch').find((d) => d.range.start.line === 4)!;
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: atSelector.range,
    context: { diagnostics: [atSelector] },
  })) as CodeAction[];
  const fixSelector = actions.find((a) => /selector/i.test(a.title));
  assert.ok(fixSelector?.edit, `no selector fix among ${JSON.stringify(actions.map((a) => a.title))}`);
  const fixed = applyWorkspaceEdit(brokenNginx, fixSelector.edit, uri);
  assert.equal(fixed, brokenNginx.replace('selector: {matchLabels: {app: nginx, name: nginx}}', 'selector: {matchLabels: {app: nginx, name: ngnix}}'));
  server.change(uri, fixed, 2);
  assert.deepEqual(errors((await server.diagnostics(uri, 2)).diagnostics), []);
});

test('the master toleration gets a warning whose fix adds the control-plane toleration', async () => {
  const uri = 'file:///work/nginx-master.yaml';
  const text = brokenNginx.replace('name: ngnix}', 'name: nginx}');
  server.open(uri, text, 1);
  const { diagnostics } = await server.diagnostics(uri, 1);
  const warning = diagnostics.find((d) => d.severity === 2 && /control-plane/.test(d.message as string));
  assert.ok(warning, JSON.stringify(diagnostics));
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: warning.range,
    context: { diagnostics: [warning] },
  })) as CodeAction[];
  const add = actions.find((a) => /control-plane/.test(a.title));
  assert.ok(add?.edit);
  assert.equal(
    applyWorkspaceEdit(text, add.edit, uri),
    text.replace(
      'tolerations: [{key: node-role.kubernetes.io/master, effect: NoSchedule}]',
      'tolerations: [{key: node-role.kubernetes.io/master, effect: NoSchedule}, {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]',
    ),
  );
});

test('diagnostics are published for the newest version only, after edits settle', async () => {
  const uri = 'file:///work/typing.yaml';
  server.open(uri, brokenNginx, 1);
  await server.diagnostics(uri, 1);
  for (let version = 2; version <= 6; version++) server.change(uri, brokenNginx.replace('ngnix', `ngnix${version}`), version);
  const last = await server.diagnostics(uri, 6);
  assert.equal(last.version, 6);
  assert.ok(byCode(last.diagnostics, 'selector-mismatch').length > 0);
});

test('a file without Kubernetes resources gets no diagnostics, even with a syntax error', async () => {
  const uri = 'file:///work/.github/workflows/ci.yaml';
  server.open(uri, 'on: [push\njobs:\n  build: {runs-on: ubuntu-latest}\n', 1);
  assert.deepEqual((await server.diagnostics(uri, 1)).diagnostics, []);
});
