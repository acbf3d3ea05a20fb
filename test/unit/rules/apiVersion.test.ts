import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single } from './helpers';

describe('daemonset-api-version-removed', () => {
  test('extensions/v1beta1 is an error at apiVersion, "removed in Kubernetes 1.16; use apps/v1"', () => {
    const subject = daemonSet('apiVersion: extensions/v1beta1');
    const finding = single(check(subject), 'daemonset-api-version-removed');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['apiVersion']);
    assert.match(finding.message, /removed in Kubernetes 1\.16; use apps\/v1/);
    const fix = fixTitled(finding, 'Migrate to apps/v1');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['apiVersion'], value: 'apps/v1' }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('without a selector, only the apiVersion error is reported, and the migration adds the selector', () => {
    const subject = daemonSet('apiVersion: extensions/v1beta1\nspec: {selector: null}');
    const findings = check(subject);
    assert.deepEqual(codes(findings), ['daemonset-api-version-removed']);
    const finding = findings[0]!;
    assert.match(finding.message, /apps\/v1 also requires `spec\.selector`, which extensions\/v1beta1 defaulted from the template labels/);
    const fix = fixTitled(finding, 'Migrate to apps/v1');
    assert.deepEqual(fix.edits, [
      { kind: 'set', path: ['apiVersion'], value: 'apps/v1' },
      { kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'agent' } } },
    ]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('the message notes that extensions/v1beta1 defaulted updateStrategy to OnDelete', () => {
    assert.match(single(check(daemonSet('apiVersion: extensions/v1beta1')), 'daemonset-api-version-removed').message, /defaulted `updateStrategy` to OnDelete/);
  });

  test('apps/v1beta2 is removed too, and is otherwise validated as apps/v1', () => {
    const findings = check(daemonSet('apiVersion: apps/v1beta2\nspec: {template: {spec: {restartPolicy: Never}}}'));
    assert.deepEqual(codes(findings), ['daemonset-api-version-removed', 'restart-policy-not-always']);
  });

  test('apps/v1beta1 never served DaemonSets', () => {
    const finding = single(check(daemonSet('apiVersion: apps/v1beta1')), 'daemonset-api-version-removed');
    assert.match(finding.message, /apps\/v1beta1 never served DaemonSets/);
  });

  test('apps/v1 passes', () => {
    assert.deepEqual(check(daemonSet('apiVersion: apps/v1')), []);
  });
});
