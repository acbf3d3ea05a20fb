/**
 * The pure tree builder: model state in, rows out. One row per verdict, grouping at scale, health colours, the
 * stale marker, loading and error rows. No VS Code and no cluster.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { daemonSetHealth, healthColors } from '../../client/src/tree/health';
import type { Row } from '../../client/src/tree/rows';
import { buildRootRows, childRows, daemonSetChildren, type TreeInput } from '../../client/src/tree/treeBuilder';
import { contextView, controlPlaneTaint, counts, daemonSet, gpuTaint, node, pod, state } from './stateFixtures';

const find = (rows: readonly Row[], predicate: (row: Row) => boolean): Row | undefined => {
  for (const row of rows) {
    if (predicate(row)) return row;
    const inner = find(row.children ?? [], predicate);
    if (inner) return inner;
  }
  return undefined;
};

const input = (current: ReturnType<typeof state>, extra: Partial<TreeInput> = {}): TreeInput => ({ view: contextView(current), state: current, ...extra });

describe('tree rows for each verdict', () => {
  const agent = daemonSet('monitoring', 'agent', { status: { desired: 3, current: 3, ready: 1, updated: 3, misscheduled: 1 } });
  const nodes = [
    node('control-plane-1', { taints: [controlPlaneTaint] }),
    node('worker-1'),
    node('worker-2'),
    node('worker-3'),
    node('infra-1', { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] }),
  ];
  const pods = [
    pod(agent, 'worker-1'),
    pod(agent, 'worker-2', { phase: 'Pending', ready: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/agent"' }),
    pod(agent, 'infra-1'),
    pod(agent, 'gone-node'),
    pod(agent, 'worker-3', { controllerUid: 'someone-else' }),
  ];
  const current = state(nodes, [agent], { 'monitoring/agent': pods });
  const rows = daemonSetChildren(input(current), 'ds', 'monitoring/agent');
  const row = (label: string): Row => {
    const found = rows.find((r) => r.label === label);
    assert.ok(found, `a row for ${label}`);
    return found;
  };

  test('few nodes are listed one per row, what needs attention first', () => {
    assert.deepEqual(rows.map((r) => `${r.label}: ${r.verdict}`), [
      'gone-node: misscheduled',
      'infra-1: misscheduled',
      'worker-2: pending',
      'worker-3: missing',
      'worker-1: running',
      'control-plane-1: notEligible',
    ]);
  });

  test('running and ready', () => {
    assert.equal(row('worker-1').description, 'Running and ready');
    assert.deepEqual(row('worker-1').icon, { id: 'pass', color: 'charts.green' });
  });

  test("pending, with the container's waiting reason", () => {
    assert.equal(row('worker-2').description, 'pending · ImagePullBackOff');
    assert.match(row('worker-2').tooltip ?? '', /Back-off pulling image/);
    assert.equal(row('worker-2').contextValue, 'node.pending.pod');
    assert.equal(row('worker-2').pod, 'monitoring/agent-worker-2');
  });

  test('missing: should run, no pod (a pod of another controller does not count)', () => {
    assert.equal(row('worker-3').description, 'missing · should run here; no pod');
  });

  test("not eligible, with the engine's reason and the toleration that would admit the node", () => {
    const cp = row('control-plane-1');
    assert.match(cp.description ?? '', /^not eligible · taint node-role\.kubernetes\.io\/control-plane:NoSchedule is not tolerated/);
    assert.match(cp.tooltip ?? '', /taint `node-role\.kubernetes\.io\/control-plane:NoSchedule` is not tolerated/);
    assert.deepEqual(cp.tolerations, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    assert.equal(cp.contextValue, 'node.notEligible.tolerable');
  });

  test('misscheduled: a pod on a node that no longer qualifies (kept: NoSchedule), or on a node that is gone', () => {
    assert.equal(row('infra-1').description, 'misscheduled · pod kept · taint dedicated=infra:NoSchedule is not tolerated');
    assert.equal(row('gone-node').description, "misscheduled · pod kept · the node gone-node is not in the cluster's node list");
  });

  test('NotReady and cordoned nodes say so', () => {
    const withFacts = state([node('worker-9', { ready: 'False', unschedulable: true })], [agent], { 'monitoring/agent': [] });
    const [only] = daemonSetChildren(input(withFacts), 'ds', 'monitoring/agent');
    assert.match(only!.description ?? '', /NotReady · cordoned$/);
  });
});

describe('grouping at scale', () => {
  const gpuAgent = daemonSet('kube-system', 'agent', { status: { desired: 10 } });
  const nodes = [
    ...Array.from({ length: 10 }, (_, i) => node(`node-${i}`, { labels: { zone: 'a' } })),
    ...Array.from({ length: 4_980 }, (_, i) => node(`gpu-${String(i).padStart(4, '0')}`, { labels: { zone: 'a' }, taints: [gpuTaint] })),
    ...Array.from({ length: 10 }, (_, i) => node(`cp-${i}`, { labels: { zone: 'a' }, taints: [controlPlaneTaint] })),
  ];
  const current = state(nodes, [gpuAgent], { 'kube-system/agent': nodes.slice(0, 10).map((n) => pod(gpuAgent, n.name)) });

  test('a 5,000-node cluster shows verdict groups with reasons summarised, expandable, and caps node rows', () => {
    const started = performance.now();
    const rows = daemonSetChildren(input(current), 'ds', 'kube-system/agent');
    const elapsed = performance.now() - started;
    assert.deepEqual(rows.map((r) => r.label), ['Runs on 10 of 5000 nodes; 4990 excluded by taints', 'Running and ready (10)', 'Not eligible (4,990)']);
    const excluded = rows[2]!;
    assert.equal(excluded.collapsible, 'collapsed');
    assert.equal(excluded.description, '4,980 taint nvidia.com/gpu=present:NoSchedule is not tolerated · 10 taint node-role.kubernetes.io/control-plane:NoSchedule is not tolerated (control-plane node; tolerate both control-plane and master to cover every kubeadm version)');
    const [gpu, cp] = excluded.children!;
    assert.equal(gpu!.label, 'taint nvidia.com/gpu=present:NoSchedule is not tolerated (4,980)');
    assert.equal(gpu!.children!.length, 501);
    assert.equal(gpu!.children![500]!.label, '… and 4,480 more nodes');
    assert.deepEqual(gpu!.tolerations, [{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    assert.equal(cp!.children!.length, 10);
    const ids = new Set<string>();
    const visit = (list: readonly Row[]): void => list.forEach((r) => (assert.ok(!ids.has(r.id), `unique id ${r.id}`), ids.add(r.id), visit(r.children ?? [])));
    visit(rows);
    assert.ok(elapsed < 1_000, `built in ${Math.round(elapsed)} ms`);
  });

  test('pending pods are grouped by their reason when there are many', () => {
    const many = nodes.slice(0, 40);
    const pods = many.map((n, i) => pod(gpuAgent, n.name, i < 30 ? { phase: 'Pending', ready: false, reason: i < 20 ? 'ImagePullBackOff' : 'ContainerCreating' } : {}));
    const rows = daemonSetChildren(input(state(many.map((n) => ({ ...n, taints: [] })), [gpuAgent], { 'kube-system/agent': pods })), 'ds', 'kube-system/agent');
    const pending = rows.find((r) => r.label === 'Pending (30)')!;
    assert.equal(pending.description, '20 ImagePullBackOff · 10 ContainerCreating');
    assert.deepEqual(pending.children!.map((r) => r.label), ['ImagePullBackOff (20)', 'ContainerCreating (10)']);
  });
});

describe('health colours', () => {
  const health = (status: Parameters<typeof counts>[0], generation = 1) => daemonSetHealth({ generation, status: counts(status) }).health;

  test('green when every desired pod is scheduled, up to date and ready', () => {
    assert.equal(health({ desired: 3 }), 'healthy');
    assert.equal(healthColors.healthy, 'charts.green');
  });

  test('red when the controller is caught up and desired pods are not ready', () => {
    assert.equal(health({ desired: 1, ready: 0, available: 0, unavailable: 1 }), 'degraded');
    assert.equal(healthColors.degraded, 'charts.red');
  });

  test('yellow while rolling out, before the controller observes the spec, or with misscheduled pods', () => {
    assert.equal(health({ desired: 3, updated: 1, ready: 2 }), 'progressing');
    assert.equal(health({ desired: 3 }, 2), 'progressing');
    assert.equal(health({ desired: 3, misscheduled: 1 }), 'progressing');
    assert.equal(health({ desired: 3, current: 2, updated: 2, ready: 2 }), 'progressing');
    assert.equal(healthColors.progressing, 'charts.yellow');
  });

  test('grey when it runs on no node', () => {
    assert.equal(health({ desired: 0 }), 'idle');
    assert.equal(healthColors.idle, 'disabledForeground');
  });

  test('the DaemonSet row shows desired · current · ready · up-to-date · misscheduled with its health colour', () => {
    const ds = daemonSet('logging', 'fluent-bit', { status: { desired: 1200, current: 1200, ready: 1199, updated: 1200, misscheduled: 0 } });
    const rows = buildRootRows(input(state([], [ds])));
    const row = find(rows, (r) => r.kind === 'daemonSet')!;
    assert.equal(row.description, '1,200 · 1,200 · 1,199 · 1,200 · 0');
    assert.deepEqual(row.icon, { id: 'error', color: 'charts.red' });
    assert.equal(row.collapsible, 'collapsed');
    assert.equal(find(rows, (r) => r.kind === 'namespace')?.description, '1 DaemonSet · 1 degraded');
  });
});

describe('context, stale, loading and error rows', () => {
  const ds = daemonSet('logging', 'fluent-bit', { status: { desired: 1 } });

  test('the context row shows cluster, user and server; namespaces hold their DaemonSets', () => {
    const rows = buildRootRows(input(state([node('worker-1')], [ds, daemonSet('kube-system', 'kube-proxy', { status: { desired: 1 } })])));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.label, 'demo');
    assert.equal(rows[0]!.description, 'demo-cluster · admin · https://10.0.0.1:6443');
    assert.deepEqual(rows[0]!.children!.map((r) => r.label), ['1 node', 'kube-system', 'logging']);
  });

  test('while disconnected the context is marked stale and a row says since when and why', () => {
    const stale = state([node('worker-1')], [ds], {}, { stale: true, staleReason: 'connection refused (ECONNREFUSED)', staleSince: Date.UTC(2025, 0, 1, 12, 0, 0) });
    const [context] = buildRootRows(input(stale));
    assert.match(context!.description ?? '', /^stale · /);
    assert.equal(context!.contextValue, 'context.stale');
    const marker = context!.children![0]!;
    assert.match(marker.label, /^Disconnected: showing data from .+; reconnecting…$/);
    assert.equal(marker.description, 'connection refused (ECONNREFUSED)');
    assert.equal(marker.command?.command, 'daemonset.cluster.retry');
  });

  /** Rows that tell the user to log in again (the credentials were rejected), anywhere under the context. */
  const loginHints = (rows: readonly Row[]): Row[] => {
    const out: Row[] = [];
    const walk = (list: readonly Row[]): void => {
      for (const row of list) {
        if (/log in again/i.test(row.label)) out.push(row);
        walk(row.children ?? []);
      }
    };
    walk(rows);
    return out;
  };

  test('stale after a 401: the marker says the credentials were rejected, and a hint says to log in again, then Refresh', () => {
    const rejected = state([node('worker-1')], [ds], {}, { stale: true, staleReason: 'HTTP 401 Unauthorized: the credentials were refused', staleStatus: 401, staleSince: Date.UTC(2025, 0, 1, 12, 0, 0) });
    const rows = buildRootRows(input(rejected));
    const marker = rows[0]!.children![0]!;
    assert.match(marker.label, /credentials rejected/i);
    assert.match(marker.description ?? '', /401/);
    const hints = loginHints(rows);
    assert.equal(hints.length, 1, rows[0]!.children!.map((r) => r.label).join('\n'));
    const hint = hints[0]!;
    assert.match(hint.label, /refresh the token/i);
    assert.match(hint.label, /then Refresh$/);
    assert.match(hint.tooltip ?? '', /cloud CLI/);
    assert.match(hint.tooltip ?? '', /kubeconfig/);
    assert.equal(hint.command?.command, 'daemonset.cluster.refresh');
    assert.match(marker.tooltip ?? '', /log in again/i, 'the marker tooltip says what to do too');
    // The data stays visible under the hint.
    assert.ok(find(rows, (r) => r.kind === 'daemonSet' && r.label === 'fluent-bit'));
  });

  test('stale for any other reason (500, unreachable, watch idle): no log-in hint', () => {
    const reasons: Partial<ReturnType<typeof state>>[] = [
      { staleReason: 'HTTP 500 Internal Server Error', staleStatus: 500 },
      { staleReason: 'HTTP 403 Forbidden', staleStatus: 403 },
      { staleReason: 'connection refused (ECONNREFUSED)' },
      { staleReason: 'no data from the watch for 60 s' },
    ];
    for (const extra of reasons) {
      const rows = buildRootRows(input(state([node('worker-1')], [ds], {}, { stale: true, staleSince: 0, ...extra })));
      assert.deepEqual(loginHints(rows).map((r) => r.label), [], extra.staleReason);
      assert.match(rows[0]!.children![0]!.label, /^Disconnected: /, extra.staleReason);
      assert.doesNotMatch(rows[0]!.children![0]!.tooltip ?? '', /log in again/i, extra.staleReason);
    }
  });

  test('a 401 on the first load: the error row and the same log-in hint; a 500 or an unreachable server: none', () => {
    const rejected = buildRootRows(input(state([], [], {}, { phase: 'error', error: 'HTTP 401 Unauthorized: the credentials were refused', errorStatus: 401 })));
    const hints = loginHints(rejected);
    assert.equal(hints.length, 1, rejected[0]!.children!.map((r) => r.label).join('\n'));
    assert.match(hints[0]!.label, /then Refresh$/);
    assert.equal(hints[0]!.command?.command, 'daemonset.cluster.refresh');
    assert.match(rejected[0]!.children![0]!.tooltip ?? '', /cloud CLI/);
    for (const failure of [{ error: 'HTTP 500 Internal Server Error', errorStatus: 500 }, { error: 'connection refused (ECONNREFUSED)' }]) {
      const rows = buildRootRows(input(state([], [], {}, { phase: 'error', ...failure })));
      assert.deepEqual(loginHints(rows).map((r) => r.label), [], failure.error);
      assert.doesNotMatch(rows[0]!.children!.map((r) => `${r.label} ${r.tooltip ?? ''}`).join('\n'), /log in again|cloud CLI/i, failure.error);
    }
  });

  test('the first load shows a loading row; a failing one an error row with the reason, a hint and a retry', () => {
    const loading = state([], [], {}, { phase: 'loading' });
    assert.deepEqual(buildRootRows(input(loading))[0]!.children!.map((r) => r.label), ['Loading nodes and DaemonSets…']);
    const failing = state([], [], {}, { phase: 'error', error: 'HTTP 403 Forbidden: nodes is forbidden', errorStatus: 403 });
    const rows = buildRootRows(input(failing))[0]!.children!;
    assert.equal(rows[0]!.label, 'Cannot load the cluster: HTTP 403 Forbidden: nodes is forbidden');
    assert.equal(rows[0]!.contextValue, 'message.error.retry');
    assert.match(rows[1]!.label, /list` and `watch`/);
  });

  test('a credential plugin that timed out: the hint says to run the login in a terminal, not to check the network', () => {
    const failing = state([], [], {}, { phase: 'error', error: 'getting credentials timed out: the exec credential plugin "aws" did not answer within 30 s and was stopped (is it waiting for a login?)' });
    const rows = buildRootRows(input(failing))[0]!.children!;
    assert.match(rows[0]!.label, /plugin "aws" did not answer within 30 s/);
    assert.match(rows[1]!.label, /in a terminal/);
    assert.doesNotMatch(rows.map((r) => `${r.label} ${r.tooltip ?? ''}`).join('\n'), /reachable/);
  });

  test('an expanded DaemonSet shows a loading row until its pods are listed, and an error row if they cannot be', () => {
    const row = find(buildRootRows(input(state([node('w')], [ds]))), (r) => r.kind === 'daemonSet')!;
    assert.deepEqual(childRows(input(state([node('w')], [ds])), row).map((r) => r.label), ['Loading pods…']);
    const failing = state([node('w')], [ds], { 'logging/fluent-bit': { phase: 'error', error: 'HTTP 403 Forbidden', pods: [] } });
    assert.deepEqual(childRows(input(failing), row).map((r) => r.label), ['Cannot list its pods: HTTP 403 Forbidden']);
  });

  test('a namespace filter with nothing in it says so', () => {
    const rows = buildRootRows(input(state([node('w')], [], {}, { namespaces: ['team-a'] })));
    assert.equal(rows[0]!.children!.at(-1)!.label, 'No DaemonSets in team-a');
  });

  test('with no cluster at all the rows explain how to configure one', () => {
    const rows = buildRootRows({ view: { kind: 'noConfig', origin: 'default', paths: ['/home/me/.kube/config'] }, state: undefined });
    assert.deepEqual(rows.map((r) => r.label), [
      'No cluster configured',
      'Create ~/.kube/config or set KUBECONFIG (e.g. with your cloud CLI), then reload',
      'Set `daemonset.kubeconfig`…',
      'Editing features work without a cluster.',
    ]);
    assert.equal(rows[2]!.command?.command, 'daemonset.cluster.openKubeconfigSetting');
  });
});
