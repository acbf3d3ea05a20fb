/**
 * Kubeconfig files and contexts: no file at all, KUBECONFIG with several files, switching context (for the
 * extension only), reloading when a file changes, unreadable files, unreachable servers and refused credentials.
 * Two local API servers (`demo` and `kubeadm-1.24`) stand for two clusters.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../cluster/cluster';
import { ClusterSession } from '../../client/src/cluster/session';
import { buildClusterSnapshot } from '../../client/src/cluster/snapshot';
import { buildRootRows } from '../../client/src/tree/treeBuilder';
import type { Row } from '../../client/src/tree/rows';
import { kubeconfigFor, nodeNames, startSession, TempDir, waitFor, waitForState } from './clusterSupport';

let demo: Cluster;
let kubeadm: Cluster;
let dir: TempDir;
const sessions: ClusterSession[] = [];

function session(options: Parameters<typeof startSession>[0]): ClusterSession {
  const created = startSession(options);
  sessions.push(created);
  return created;
}

const labels = (rows: readonly Row[]): string[] => rows.flatMap((row) => [row.label, ...labels(row.children ?? [])]);

describe('kubeconfig, contexts and the session', () => {
  before(async () => {
    [demo, kubeadm] = await Promise.all([startCluster({ scenario: 'demo', podStartMs: 50 }), startCluster({ scenario: 'kubeadm-1.24', podStartMs: 50 })]);
    dir = new TempDir();
  });

  after(async () => {
    for (const s of sessions) s.dispose();
    await Promise.all([demo.stop(), kubeadm.stop()]);
    dir.dispose();
  });

  test('with no kubeconfig file the view says no cluster is configured and how to configure one', async () => {
    const s = session({ source: { env: { HOME: join(dir.path, 'empty-home') } } });
    await waitFor(() => s.view.kind === 'noConfig', 'the noConfig view');
    assert.deepEqual(s.view.kind === 'noConfig' && s.view.paths, [join(dir.path, 'empty-home', '.kube', 'config')]);
    assert.equal(s.model, undefined);
    assert.equal(buildClusterSnapshot(s.state).context, null);
    const shown = labels(buildRootRows({ view: s.view, state: s.state }));
    assert.ok(shown.includes('No cluster configured'));
    assert.ok(shown.some((label) => label.includes('KUBECONFIG')));
    assert.ok(shown.some((label) => label.includes('daemonset.kubeconfig')));
  });

  test('KUBECONFIG with several files merges their contexts, and the first current-context wins', async () => {
    const first = dir.write('first', kubeconfigFor(demo, 'demo'));
    const second = dir.write('second', kubeconfigFor(kubeadm, 'kubeadm'));
    const s = session({ source: { env: { KUBECONFIG: [first, dir.file('missing'), second].join(delimiter) } } });
    const state = await waitForState(s, (st) => st.phase === 'ready', 'the demo context loaded');
    assert.equal(state.context.name, 'demo');
    assert.equal(s.view.kind === 'context' && s.view.contexts.map((c) => c.name).join(','), 'demo,kubeadm');
    assert.equal(nodeNames(state).length, 6);
  });

  test('switching context replaces the model, for the extension only: the kubeconfig file is not changed', async () => {
    const first = dir.write('switch-first', kubeconfigFor(demo, 'demo'));
    const second = dir.write('switch-second', kubeconfigFor(kubeadm, 'kubeadm'));
    const s = session({ source: { env: { KUBECONFIG: [first, second].join(delimiter) } } });
    await waitForState(s, (st) => st.phase === 'ready', 'demo loaded');
    const demoModel = s.model;
    await s.useContext('kubeadm');
    const state = await waitForState(s, (st) => st.context.name === 'kubeadm' && st.phase === 'ready', 'the kubeadm context loaded');
    assert.notEqual(s.model, demoModel);
    assert.deepEqual(nodeNames(state), ['control-plane-1', 'worker-1', 'worker-2']);
    assert.deepEqual(state.daemonSets.map((d) => d.key).sort(), ['kube-system/kube-proxy', 'monitoring/node-exporter']);
    assert.deepEqual(state.nodesByName.get('control-plane-1')?.taints.map((t) => t.key), ['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane']);
    assert.equal(buildClusterSnapshot(state).context, 'kubeadm');
    assert.match(readFileSync(first, 'utf8'), /current-context: demo/);
    assert.equal(s.view.kind === 'context' && s.view.fileContext, 'demo');
    const root = buildRootRows({ view: s.view, state })[0]!;
    assert.equal(root.label, 'kubeadm');
    assert.match(root.tooltip ?? '', /current-context is `demo`/);
  });

  test("a change of the kubeconfig file is picked up: a new current-context switches the model", async () => {
    const path = dir.write('reload', kubeconfigFor(demo, 'demo'));
    const s = session({ source: { setting: path, env: {} } });
    await waitForState(s, (st) => st.context.name === 'demo' && st.phase === 'ready', 'demo loaded');
    dir.write('reload', kubeconfigFor(kubeadm, 'kubeadm'));
    const state = await waitForState(s, (st) => st.context.name === 'kubeadm' && st.phase === 'ready', 'the reloaded file used');
    assert.equal(state.nodes.length, 3);
  });

  test('an unreadable kubeconfig is reported without its content', async () => {
    const path = dir.write('broken', 'users:\n- name: me\n  user:\n    token: s3cr3t-t0ken\n  : : [\n');
    const s = session({ source: { setting: path, env: {} } });
    await waitFor(() => s.view.kind === 'configError', 'the configError view');
    const problems = s.view.kind === 'configError' ? s.view.problems : [];
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /not valid YAML/);
    assert.ok(!problems.some((p) => p.includes('s3cr3t')));
  });

  test('an unreachable server is an error row with the reason, retried with backoff', async () => {
    const path = dir.write('unreachable', kubeconfigFor({ ...demo, url: 'https://127.0.0.1:1' }, 'nowhere'));
    const s = session({ source: { setting: path, env: {} } });
    const state = await waitForState(s, (st) => st.phase === 'error', 'the error phase');
    assert.match(state.error ?? '', /connection refused/);
    const shown = labels(buildRootRows({ view: s.view, state }));
    assert.ok(shown.some((label) => label.startsWith('Cannot load the cluster: connection refused')));
    await waitFor(() => (s.model?.stats().find((r) => r.name === 'nodes')?.lists ?? 0) >= 3, 'retries');
  });

  test('refused credentials say so (401), and the token is in no message', async () => {
    const logs: string[] = [];
    const path = dir.write('refused', kubeconfigFor({ ...demo, token: 'wrong-token-value' }, 'refused'));
    const s = session({ source: { setting: path, env: {} }, log: (line) => logs.push(line) });
    const state = await waitForState(s, (st) => st.phase === 'error', 'the error phase');
    assert.equal(state.errorStatus, 401);
    const shown = labels(buildRootRows({ view: s.view, state }));
    assert.ok(shown.some((label) => label.includes('credentials were refused')));
    assert.ok(![...logs, ...shown].some((text) => text.includes('wrong-token-value')));
  });
});
