import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single, withCode } from './helpers';

const podSpec = ['spec', 'template', 'spec'];
const required = [...podSpec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
const preferred = [...podSpec, 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'];
const withTerms = (terms: string) =>
  daemonSet(`spec: {template: {spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ${terms}}}}}}}`);
const withPreferred = (items: string) => daemonSet(`spec: {template: {spec: {affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: ${items}}}}}}`);

describe('node-selector-invalid', () => {
  test('an invalid nodeSelector key is reported at the key', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {nodeSelector: {"disk type": ssd}}}}')), 'node-selector-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'nodeSelector', 'disk type']);
    assert.equal(finding.target, 'key');
  });

  test('a boolean nodeSelector value must be quoted', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {nodeSelector: {gpu: true}}}}')), 'node-selector-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'nodeSelector', 'gpu']);
    assert.match(finding.message, /quote it: "true"/);
  });

  test('an empty value (control-plane role label) is valid', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {nodeSelector: {node-role.kubernetes.io/control-plane: ""}}}}')), []);
  });
});

describe('node-affinity-no-terms', () => {
  test('zero required terms is "must have at least one node selector term"', () => {
    const finding = single(check(withTerms('[]')), 'node-affinity-no-terms');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms']);
    assert.match(finding.message, /must have at least one node selector term/);
  });

  test('a required node selector without nodeSelectorTerms points at it', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {}}}}}}')), 'node-affinity-no-terms');
    assert.deepEqual(finding.path, required);
  });
});

describe('node-affinity-invalid', () => {
  test('an unknown operator is "not a valid selector operator"', () => {
    const finding = single(check(withTerms('[{matchExpressions: [{key: zone, operator: Equals, values: [a]}]}]')), 'node-affinity-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'operator']);
    assert.match(finding.message, /not a valid selector operator/);
  });

  test('Gt with two values must have exactly one', () => {
    const finding = single(check(withTerms('[{matchExpressions: [{key: cpu-count, operator: Gt, values: ["4", "8"]}]}]')), 'node-affinity-invalid');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'values']);
    assert.match(finding.message, /must be specified single value when `operator` is 'Lt' or 'Gt'/);
  });

  test('In without values and Exists with values are invalid', () => {
    const findings = withCode(check(withTerms('[{matchExpressions: [{key: a, operator: In}, {key: b, operator: Exists, values: [x]}]}]')), 'node-affinity-invalid');
    assert.deepEqual(findings.map((finding) => finding.path), [
      [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'values'],
      [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 1, 'values'],
    ]);
  });

  test('an invalid value is reported at that value', () => {
    const finding = single(check(withTerms('[{matchExpressions: [{key: zone, operator: In, values: [a, "b c"]}]}]')), 'node-affinity-invalid');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'values', 1]);
  });

  test('matchFields with two values must have one', () => {
    const finding = single(check(withTerms('[{matchFields: [{key: metadata.name, operator: In, values: [a, b]}]}]')), 'node-affinity-invalid');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchFields', 0, 'values']);
    assert.match(finding.message, /must be only one value when `operator` is 'In' or 'NotIn' for node field selector/);
  });

  test('matchFields supports only metadata.name', () => {
    const finding = single(check(withTerms('[{matchFields: [{key: metadata.labels, operator: In, values: [a]}]}]')), 'node-affinity-invalid');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchFields', 0, 'key']);
    assert.match(finding.message, /not a valid field selector key/);
  });

  test('matchFields Exists is not a valid operator', () => {
    assert.deepEqual(single(check(withTerms('[{matchFields: [{key: metadata.name, operator: Exists}]}]')), 'node-affinity-invalid').path, [...required, 'nodeSelectorTerms', 0, 'matchFields', 0, 'operator']);
  });

  test('a matchFields node name must be a DNS subdomain', () => {
    assert.deepEqual(single(check(withTerms('[{matchFields: [{key: metadata.name, operator: In, values: [Worker_1]}]}]')), 'node-affinity-invalid').path, [...required, 'nodeSelectorTerms', 0, 'matchFields', 0, 'values', 0]);
  });

  test('preferred terms are validated too', () => {
    assert.deepEqual(single(check(withPreferred('[{weight: 10, preference: {matchExpressions: [{key: zone, operator: in, values: [a]}]}}]')), 'node-affinity-invalid').path, [...preferred, 0, 'preference', 'matchExpressions', 0, 'operator']);
  });

  test('valid terms pass', () => {
    assert.deepEqual(check(withTerms('[{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}, {key: cpu-count, operator: Gt, values: ["4"]}], matchFields: [{key: metadata.name, operator: NotIn, values: [worker-1]}]}]')), []);
  });
});

describe('node-affinity-weight-invalid', () => {
  test('a preferred weight of 0 is out of the range 1-100', () => {
    const finding = single(check(withPreferred('[{weight: 0, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}]')), 'node-affinity-weight-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...preferred, 0, 'weight']);
    assert.match(finding.message, /must be in the range 1-100/);
    assert.deepEqual(fixTitled(finding, 'Set weight to 1').edits, [{ kind: 'set', path: [...preferred, 0, 'weight'], value: 1 }]);
  });

  test('a missing weight is 0, reported at the item', () => {
    assert.deepEqual(single(check(withPreferred('[{preference: {}}]')), 'node-affinity-weight-invalid').path, [...preferred, 0]);
  });

  test('weight 100 passes', () => {
    assert.deepEqual(check(withPreferred('[{weight: 100, preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}}]')), []);
  });
});

describe('node-affinity-empty-term', () => {
  test('an only empty term is a warning: the DaemonSet runs on no node', () => {
    const finding = single(check(withTerms('[{}]')), 'node-affinity-empty-term');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0]);
    assert.match(finding.message, /this DaemonSet will run on no node/);
    assert.equal(finding.fixes, undefined);
  });

  test('an empty term next to a real term matches nothing; the fix removes it', () => {
    const subject = withTerms('[{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}, {matchExpressions: [], matchFields: []}]');
    const finding = single(check(subject), 'node-affinity-empty-term');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 1]);
    assert.doesNotMatch(finding.message, /no node:/);
    const fix = fixTitled(finding, 'Remove the empty term');
    assert.deepEqual(fix.edits, [{ kind: 'delete', path: [...required, 'nodeSelectorTerms', 1] }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('a null term is empty too', () => {
    assert.equal(withCode(check(withTerms('[null]')), 'node-affinity-empty-term').length, 1);
  });
});

describe('node-affinity-metadata-name-label', () => {
  test('matchExpressions on metadata.name is a warning on the key; the fix moves it to matchFields', () => {
    const subject = withTerms('[{matchExpressions: [{key: metadata.name, operator: In, values: [worker-1]}]}]');
    const finding = single(check(subject), 'node-affinity-metadata-name-label');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'key']);
    assert.match(finding.message, /matches a node \*label\* named metadata\.name/);
    const fix = fixTitled(finding, 'Use matchFields instead');
    assert.deepEqual(fix.edits, [
      { kind: 'delete', path: [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0] },
      { kind: 'append', path: [...required, 'nodeSelectorTerms', 0, 'matchFields'], value: { key: 'metadata.name', operator: 'In', values: ['worker-1'] } },
    ]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('matchFields on metadata.name passes', () => {
    assert.deepEqual(check(withTerms('[{matchFields: [{key: metadata.name, operator: In, values: [worker-1]}]}]')), []);
  });
});

describe('node-affinity-not-integer', () => {
  test('a Gt value that is not an integer never matches: warning at the value', () => {
    const finding = single(check(withTerms('[{matchExpressions: [{key: cpu-count, operator: Gt, values: ["4.5"]}]}]')), 'node-affinity-not-integer');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'values', 0]);
    assert.match(finding.message, /`4\.5` is not an integer/);
  });

  test('leading zeros parse leniently, as Go ParseInt does', () => {
    assert.deepEqual(check(withTerms('[{matchExpressions: [{key: generation, operator: Lt, values: ["0204"]}]}]')), []);
  });

  test('a value beyond int64 does not parse', () => {
    assert.equal(withCode(check(withTerms('[{matchExpressions: [{key: n, operator: Lt, values: ["99999999999999999999"]}]}]')), 'node-affinity-not-integer').length, 1);
  });
});

describe('node-role-master-label', () => {
  test('a nodeSelector on the master label is information, with a fix to control-plane', () => {
    const subject = daemonSet('spec: {template: {spec: {nodeSelector: {node-role.kubernetes.io/master: ""}}}}');
    const finding = single(check(subject), 'node-role-master-label');
    assert.equal(finding.severity, 'information');
    assert.deepEqual(finding.path, [...podSpec, 'nodeSelector', 'node-role.kubernetes.io/master']);
    assert.equal(finding.target, 'key');
    const fix = fixTitled(finding, 'Select node-role.kubernetes.io/control-plane instead');
    assert.deepEqual(fix.edits, [
      { kind: 'delete', path: [...podSpec, 'nodeSelector', 'node-role.kubernetes.io/master'] },
      { kind: 'set', path: [...podSpec, 'nodeSelector', 'node-role.kubernetes.io/control-plane'], value: '' },
    ]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('DoesNotExist on the master label matches control planes of 1.24+ clusters', () => {
    const finding = single(check(withTerms('[{matchExpressions: [{key: node-role.kubernetes.io/master, operator: DoesNotExist}]}]')), 'node-role-master-label');
    assert.deepEqual(finding.path, [...required, 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'key']);
    assert.match(finding.message, /also matches every control-plane node/);
  });

  test('selecting control-plane passes', () => {
    assert.deepEqual(codes(check(withTerms('[{matchExpressions: [{key: node-role.kubernetes.io/control-plane, operator: Exists}]}]'))), []);
  });
});
