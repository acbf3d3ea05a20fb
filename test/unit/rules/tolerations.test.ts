import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single } from './helpers';

const tolerations = ['spec', 'template', 'spec', 'tolerations'];
const withTolerations = (list: string) => daemonSet(`spec: {template: {spec: {tolerations: ${list}}}}`);

describe('toleration-key-invalid', () => {
  test('a key with spaces is not a qualified name', () => {
    const finding = single(check(withTolerations('[{key: "dedicated node", operator: Exists}]')), 'toleration-key-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'key']);
    assert.match(finding.message, /`dedicated node`/);
  });

  test('a prefixed key passes', () => {
    assert.deepEqual(check(withTolerations('[{key: example.com/dedicated, operator: Exists}]')), []);
  });
});

describe('toleration-empty-key-requires-exists', () => {
  test('an empty key with Equal is rejected, with the API message, at the operator', () => {
    const subject = withTolerations('[{key: "", operator: Equal, value: x}]');
    const finding = single(check(subject), 'toleration-empty-key-requires-exists');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'operator']);
    assert.match(finding.message, /operator must be Exists when `key` is empty, which means "match all values and all keys"/);
    const fix = fixTitled(finding, 'Set operator: Exists');
    assert.deepEqual(fix.edits, [
      { kind: 'set', path: [...tolerations, 0, 'operator'], value: 'Exists' },
      { kind: 'delete', path: [...tolerations, 0, 'value'] },
    ]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('no key and no operator is rejected too, at the toleration', () => {
    const finding = single(check(withTolerations('[{effect: NoSchedule}]')), 'toleration-empty-key-requires-exists');
    assert.deepEqual(finding.path, [...tolerations, 0]);
  });

  test('an empty key with Exists tolerates everything and passes', () => {
    assert.deepEqual(check(withTolerations('[{operator: Exists}]')), []);
  });
});

describe('toleration-seconds-requires-no-execute', () => {
  test('tolerationSeconds with NoSchedule is rejected, on the tolerationSeconds key', () => {
    const subject = withTolerations('[{key: dedicated, operator: Exists, effect: NoSchedule, tolerationSeconds: 60}]');
    const finding = single(check(subject), 'toleration-seconds-requires-no-execute');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'tolerationSeconds']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /effect must be 'NoExecute' when `tolerationSeconds` is set \(effect is `NoSchedule`\)/);
    const remove = fixTitled(finding, 'Remove tolerationSeconds');
    assert.deepEqual(remove.edits, [{ kind: 'delete', path: [...tolerations, 0, 'tolerationSeconds'] }]);
    assert.deepEqual(afterFix(subject, remove.edits), []);
    const setEffect = fixTitled(finding, 'Set effect: NoExecute');
    assert.deepEqual(setEffect.edits, [{ kind: 'set', path: [...tolerations, 0, 'effect'], value: 'NoExecute' }]);
    assert.deepEqual(afterFix(subject, setEffect.edits), []);
  });

  test('an empty effect with tolerationSeconds is rejected too', () => {
    assert.match(single(check(withTolerations('[{key: dedicated, operator: Exists, tolerationSeconds: 60}]')), 'toleration-seconds-requires-no-execute').message, /effect is empty/);
  });

  test('tolerationSeconds with NoExecute passes', () => {
    assert.deepEqual(check(withTolerations('[{key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 60}]')), []);
  });
});

describe('toleration-exists-with-value', () => {
  test('Exists with a value is rejected at the value; the fix removes it', () => {
    const subject = withTolerations('[{key: dedicated, operator: Exists, value: x}]');
    const finding = single(check(subject), 'toleration-exists-with-value');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'value']);
    assert.match(finding.message, /value must be empty when `operator` is 'Exists' \(value is `x`\)/);
    const fix = fixTitled(finding, 'Remove the value');
    assert.deepEqual(fix.edits, [{ kind: 'delete', path: [...tolerations, 0, 'value'] }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set operator: Equal').edits), []);
  });

  test('Exists with an empty value passes', () => {
    assert.deepEqual(check(withTolerations('[{key: dedicated, operator: Exists, value: ""}]')), []);
  });
});

describe('toleration-value-invalid', () => {
  test('an Equal value must be a label value', () => {
    const finding = single(check(withTolerations('[{key: dedicated, operator: Equal, value: "gpu nodes"}]')), 'toleration-value-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'value']);
  });

  test('a boolean value must be quoted', () => {
    const subject = withTolerations('[{key: dedicated, value: true}]');
    const finding = single(check(subject), 'toleration-value-invalid');
    assert.match(finding.message, /quote it: "true"/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Quote the value: "true"').edits), []);
  });

  test('with the comparison gate, Lt needs a canonical integer', () => {
    const finding = single(check(withTolerations('[{key: failure-probability, operator: Lt, value: "05"}]'), { tolerationComparisonOperators: true }), 'toleration-value-invalid');
    assert.deepEqual(finding.path, [...tolerations, 0, 'value']);
    assert.match(finding.message, /decimal integer/);
  });

  test('with the comparison gate, Gt with an integer passes', () => {
    assert.deepEqual(check(withTolerations('[{key: failure-probability, operator: Gt, value: "-5", effect: NoSchedule}]'), { tolerationComparisonOperators: true }), []);
  });
});

describe('toleration-operator-invalid', () => {
  test('operators are case-sensitive: "exists" is rejected, with a fix', () => {
    const subject = withTolerations('[{key: dedicated, operator: exists}]');
    const finding = single(check(subject), 'toleration-operator-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'operator']);
    assert.match(finding.message, /Unsupported value `exists` for operator: supported values: "Equal", "Exists"/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set operator: Exists').edits), []);
  });

  test('Lt without the feature gate is rejected and the message names the gate', () => {
    const finding = single(check(withTolerations('[{key: failure-probability, operator: Lt, value: "5", effect: NoSchedule}]')), 'toleration-operator-invalid');
    assert.match(finding.message, /TaintTolerationComparisonOperators/);
  });

  test('an unknown operator with an empty key is reported once, as the operator', () => {
    assert.deepEqual(codes(check(withTolerations('[{operator: exists}]'))), ['toleration-operator-invalid']);
  });
});

describe('toleration-effect-invalid', () => {
  test('an unknown effect is rejected', () => {
    const finding = single(check(withTolerations('[{key: dedicated, operator: Exists, effect: Evict}]')), 'toleration-effect-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...tolerations, 0, 'effect']);
    assert.equal(finding.fixes, undefined);
  });

  test('a wrongly cased effect gets a fix', () => {
    const subject = withTolerations('[{key: dedicated, operator: Exists, effect: noschedule}]');
    const finding = single(check(subject), 'toleration-effect-invalid');
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set effect: NoSchedule').edits), []);
  });

  test('each of the three effects passes', () => {
    assert.deepEqual(check(withTolerations('[{key: a, operator: Exists, effect: NoSchedule}, {key: b, operator: Exists, effect: PreferNoSchedule}, {key: c, operator: Exists, effect: NoExecute}]')), []);
  });
});
