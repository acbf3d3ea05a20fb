/**
 * Environment variables as the API server validates them (ValidateEnv, validateEnvVarValueFrom, the downward API
 * field paths of env).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, daemonSet, fixTitled, single, withCode } from './helpers';

const podSpec = ['spec', 'template', 'spec'];
const withEnv = (env: string) => daemonSet(`spec: {template: {spec: {containers: [{name: agent, image: a, env: ${env}}]}}}`);
const at = (...path: (string | number)[]) => [...podSpec, 'containers', 0, 'env', ...path];

describe('env-invalid', () => {
  test('the downward API fields a DaemonSet reads about its node, a label, plain values and references pass', () => {
    assert.deepEqual(
      check(withEnv(`[
        {name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}},
        {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}},
        {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}},
        {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory}}},
        {name: TOKEN, valueFrom: {secretKeyRef: {name: s, key: k}}},
        {name: my.dotted-name, value: x},
        {name: EMPTY, value: "", valueFrom: {configMapKeyRef: {name: c, key: k}}}]`)),
      [],
    );
  });

  test('a misspelt field path is an error at it; a wrong case has a fix', () => {
    const subject = withEnv('[{name: NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodename}}}]');
    const finding = single(check(subject), 'env-invalid');
    assert.deepEqual(finding.path, at(0, 'valueFrom', 'fieldRef', 'fieldPath'));
    assert.match(finding.message, /Unsupported value `spec.nodename` for fieldPath: supported values: "metadata.name"/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set fieldPath: spec.nodeName').edits), []);
    const whole = single(check(withEnv('[{name: LABELS, valueFrom: {fieldRef: {fieldPath: metadata.labels}}}]')), 'env-invalid');
    assert.equal(whole.fixes, undefined, 'all labels at once only go into a downward API volume');
  });

  test('value and valueFrom together, no source, and two sources are errors', () => {
    const both = withEnv('[{name: A, value: x, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]');
    const finding = single(check(both), 'env-invalid');
    assert.match(finding.message, /`valueFrom` may not be specified when `value` is not empty/);
    assert.deepEqual(afterFix(both, fixTitled(finding, 'Remove value').edits), []);
    assert.match(single(check(withEnv('[{name: A, valueFrom: {}}]')), 'env-invalid').message, /must specify one of: fieldRef/);
    const two = single(check(withEnv('[{name: A, valueFrom: {configMapKeyRef: {name: c, key: k}, secretKeyRef: {name: s, key: k}}}]')), 'env-invalid');
    assert.deepEqual(two.path, at(0, 'valueFrom', 'secretKeyRef'));
  });

  test('a missing name, a name with =, and an unknown resource field are errors', () => {
    assert.deepEqual(single(check(withEnv('[{value: x}]')), 'env-invalid').path, at(0));
    assert.match(single(check(withEnv('[{name: A=B, value: x}]')), 'env-invalid').message, /printable ASCII characters other than '='/);
    assert.match(single(check(withEnv('[{name: CPU, valueFrom: {resourceFieldRef: {resource: limit.cpu}}}]')), 'env-invalid').message, /Unsupported value `limit.cpu` for resource/);
    assert.equal(withCode(check(withEnv('[{name: H, valueFrom: {resourceFieldRef: {resource: requests.hugepages-2Mi}}}]')), 'env-invalid').length, 0);
  });
});
