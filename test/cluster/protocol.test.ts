/**
 * The REST and watch protocol, request by request: authentication, discovery, content negotiation,
 * selectors, paging, watch semantics (initial events, resume, 410, bookmarks, timeouts, selector moves),
 * and the faults.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, type Cluster } from './cluster';
import { configMaps, namespaces, nodes } from './api/resources';
import { apiRequest, openWatch, waitFor } from './testSupport';

let cluster: Cluster;

describe('API protocol', () => {
  before(async () => {
    cluster = await startCluster({ scenario: 'demo', podStartMs: 20, bookmarkIntervalMs: 100 });
    cluster.api.create(namespaces, undefined, { metadata: { name: 'proto' } });
  });

  after(async () => {
    await cluster.stop();
  });

  test('requests without the bearer token, or with another, get 401 Unauthorized', async () => {
    for (const token of [null, 'wrong']) {
      const response = await apiRequest(cluster, 'GET', '/api/v1/nodes', { token });
      assert.equal(response.status, 401);
      assert.deepEqual(response.json(), { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  test('discovery: aggregated when asked for, legacy documents otherwise', async () => {
    const aggregated = await apiRequest(cluster, 'GET', '/apis', {
      headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' },
    });
    assert.equal(aggregated.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const list = aggregated.json<{ items: { metadata: { name: string }; versions: { resources: { resource: string; subresources?: { subresource: string }[] }[] }[] }[] }>();
    const apps = list.items.find((item) => item.metadata.name === 'apps');
    const daemonsets = apps?.versions[0]?.resources.find((resource) => resource.resource === 'daemonsets');
    assert.deepEqual(daemonsets?.subresources?.map((entry) => entry.subresource), ['status']);
    const legacy = (await apiRequest(cluster, 'GET', '/api/v1')).json<{ resources: { name: string }[] }>();
    assert.ok(legacy.resources.some((resource) => resource.name === 'pods/status'));
    assert.equal((await apiRequest(cluster, 'GET', '/version')).json<{ gitVersion: string }>().gitVersion, 'v1.32.0');
  });

  test('the OpenAPI v3 documents declare fieldValidation on PATCH and the merge keys of the pod spec', async () => {
    const index = (await apiRequest(cluster, 'GET', '/openapi/v3')).json<{ paths: Record<string, { serverRelativeURL: string }> }>();
    const url = index.paths['apis/apps/v1']?.serverRelativeURL ?? '';
    const document = (await apiRequest(cluster, 'GET', url)).json<{
      paths: Record<string, { patch?: { parameters: { name: string }[] } }>;
      components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
    }>();
    const patch = document.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}']?.patch;
    assert.ok(patch?.parameters.some((parameter) => parameter.name === 'fieldValidation'));
    const containers = document.components.schemas['io.k8s.api.core.v1.PodSpec']?.properties?.containers;
    assert.equal(containers?.['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(document.components.schemas['io.k8s.api.core.v1.PodSpec']?.properties?.tolerations?.['x-kubernetes-patch-merge-key'], undefined);
  });

  test('a Table answers kubectl get, with the object metadata in each row', async () => {
    const table = (await apiRequest(cluster, 'GET', '/api/v1/nodes?labelSelector=node-role.kubernetes.io/control-plane', {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    })).json<{ kind: string; columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[]; object: { kind: string } }[] }>();
    assert.equal(table.kind, 'Table');
    assert.deepEqual(table.columnDefinitions.filter((column) => column.priority === 0).map((column) => column.name), ['Name', 'Status', 'Roles', 'Age', 'Version']);
    assert.deepEqual(table.rows.map((row) => row.cells.slice(0, 3)), [['control-plane-1', 'Ready', 'control-plane']]);
    assert.equal(table.rows[0]?.object.kind, 'PartialObjectMetadata');
  });

  test('field selectors on spec.nodeName and metadata.name', async () => {
    await waitFor(() => cluster.idle && cluster.store.count('core/pods') >= 14, 'the demo pods');
    const onWorker1 = (await apiRequest(cluster, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dworker-1')).json<{ items: { spec: { nodeName: string } }[] }>();
    assert.ok(onWorker1.items.length >= 3);
    assert.ok(onWorker1.items.every((pod) => pod.spec.nodeName === 'worker-1'));
    const named = (await apiRequest(cluster, 'GET', '/api/v1/nodes?fieldSelector=metadata.name%3Dgpu-1')).json<{ items: unknown[] }>();
    assert.equal(named.items.length, 1);
    const unsupported = await apiRequest(cluster, 'GET', '/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    assert.equal(unsupported.status, 400);
    assert.match(unsupported.json<{ message: string }>().message, /field label not supported: spec\.bogus/);
  });

  test('limit and continue page through a consistent snapshot', async () => {
    const first = (await apiRequest(cluster, 'GET', '/api/v1/nodes?limit=4')).json<{ metadata: { continue: string; resourceVersion: string; remainingItemCount: number }; items: { metadata: { name: string } }[] }>();
    assert.equal(first.items.length, 4);
    assert.equal(first.metadata.remainingItemCount, 2);
    cluster.api.create(nodes, undefined, { metadata: { name: 'zz-late' } });
    const second = (await apiRequest(cluster, 'GET', `/api/v1/nodes?limit=4&continue=${first.metadata.continue}`)).json<{ metadata: { continue?: string; resourceVersion: string }; items: { metadata: { name: string } }[] }>();
    assert.equal(second.metadata.continue, undefined);
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
    assert.deepEqual([...first.items, ...second.items].map((node) => node.metadata.name), ['control-plane-1', 'gpu-1', 'worker-1', 'worker-2', 'worker-3', 'worker-4']);
    cluster.api.delete(nodes, undefined, 'zz-late');
  });

  test('a watch without a resourceVersion starts with the current objects; one with a resourceVersion replays after it', async () => {
    cluster.api.create(configMaps, 'proto', { metadata: { name: 'one' } });
    const revision = cluster.store.revision;
    cluster.api.create(configMaps, 'proto', { metadata: { name: 'two' } });
    const fromNow = openWatch(cluster, '/api/v1/namespaces/proto/configmaps?watch=true');
    const fromRevision = openWatch(cluster, `/api/v1/namespaces/proto/configmaps?watch=true&resourceVersion=${revision}`);
    await waitFor(() => fromNow.events.length === 2 && fromRevision.events.length === 1, 'the first events');
    assert.deepEqual(fromNow.events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`), ['ADDED one', 'ADDED two']);
    assert.deepEqual(fromRevision.events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`), ['ADDED two']);
    fromNow.close();
    fromRevision.close();
  });

  test('a watch from a resourceVersion older than the history gets an ERROR event with 410 Expired, then ends', async () => {
    const old = cluster.store.revision;
    cluster.api.create(configMaps, 'proto', { metadata: { name: 'three' } });
    cluster.store.compactHistory();
    const watch = openWatch(cluster, `/api/v1/namespaces/proto/configmaps?watch=true&resourceVersion=${old}`);
    await watch.ended;
    assert.equal(watch.events.length, 1);
    assert.equal(watch.events[0]?.type, 'ERROR');
    assert.equal(watch.events[0]?.object.code, 410);
    assert.equal(watch.events[0]?.object.reason, 'Expired');
  });

  test('a label-selected watch sees an object leave the selection as DELETED and enter it as ADDED', async () => {
    cluster.api.create(configMaps, 'proto', { metadata: { name: 'mover', labels: { tier: 'a' } } });
    const watch = openWatch(cluster, `/api/v1/namespaces/proto/configmaps?watch=true&labelSelector=tier%3Da&resourceVersion=${cluster.store.revision}`);
    // The watch starts at the current revision, so the changes below are replayed even if they land first.
    cluster.api.patch(configMaps, 'proto', 'mover', 'merge', { metadata: { labels: { tier: 'b' } } });
    cluster.api.patch(configMaps, 'proto', 'mover', 'merge', { metadata: { labels: { tier: 'a' } } });
    await waitFor(() => watch.events.length === 2, 'two events');
    assert.deepEqual(watch.events.map((event) => `${event.type} ${event.object.metadata?.name ?? ''}`), ['DELETED mover', 'ADDED mover']);
    watch.close();
  });

  test('bookmarks, the initial-events-end bookmark, and timeoutSeconds', async () => {
    const watch = openWatch(cluster, '/api/v1/namespaces/proto/configmaps?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1');
    await watch.ended;
    const types = watch.events.map((event) => event.type);
    const initialEnd = watch.events.findIndex((event) => event.object.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true');
    assert.ok(initialEnd > 0, 'initial-events-end bookmark');
    assert.ok(types.slice(0, initialEnd).every((type) => type === 'ADDED'));
    assert.ok(types.slice(initialEnd + 1).filter((type) => type === 'BOOKMARK').length >= 3, `periodic bookmarks in ${types.join(',')}`);
  });

  test('faults: an error for one resource and verb, a number of times; latency; cleared by reset', async () => {
    cluster.faults.addError({ code: 500, resource: 'configmaps', verb: 'list', times: 1 });
    cluster.faults.addError({ code: 403, resource: 'serviceaccounts' });
    const failed = await apiRequest(cluster, 'GET', '/api/v1/namespaces/proto/configmaps');
    assert.equal(failed.status, 500);
    assert.equal((await apiRequest(cluster, 'GET', '/api/v1/namespaces/proto/configmaps')).status, 200);
    const forbidden = await apiRequest(cluster, 'GET', '/api/v1/namespaces/proto/serviceaccounts');
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.json<{ message: string }>().message, /serviceaccounts is forbidden: User ".*" cannot list resource "serviceaccounts"/);
    cluster.faults.set({ latencyMs: 150 });
    const started = Date.now();
    await apiRequest(cluster, 'GET', '/version');
    assert.ok(Date.now() - started >= 150);
    cluster.faults.reset();
    assert.equal((await apiRequest(cluster, 'GET', '/api/v1/namespaces/proto/serviceaccounts')).status, 200);
  });

  test('the admin endpoint sets faults and reports stats', async () => {
    const set = await apiRequest(cluster, 'PUT', '/__admin/faults', { body: { latencyMs: 5, expireNextWatches: 2 } });
    assert.equal(set.status, 200);
    assert.equal(cluster.faults.snapshot().expireNextWatches, 2);
    assert.equal((await apiRequest(cluster, 'DELETE', '/__admin/faults')).json<{ latencyMs: number }>().latencyMs, 0);
    const stats = (await apiRequest(cluster, 'GET', '/__admin/stats')).json<{ objects: Record<string, number> }>();
    assert.equal(stats.objects['core/nodes'], 6);
    assert.equal((await apiRequest(cluster, 'GET', '/__admin/stats', { token: null })).status, 401);
  });

  test('a Ready condition set to Unknown taints the node unreachable; True again removes the taints', async () => {
    const taints = (): string[] =>
      (((cluster.store.get(nodes.id, undefined, 'worker-3')?.spec ?? {}) as { taints?: { key: string; effect: string }[] }).taints ?? []).map((taint) => `${taint.key}:${taint.effect}`);
    const set = await apiRequest(cluster, 'POST', '/__admin/nodes/worker-3/condition', { body: { type: 'Ready', status: 'Unknown' } });
    assert.equal(set.status, 200);
    await waitFor(() => taints().length === 2, 'unreachable taints');
    assert.deepEqual(taints(), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    cluster.setNodeCondition('worker-3', 'Ready', 'True');
    await waitFor(() => taints().length === 0, 'the taints to go');
  });
});
