/**
 * No secret leaves the cluster side: a cluster whose bearer token is a recognisable string, kubeconfigs with that
 * token, a recognisable client key and exec plugins that print it (on stdout, on stderr, as broken JSON), driven
 * through the faults (outage, 401, 403, 500, 410, CA mismatch, malformed file). Every log line, every error
 * message, every tree row's label, description and tooltip, and every snapshot for the language server is
 * scanned: the token, the key and the plugin output never appear.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../cluster/cluster';
import { createClusterPki } from '../cluster/transport/certs';
import { ClusterSession, type ClusterSessionOptions } from '../../client/src/cluster/session';
import type { ClusterState } from '../../client/src/cluster/model';
import { buildClusterSnapshot } from '../../client/src/cluster/snapshot';
import { startSession, TempDir, waitFor, waitForState } from './clusterSupport';
import { kubeconfigVariant, messageTexts, pluginPids, processExists, RejectionRecorder, rowTexts, treeOf, writeExecPlugin } from './faultSupport';

const TOKEN = 'SECRET-TOKEN-1234567890';
/** What an exec plugin prints besides the token (a recognisable marker of its output). */
const PLUGIN_MARKER = 'PLUGIN-OUTPUT-0987654321';

let cluster: Cluster;
let dir: TempDir;
/** A recognisable slice of the client key's base64 body. */
let keyNeedle: string;
let clientKey: { certPem: string; keyPem: string };
const rejections = new RejectionRecorder();
const sessions: ClusterSession[] = [];
/** Everything captured: log lines, messages, row texts, snapshots, thrown errors. */
const captured: string[] = [];

function capture(s: ClusterSession, state: ClusterState | undefined = s.state): void {
  captured.push(...rowTexts(treeOf(s, state)), ...messageTexts(s.view, state), JSON.stringify(buildClusterSnapshot(state)));
  if (s.model) captured.push(JSON.stringify(s.model.stats()));
}

function session(kubeconfig: string, name: string, options: Partial<ClusterSessionOptions> = {}): ClusterSession {
  const s = startSession({ source: { setting: dir.write(name, kubeconfig), env: {} }, log: (line) => captured.push(line), transport: { credentialTimeoutMs: 20_000 }, ...options });
  s.onDidChangeState((state) => capture(s, state));
  s.onDidChangeView(() => capture(s));
  sessions.push(s);
  return s;
}

async function thrown(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    captured.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
}

function assertNoSecret(where: string): void {
  const needles = [TOKEN, PLUGIN_MARKER, keyNeedle, 'PRIVATE KEY', 'Bearer SECRET'];
  for (const text of captured) {
    for (const needle of needles) assert.ok(!text.includes(needle), `${where}: "${needle}" appears in: ${text.slice(0, 300)}`);
  }
}

describe('secrets never appear in logs, messages, rows or snapshots', () => {
  before(async () => {
    rejections.install();
    cluster = await startCluster({ scenario: 'demo', podStartMs: 50, token: TOKEN });
    dir = new TempDir();
    const pki = createClusterPki();
    clientKey = { certPem: pki.server.certPem, keyPem: pki.server.keyPem };
    const body = pki.server.keyPem.split('\n').filter((line) => !line.startsWith('-----')).join('');
    keyNeedle = body.slice(100, 140);
  });

  after(async () => {
    for (const s of sessions) s.dispose();
    cluster.faults.reset();
    await cluster.stop();
    dir.dispose();
    rejections.uninstall();
  });

  test('a working token and client key through an outage, 401, 403 on pods, 500s and 410', async () => {
    const s = session(kubeconfigVariant(cluster, 'demo', { client: clientKey }), 'token-and-key');
    await waitForState(s, (st) => st.phase === 'ready' && st.daemonSets.length === 4, 'loaded');
    const held = s.model!.watchPods('logging/fluent-bit');
    try {
      await waitForState(s, (st) => st.pods.get('logging/fluent-bit')?.phase === 'ready', 'pods loaded');
      capture(s);

      await cluster.stop();
      await waitForState(s, (st) => st.stale, 'stale');
      await thrown(s.model!.readJson('/api/v1/namespaces'));
      capture(s);
      await cluster.restart();
      await waitForState(s, (st) => !st.stale, 'live again');

      // Every request refused, open watches cut: stale with a 401 reason.
      cluster.faults.set({ errors: [{ code: 401 }], watchCutSeconds: 0.2 });
      await waitForState(s, (st) => st.stale && /401/.test(st.staleReason ?? ''), 'stale with 401');
      await thrown(s.model!.readJson('/api/v1/namespaces'));
      capture(s);

      cluster.faults.set({ errors: [{ code: 403, resource: 'pods' }, { code: 500, resource: 'daemonsets' }] });
      await waitForState(s, (st) => st.pods.get('logging/fluent-bit')?.phase === 'ready' && /not permitted|Forbidden/.test(st.pods.get('logging/fluent-bit')?.error ?? ''), 'pods forbidden');
      capture(s);

      cluster.faults.set({ errors: [], expireNextWatches: 4, watchCutSeconds: 0.2 });
      await waitFor(() => captured.some((line) => line.includes('(410)')), 'a 410 relist');
      cluster.faults.reset();
      await waitForState(s, (st) => !st.stale && st.pods.get('logging/fluent-bit')?.error === undefined, 'live again');
      capture(s);
    } finally {
      held.dispose();
      cluster.faults.reset();
    }
    assertNoSecret('token and client key');
  });

  test('a refused token, a CA mismatch with a client key, and a malformed file holding the token', async () => {
    const refused = session(kubeconfigVariant(cluster, 'refused', { token: `${TOKEN}-expired` }), 'refused');
    await waitForState(refused, (st) => st.errorStatus === 401, 'the 401 error');
    await thrown(refused.model!.readJson('/api/v1/nodes'));
    capture(refused);

    const otherCa = createClusterPki();
    const tls = session(kubeconfigVariant(cluster, 'tls', { caPem: otherCa.ca.certPem, client: clientKey }), 'tls');
    await waitForState(tls, (st) => st.phase === 'error', 'the TLS error');
    await thrown(tls.model!.readJson('/api/v1/nodes'));
    capture(tls);

    const malformed = session(`users:\n- name: me\n  user:\n    token: ${TOKEN}\n    client-key-data: ${keyNeedle}\n  : : [\n`, 'malformed');
    await waitFor(() => malformed.view.kind === 'configError', 'the configError view');
    capture(malformed);
    // A file whose only problem is inside an entry (filtered) next to a token.
    const badEntry = session(`apiVersion: v1\nkind: Config\nusers:\n- name: me\n  user:\n    token: ${TOKEN}\ncontexts:\n- name: c\n  context: {cluster: nowhere, user: me}\ncurrent-context: c\n`, 'bad-entry');
    await waitFor(() => badEntry.view.kind !== 'loading', 'a view');
    capture(badEntry);
    assertNoSecret('refused, TLS, malformed');
  });

  test('exec plugins printing the token: on success, on failure (stdout and stderr), and as broken JSON', async () => {
    const good = session(kubeconfigVariant(cluster, 'exec-good', { exec: { command: writeExecPlugin(dir, 'good-plugin', { kind: 'token', token: TOKEN }) } }), 'exec-good');
    await waitForState(good, (st) => st.phase === 'ready', 'loaded through the plugin');
    capture(good);

    const failing = session(
      kubeconfigVariant(cluster, 'exec-fail', {
        exec: { command: writeExecPlugin(dir, 'fail-plugin', { kind: 'fail', stdout: `${PLUGIN_MARKER} ${TOKEN}`, stderr: `${TOKEN} expired ${PLUGIN_MARKER}\nsecond line ${TOKEN}\n` }) },
      }),
      'exec-fail',
    );
    await waitForState(failing, (st) => st.phase === 'error', 'the failing plugin');
    await thrown(failing.model!.readJson('/api/v1/nodes'));
    capture(failing);

    // A plugin that exits 0 with output that is not JSON (V8 quotes the start of the text in its message).
    const brokenPlugin = writeExecPlugin(dir, 'broken-plugin', { kind: 'fail', stdout: '', stderr: '' });
    dir.write('broken-plugin', `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(`${TOKEN} ${PLUGIN_MARKER} not json`)});\n`);
    const broken = session(kubeconfigVariant(cluster, 'exec-broken', { exec: { command: brokenPlugin } }), 'exec-broken');
    await waitForState(broken, (st) => st.phase === 'error' && /not an ExecCredential/.test(st.error ?? ''), 'the broken plugin');
    await thrown(broken.model!.readJson('/api/v1/nodes'));
    capture(broken);

    // A plugin that prints the token (half an ExecCredential on stdout, a login prompt on stderr), then hangs: timed out and stopped.
    const pidFile = dir.file('hang-secret.pids');
    const hangPlugin = writeExecPlugin(dir, 'hang-plugin', {
      kind: 'hang',
      pidFile,
      maxMs: 30_000,
      stdout: `{"kind":"ExecCredential","status":{"token":"${TOKEN}"`,
      stderr: `${PLUGIN_MARKER} open https://login.example/?code=${TOKEN} to log in\n`,
    });
    const hanging = session(kubeconfigVariant(cluster, 'exec-hang', { exec: { command: hangPlugin } }), 'exec-hang', { transport: { credentialTimeoutMs: 1000 } });
    const timedOut = await waitForState(hanging, (st) => st.phase === 'error' && /timed out/.test(st.error ?? ''), 'the hanging plugin timed out');
    assert.match(timedOut.error ?? '', /exec credential plugin "hang-plugin" did not answer within 1 s and was stopped/);
    const pids = pluginPids(pidFile);
    await waitFor(() => pids.length > 0 && pids.every((pid) => !processExists(pid)), `the timed-out plugin ended (${pids.join()})`, 5000);
    await thrown(hanging.model!.readJson('/api/v1/nodes'));
    capture(hanging);
    hanging.dispose();
    await waitFor(() => pluginPids(pidFile).every((pid) => !processExists(pid)), 'no plugin left after dispose', 5000);
    assertNoSecret('exec plugins');
  });

  test('no unhandled promise rejection, and the scan saw real material', async () => {
    for (const s of sessions) s.dispose();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(rejections.reasons.length, 0, rejections.describe());
    assert.ok(captured.length > 50, `${captured.length} texts scanned`);
    assert.ok(captured.some((text) => /HTTP 401/.test(text)));
    assert.ok(captured.some((text) => /server certificate/.test(text)));
    assert.ok(captured.some((text) => /getting credentials failed/.test(text)));
    assert.ok(captured.some((text) => /getting credentials timed out/.test(text)));
    assertNoSecret('everything');
  });
});
