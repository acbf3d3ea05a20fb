/**
 * The credential timeout as a user setting: `credentialTimeoutMs()` checks the setting's value (seconds, 1 to 300,
 * default 30), and a session given new transport options loads the context again with them: a plugin that hangs
 * is then stopped after the new timeout, and the one the old model was waiting for is stopped with it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ClusterSession } from '../../client/src/cluster/session';
import { credentialTimeoutMs } from '../../client/src/cluster/settings';
import { fastSession, TempDir, waitFor, waitForState } from './clusterSupport';
import { kubeconfigVariant, pluginPids, processExists, treeOf, writeExecPlugin } from './faultSupport';

describe('the credential timeout setting', () => {
  test('seconds to milliseconds, clamped to 1..300 s; anything that is not a number is the default 30 s', () => {
    const cases: [unknown, number][] = [
      [undefined, 30_000],
      [null, 30_000],
      ['10', 30_000],
      [Number.NaN, 30_000],
      [Number.POSITIVE_INFINITY, 30_000],
      [30, 30_000],
      [5, 5_000],
      [2.5, 2_500],
      [1, 1_000],
      [0.2, 1_000],
      [0, 1_000],
      [-7, 1_000],
      [300, 300_000],
      [301, 300_000],
      [86_400, 300_000],
    ];
    for (const [value, expected] of cases) assert.equal(credentialTimeoutMs(value), expected, `${String(value)}`);
  });

  describe('changing it in a running session', () => {
    let dir: TempDir;
    let session: ClusterSession | undefined;
    before(() => {
      dir = new TempDir();
    });
    after(() => {
      session?.dispose();
      dir.dispose();
    });

    test('a hanging plugin is stopped after the new timeout; the old model and its plugin are gone', async () => {
      const pidFile = dir.file('hang.pids');
      const plugin = writeExecPlugin(dir, 'slow-login', { kind: 'hang', pidFile, maxMs: 30_000 });
      // The plugin hangs before any connection: the server is never reached.
      const kubeconfig = kubeconfigVariant({ url: 'https://127.0.0.1:9', caPem: 'unused', token: 'unused' }, 'cloud', { exec: { command: plugin } });
      session = new ClusterSession({ ...fastSession, watchFiles: false, source: { setting: dir.write('kubeconfig', kubeconfig), env: {} }, transport: { credentialTimeoutMs: credentialTimeoutMs(300) } });
      await session.start();
      await waitFor(() => pluginPids(pidFile).length > 0, 'the plugin started');
      const first = session.state!;
      assert.equal(first.phase, 'loading', 'still waiting for the plugin under the 300 s timeout');
      const firstPids = pluginPids(pidFile);

      await session.setTransportOptions({ credentialTimeoutMs: credentialTimeoutMs(1) });
      assert.notEqual(session.state!.modelId, first.modelId, 'a new model with the new timeout');
      await waitFor(() => firstPids.every((pid) => !processExists(pid)), 'the old model stopped its plugin', 5000);
      const failed = await waitForState(session, (st) => st.phase === 'error', 'the plugin timed out under the new setting', 10_000);
      assert.match(failed.error ?? '', /exec credential plugin "slow-login" did not answer within 1 s and was stopped/);
      const row = treeOf(session, failed).find((r) => r.label.startsWith('Cannot load the cluster: '));
      assert.ok(row && /timed out/.test(row.label), row?.label);

      const modelId = session.state!.modelId;
      await session.setTransportOptions({ credentialTimeoutMs: credentialTimeoutMs(1) });
      assert.equal(session.state!.modelId, modelId, 'the same options keep the model');
    });
  });
});
