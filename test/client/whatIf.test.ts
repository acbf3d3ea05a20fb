/**
 * The what-if on the tutorial's two nginx manifests against the `demo` cluster, through the real model: placement
 * on the live nodes, the comparison with the deployed DaemonSet, the immutable selector (checked against what the
 * API server then really answers), the diagnostics and the preview rows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from '../cluster/cluster';
import { fixtures, Kubectl } from '../cluster/testSupport';
import type { ClusterSession } from '../../client/src/cluster/session';
import { findDaemonSets, type ManifestDaemonSet } from '../../client/src/whatIf/manifests';
import { whatIfAgainst, whatIf, type WhatIfResult } from '../../client/src/whatIf/whatIf';
import { WHAT_IF_CODES, whatIfDiagnostics } from '../../client/src/whatIf/diagnostics';
import { buildRootRows } from '../../client/src/tree/treeBuilder';
import type { Row } from '../../client/src/tree/rows';
import { kubeconfigFor, startSession, TempDir, waitForState } from './clusterSupport';

const tutorial = join(fixtures, 'examples', 'nginx-daemonset');
/** The tutorial's first manifest: selector app+name, no tolerations. */
const first = join(tutorial, 'nginx-daemonset.yaml');
/** The second: selector app only, and a toleration for the `master` taint. */
const second = join(tutorial, 'nginx-daemonset-on-master.yaml');

let cluster: Cluster;
let kubectl: Kubectl;
let dir: TempDir;
let session: ClusterSession;

function manifest(path: string): ManifestDaemonSet {
  const [only] = findDaemonSets(readFileSync(path, 'utf8'));
  assert.ok(only, `a DaemonSet in ${path}`);
  return only;
}

function whatIfOf(path: string): { item: ManifestDaemonSet; result: WhatIfResult } {
  const item = manifest(path);
  const result = whatIfAgainst(session.state, item.object);
  assert.ok(result);
  return { item, result };
}

describe("what-if on the tutorial's manifests against the demo cluster", () => {
  before(async () => {
    cluster = await startCluster({ scenario: 'demo', podStartMs: 50 });
    kubectl = new Kubectl(cluster);
    dir = new TempDir();
    session = startSession({ source: { setting: dir.write('config', kubeconfigFor(cluster, 'demo')), env: {} } });
    await kubectl.ok('apply', '-f', join(tutorial, '00-namespace-serviceaccount.yaml'));
    await waitForState(session, (s) => s.phase === 'ready', 'the model loaded');
  });

  after(async () => {
    session.dispose();
    await cluster.stop();
    kubectl.dispose();
    dir.dispose();
  });

  test('before it is deployed, the first manifest runs on the ready workers only', () => {
    const { result } = whatIfOf(first);
    assert.equal(result.deployed, 'absent');
    assert.deepEqual(result.eligible, ['worker-1', 'worker-2', 'worker-3']);
    assert.equal(result.lensText, 'Runs on 3 of 6 nodes in demo · not deployed');
    const why = Object.fromEntries(result.excluded.map((v) => [v.node, v.reason]));
    assert.match(why['control-plane-1']!, /^taint `node-role\.kubernetes\.io\/control-plane:NoSchedule` is not tolerated/);
    assert.equal(why['gpu-1'], 'taint `nvidia.com/gpu=present:NoSchedule` is not tolerated');
    assert.match(why['worker-4']!, /^NotReady node/);
  });

  test('once applied, the first manifest compared with itself changes nothing', async () => {
    await kubectl.ok('apply', '-f', first);
    await waitForState(session, (s) => s.daemonSets.some((d) => d.key === 'development/nginx'), 'the deployed nginx');
    const { item, result } = whatIfOf(first);
    assert.equal(result.lensText, 'Runs on 3 of 6 nodes in demo · +0 −0 vs deployed');
    assert.equal(result.changeText, '+0 nodes, 0 removed');
    assert.equal(result.selectorChange, undefined);
    assert.deepEqual(whatIfDiagnostics(item, result), []);
  });

  test('the second manifest, with the master toleration, still does not run on the control plane tainted control-plane, and the diagnostic says why', () => {
    const { item, result } = whatIfOf(second);
    assert.equal(result.lensText, 'Runs on 3 of 6 nodes in demo · +0 −0 vs deployed');
    assert.ok(!result.eligible.includes('control-plane-1'));
    const diagnostic = whatIfDiagnostics(item, result).find((d) => d.code === WHAT_IF_CODES.taintsNotTolerated);
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, 'information');
    assert.deepEqual(diagnostic.range.start, { line: 25, character: 6 }, 'on the tolerations key');
    assert.equal(
      diagnostic.message,
      'In context `demo` (3 of 6 nodes), not on control-plane-1: taint `node-role.kubernetes.io/control-plane:NoSchedule` is not tolerated ' +
        '(control-plane node; tolerate both `control-plane` and `master` to cover every kubeadm version); ' +
        'not on gpu-1: taint `nvidia.com/gpu=present:NoSchedule` is not tolerated',
    );
  });

  test("the second manifest's selector change is flagged as immutable, as the API server then really answers", async () => {
    const { item, result } = whatIfOf(second);
    assert.deepEqual(result.selectorChange && { deployed: result.selectorChange.deployed, proposed: result.selectorChange.proposed }, {
      deployed: 'app=nginx,name=nginx',
      proposed: 'app=nginx',
    });
    const diagnostic = whatIfDiagnostics(item, result).find((d) => d.code === WHAT_IF_CODES.selectorImmutable);
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, 'error');
    assert.deepEqual(diagnostic.range, { start: { line: 9, character: 2 }, end: { line: 9, character: 10 } });
    assert.match(diagnostic.message, /^spec\.selector is immutable: the DaemonSet development\/nginx deployed in context `demo` selects `app=nginx,name=nginx`/);
    const applied = await kubectl.run('apply', '-f', second);
    assert.notEqual(applied.code, 0);
    assert.match(applied.stderr, /spec\.selector: Invalid value: .*field is immutable/);
  });

  test('adding the control-plane toleration would add control-plane-1: "+1 node (control-plane-1), 0 removed"', () => {
    const item = manifest(first);
    const spec = item.object.spec as { template: { spec: Record<string, unknown> } };
    const patched = structuredClone(item.object) as typeof item.object;
    (patched.spec as typeof spec).template.spec = { ...spec.template.spec, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] };
    const result = whatIfAgainst(session.state, patched)!;
    assert.deepEqual(result.added, ['control-plane-1']);
    assert.equal(result.lensText, 'Runs on 4 of 6 nodes in demo · +1 −0 vs deployed');
    assert.equal(result.changeText, '+1 node (control-plane-1), 0 removed');
  });

  test('the preview section in the tree shows the change, the immutable selector and why nodes are excluded', () => {
    const { result } = whatIfOf(second);
    const [context] = buildRootRows({ view: session.view, state: session.state, preview: result });
    const preview = context!.children!.find((row) => row.kind === 'preview')!;
    assert.equal(preview.label, 'What if: development/nginx');
    assert.equal(preview.description, 'Runs on 3 of 6 nodes in demo · +0 −0 vs deployed');
    const labels = (rows: readonly Row[]): string[] => rows.flatMap((row) => [row.label, ...labels(row.children ?? [])]);
    const shown = labels(preview.children!);
    assert.ok(shown.includes('Applying fails: spec.selector is immutable'));
    assert.ok(shown.includes('Would run on (3)'));
    assert.ok(shown.includes('Not eligible (3)'));
    assert.ok(shown.includes('control-plane-1'));
  });

  test('a manifest without a namespace uses the context namespace, and an unknown model gives no comparison', () => {
    const result = whatIf({ manifest: { kind: 'DaemonSet', metadata: { name: 'x' }, spec: { template: {} } }, context: 'demo', defaultNamespace: 'default', nodes: [], deployed: { kind: 'unknown' } });
    assert.equal(result.key, 'default/x');
    assert.equal(result.lensText, 'Runs on 0 of 0 nodes in demo');
  });
});
