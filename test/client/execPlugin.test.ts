/**
 * Exec credential plugins run by the extension (client/src/cluster/execPlugin.ts, execAuth.ts): the ExecCredential
 * contract (args, env, KUBERNETES_EXEC_INFO, token or client certificate and key, expirationTimestamp), errors that
 * never quote the plugin's output, a timeout that stops the plugin even when it ignores SIGTERM, one run at a
 * time, reuse until expiry or a 401, and a re-run after a real 401 from the local API server.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../cluster/cluster';
import { applyExecCredential, ExecCredentialSource } from '../../client/src/cluster/execAuth';
import { parseExecConfig, runExecPlugin, type ExecConfig } from '../../client/src/cluster/execPlugin';
import { startSession, TempDir, waitFor, waitForState } from './clusterSupport';
import { kubeconfigVariant, pluginPids, processExists } from './faultSupport';

const TOKEN = 'SECRET-EXEC-TOKEN-5551234';
let dir: TempDir;

/** An executable Node script. */
function script(name: string, body: string): string {
  const path = dir.write(name, `#!${process.execPath}\nconst fs = require('fs');\n${body}\n`);
  chmodSync(path, 0o700);
  return path;
}

const config = (command: string, extra: Record<string, unknown> = {}): ExecConfig => parseExecConfig({ command, apiVersion: 'client.authentication.k8s.io/v1beta1', ...extra })!;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a rejection');
}

/** A plugin that appends a line to `counter` per run and answers token `run-N` (expiring at $EXPIRES if set). */
function countingPlugin(name: string, counter: string, token?: string): string {
  return script(
    name,
    [
      `fs.appendFileSync(${JSON.stringify(counter)}, 'x\\n');`,
      `const n = fs.readFileSync(${JSON.stringify(counter)}, 'utf8').split('\\n').length - 1;`,
      `const status = { token: ${token ? JSON.stringify(token) : '`run-${n}`'} };`,
      `if (process.env.EXPIRES) status.expirationTimestamp = process.env.EXPIRES;`,
      `setTimeout(() => process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status })), 50);`,
    ].join('\n'),
  );
}

const runs = (counter: string): number => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').length - 1 : 0);

before(() => {
  dir = new TempDir();
});
after(() => dir.dispose());

describe('exec credential plugins', () => {
  test('the plugin gets its args, its env over ours, and KUBERNETES_EXEC_INFO (non-interactive, the cluster when asked)', async () => {
    const echo = script(
      'echo-plugin',
      `const seen = { args: process.argv.slice(2), foo: process.env.FOO, path: process.env.PATH !== undefined, info: JSON.parse(process.env.KUBERNETES_EXEC_INFO) };
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: Buffer.from(JSON.stringify(seen)).toString('base64') } }));`,
    );
    const exec = config(echo, { apiVersion: 'client.authentication.k8s.io/v1', args: ['--region', 'eu west'], env: [{ name: 'FOO', value: 'bar' }], provideClusterInfo: true, interactiveMode: 'Never' });
    const credential = await runExecPlugin(exec, { timeoutMs: 20_000, cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority-data': 'Q0EtREFUQQ==' } });
    const seen = JSON.parse(Buffer.from(credential.token!, 'base64').toString('utf8')) as { args: string[]; foo: string; path: boolean; info: { apiVersion: string; kind: string; spec: { interactive: boolean; cluster?: { server: string; 'certificate-authority-data': string } } } };
    assert.deepEqual(seen.args, ['--region', 'eu west']);
    assert.equal(seen.foo, 'bar');
    assert.equal(seen.path, true, 'our environment is passed on');
    assert.equal(seen.info.apiVersion, 'client.authentication.k8s.io/v1');
    assert.equal(seen.info.kind, 'ExecCredential');
    assert.equal(seen.info.spec.interactive, false);
    assert.deepEqual(seen.info.spec.cluster, { server: 'https://10.0.0.1:6443', 'certificate-authority-data': 'Q0EtREFUQQ==' });

    const without = await runExecPlugin(config(echo, { apiVersion: 'client.authentication.k8s.io/v1' }), { timeoutMs: 20_000, cluster: { server: 'https://10.0.0.1:6443' } });
    const info = (JSON.parse(Buffer.from(without.token!, 'base64').toString('utf8')) as { info: { spec: Record<string, unknown> } }).info;
    assert.equal(info.spec.cluster, undefined, 'no cluster unless provideClusterInfo');
  });

  test('a client certificate and key, and an expirationTimestamp, go into the request options', async () => {
    const plugin = script(
      'cert-plugin',
      `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { clientCertificateData: 'CERT-PEM', clientKeyData: 'KEY-PEM', expirationTimestamp: '2030-01-02T03:04:05Z' } }));`,
    );
    const credential = await runExecPlugin(config(plugin), { timeoutMs: 20_000 });
    assert.equal(credential.expiresAt, Date.UTC(2030, 0, 2, 3, 4, 5));
    const opts: Parameters<typeof applyExecCredential>[0] = { headers: {} };
    applyExecCredential(opts, credential);
    assert.equal(opts.cert, 'CERT-PEM');
    assert.equal(opts.key, 'KEY-PEM');
    assert.equal(opts.headers.Authorization, undefined);
    const withToken: Parameters<typeof applyExecCredential>[0] = { headers: {} };
    applyExecCredential(withToken, { token: 'abc' });
    assert.equal(withToken.headers.Authorization, 'Bearer abc');
  });

  test('failures say what went wrong and never quote what the plugin printed', async () => {
    const cases: { name: string; body: string; expect: RegExp }[] = [
      { name: 'exit-3', body: `process.stdout.write('${TOKEN}'); process.stderr.write('${TOKEN} denied'); process.exitCode = 3;`, expect: /"exit-3" exited with code 3; run it in a terminal/ },
      { name: 'not-json', body: `process.stdout.write('token: ${TOKEN}');`, expect: /"not-json" printed something that is not an ExecCredential/ },
      { name: 'no-token', body: `process.stdout.write(JSON.stringify({ kind: 'ExecCredential', status: { note: '${TOKEN}' } }));`, expect: /"no-token" printed an ExecCredential without a token or a client certificate and key/ },
      { name: 'other-version', body: `process.stdout.write(JSON.stringify({ apiVersion: '${TOKEN}', kind: 'ExecCredential', status: { token: '${TOKEN}' } }));`, expect: /another apiVersion than the kubeconfig's client\.authentication\.k8s\.io\/v1beta1/ },
      { name: 'killed', body: `process.kill(process.pid, 'SIGKILL');`, expect: /"killed" was ended by SIGKILL/ },
    ];
    for (const { name, body, expect } of cases) {
      const error = await rejection(runExecPlugin(config(script(name, body)), { timeoutMs: 20_000 }));
      assert.match(error.message, expect, name);
      assert.ok(!error.message.includes(TOKEN), `${name}: ${error.message}`);
    }
    const missing = await rejection(runExecPlugin(config(dir.file('not-there')), { timeoutMs: 20_000 }));
    assert.match(missing.message, /"not-there" was not found \(ENOENT\)/);
    const notExecutable = dir.write('not-executable', '#!/bin/sh\necho hi\n');
    assert.match((await rejection(runExecPlugin(config(notExecutable), { timeoutMs: 20_000 }))).message, /permission denied \(EACCES\)/);
    assert.throws(() => parseExecConfig({ args: ['x'] }), /has no command/);
  });

  test('interactiveMode Always: refused without running the plugin (there is no terminal to log in at)', async () => {
    const marker = dir.file('interactive-ran');
    const plugin = script('interactive', `fs.writeFileSync(${JSON.stringify(marker)}, 'ran');`);
    const error = await rejection(runExecPlugin(config(plugin, { interactiveMode: 'Always' }), { timeoutMs: 20_000 }));
    assert.match(error.message, /needs a terminal/);
    assert.equal(existsSync(marker), false);
  });

  test('a plugin that ignores SIGTERM is killed after the grace period', async () => {
    const pidFile = dir.file('stubborn.pids');
    const plugin = script('stubborn', `fs.appendFileSync(${JSON.stringify(pidFile)}, process.pid + '\\n'); process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); setTimeout(() => process.exit(0), 30000);`);
    const started = Date.now();
    const error = await rejection(runExecPlugin(config(plugin), { timeoutMs: 700, killGraceMs: 300 }));
    assert.match(error.message, /"stubborn" did not answer within 1 s and was stopped/);
    assert.ok(Date.now() - started < 5000);
    const pids = pluginPids(pidFile);
    assert.equal(pids.length, 1);
    await waitFor(() => !processExists(pids[0]!), 'the stubborn plugin killed', 5000);
  });

  test('one run at a time; reused without expiry until rejected; an expired credential runs the plugin again', async () => {
    const counter = dir.file('count-a');
    const source = new ExecCredentialSource(config(countingPlugin('counting-a', counter)), { timeoutMs: 20_000 });
    const together = await Promise.all([source.get(), source.get(), source.get()]);
    assert.equal(runs(counter), 1, 'concurrent requests share one run');
    assert.ok(together.every((c) => c === together[0]));
    assert.equal((await source.get()).token, 'run-1', 'reused');
    assert.equal(runs(counter), 1);
    source.rejected({ token: 'some other credential' });
    assert.equal((await source.get()).token, 'run-1', 'a 401 for another credential does not drop this one');
    source.rejected(together[0]!);
    assert.equal((await source.get()).token, 'run-2', 'a 401 runs the plugin again');
    assert.equal(runs(counter), 2);

    const expiredCounter = dir.file('count-b');
    const expired = new ExecCredentialSource(config(countingPlugin('counting-b', expiredCounter), { env: [{ name: 'EXPIRES', value: '2001-01-01T00:00:00Z' }] }), { timeoutMs: 20_000 });
    await expired.get();
    await expired.get();
    assert.equal(runs(expiredCounter), 2, 'an expired credential is not reused');

    const validCounter = dir.file('count-c');
    const valid = new ExecCredentialSource(config(countingPlugin('counting-c', validCounter), { env: [{ name: 'EXPIRES', value: '2999-01-01T00:00:00Z' }] }), { timeoutMs: 20_000 });
    await valid.get();
    await valid.get();
    assert.equal(runs(validCounter), 1, 'a credential valid until 2999 is reused');
  });

  test('dispose stops a running plugin and refuses new runs', async () => {
    const pidFile = dir.file('disposed.pids');
    const plugin = script('slow', `fs.appendFileSync(${JSON.stringify(pidFile)}, process.pid + '\\n'); setTimeout(() => {}, 30000);`);
    const source = new ExecCredentialSource(config(plugin), { timeoutMs: 20_000 });
    const pending = source.get();
    await waitFor(() => pluginPids(pidFile).length === 1, 'the plugin started');
    source.dispose();
    assert.match((await rejection(pending)).message, /was stopped/);
    await waitFor(() => !processExists(pluginPids(pidFile)[0]!), 'the plugin ended', 5000);
    assert.match((await rejection(source.get())).message, /closed/);
  });
});

describe('exec credential plugins against the local API server', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ scenario: 'demo', podStartMs: 50, token: TOKEN });
  });
  after(async () => {
    cluster.faults.reset();
    await cluster.stop();
  });

  test('the credential is reused across requests, and a 401 makes the next request run the plugin again', async () => {
    const counter = dir.file('count-cluster');
    const plugin = countingPlugin('cluster-plugin', counter, TOKEN);
    const s = startSession({ source: { setting: dir.write('kubeconfig', kubeconfigVariant(cluster, 'exec', { exec: { command: plugin } })), env: {} }, transport: { credentialTimeoutMs: 20_000 } });
    try {
      await waitForState(s, (st) => st.phase === 'ready', 'loaded through the plugin');
      await s.model!.readJson('/api/v1/namespaces');
      assert.equal(runs(counter), 1, 'lists, watches and a GET share one credential');
      cluster.faults.set({ errors: [{ code: 401, resource: 'namespaces', times: 1 }] });
      await assert.rejects(s.model!.readJson('/api/v1/namespaces'), /401/);
      await s.model!.readJson('/api/v1/namespaces');
      assert.equal(runs(counter), 2, 'the refused credential was not reused');
    } finally {
      s.dispose();
      cluster.faults.reset();
    }
  });
});
