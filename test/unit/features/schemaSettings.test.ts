/** daemonset.schema.enable: on, off, and auto stepping aside only when Red Hat YAML validates Kubernetes already. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSchema, readClientEnvironment, readSchemaEnable, redhatValidatesKubernetes } from '../../../server/src/schema/schemaSettings';

const withRedhat = { redhatYamlInstalled: true };
const without = { redhatYamlInstalled: false };
const kubernetesSchemas = { schemas: { kubernetes: ['k8s/*.yaml'] } };

describe('schema setting', () => {
  test('the setting reads auto unless it says on or off', () => {
    assert.equal(readSchemaEnable(undefined), 'auto');
    assert.equal(readSchemaEnable({ schema: { enable: 'on' } }), 'on');
    assert.equal(readSchemaEnable({ schema: { enable: 'off' } }), 'off');
    assert.equal(readSchemaEnable({ schema: { enable: 'sometimes' } }), 'auto');
  });

  test('the client says whether Red Hat YAML is installed', () => {
    assert.deepEqual(readClientEnvironment({ redhatYamlInstalled: true }), withRedhat);
    assert.deepEqual(readClientEnvironment(null), without);
  });

  test('Red Hat YAML validates Kubernetes when yaml.schemas associates the kubernetes schema', () => {
    assert.equal(redhatValidatesKubernetes(kubernetesSchemas), true);
    assert.equal(redhatValidatesKubernetes({ schemas: { 'https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.32.0-standalone-strict/all.json': '*.yaml' } }), true);
    assert.equal(redhatValidatesKubernetes({ schemas: { 'https://json.schemastore.org/github-workflow.json': '.github/workflows/*' } }), false);
    assert.equal(redhatValidatesKubernetes({ ...kubernetesSchemas, validate: false }), false);
    assert.equal(redhatValidatesKubernetes({ schemas: { kubernetes: [] } }), false);
  });

  test('auto is on unless Red Hat YAML is installed and validates Kubernetes', () => {
    assert.equal(decideSchema('auto', without, kubernetesSchemas).active, true, 'settings of an extension that is not installed');
    assert.equal(decideSchema('auto', withRedhat, {}).active, true);
    assert.equal(decideSchema('auto', withRedhat, kubernetesSchemas).active, false);
    assert.equal(decideSchema('on', withRedhat, kubernetesSchemas).active, true);
    assert.equal(decideSchema('off', without, undefined).active, false);
  });
});
