import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTaint, formatToleration, parseCanonicalInt64, toleratesTaint } from '../../../server/src/kube/tolerations';
import type { Taint, Toleration } from '../../../server/src/kube/types';

const tolerates = (toleration: Toleration, taint: Taint, gate = false) =>
  toleratesTaint(toleration, taint, { tolerationComparisonOperators: gate });

test('§3.1 step 1: a toleration effect must equal the taint effect; an empty effect matches every effect', () => {
  assert.equal(tolerates({ key: 'a', operator: 'Exists', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }).tolerated, false);
  assert.equal(tolerates({ key: 'a', operator: 'Exists' }, { key: 'a', effect: 'NoExecute' }).tolerated, true);
  assert.equal(tolerates({ key: 'a', operator: 'Exists' }, { key: 'a', effect: 'PreferNoSchedule' }).tolerated, true);
});

test('§3.1 step 2: keys compare exactly and case-sensitively; an empty key matches every key', () => {
  assert.equal(tolerates({ key: 'Dedicated', operator: 'Exists' }, { key: 'dedicated', effect: 'NoSchedule' }).tolerated, false);
  assert.equal(tolerates({ operator: 'Exists', effect: 'NoSchedule' }, { key: 'anything', value: 'x', effect: 'NoSchedule' }).tolerated, true);
});

test('an empty key with an effect tolerates every taint of that effect only', () => {
  const toleration = { operator: 'Exists', effect: 'NoExecute' };
  assert.equal(tolerates(toleration, { key: 'x', effect: 'NoExecute' }).tolerated, true);
  assert.equal(tolerates(toleration, { key: 'x', effect: 'NoSchedule' }).tolerated, false);
});

test('Exists with an empty key and no effect tolerates everything, values included', () => {
  for (const taint of [{ key: 'a', value: 'b', effect: 'NoSchedule' }, { key: 'c', effect: 'NoExecute' }]) {
    assert.equal(tolerates({ operator: 'Exists' }, taint).tolerated, true);
  }
});

test('Equal (or no operator) compares values exactly', () => {
  assert.equal(tolerates({ key: 'a', operator: 'Equal', value: 'x' }, { key: 'a', value: 'x', effect: 'NoSchedule' }).tolerated, true);
  assert.equal(tolerates({ key: 'a', value: 'x' }, { key: 'a', value: 'x', effect: 'NoSchedule' }).tolerated, true);
  assert.equal(tolerates({ key: 'a', operator: 'Equal', value: 'x' }, { key: 'a', value: 'X', effect: 'NoSchedule' }).tolerated, false);
});

test('Equal without a value is not a wildcard: it tolerates only a valueless taint', () => {
  assert.equal(tolerates({ key: 'a', operator: 'Equal' }, { key: 'a', effect: 'NoSchedule' }).tolerated, true);
  assert.equal(tolerates({ key: 'a', operator: 'Equal' }, { key: 'a', value: '', effect: 'NoSchedule' }).tolerated, true);
  assert.equal(tolerates({ key: 'a', operator: 'Equal' }, { key: 'a', value: 'v', effect: 'NoSchedule' }).tolerated, false);
});

test('Exists ignores the value', () => {
  assert.equal(tolerates({ key: 'a', operator: 'Exists', value: 'ignored' }, { key: 'a', value: 'v', effect: 'NoSchedule' }).tolerated, true);
});

test('an unknown operator never tolerates (operators are case-sensitive)', () => {
  assert.deepEqual(tolerates({ key: 'a', operator: 'exists' }, { key: 'a', effect: 'NoSchedule' }), { tolerated: false });
  assert.deepEqual(tolerates({ key: 'a', operator: 'In', value: 'v' }, { key: 'a', value: 'v', effect: 'NoSchedule' }), { tolerated: false });
});

test('Lt and Gt never tolerate while the TaintTolerationComparisonOperators gate is off, without an error', () => {
  assert.deepEqual(tolerates({ key: 'gen', operator: 'Gt', value: '3' }, { key: 'gen', value: '5', effect: 'NoSchedule' }), { tolerated: false });
  assert.deepEqual(toleratesTaint({ key: 'gen', operator: 'Lt', value: '9' }, { key: 'gen', value: '5', effect: 'NoSchedule' }), { tolerated: false });
});

test('with the gate on, Gt tolerates when the taint value is greater, Lt when it is smaller; equal values do not tolerate', () => {
  const taint = (value: string): Taint => ({ key: 'gen', value, effect: 'NoSchedule' });
  assert.equal(tolerates({ key: 'gen', operator: 'Gt', value: '3' }, taint('5'), true).tolerated, true);
  assert.equal(tolerates({ key: 'gen', operator: 'Gt', value: '5' }, taint('5'), true).tolerated, false);
  assert.equal(tolerates({ key: 'gen', operator: 'Gt', value: '7' }, taint('5'), true).tolerated, false);
  assert.equal(tolerates({ key: 'gen', operator: 'Lt', value: '7' }, taint('5'), true).tolerated, true);
  assert.equal(tolerates({ key: 'gen', operator: 'Lt', value: '5' }, taint('5'), true).tolerated, false);
  assert.equal(tolerates({ key: 'gen', operator: 'Lt', value: '0' }, taint('-3'), true).tolerated, true);
  assert.equal(tolerates({ key: 'gen', operator: 'Gt', value: '9' }, taint('10'), true).tolerated, true, 'numeric, not lexical');
});

test('with the gate on, non-canonical integers on either side are errors and do not tolerate', () => {
  for (const bad of ['0100', '+100', '100.5', '-', '', ' 200 ', '-0', '1e3', '0x10', '9223372036854775808']) {
    const onTaint = tolerates({ key: 'k', operator: 'Gt', value: '1' }, { key: 'k', value: bad, effect: 'NoSchedule' }, true);
    assert.equal(onTaint.tolerated, false, `taint value ${JSON.stringify(bad)}`);
    assert.match(onTaint.error ?? '', /failed to parse taint value/, `taint value ${JSON.stringify(bad)}`);
    const onToleration = tolerates({ key: 'k', operator: 'Lt', value: bad }, { key: 'k', value: '1', effect: 'NoSchedule' }, true);
    assert.equal(onToleration.tolerated, false, `toleration value ${JSON.stringify(bad)}`);
    assert.match(onToleration.error ?? '', /failed to parse toleration value/, `toleration value ${JSON.stringify(bad)}`);
  }
});

test('canonical integers: 0, negatives and the int64 limits parse; everything else is rejected', () => {
  assert.equal(parseCanonicalInt64('0'), 0n);
  assert.equal(parseCanonicalInt64('-42'), -42n);
  assert.equal(parseCanonicalInt64('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseCanonicalInt64('-9223372036854775808'), -9223372036854775808n);
  assert.equal(typeof parseCanonicalInt64('007'), 'string');
  assert.equal(typeof parseCanonicalInt64('-0'), 'string');
});

test('a key or effect mismatch wins over a parse error: no error is reported', () => {
  assert.deepEqual(tolerates({ key: 'k', operator: 'Gt', value: 'x' }, { key: 'other', value: '1', effect: 'NoSchedule' }, true), { tolerated: false });
});

test('wrong types never throw', () => {
  const weird = [null, undefined, 42, 'str', [], { key: 5, operator: ['Exists'], value: {} }] as unknown as Toleration[];
  for (const toleration of weird) {
    for (const taint of weird as unknown as Taint[]) assert.doesNotThrow(() => toleratesTaint(toleration, taint, { tolerationComparisonOperators: true }));
  }
  assert.equal(toleratesTaint({ operator: 'Exists' }, null as unknown as Taint).tolerated, true);
});

test('formatting: taints as key=value:Effect, tolerations in one line', () => {
  assert.equal(formatTaint({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }), 'nvidia.com/gpu=present:NoSchedule');
  assert.equal(formatTaint({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }), 'node-role.kubernetes.io/control-plane:NoSchedule');
  assert.equal(formatToleration({ operator: 'Exists' }), 'Exists (every taint)');
  assert.equal(formatToleration({ key: 'gen', operator: 'Gt', value: '5', effect: 'NoSchedule' }), 'gen Gt 5 (NoSchedule)');
  assert.equal(formatToleration({ key: 'a', value: 'b' }), 'a Equal b');
});
