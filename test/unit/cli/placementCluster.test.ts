/**
 * `placement` reading nodes from a kube context: a small HTTP stand-in for the API server's `/api/v1/nodes`, a
 * closed port, a server that never answers, and missing kubeconfigs or contexts. Also the bundled CLI as a program.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { daemonSetYaml, placement, workspace } from './placementHelpers';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

const nodeObject = (name: string, labels: Record<string, string>, taints: object[] = []) => ({
  metadata: { name, labels, resourceVersion: '1' },
  spec: { taints },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

const pages: Record<string, { items: object[]; next?: string }> = {
  '': { items: [nodeObject('worker-1', { 'kubernetes.io/os': 'linux' }), nodeObject('win-1', { 'kubernetes.io/os': 'windows' })], next: 'page-2' },
  'page-2': { items: [nodeObject('cp-1', { 'kubernetes.io/os': 'linux' }, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }])] },
};

const requests: { url: string; authorization: string | undefined }[] = [];
let api: Server;
let silent: Server;
let closedPort: number;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

before(async () => {
  api = createServer((req: IncomingMessage, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 401, message: 'Unauthorized' }));
      return;
    }
    if (url.pathname !== '/api/v1/nodes') {
      res.writeHead(404).end();
      return;
    }
    const page = pages[url.searchParams.get('continue') ?? ''];
    if (!page) {
      res.writeHead(410).end();
      return;
    }
    const body = { kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '7', ...(page.next ? { continue: page.next } : {}) }, items: page.items };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  silent = createServer(() => {
    // Never answers: the CLI must give up on its own.
  });
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  await Promise.all([listen(api), listen(silent)]);
});

after(() => {
  api.closeAllConnections();
  silent.closeAllConnections();
  api.close();
  silent.close();
});

function kubeconfig(token = TOKEN): string {
  const port = (server: Server) => (server.address() as AddressInfo).port;
  const cluster = (name: string, p: number) => `- name: ${name}\n  cluster: {server: "http://127.0.0.1:${p}", insecure-skip-tls-verify: true}\n`;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    cluster('local', port(api)) + cluster('closed', closedPort) + cluster('silent', port(silent)),
    'users:',
    `- name: admin\n  user: {token: ${token}}`,
    'contexts:',
    '- name: local\n  context: {cluster: local, user: admin}',
    '- name: closed\n  context: {cluster: closed, user: admin}',
    '- name: silent\n  context: {cluster: silent, user: admin}',
    '- name: nowhere\n  context: {cluster: missing-cluster, user: admin}',
    'current-context: local',
    '',
  ].join('\n');
}

const manifest = daemonSetYaml('agent', { nodeSelector: { 'kubernetes.io/os': 'linux' } }, ', namespace: monitoring');

interface JsonOutput {
  daemonSets: { name: string; nodes: { node: string; shouldRun: boolean; shouldContinueRunning: boolean }[] }[];
}

test('without --nodes, nodes come from the current context, every page of the list, with the user token', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig() });
  requests.length = 0;
  const run = await placement(['ds.yaml', '--format', 'json'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as JsonOutput;
  assert.deepEqual(output.daemonSets[0]!.nodes.map((n) => [n.node, n.shouldRun, n.shouldContinueRunning]), [
    ['worker-1', true, true],
    ['win-1', false, false],
    ['cp-1', false, true],
  ]);
  assert.deepEqual(requests.map((r) => new URL(r.url, 'http://x').searchParams.get('continue')), [null, 'page-2']);
  assert.ok(requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
});

test('--context NAME picks that context; a relative KUBECONFIG resolves against the working directory', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig().replace('current-context: local', 'current-context: closed') });
  const run = await placement(['ds.yaml', '--context', 'local'], { cwd: dir, env: { KUBECONFIG: 'kubeconfig' } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /runs on 1 of 3 nodes; 1 excluded by taints, 1 by nodeSelector/);
});

test('~/.kube/config is read when KUBECONFIG is not set', async () => {
  const dir = workspace({ 'ds.yaml': manifest });
  const home = workspace({});
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(home, '.kube'));
  writeFileSync(join(home, '.kube', 'config'), kubeconfig());
  const run = await placement(['ds.yaml'], { cwd: dir, env: { HOME: home } });
  assert.equal(run.code, 0, run.stderr);
});

test('no kubeconfig: exit 2 with a clear message', async () => {
  const dir = workspace({ 'ds.yaml': manifest });
  const run = await placement(['ds.yaml'], { cwd: dir, env: { KUBECONFIG: join(dir, 'does-not-exist') } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no kubeconfig found \(looked in .*does-not-exist\); pass --nodes NODES_FILE, or set KUBECONFIG/);
  const noHome = await placement(['ds.yaml'], { cwd: dir });
  assert.equal(noHome.code, 2);
  assert.match(noHome.stderr, /no kubeconfig found \(looked in .*\.kube\/config\)/);
});

test('an unknown context: exit 2 listing the contexts', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig() });
  const run = await placement(['ds.yaml', '--context', 'prod'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /context "prod" not found in the kubeconfig \(contexts: local, closed, silent, nowhere\)/);
});

test('a context whose cluster is missing: exit 2', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig() });
  const run = await placement(['ds.yaml', '--context', 'nowhere'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /context "nowhere"/);
});

test('an unreachable cluster (closed port): exit 2, and no token in the output', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig() });
  const run = await placement(['ds.yaml', '--context', 'closed'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /cannot reach the cluster of context "closed" \(http:\/\/127\.0\.0\.1:\d+\): ECONNREFUSED/);
  assert.ok(!run.stderr.includes(TOKEN) && !run.stdout.includes(TOKEN));
});

test('a cluster that never answers: exit 2 after the timeout', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig() });
  const started = Date.now();
  const run = await placement(['ds.yaml', '--context', 'silent'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig'), DAEMONSET_CHECK_TIMEOUT_MS: '300' } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /the cluster of context "silent" \(http:\/\/127\.0\.0\.1:\d+\) did not answer within 300 ms/);
  assert.ok(Date.now() - started < 5000);
});

test('refused credentials: exit 2 with the HTTP status, never the token', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: kubeconfig('wrong-token-0123456789abcdefghijklmnopqrstuvwxyz') });
  const run = await placement(['ds.yaml'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /answered HTTP 401 to GET \/api\/v1\/nodes \(Unauthorized/);
  assert.ok(!run.stderr.includes('wrong-token'));
});

test('a kubeconfig that does not parse: exit 2 without quoting the file', async () => {
  const dir = workspace({ 'ds.yaml': manifest, kubeconfig: `users:\n- name: x\n  user: {token: ${TOKEN}\n  bad: [` });
  const run = await placement(['ds.yaml'], { cwd: dir, env: { KUBECONFIG: join(dir, 'kubeconfig') } });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /cannot load kubeconfig .*kubeconfig/);
  assert.ok(!run.stderr.includes(TOKEN));
});

test('the bundled CLI (dist/cli.js) reads nodes from a file and from a kube context', async () => {
  const cli = join(__dirname, '../../../dist/cli.js');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `node scripts/build.mjs` (npm test does) before this test');
  const dir = workspace({
    'ds.yaml': manifest,
    kubeconfig: kubeconfig(),
    'nodes.yaml': 'kind: Node\nmetadata: {name: n1, labels: {kubernetes.io/os: linux}}\n',
  });
  const runCli = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, 'placement', ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig') } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const fromFile = await runCli(['ds.yaml', '--nodes', 'nodes.yaml', '--format', 'json']);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal((JSON.parse(fromFile.stdout) as JsonOutput).daemonSets[0]!.nodes[0]!.shouldRun, true);
  const fromCluster = await runCli(['ds.yaml', '--format', 'json']);
  assert.equal(fromCluster.code, 0, fromCluster.stderr);
  assert.deepEqual((JSON.parse(fromCluster.stdout) as JsonOutput).daemonSets[0]!.nodes.map((n) => n.node), ['worker-1', 'win-1', 'cp-1']);
  const unreachable = await runCli(['ds.yaml', '--context', 'closed']);
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stderr, /ECONNREFUSED/);
  const badYaml = await runCli(['nodes.yaml', 'missing.yaml', '--nodes', 'nodes.yaml']);
  assert.equal(badYaml.code, 2);
});
