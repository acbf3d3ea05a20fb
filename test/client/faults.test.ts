/**
 * The cluster model and the tree rows under faults of the local API server: unreachable at start, an outage
 * mid-watch, 410 on watch, 401, 403 on pods only, 500s, 5 s latency, a CA mismatch, exec credential plugins that
 * are missing, fail or hang, malformed kubeconfigs, and a context switch during a load. Each test checks the
 * model state and the rows of the pure tree builder; no test may leave an unhandled promise rejection.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { delimiter } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../cluster/cluster';
import { nodes } from '../cluster/api/resources';
import { createClusterPki } from '../cluster/transport/certs';
import { ClusterSession, type ClusterSessionOptions } from '../../client/src/cluster/session';
import type { ClusterState } from '../../client/src/cluster/model';
import { buildClusterSnapshot } from '../../client/src/cluster/snapshot';
import { commandIds } from '../../client/src/tree/rows';
import { kubeconfigFor, nodeNames, startSession, TempDir, waitFor, waitForState } from './clusterSupport';
import { killPlugins, kubeconfigVariant, labelsOf, pluginPids, processExists, RejectionRecorder, treeOf, writeExecPlugin } from './faultSupport';

let demo: Cluster;
let kubeadm: Cluster;
let dir: TempDir;
const rejections = new RejectionRecorder();
const sessions: ClusterSession[] = [];
const logs: string[] = [];

function session(options: Parameters<typeof startSession>[0]): ClusterSession {
  const created = startSession({ log: (line) => logs.push(line), ...options });
  sessions.push(created);
  return created;
}

/** A session with its own model settings (backoff), not started. */
function customSession(options: ClusterSessionOptions): ClusterSession {
  const created = new ClusterSession({ log: (line) => logs.push(line), watchFiles: false, ...options });
  sessions.push(created);
  return created;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const nodeLists = (s: ClusterSession): number => s.model?.stats().find((r) => r.name === 'nodes')?.lists ?? 0;
const setting = (path: string): ClusterSessionOptions['source'] => ({ setting: path, env: {} });

describe('cluster faults: model state and tree rows', () => {
  before(async () => {
    rejections.install();
    [demo, kubeadm] = await Promise.all([startCluster({ scenario: 'demo', podStartMs: 50 }), startCluster({ scenario: 'kubeadm-1.24', podStartMs: 50 })]);
    dir = new TempDir();
  });

  afterEach(() => {
    for (const s of sessions) s.dispose();
  });

  after(async () => {
    for (const s of sessions) s.dispose();
    killPlugins(dir.file('hang.pids'));
    demo.faults.reset();
    await Promise.all([demo.stop(), kubeadm.stop()]);
    dir.dispose();
    rejections.uninstall();
  });

  test('unreachable at start: an error row with the reason and a retry; it recovers when the server starts', async () => {
    await demo.stop();
    try {
      const s = session({ source: setting(dir.write('unreachable', kubeconfigFor(demo, 'demo'))) });
      const failing = await waitForState(s, (st) => st.phase === 'error', 'the error phase');
      assert.match(failing.error ?? '', /connection refused/);
      const rows = treeOf(s, failing);
      const error = rows.find((row) => row.label.startsWith('Cannot load the cluster: connection refused'));
      assert.ok(error, labelsOf(rows).join('\n'));
      assert.equal(error.command?.command, commandIds.retry);
      assert.equal(error.description, 'retrying');
      assert.ok(labelsOf(rows).some((label) => label.includes('is reachable')), labelsOf(rows).join('\n'));
      assert.ok(!labelsOf(rows).some((label) => /log in again/i.test(label)), 'an unreachable server is not a credentials problem');
      assert.equal(buildClusterSnapshot(failing).context, null, 'nothing is sent while nothing is loaded');
      const lists = nodeLists(s);
      await waitFor(() => nodeLists(s) >= lists + 2, 'retries');
    } finally {
      await demo.restart();
    }
    const s = sessions.at(-1)!;
    const ready = await waitForState(s, (st) => st.phase === 'ready' && !st.stale, 'recovery after the server started');
    assert.equal(ready.nodes.length, 6);
    const rows = treeOf(s, ready);
    assert.ok(!labelsOf(rows).some((label) => label.startsWith('Cannot load')));
    assert.ok(labelsOf(rows).some((label) => label.startsWith('6 nodes')));
    assert.equal(rows[0]!.contextValue, 'context');
  });

  test('the server dies mid-watch: stale (last data, marked) and live again after it returns', async () => {
    const s = session({ source: setting(dir.write('outage', kubeconfigFor(demo, 'demo'))) });
    await waitForState(s, (st) => st.phase === 'ready' && st.daemonSets.length === 4, 'loaded');
    await demo.stop();
    let restarted = false;
    try {
      const stale = await waitForState(s, (st) => st.stale, 'stale');
      assert.match(stale.staleReason ?? '', /connection (refused|reset)/);
      assert.equal(stale.nodes.length, 6);
      const rows = treeOf(s, stale);
      assert.equal(rows[0]!.contextValue, 'context.stale');
      assert.match(rows[0]!.description ?? '', /^stale · /);
      const marker = rows.find((row) => row.label.startsWith('Disconnected: showing data from'));
      assert.ok(marker, labelsOf(rows).join('\n'));
      assert.equal(marker.command?.command, commandIds.retry);
      assert.ok(rows.some((row) => row.kind === 'daemonSet' && row.label === 'fluent-bit'), 'the last known DaemonSets stay, marked stale');
      assert.ok(!labelsOf(rows).some((label) => /log in again/i.test(label)), 'an outage is not a credentials problem');

      demo.api.patch(nodes, undefined, 'worker-1', 'strategic', { metadata: { labels: { 'example.com/fault-outage': 'yes' } } });
      await demo.restart();
      restarted = true;
      const live = await waitForState(s, (st) => !st.stale && st.nodesByName.get('worker-1')?.labels['example.com/fault-outage'] === 'yes', 'live again');
      const after = treeOf(s, live);
      assert.equal(after[0]!.contextValue, 'context');
      assert.ok(!labelsOf(after).some((label) => label.startsWith('Disconnected')));
    } finally {
      if (!restarted) await demo.restart();
    }
  });

  test('410 Gone on the watch: the model relists and stays live', async () => {
    const s = session({ source: setting(dir.write('expired', kubeconfigFor(demo, 'demo'))) });
    await waitForState(s, (st) => st.phase === 'ready', 'loaded');
    const lists = nodeLists(s);
    const dsLists = s.model!.stats().find((r) => r.name === 'daemonsets')!.lists;
    demo.faults.set({ expireNextWatches: 4, watchCutSeconds: 0.2 });
    try {
      await waitFor(() => nodeLists(s) > lists || s.model!.stats().find((r) => r.name === 'daemonsets')!.lists > dsLists, 'a relist');
    } finally {
      demo.faults.reset();
    }
    demo.api.patch(nodes, undefined, 'worker-2', 'strategic', { metadata: { labels: { 'example.com/after-410': 'yes' } } });
    const state = await waitForState(s, (st) => st.nodesByName.get('worker-2')?.labels['example.com/after-410'] === 'yes', 'a change after the relist');
    assert.equal(state.stale, false);
    assert.equal(state.nodes.length, 6, 'a relist replaces, it does not duplicate');
    assert.ok(logs.some((line) => line.includes('expired (410), relisting')));
    const rows = treeOf(s, state);
    assert.equal(rows[0]!.contextValue, 'context');
    assert.ok(labelsOf(rows).some((label) => label.startsWith('6 nodes')));
  });

  test('401 (expired token): a clear row that says to log in again, retried with backoff, not in a storm', async () => {
    const s = customSession({
      source: setting(dir.write('expired-token', kubeconfigVariant(demo, 'demo', { token: 'expired-token-value' }))),
      model: { debounceMs: 20, backoff: { initialMs: 200, maxMs: 1000, factor: 2, jitter: 0 } },
    });
    await s.start();
    const state = await waitForState(s, (st) => st.phase === 'error', 'the error phase');
    assert.equal(state.errorStatus, 401);
    const rows = treeOf(s, state);
    assert.ok(labelsOf(rows).some((label) => label.startsWith('Cannot load the cluster: HTTP 401 Unauthorized: the credentials were refused')), labelsOf(rows).join('\n'));
    assert.ok(labelsOf(rows).some((label) => label.includes('log in again')));
    const before = nodeLists(s);
    await sleep(2000);
    const retries = nodeLists(s) - before;
    // Delays 400, 800, 1000, 1000... ms: at most 4 attempts in 2 s; a storm would be hundreds.
    assert.ok(retries >= 1 && retries <= 4, `${retries} retries in 2 s`);
  });

  test('401 after the view loaded (expired token): stale, the reason, and a hint to log in again and Refresh; a 500 instead: no such hint', async () => {
    const s = session({ source: setting(dir.write('expires-later', kubeconfigFor(demo, 'demo'))) });
    await waitForState(s, (st) => st.phase === 'ready' && st.daemonSets.length === 4, 'loaded');
    const loginHint = (rows: ReturnType<typeof treeOf>) => rows.find((row) => /log in again/i.test(row.label));
    assert.equal(loginHint(treeOf(s)), undefined, 'no hint while live');
    try {
      demo.faults.set({ errors: [{ code: 401 }], watchCutSeconds: 0.2 });
      const rejected = await waitForState(s, (st) => st.stale && st.staleStatus === 401, 'stale with 401');
      assert.match(rejected.staleReason ?? '', /401/);
      let rows = treeOf(s, rejected);
      assert.equal(rows[0]!.contextValue, 'context.stale');
      const hint = loginHint(rows);
      assert.ok(hint, labelsOf(rows).join('\n'));
      assert.match(hint.label, /refresh the token/i);
      assert.match(hint.tooltip ?? '', /cloud CLI/);
      assert.equal(hint.command?.command, commandIds.refresh);
      assert.ok(rows.some((row) => row.kind === 'daemonSet' && row.label === 'fluent-bit'), 'the last known DaemonSets stay');

      demo.faults.set({ errors: [{ code: 500 }], watchCutSeconds: 0.2 });
      const failing = await waitForState(s, (st) => st.stale && st.staleStatus === 500, 'stale with 500');
      rows = treeOf(s, failing);
      assert.equal(loginHint(rows), undefined, labelsOf(rows).join('\n'));
      assert.ok(labelsOf(rows).some((label) => label.startsWith('Disconnected: showing data from')), labelsOf(rows).join('\n'));
    } finally {
      demo.faults.reset();
    }
    const live = await waitForState(s, (st) => !st.stale, 'live again');
    assert.equal(loginHint(treeOf(s, live)), undefined);
  });

  test('403 on pods only: DaemonSet counts still shown, and the expanded DaemonSet says pod details are not permitted', async () => {
    demo.faults.set({ errors: [{ code: 403, resource: 'pods' }] });
    try {
      const s = session({ source: setting(dir.write('forbidden-pods', kubeconfigFor(demo, 'demo'))) });
      await waitForState(s, (st) => st.phase === 'ready' && st.daemonSets.find((d) => d.key === 'logging/fluent-bit')?.status.desired === 3, 'loaded');
      const held = s.model!.watchPods('logging/fluent-bit');
      try {
        const state = await waitForState(s, (st) => st.pods.get('logging/fluent-bit')?.phase === 'error', 'the pods error');
        assert.equal(state.phase, 'ready');
        assert.equal(state.stale, false, 'a forbidden pod list is not an outage');
        const rows = treeOf(s, state);
        const ds = rows.find((row) => row.kind === 'daemonSet' && row.daemonSetKey === 'logging/fluent-bit');
        assert.match(ds?.description ?? '', /^3 · /, 'the counts come from the DaemonSet status');
        const podsRow = rows.find((row) => row.id === `${ds!.id}/error`);
        assert.ok(podsRow, rows.map((r) => `${r.id} ${r.label}`).join('\n'));
        assert.match(podsRow.label, /^Cannot list its pods: pod details are not permitted \(HTTP 403 Forbidden/);
        assert.ok(labelsOf(rows).some((label) => label.startsWith('6 nodes')));
      } finally {
        held.dispose();
      }
    } finally {
      demo.faults.reset();
    }
  });

  test('500s: an error row while they last, retried with growing delays, then loaded', async () => {
    demo.faults.set({ errors: [{ code: 500, resource: 'nodes', verb: 'list', times: 3 }] });
    const s = customSession({
      source: setting(dir.write('errors-500', kubeconfigFor(demo, 'demo'))),
      model: { debounceMs: 20, backoff: { initialMs: 250, maxMs: 2000, factor: 2, jitter: 0 } },
    });
    const seen: ClusterState[] = [];
    s.onDidChangeState((state) => state && seen.push(state));
    const started = performance.now();
    await s.start();
    const failing = await waitForState(s, (st) => st.phase === 'error', 'the error phase');
    assert.equal(failing.errorStatus, 500);
    assert.ok(labelsOf(treeOf(s, failing)).some((label) => label.startsWith('Cannot load the cluster: HTTP 500 Internal Server Error')));
    const ready = await waitForState(s, (st) => st.phase === 'ready', 'loaded after the 500s');
    const elapsed = performance.now() - started;
    // Three failures: waits of 250, 500 and 1000 ms before the fourth list.
    assert.ok(elapsed >= 1600, `loaded after ${Math.round(elapsed)} ms: the retries did not back off`);
    assert.equal(nodeLists(s), 4);
    assert.equal(ready.error, undefined);
    assert.ok(!labelsOf(treeOf(s, ready)).some((label) => label.startsWith('Cannot load')));
    assert.ok(seen.every((state) => state.phase !== 'ready' || state.nodes.length === 6));
  });

  test('5 s latency: nothing in the model API waits on the network, and the state says loading', async () => {
    demo.faults.set({ latencyMs: 5000 });
    try {
      const s = customSession({ source: setting(dir.write('slow', kubeconfigFor(demo, 'demo'))), model: { debounceMs: 20 } });
      let t = performance.now();
      await s.start();
      assert.ok(performance.now() - t < 4000, 'start() resolves once the model is started, not loaded (5 s)');
      // The event loop stays free while every request waits 5 s.
      let ticks = 0;
      const interval = setInterval(() => ticks++, 50);
      await sleep(600);
      clearInterval(interval);
      assert.ok(ticks >= 3, `${ticks} timer ticks in 600 ms`);
      t = performance.now();
      s.model!.flush();
      const state = s.state!;
      const stats = s.model!.stats();
      s.model!.watchPods('logging/fluent-bit').dispose();
      const rows = treeOf(s, state);
      const snapshot = buildClusterSnapshot(state);
      assert.ok(performance.now() - t < 500, 'state, stats, flush, watchPods, rows and snapshot are synchronous (the answers take 5 s)');
      assert.equal(state.phase, 'loading');
      assert.equal(state.stale, false);
      assert.ok(stats.every((r) => !r.synced));
      assert.ok(labelsOf(rows).includes('Loading nodes and DaemonSets…'));
      assert.equal(snapshot.context, null);
      demo.faults.reset();
      await waitForState(s, (st) => st.phase === 'ready', 'loaded once the slow answers arrive');
    } finally {
      demo.faults.reset();
    }
  });

  test('a kubeconfig with another CA: a clear certificate error, no data', async () => {
    const other = createClusterPki();
    const s = session({ source: setting(dir.write('other-ca', kubeconfigVariant(demo, 'demo', { caPem: other.ca.certPem }))) });
    const state = await waitForState(s, (st) => st.phase === 'error', 'the error phase');
    assert.match(state.error ?? '', /server certificate/);
    assert.equal(state.nodes.length, 0);
    const rows = treeOf(s, state);
    assert.ok(labelsOf(rows).some((label) => /^Cannot load the cluster: the server certificate/.test(label)), labelsOf(rows).join('\n'));
  });

  test('exec credential plugins: missing, failing and hanging each give a clear error row; hanging is timed out', async () => {
    // Plugins are Node scripts: on a loaded machine one takes a while to start, so only the hanging one gets a short timeout.
    const cases: { name: string; command: string; expect: RegExp; timeoutMs: number }[] = [
      { name: 'missing', command: dir.file('no-such-plugin'), expect: /exec credential plugin "no-such-plugin" was not found/, timeoutMs: 20_000 },
      { name: 'failing', command: writeExecPlugin(dir, 'fail-plugin', { kind: 'fail', stderr: 'error: you must log in\n' }), expect: /getting credentials failed: the exec credential plugin "fail-plugin" exited with code 1/, timeoutMs: 20_000 },
      {
        name: 'hanging',
        command: writeExecPlugin(dir, 'hang-plugin', { kind: 'hang', pidFile: dir.file('hang.pids'), maxMs: 30_000, child: true }),
        expect: /getting credentials timed out: the exec credential plugin "hang-plugin" did not answer within 1 s and was stopped/,
        timeoutMs: 1000,
      },
    ];
    const started = cases.map(({ name, command, timeoutMs }) =>
      session({ source: setting(dir.write(`exec-${name}`, kubeconfigVariant(demo, name, { exec: { command } }))), transport: { credentialTimeoutMs: timeoutMs } }),
    );
    for (const [i, { name, expect }] of cases.entries()) {
      const s = started[i]!;
      const state = await waitForState(s, (st) => st.phase === 'error', `the error phase (${name})`);
      assert.match(state.error ?? '', expect, name);
      const rows = treeOf(s, state);
      const row = rows.find((r) => r.label.startsWith('Cannot load the cluster: '));
      assert.ok(row && expect.test(row.label), `${name}: ${labelsOf(rows).join(' | ')}`);
      assert.equal(row.command?.command, commandIds.retry);
    }
    await waitFor(() => nodeLists(started[2]!) >= 2, 'the hanging plugin retried after its timeout');
    // The timed-out plugin and the process it started are gone (not only abandoned), while the session still runs.
    const timedOut = pluginPids(dir.file('hang.pids'));
    assert.ok(timedOut.length >= 2, `pids of the plugin and its child: ${timedOut.join()}`);
    await waitFor(() => timedOut.every((pid) => !processExists(pid)), `the timed-out plugin processes ended (${timedOut.join()})`, 5000);
    assert.ok(!logs.some((line) => line.includes('you must log in')), 'plugin stderr is not logged');
    // Disposing a session stops the plugin it is running (a retry may have started one): none is left.
    for (const s of started) s.dispose();
    await waitFor(() => pluginPids(dir.file('hang.pids')).every((pid) => !processExists(pid)), 'no plugin left after dispose', 5000);
    await sleep(300);
    assert.equal(rejections.reasons.length, 0, rejections.describe());
  });

  test('a malformed kubeconfig, and a context naming a missing cluster: the kubeconfig error rows, no model', async () => {
    const broken = session({ source: setting(dir.write('malformed', 'apiVersion: v1\nclusters: [\n  - {name: x\n')) });
    await waitFor(() => broken.view.kind === 'configError', 'the configError view');
    assert.equal(broken.model, undefined);
    let rows = treeOf(broken);
    assert.equal(rows[0]!.label, 'The kubeconfig cannot be used');
    assert.ok(labelsOf(rows).some((label) => /not valid YAML/.test(label)), labelsOf(rows).join('\n'));
    assert.equal(buildClusterSnapshot(broken.state).context, null);

    const dangling = [
      'apiVersion: v1', 'kind: Config', 'clusters: []', 'users:', '- name: u', '  user:', '    token: abc',
      'contexts:', '- name: dangling', '  context:', '    cluster: gone', '    user: u', 'current-context: dangling', '',
    ].join('\n');
    const s = session({ source: setting(dir.write('dangling', dangling)) });
    await waitFor(() => s.view.kind === 'configError', 'the configError view');
    assert.equal(s.model, undefined);
    rows = treeOf(s);
    assert.equal(rows[0]!.label, 'The kubeconfig cannot be used');
    assert.ok(labelsOf(rows).some((label) => /context "dangling" names a cluster that is not in the kubeconfig/.test(label)), labelsOf(rows).join('\n'));
    assert.ok(labelsOf(rows).includes('Pick a context…'));
  });

  test('a context switch during a load: the new cluster only, never a mix of both', async () => {
    demo.faults.set({ latencyMs: 1500 });
    try {
      const first = dir.write('switch-demo', kubeconfigFor(demo, 'demo'));
      const second = dir.write('switch-kubeadm', kubeconfigFor(kubeadm, 'kubeadm', { current: false }));
      const s = session({ source: { env: { KUBECONFIG: [first, second].join(delimiter) } } });
      const seen: ClusterState[] = [];
      s.onDidChangeState((state) => state && seen.push(state));
      await waitForState(s, (st) => st.context.name === 'demo' && st.phase === 'loading', 'demo loading');
      await s.useContext('kubeadm');
      const state = await waitForState(s, (st) => st.context.name === 'kubeadm' && st.phase === 'ready', 'kubeadm loaded');
      // Let demo's delayed answers arrive: they must go nowhere.
      await sleep(1800);
      const final = s.state!;
      assert.equal(final.modelId, state.modelId);
      assert.equal(final.context.name, 'kubeadm');
      assert.deepEqual(nodeNames(final), ['control-plane-1', 'worker-1', 'worker-2']);
      assert.deepEqual(final.daemonSets.map((d) => d.key).sort(), ['kube-system/kube-proxy', 'monitoring/node-exporter']);
      for (const st of [...seen, final]) {
        const names = nodeNames(st);
        if (st.context.name === 'kubeadm') {
          assert.ok(names.length === 0 || names.join() === 'control-plane-1,worker-1,worker-2', `kubeadm state with ${names.join()}`);
          assert.ok(!st.daemonSets.some((d) => d.key === 'logging/fluent-bit'), 'a demo DaemonSet in a kubeadm state');
        } else {
          assert.ok(!names.includes('worker-1') || names.length === 6, `demo state with ${names.join()}`);
        }
      }
      const snapshot = buildClusterSnapshot(final);
      assert.equal(snapshot.context, 'kubeadm');
      const rows = treeOf(s, final);
      assert.equal(rows[0]!.label, 'kubeadm');
      assert.ok(labelsOf(rows).includes('3 nodes'));
      assert.ok(!labelsOf(rows).includes('fluent-bit'));
    } finally {
      demo.faults.reset();
    }
  });

  test('no unhandled promise rejection in any of the above', async () => {
    for (const s of sessions) s.dispose();
    await sleep(200);
    assert.equal(rejections.reasons.length, 0, rejections.describe());
  });
});
