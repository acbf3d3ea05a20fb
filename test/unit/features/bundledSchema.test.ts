/**
 * The bundled schema (schemas/kubernetes.json): the kinds it covers, with descriptions, selected per document by
 * apiVersion and kind, small enough to ship, and in sync with its generator.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledKubernetesSchema, KUBERNETES_SCHEMA_VERSION } from '../../../server/src/schema/bundledSchema';

const root = resolve(__dirname, '../../..');
const schema = bundledKubernetesSchema() as {
  allOf: { if: { properties: { apiVersion: { const: string }; kind: { const: string } } }; then: { $ref: string } }[];
  definitions: Record<string, { description?: string; properties?: Record<string, { description?: string }>; required?: string[] }>;
  oneOf?: unknown;
};
const kinds = schema.allOf.map((entry) => `${entry.if.properties.apiVersion.const} ${entry.if.properties.kind.const}`);

describe('bundled Kubernetes schema', () => {
  test('is for Kubernetes 1.34', () => {
    assert.equal(KUBERNETES_SCHEMA_VERSION, '1.34');
  });

  test('covers the common built-in kinds', () => {
    for (const kind of [
      'apps/v1 DaemonSet', 'apps/v1 Deployment', 'apps/v1 StatefulSet', 'batch/v1 Job', 'batch/v1 CronJob', 'v1 Pod', 'v1 Service',
      'v1 ConfigMap', 'v1 Secret', 'v1 ServiceAccount', 'v1 Namespace', 'v1 Node', 'policy/v1 PodDisruptionBudget',
      'networking.k8s.io/v1 NetworkPolicy', 'networking.k8s.io/v1 Ingress', 'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 ClusterRole', 'rbac.authorization.k8s.io/v1 RoleBinding', 'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
    ]) {
      assert.ok(kinds.includes(kind), kind);
    }
  });

  test('selects by apiVersion and kind with if/then, never with oneOf', () => {
    assert.equal(schema.oneOf, undefined);
    assert.equal(JSON.stringify(schema).includes('"oneOf"'), false);
  });

  test('carries field descriptions and required fields', () => {
    const toleration = schema.definitions.V1Toleration!;
    assert.match(toleration.properties!.key!.description!, /^Key is the taint key that the toleration applies to/);
    assert.deepEqual(schema.definitions.V1DaemonSetSpec!.required, ['selector', 'template']);
    assert.deepEqual(schema.definitions.V1Container!.required, ['name']);
  });

  test('stays small', () => {
    assert.ok(statSync(resolve(root, 'schemas/kubernetes.json')).size < 400 * 1024);
  });

  test('is what the generator produces', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', resolve(root, 'scripts/generateSchema.ts'), '--check'], { encoding: 'utf8', cwd: root });
    assert.equal(result.status, 0, result.stderr);
  });

  test('is valid JSON as a file too', () => {
    assert.doesNotThrow(() => JSON.parse(readFileSync(resolve(root, 'schemas/kubernetes.json'), 'utf8')));
  });
});
