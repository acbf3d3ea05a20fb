import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { checkResource, checkResourceReusing, rules } from '../../../server/src/rules/registry';
import type { Resource } from '../../../server/src/rules/types';

const resource = (text: string): Resource => {
  const object = parse(text) as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, string>;
  return { apiVersion: String(object.apiVersion), kind: String(object.kind), name: metadata.name ?? '', namespace: metadata.namespace, object };
};

const ds = resource(`apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ns}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agnet}}
    spec:
      containers: [{name: agent, image: i}]
      tolerations: [{key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule}]
`);
const svc = resource(`apiVersion: v1
kind: Service
metadata: {name: agent, namespace: ns}
spec: {selector: {app: agent}}
`);

const codes = (findings: { code: string }[]) => findings.map((f) => f.code).sort();

test('reusing findings gives the same findings as running every rule', () => {
  for (const r of [ds, svc]) {
    const context = { resource: r, file: [ds, svc], options: {} };
    assert.deepEqual(codes(checkResourceReusing(context)), codes(checkResource(context)));
  }
});

test('the findings of resource-only rules are reused for the same object and options, recomputed for new options', () => {
  const first = checkResourceReusing({ resource: ds, file: [ds], options: {} });
  const again = checkResourceReusing({ resource: ds, file: [ds], options: {} });
  assert.equal(again, first, 'no file-reading rule applies to a DaemonSet: the very same array comes back');
  const gated = checkResourceReusing({ resource: ds, file: [ds], options: { tolerationComparisonOperators: true } });
  assert.notEqual(gated, first);
});

test('cross-resource rules still see the current file', () => {
  assert.ok(rules.some((rule) => rule.readsFile), 'the cross-resource rule declares that it reads the file');
  // The Service selects app=agent; the DaemonSet's pods are labelled app=agnet (a typo in the template).
  const withDs = checkResourceReusing({ resource: svc, file: [ds, svc], options: {} });
  const alone = checkResourceReusing({ resource: svc, file: [svc], options: {} });
  assert.deepEqual(codes(withDs), ['selector-misses-daemonset-pods']);
  assert.deepEqual(codes(alone), []);
});
