import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import cases from '../../fixtures/cases/placement-examples.json';
import { daemonSetYaml, placement, workspace } from './placementHelpers';

const fixtures = join(__dirname, '../../fixtures/placement');
const inFixtures = { cwd: fixtures };

interface JsonOutput {
  daemonSets: { name: string; namespace: string; nodes: { node: string; shouldRun: boolean; shouldContinueRunning: boolean; reasons: { code: string; message: string }[] }[] }[];
}

test('every worked example through the CLI JSON output', async () => {
  for (const example of cases as { name: string; node: unknown; podSpec: object; expect: { shouldRun: boolean; shouldContinueRunning: boolean } }[]) {
    const dir = workspace({ 'ds.yaml': daemonSetYaml('example', example.podSpec), 'nodes.json': JSON.stringify(example.node) });
    const run = await placement(['ds.yaml', '--nodes', 'nodes.json', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const output = JSON.parse(run.stdout) as JsonOutput;
    const [only] = output.daemonSets[0]!.nodes;
    assert.deepEqual({ shouldRun: only!.shouldRun, shouldContinueRunning: only!.shouldContinueRunning }, example.expect, example.name);
  }
});

test('JSON output has exactly the contract fields', async () => {
  const run = await placement(['daemonsets.yaml', '--nodes', 'nodes.yaml', '--format=json'], inFixtures);
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as JsonOutput;
  assert.deepEqual(output.daemonSets.map((ds) => [ds.name, ds.namespace]), [['node-agent', 'monitoring'], ['cni', 'kube-system'], ['ssd-cache', 'default']]);
  const agent = output.daemonSets[0]!;
  assert.deepEqual(Object.keys(agent), ['name', 'namespace', 'nodes']);
  assert.deepEqual(agent.nodes.find((n) => n.node === 'gpu-1'), {
    node: 'gpu-1',
    shouldRun: false,
    shouldContinueRunning: true,
    reasons: [{ code: 'taint-not-tolerated', message: 'taint `nvidia.com/gpu=present:NoSchedule` is not tolerated' }],
  });
  assert.deepEqual(agent.nodes.find((n) => n.node === 'worker-1'), { node: 'worker-1', shouldRun: true, shouldContinueRunning: true, reasons: [] });
});

test('text output: one table per DaemonSet and a summary line, without colour when not a terminal', async () => {
  const run = await placement(['daemonsets.yaml', '--nodes', 'nodes.yaml'], inFixtures);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^DaemonSet monitoring\/node-agent \(daemonsets\.yaml\)\n  NODE +VERDICT +REASON\n  cp-1 +no new pod +taint `node-role\.kubernetes\.io\/control-plane:NoSchedule` is not tolerated/);
  assert.match(run.stdout, /\n  worker-1 +runs\n/);
  assert.match(run.stdout, /\n  win-1 +not eligible +nodeSelector `kubernetes\.io\/os=linux`: the node has `kubernetes\.io\/os=windows`\n/);
  assert.match(run.stdout, /\n  runs on 2 of 6 nodes; 3 excluded by taints, 1 by nodeSelector\n/);
  assert.match(run.stdout, /\n  runs on 6 of 6 nodes\n/);
  assert.match(run.stdout, /\n  runs on 1 of 6 nodes; 4 excluded by nodeSelector, 1 by node affinity\n/);
  assert.doesNotMatch(run.stdout, /\u001b\[/);
});

test('text output is coloured on a terminal', async () => {
  const run = await placement(['daemonsets.yaml', '--nodes', 'nodes.yaml'], { ...inFixtures, isTty: true });
  assert.match(run.stdout, /\u001b\[32mruns\u001b\[39m/);
  assert.match(run.stdout, /\u001b\[31mnot eligible\u001b\[39m/);
});

test('DaemonSets of apps/v1, apps/v1beta2 and extensions/v1beta1 are read, in List items and JSON files too; others are skipped', async () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'apps/v1beta2', kind: 'DaemonSet', metadata: { name: 'beta2' }, spec: { template: { spec: {} } } },
      { apiVersion: 'apps/v1beta1', kind: 'DaemonSet', metadata: { name: 'never-existed' }, spec: { template: { spec: {} } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deploy' }, spec: { template: { spec: {} } } },
    ],
  };
  const dir = workspace({
    'list.json': JSON.stringify(list),
    'ext.yaml': 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: ext, namespace: ns}\nspec: {template: {spec: {}}}\n',
    'nodes.yaml': 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}\n',
  });
  const run = await placement(['list.json', 'ext.yaml', '--nodes', 'nodes.yaml', '--format', 'json'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  const output = JSON.parse(run.stdout) as JsonOutput;
  assert.deepEqual(output.daemonSets.map((ds) => `${ds.namespace}/${ds.name}:${ds.nodes.length}`), ['default/beta2:2', 'ns/ext:2']);
});

test('a file without DaemonSets prints an empty list and a note', async () => {
  const dir = workspace({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 'nodes.yaml': 'kind: Node\nmetadata: {name: n}\n' });
  const run = await placement(['cm.yaml', '--nodes', 'nodes.yaml', '--format', 'json'], { cwd: dir });
  assert.equal(run.code, 0);
  assert.deepEqual(JSON.parse(run.stdout), { daemonSets: [] });
  assert.match(run.stderr, /no DaemonSet/);
});

test('--feature-gates TaintTolerationComparisonOperators=true evaluates Lt/Gt tolerations', async () => {
  const dir = workspace({
    'ds.yaml': daemonSetYaml('cmp', { tolerations: [{ key: 'gen', operator: 'Gt', value: '3', effect: 'NoSchedule' }] }),
    'nodes.yaml': 'kind: Node\nmetadata: {name: n}\nspec: {taints: [{key: gen, value: "5", effect: NoSchedule}]}\n',
  });
  const off = JSON.parse((await placement(['ds.yaml', '--nodes', 'nodes.yaml', '--format', 'json'], { cwd: dir })).stdout) as JsonOutput;
  const on = JSON.parse((await placement(['ds.yaml', '--nodes', 'nodes.yaml', '--format', 'json', '--feature-gates', 'TaintTolerationComparisonOperators=true'], { cwd: dir })).stdout) as JsonOutput;
  assert.equal(off.daemonSets[0]!.nodes[0]!.shouldRun, false);
  assert.equal(on.daemonSets[0]!.nodes[0]!.shouldRun, true);
});

test('usage errors exit 2 with the usage text', async () => {
  for (const args of [[], ['--nodes', 'nodes.yaml'], ['ds.yaml', '--format', 'xml'], ['ds.yaml', '--bogus'], ['ds.yaml', '--nodes', 'a', '--context', 'b'], ['ds.yaml', '--nodes'], ['ds.yaml', '--feature-gates', 'Nope=true']]) {
    const run = await placement(args, inFixtures);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, /usage: daemonset-check placement/, args.join(' '));
    assert.equal(run.stdout, '');
  }
});

test('--help prints the usage and exits 0', async () => {
  const run = await placement(['--help'], inFixtures);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /usage: daemonset-check placement FILES/);
});

test('a manifest that does not parse exits 2 naming the file and line', async () => {
  const dir = workspace({ 'bad.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: [unclosed\n', 'nodes.yaml': 'kind: Node\nmetadata: {name: n}\n' });
  const run = await placement(['bad.yaml', '--nodes', 'nodes.yaml'], { cwd: dir });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^daemonset-check placement: bad\.yaml:\d+: not valid YAML or JSON: /);
  assert.equal(run.stdout, '');
});

test('a missing manifest or nodes file exits 2', async () => {
  const dir = workspace({ 'ds.yaml': daemonSetYaml('a', {}), 'broken-nodes.json': '{"kind": "NodeList", "items": [' });
  const missing = await placement(['nope.yaml', '--nodes', 'nodes.yaml'], { cwd: dir });
  assert.deepEqual([missing.code, missing.stderr], [2, 'daemonset-check placement: cannot read nope.yaml: no such file\n']);
  const missingNodes = await placement(['ds.yaml', '--nodes', 'nodes.yaml'], { cwd: dir });
  assert.deepEqual([missingNodes.code, missingNodes.stderr], [2, 'daemonset-check placement: cannot read nodes.yaml: no such file\n']);
  const brokenNodes = await placement(['ds.yaml', '--nodes', 'broken-nodes.json'], { cwd: dir });
  assert.equal(brokenNodes.code, 2);
  assert.match(brokenNodes.stderr, /broken-nodes\.json:\d+: not valid YAML or JSON/);
});

test('a NodeList from kubectl -o json is read', async () => {
  const nodeList = { apiVersion: 'v1', kind: 'NodeList', items: [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'a', labels: { x: 'y' } }, spec: {} }], metadata: { resourceVersion: '1' } };
  const dir = workspace({ 'ds.yaml': daemonSetYaml('sel', { nodeSelector: { x: 'y' } }), 'nodes.json': JSON.stringify(nodeList) });
  const run = await placement(['ds.yaml', '--nodes', 'nodes.json', '--format', 'json'], { cwd: dir });
  assert.deepEqual((JSON.parse(run.stdout) as JsonOutput).daemonSets[0]!.nodes.map((n) => [n.node, n.shouldRun]), [['a', true]]);
});
