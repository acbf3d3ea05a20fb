/**
 * `labelSelector` and `fieldSelector` query parameters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pods } from './api/resources';
import { fieldsMatch, labelsMatch, parseFieldSelector, parseLabelSelector } from './api/selectors';
import { ApiError } from './api/status';
import type { KubeObject } from './api/objects';

describe('label selectors', () => {
  const labels = { app: 'nginx', tier: 'web', 'example.com/gpu': '' };

  test('equality, inequality, sets and existence', () => {
    assert.ok(labelsMatch(parseLabelSelector('app=nginx,tier==web'), labels));
    assert.ok(labelsMatch(parseLabelSelector('app!=redis'), labels));
    assert.ok(labelsMatch(parseLabelSelector('tier in (web, api),app notin (redis)'), labels));
    assert.ok(labelsMatch(parseLabelSelector('example.com/gpu,!missing'), labels));
    assert.ok(!labelsMatch(parseLabelSelector('app=nginx,tier=api'), labels));
    assert.ok(!labelsMatch(parseLabelSelector('missing in (x)'), labels));
    assert.ok(labelsMatch(parseLabelSelector('missing notin (x)'), labels), 'notin matches an absent key');
    assert.ok(labelsMatch(parseLabelSelector(''), labels));
  });

  test('a malformed selector is a 400', () => {
    assert.throws(() => parseLabelSelector('app=ngi nx'), (error: unknown) => error instanceof ApiError && error.code === 400);
  });
});

describe('field selectors', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'worker-1' }, status: { phase: 'Running' } } as KubeObject;

  test('metadata.name, metadata.namespace and the kind fields, with = and !=', () => {
    assert.ok(fieldsMatch(parseFieldSelector('spec.nodeName=worker-1,metadata.namespace=ns', pods), pod, pods));
    assert.ok(fieldsMatch(parseFieldSelector('status.phase!=Pending', pods), pod, pods));
    assert.ok(!fieldsMatch(parseFieldSelector('metadata.name=q', pods), pod, pods));
    assert.ok(fieldsMatch(parseFieldSelector('spec.nodeName=', pods), { ...pod, spec: {} }, pods), 'unscheduled pods');
  });

  test('an unsupported field is a 400 naming it', () => {
    assert.throws(() => parseFieldSelector('spec.image=x', pods), /field label not supported: spec\.image/);
  });
});
