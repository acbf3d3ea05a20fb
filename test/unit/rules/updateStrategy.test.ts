import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single } from './helpers';

const rollingUpdate = ['spec', 'updateStrategy', 'rollingUpdate'];
const withRollingUpdate = (values: string) => daemonSet(`spec: {updateStrategy: {type: RollingUpdate, rollingUpdate: ${values}}}`);

describe('min-ready-seconds-negative', () => {
  test('a negative minReadySeconds is an error with a fix to 0', () => {
    const subject = daemonSet('spec: {minReadySeconds: -1}');
    const finding = single(check(subject), 'min-ready-seconds-negative');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec', 'minReadySeconds']);
    assert.match(finding.message, /must be greater than or equal to 0/);
    assert.deepEqual(fixTitled(finding, 'Set minReadySeconds to 0').edits, [{ kind: 'set', path: ['spec', 'minReadySeconds'], value: 0 }]);
  });

  test('zero passes', () => {
    assert.deepEqual(check(daemonSet('spec: {minReadySeconds: 0}')), []);
  });
});

describe('revision-history-limit-negative', () => {
  test('a negative revisionHistoryLimit is an error', () => {
    const finding = single(check(daemonSet('spec: {revisionHistoryLimit: -5}')), 'revision-history-limit-negative');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec', 'revisionHistoryLimit']);
  });

  test('zero is valid', () => {
    assert.deepEqual(check(daemonSet('spec: {revisionHistoryLimit: 0}')), []);
  });
});

describe('update-strategy-type-invalid', () => {
  test('an unknown type is NotSupported, with a case fix when it only differs by case', () => {
    const subject = daemonSet('spec: {updateStrategy: {type: rollingUpdate}}');
    const finding = single(check(subject), 'update-strategy-type-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec', 'updateStrategy', 'type']);
    assert.match(finding.message, /supported values: "OnDelete", "RollingUpdate"/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set type: RollingUpdate').edits), []);
  });

  test('an invalid type stops the other strategy checks (the API server checks nothing else)', () => {
    assert.deepEqual(codes(check(daemonSet('spec: {updateStrategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}}'))), ['update-strategy-type-invalid']);
  });
});

describe('rolling-update-value-invalid', () => {
  test('the string "1" is not a valid percent, and the fix writes the number', () => {
    const subject = withRollingUpdate('{maxUnavailable: "1"}');
    const finding = single(check(subject), 'rolling-update-value-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...rollingUpdate, 'maxUnavailable']);
    assert.match(finding.message, /a valid percent string must be a numeric string followed by an ending '%'/);
    const fix = fixTitled(finding, 'Set maxUnavailable to 1');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: [...rollingUpdate, 'maxUnavailable'], value: 1 }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('more than 100% is invalid', () => {
    const finding = single(check(withRollingUpdate('{maxUnavailable: 0, maxSurge: "150%"}')), 'rolling-update-value-invalid');
    assert.deepEqual(finding.path, [...rollingUpdate, 'maxSurge']);
    assert.match(finding.message, /must not be greater than 100%/);
  });

  test('a negative integer is invalid', () => {
    assert.deepEqual(single(check(withRollingUpdate('{maxUnavailable: -1}')), 'rolling-update-value-invalid').path, [...rollingUpdate, 'maxUnavailable']);
  });

  test('a fraction is not an integer or a percentage', () => {
    assert.match(single(check(withRollingUpdate('{maxUnavailable: 1.5}')), 'rolling-update-value-invalid').message, /must be an integer or percentage/);
  });

  test('percentages up to 100% and integers pass', () => {
    assert.deepEqual(check(withRollingUpdate('{maxUnavailable: "100%"}')), []);
    assert.deepEqual(check(withRollingUpdate('{maxUnavailable: 0, maxSurge: 3}')), []);
  });
});

describe('rolling-update-both-nonzero', () => {
  test('maxSurge alone is invalid because maxUnavailable defaults to 1; the fix sets maxUnavailable to 0', () => {
    const subject = withRollingUpdate('{maxSurge: 1}');
    const finding = single(check(subject), 'rolling-update-both-nonzero');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...rollingUpdate, 'maxSurge']);
    assert.match(finding.message, /may not be set when maxUnavailable is non-zero: `maxUnavailable` is not set and defaults to 1/);
    const fix = fixTitled(finding, 'Set maxUnavailable to 0');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: [...rollingUpdate, 'maxUnavailable'], value: 0 }]);
    assert.equal(fix.preferred, true);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('maxSurge alone without a type is invalid too (the type defaults to RollingUpdate)', () => {
    assert.deepEqual(codes(check(daemonSet('spec: {updateStrategy: {rollingUpdate: {maxSurge: "10%"}}}'))), ['rolling-update-both-nonzero']);
  });

  test('both non-zero percentages are invalid; removing maxSurge fixes it', () => {
    const subject = withRollingUpdate('{maxUnavailable: "20%", maxSurge: "10%"}');
    const finding = single(check(subject), 'rolling-update-both-nonzero');
    assert.match(finding.message, /maxUnavailable is `20%`/);
    assert.deepEqual(fixTitled(finding, 'Remove maxSurge').edits, [{ kind: 'delete', path: [...rollingUpdate, 'maxSurge'] }]);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Remove maxSurge').edits), []);
  });

  test('surge with an explicit zero maxUnavailable passes', () => {
    assert.deepEqual(check(withRollingUpdate('{maxUnavailable: 0, maxSurge: 1}')), []);
  });
});

describe('rolling-update-both-zero', () => {
  test('"0%" counts as zero: both zero is Required on maxUnavailable', () => {
    const subject = withRollingUpdate('{maxUnavailable: "0%", maxSurge: "0%"}');
    const finding = single(check(subject), 'rolling-update-both-zero');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...rollingUpdate, 'maxUnavailable']);
    assert.match(finding.message, /cannot be 0 when maxSurge is 0/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set maxUnavailable to 1').edits), []);
  });

  test('maxUnavailable 0 alone is invalid (maxSurge defaults to 0)', () => {
    assert.deepEqual(codes(check(withRollingUpdate('{maxUnavailable: 0}'))), ['rolling-update-both-zero']);
  });
});

describe('rolling-update-ignored', () => {
  test('OnDelete ignores rollingUpdate, even invalid values: information on the key', () => {
    const subject = daemonSet('spec: {updateStrategy: {type: OnDelete, rollingUpdate: {maxSurge: 1, maxUnavailable: "1"}}}');
    const finding = single(check(subject), 'rolling-update-ignored');
    assert.equal(finding.severity, 'information');
    assert.deepEqual(finding.path, rollingUpdate);
    assert.equal(finding.target, 'key');
    assert.deepEqual(codes(check(subject)), ['rolling-update-ignored']);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Remove rollingUpdate').edits), []);
  });

  test('OnDelete alone passes', () => {
    assert.deepEqual(check(daemonSet('spec: {updateStrategy: {type: OnDelete}}')), []);
  });
});
