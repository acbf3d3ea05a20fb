import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single, withCode } from './helpers';

const tolerations = ['spec', 'template', 'spec', 'tolerations'];
const withTolerations = (list: string, more = '') => daemonSet(`spec: {template: {spec: {${more}tolerations: ${list}}}}`);
const master = 'node-role.kubernetes.io/master';
const controlPlane = 'node-role.kubernetes.io/control-plane';

describe('toleration-master-without-control-plane', () => {
  test('a master toleration alone is a warning on its key, with the version history', () => {
    const finding = single(check(withTolerations(`[{key: ${master}, effect: NoSchedule}]`)), 'toleration-master-without-control-plane');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...tolerations, 0, 'key']);
    assert.match(finding.message, /deprecated the master taint in 1\.20/);
    assert.match(finding.message, /both taints on control-plane nodes in 1\.24/);
    assert.match(finding.message, /only the control-plane taint since 1\.25/);
  });

  test('the fix appends a control-plane toleration mirroring operator and effect', () => {
    const subject = withTolerations(`[{key: ${master}, operator: Exists, effect: NoSchedule}]`);
    const fix = fixTitled(single(check(subject), 'toleration-master-without-control-plane'), `Also tolerate ${controlPlane}`);
    assert.deepEqual(fix.edits, [{ kind: 'append', path: tolerations, value: { key: controlPlane, operator: 'Exists', effect: 'NoSchedule' } }]);
    assert.equal(fix.preferred, true);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('tolerating both keys passes', () => {
    assert.deepEqual(check(withTolerations(`[{key: ${master}, operator: Exists, effect: NoSchedule}, {key: ${controlPlane}, operator: Exists, effect: NoSchedule}]`)), []);
  });

  test('an empty key with Exists covers both: no finding', () => {
    assert.deepEqual(check(withTolerations(`[{key: ${master}, operator: Exists}, {operator: Exists}]`)), []);
  });
});

describe('toleration-control-plane-without-master', () => {
  test('a control-plane toleration alone is information: clusters up to 1.24 carry master', () => {
    const subject = withTolerations(`[{key: ${controlPlane}, operator: Exists, effect: NoSchedule}]`);
    const finding = single(check(subject), 'toleration-control-plane-without-master');
    assert.equal(finding.severity, 'information');
    assert.deepEqual(finding.path, [...tolerations, 0, 'key']);
    assert.match(finding.message, /up to 1\.24/);
    const fix = fixTitled(finding, `Also tolerate ${master}`);
    assert.deepEqual(fix.edits, [{ kind: 'append', path: tolerations, value: { key: master, operator: 'Exists', effect: 'NoSchedule' } }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('no control-plane toleration at all, no finding', () => {
    assert.deepEqual(check(withTolerations('[{key: dedicated, operator: Exists}]')), []);
  });
});

describe('toleration-seconds-overwritten', () => {
  test('not-ready Exists NoExecute with tolerationSeconds is replaced by the default, which tolerates forever', () => {
    const subject = withTolerations('[{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]');
    const finding = single(check(subject), 'toleration-seconds-overwritten');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...tolerations, 0, 'tolerationSeconds']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /the DaemonSet controller replaces this toleration by its default .* which tolerates forever; tolerationSeconds `300` is ignored/i);
    const fix = fixTitled(finding, 'Remove tolerationSeconds');
    assert.deepEqual(fix.edits, [{ kind: 'delete', path: [...tolerations, 0, 'tolerationSeconds'] }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('unreachable is a default too', () => {
    assert.deepEqual(codes(check(withTolerations('[{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}]'))), ['toleration-seconds-overwritten']);
  });

  test('a different operator is kept beside the default, so its tolerationSeconds applies: no finding', () => {
    assert.deepEqual(check(withTolerations('[{key: node.kubernetes.io/not-ready, operator: Equal, effect: NoExecute, tolerationSeconds: 300}]')), []);
  });

  test('a non-default key keeps its tolerationSeconds', () => {
    assert.deepEqual(check(withTolerations('[{key: example.com/maintenance, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]')), []);
  });

  test('pressure tolerations with NoSchedule and tolerationSeconds are the error, not this warning', () => {
    assert.deepEqual(codes(check(withTolerations('[{key: node.kubernetes.io/memory-pressure, operator: Exists, effect: NoSchedule, tolerationSeconds: 30}]'))), ['toleration-seconds-requires-no-execute']);
  });
});

describe('toleration-equal-without-value', () => {
  test('Equal without value on a valued taint is a warning; the fix sets Exists', () => {
    const subject = withTolerations('[{key: nvidia.com/gpu, operator: Equal, effect: NoSchedule}]');
    const finding = single(check(subject), 'toleration-equal-without-value');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...tolerations, 0, 'key']);
    assert.match(finding.message, /tolerates only `nvidia\.com\/gpu` taints with an empty value/);
    assert.match(finding.message, /`nvidia\.com\/gpu=present`/);
    const fix = fixTitled(finding, 'Set operator: Exists');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: [...tolerations, 0, 'operator'], value: 'Exists' }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set value: present').edits), []);
  });

  test('no operator counts as Equal', () => {
    assert.equal(withCode(check(withTolerations('[{key: CriticalAddonsOnly}]')), 'toleration-equal-without-value').length, 1);
  });

  test('with a value, or with Exists, there is no finding', () => {
    assert.deepEqual(check(withTolerations('[{key: CriticalAddonsOnly, operator: Exists}, {key: kubernetes.azure.com/scalesetpriority, value: spot}]')), []);
  });

  test('keys whose taints have no value are not flagged', () => {
    assert.deepEqual(check(withTolerations('[{key: node.cloudprovider.kubernetes.io/shutdown, effect: NoSchedule}]')), []);
  });
});
