/**
 * The local cluster against the real `kubectl` 1.32: discovery, apply with validation, the tutorial's
 * manifests, taints and cordon, watches, tables, deletion. Tests run in order on one `demo` cluster.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compileDaemonSet, nodeShouldRunDaemonPod } from '../../server/src/kube/placement';
import { toNodeInfo } from '../../server/src/kube/nodes';
import type { PodTemplateSpec } from '../../server/src/kube/types';
import { parse } from 'yaml';
import { readFileSync, writeFileSync } from 'node:fs';
import { startCluster, type Cluster } from './cluster';
import { daemonSets, pods } from './api/resources';
import { fixtures, Kubectl, waitFor } from './testSupport';
import type { KubeObject } from './api/objects';

const tutorial = join(fixtures, 'examples', 'nginx-daemonset');
const controlPlaneVariant = join(fixtures, 'cluster', 'nginx-daemonset-control-plane.yaml');

interface Item {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { nodeName?: string; taints?: { key: string; effect: string }[] };
}

let cluster: Cluster;
let kubectl: Kubectl;

const nginxPods = (): KubeObject[] => cluster.store.list(pods.id, 'development').filter((pod) => !pod.metadata.deletionTimestamp);
const nodesWithNginx = (): string[] => nginxPods().map((pod) => String((pod.spec as { nodeName?: string }).nodeName)).sort();

/** Waits until the nginx DaemonSet's status says every desired pod is up to date and available. */
async function rolledOut(): Promise<void> {
  await waitFor(() => {
    const ds = cluster.store.get(daemonSets.id, 'development', 'nginx');
    const status = (ds?.status ?? {}) as Record<string, number>;
    return (
      ds !== undefined &&
      status.observedGeneration === ds.metadata.generation &&
      status.updatedNumberScheduled === status.desiredNumberScheduled &&
      status.numberAvailable === status.desiredNumberScheduled &&
      nginxPods().length === status.desiredNumberScheduled &&
      cluster.idle
    );
  }, 'nginx rolled out');
}

/** Which nodes the placement engine says should run a template, given kubectl's view of the nodes. */
async function engineNodes(manifest: string): Promise<string[]> {
  const template = (parse(readFileSync(manifest, 'utf8')) as { spec: { template: PodTemplateSpec } }).spec.template;
  const compiled = compileDaemonSet(template);
  const list = await kubectl.json<{ items: unknown[] }>('get', 'nodes');
  return list.items
    .map(toNodeInfo)
    .filter((node) => node !== undefined && nodeShouldRunDaemonPod(node, compiled).shouldRun)
    .map((node) => node?.name ?? '')
    .sort();
}

describe('kubectl against the demo cluster', () => {
  before(async () => {
    cluster = await startCluster({ scenario: 'demo', podStartMs: 50 });
    kubectl = new Kubectl(cluster);
    const version = await kubectl.run('version', '--client');
    if (version.code !== 0) throw new Error(`these tests need the real kubectl on PATH: ${version.stderr}`);
  });

  after(async () => {
    await cluster.stop();
    kubectl.dispose();
  });

  test('get nodes -o json lists the scenario nodes with their taints', async () => {
    const list = await kubectl.json<{ kind: string; items: Item[] }>('get', 'nodes');
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((node) => node.metadata.name).sort(), ['control-plane-1', 'gpu-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4']);
    const taints = (name: string): string[] =>
      (list.items.find((node) => node.metadata.name === name)?.spec.taints ?? []).map((taint) => `${taint.key}:${taint.effect}`);
    assert.deepEqual(taints('control-plane-1'), ['node-role.kubernetes.io/control-plane:NoSchedule']);
    assert.deepEqual(taints('gpu-1'), ['nvidia.com/gpu:NoSchedule']);
  });

  test('a NotReady node carries the not-ready taints, and get nodes -o wide shows it', async () => {
    const node = await kubectl.json<Item>('get', 'node', 'worker-4');
    assert.deepEqual((node.spec.taints ?? []).map((taint) => `${taint.key}:${taint.effect}`), [
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
    ]);
    const wide = await kubectl.ok('get', 'nodes', '-o', 'wide');
    assert.match(wide, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME\n/);
    assert.match(wide, /\ncontrol-plane-1\s+Ready\s+control-plane\s+\S+\s+v1\.32\.0\s+10\.0\.0\.3\s+<none>\s+Debian/);
    assert.match(wide, /\nworker-4\s+NotReady\s+<none>/);
  });

  test('apply of the tutorial puts pods on exactly the nodes the engine says, none on the control plane', async () => {
    const created = await kubectl.ok('apply', '-f', join(tutorial, '00-namespace-serviceaccount.yaml'), '-f', join(tutorial, 'nginx-daemonset.yaml'));
    assert.match(created, /namespace\/development created/);
    assert.match(created, /serviceaccount\/nginx-svc-acct created/);
    assert.match(created, /daemonset\.apps\/nginx created/);
    await rolledOut();
    const expected = await engineNodes(join(tutorial, 'nginx-daemonset.yaml'));
    assert.deepEqual(expected, ['worker-1', 'worker-2', 'worker-3']);
    const listed = await kubectl.json<{ items: Item[] }>('get', 'pods', '-n', 'development');
    assert.deepEqual(listed.items.map((pod) => pod.spec.nodeName).sort(), expected);
    const again = await kubectl.run('apply', '-f', join(tutorial, 'nginx-daemonset.yaml'));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /daemonset\.apps\/nginx unchanged/);
    assert.equal(again.stderr, '');
  });

  test('created pods carry the owner reference, the revision hash and the default tolerations', async () => {
    const pod = nginxPods()[0] as KubeObject;
    const owner = pod.metadata.ownerReferences?.[0];
    assert.equal(owner?.kind, 'DaemonSet');
    assert.equal(owner?.name, 'nginx');
    assert.equal(owner?.controller, true);
    assert.match(pod.metadata.labels?.['controller-revision-hash'] ?? '', /^[a-z0-9]+$/);
    const tolerations = ((pod.spec as { tolerations: { key: string; effect: string }[] }).tolerations).map((t) => `${t.key}:${t.effect}`);
    assert.deepEqual(tolerations, [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });

  test('get ds and get pods -o wide print the API server columns', async () => {
    const ds = await kubectl.ok('get', 'ds', '-n', 'development');
    assert.match(ds, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\n/);
    assert.match(ds, /\nnginx\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\S+\n/);
    const wide = await kubectl.ok('get', 'pods', '-n', 'development', '-o', 'wide');
    assert.match(wide, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/);
    for (const node of ['worker-1', 'worker-2', 'worker-3']) {
      assert.match(wide, new RegExp(`\\nnginx-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+10\\.244\\.\\d+\\.\\d+\\s+${node}\\s+<none>\\s+<none>`));
    }
  });

  test('re-applying with a control-plane toleration adds a pod on the control plane', async () => {
    const applied = await kubectl.ok('apply', '-f', controlPlaneVariant);
    assert.match(applied, /daemonset\.apps\/nginx configured/);
    await rolledOut();
    assert.deepEqual(nodesWithNginx(), await engineNodes(controlPlaneVariant));
    assert.deepEqual(nodesWithNginx(), ['control-plane-1', 'worker-1', 'worker-2', 'worker-3']);
    const ds = await kubectl.json<{ metadata: { generation: number }; status: Record<string, number> }>('get', 'ds', 'nginx', '-n', 'development');
    assert.equal(ds.metadata.generation, 2);
    assert.equal(ds.status.observedGeneration, 2);
    assert.equal(ds.status.updatedNumberScheduled, 4);
  });

  test('applying the on-master manifest over it fails: the selector is immutable', async () => {
    const result = await kubectl.run('apply', '-f', join(tutorial, 'nginx-daemonset-on-master.yaml'));
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'The DaemonSet "nginx" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  test('a NoExecute taint removes the pod from the node; removing the taint brings it back', async () => {
    await kubectl.ok('taint', 'nodes', 'worker-1', 'example.com/maintenance=true:NoExecute');
    await waitFor(() => !nodesWithNginx().includes('worker-1'), 'the pod on worker-1 to go');
    await waitFor(() => (cluster.store.get(daemonSets.id, 'development', 'nginx')?.status as Record<string, number>).desiredNumberScheduled === 3, 'desired 3');
    await kubectl.ok('taint', 'nodes', 'worker-1', 'example.com/maintenance-');
    await waitFor(() => nodesWithNginx().includes('worker-1'), 'a pod on worker-1 again');
  });

  test('cordon keeps the pod (the unschedulable taint is tolerated by default)', async () => {
    const podOnWorker2 = nginxPods().find((pod) => (pod.spec as { nodeName?: string }).nodeName === 'worker-2')?.metadata.name;
    await kubectl.ok('cordon', 'worker-2');
    const node = await waitFor(async () => {
      const item = await kubectl.json<Item>('get', 'node', 'worker-2');
      return (item.spec.taints ?? []).some((taint) => taint.key === 'node.kubernetes.io/unschedulable') && item;
    }, 'the unschedulable taint');
    assert.ok(node);
    await waitFor(() => cluster.idle, 'controllers idle');
    assert.ok(nginxPods().some((pod) => pod.metadata.name === podOnWorker2));
    assert.match(await kubectl.ok('get', 'node', 'worker-2'), /Ready,SchedulingDisabled/);
    await kubectl.ok('uncordon', 'worker-2');
  });

  test('get pods -w sees the events', async () => {
    const watch = kubectl.spawn('get', 'pods', '-n', 'development', '-w', '--output-watch-events');
    try {
      await waitFor(() => /ADDED\s+nginx-/.test(watch.output()) && watch.output(), 'the initial pods');
      const victim = nginxPods()[0]?.metadata.name ?? '';
      await kubectl.ok('delete', 'pod', victim, '-n', 'development', '--wait=false');
      await waitFor(() => new RegExp(`DELETED\\s+${victim}`).test(watch.output()), `DELETED ${victim}`);
      await waitFor(() => (watch.output().match(/ADDED\s+nginx-/g) ?? []).length >= 5, 'the replacement pod ADDED');
      assert.match(watch.output(), /^EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    } finally {
      watch.process.kill();
    }
  });

  test('a DaemonSet that breaks the rules is rejected with 422 and the rule message', async () => {
    const manifest = join(kubectl.directory, 'mismatch.yaml');
    const text = readFileSync(join(tutorial, 'nginx-daemonset.yaml'), 'utf8').replace('name: nginx\n  namespace', 'name: mismatch\n  namespace').replace('      app: nginx\n      name: nginx\n  template', '      app: other\n  template');
    writeFileSync(manifest, text);
    const result = await kubectl.run('apply', '-f', manifest);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^The DaemonSet "mismatch" is invalid: /);
    assert.match(result.stderr, /spec\.selector\.matchLabels\.app: .*does not match template `labels`/);
  });

  test('an unknown field is a strict decoding error, as kubectl apply validates on the server', async () => {
    const manifest = join(kubectl.directory, 'typo.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: development}\ndata: {a: b}\ndatta: {c: d}\n');
    const result = await kubectl.run('apply', '-f', manifest);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"/);
  });

  test('patch --type json and --type merge, and label, reach the object', async () => {
    await kubectl.ok('label', 'node', 'worker-3', 'example.com/rack=r1');
    await kubectl.ok('patch', 'node', 'worker-3', '--type', 'merge', '-p', '{"metadata":{"annotations":{"example.com/note":"merged"}}}');
    await kubectl.ok('patch', 'node', 'worker-3', '--type', 'json', '-p', '[{"op":"add","path":"/metadata/labels/example.com~1row","value":"7"}]');
    const node = await kubectl.json<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> } }>('get', 'node', 'worker-3');
    assert.equal(node.metadata.labels['example.com/rack'], 'r1');
    assert.equal(node.metadata.labels['example.com/row'], '7');
    assert.equal(node.metadata.annotations['example.com/note'], 'merged');
  });

  test('delete ds removes its pods', async () => {
    const deleted = await kubectl.ok('delete', 'ds', 'nginx', '-n', 'development');
    assert.match(deleted, /daemonset\.apps "nginx" deleted/);
    await waitFor(() => nginxPods().length === 0, 'the nginx pods to be collected');
    const left = await kubectl.run('get', 'pods', '-n', 'development');
    assert.equal(left.stdout, '');
    assert.match(left.stderr, /No resources found in development namespace/);
  });
});
