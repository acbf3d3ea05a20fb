import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileExpression,
  compileField,
  compileNodeSelector,
  nodeSelectorMatches,
  parseGoInt64,
} from '../../../server/src/kube/nodeAffinity';
import { codesOf, decide, expr, node, pairOf, required } from './placementHelpers';

const matches = (labels: Record<string, string>, ...terms: unknown[]) =>
  nodeSelectorMatches(compileNodeSelector({ nodeSelectorTerms: terms }), 'worker-1', labels);

const exprMatches = (labels: Record<string, string>, key: string, operator: string, values?: string[]) =>
  matches(labels, { matchExpressions: [expr(key, operator, values)] });

test('§4 nodeSelector: every pair needs the key present with exactly that value', () => {
  const target = node('w', { disktype: 'ssd', zone: 'a' });
  assert.deepEqual(pairOf(decide(target, { nodeSelector: { disktype: 'ssd', zone: 'a' } })), [true, true]);
  assert.deepEqual(pairOf(decide(target, { nodeSelector: { disktype: 'ssd', zone: 'b' } })), [false, false]);
  assert.deepEqual(pairOf(decide(target, { nodeSelector: { gpu: '' } })), [false, false], 'an empty value still requires the key');
  assert.deepEqual(pairOf(decide(node('w', { gpu: '' }), { nodeSelector: { gpu: '' } })), [true, true]);
  assert.deepEqual(pairOf(decide(target, { nodeSelector: {} })), [true, true], 'an empty map imposes nothing');
});

test('§4 nodeSelector messages name the pair and what the node has', () => {
  const decision = decide(node('w', { disktype: 'hdd' }), { nodeSelector: { disktype: 'ssd', zone: 'a' } });
  assert.deepEqual(decision.reasons.map((r) => r.message), [
    'nodeSelector `disktype=ssd`: the node has `disktype=hdd`',
    'nodeSelector `zone=a`: the node has no label `zone`',
  ]);
  assert.deepEqual(decision.reasons[0]!.requirement, { key: 'disktype', operator: 'In', values: ['ssd'] });
  assert.equal(decision.reasons[0]!.nodeValue, 'hdd');
  assert.equal('nodeValue' in decision.reasons[1]!, false);
});

test('§4 the nodeSelector is ANDed with the required affinity', () => {
  const target = node('w', { foo: 'bar' });
  const decision = decide(target, { nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [expr('foo', 'In', ['baz'])] }) });
  assert.deepEqual(pairOf(decision), [false, false]);
  assert.deepEqual(codesOf(decision), ['node-affinity-mismatch']);
});

test('§4 preferred affinity is ignored, and `required: null` imposes nothing', () => {
  const preferred = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [expr('x', 'Exists')] } }] } };
  assert.deepEqual(pairOf(decide(node('w'), { affinity: preferred })), [true, true]);
  const nullRequired = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: null } } as never;
  assert.deepEqual(pairOf(decide(node('w'), { affinity: nullRequired })), [true, true]);
});

test('§4.1 terms are ORed; expressions inside a term are ANDed', () => {
  assert.equal(matches({ a: '1' }, { matchExpressions: [expr('a', 'In', ['2'])] }, { matchExpressions: [expr('a', 'In', ['1'])] }), true);
  assert.equal(matches({ a: '1' }, { matchExpressions: [expr('a', 'In', ['1']), expr('b', 'Exists')] }), false);
  assert.equal(matches({ a: '1', b: '' }, { matchExpressions: [expr('a', 'In', ['1']), expr('b', 'Exists')] }), true);
});

test('§4.1 zero terms, or only empty terms, match nothing: node-affinity-unsatisfiable', () => {
  assert.equal(matches({ a: '1' }), false);
  assert.equal(matches({ a: '1' }, {}, { matchExpressions: [] }), false);
  const zero = decide(node('w'), { affinity: required() });
  assert.deepEqual([pairOf(zero), codesOf(zero)], [[false, false], ['node-affinity-unsatisfiable']]);
  const onlyEmpty = decide(node('w'), { affinity: required({}) });
  assert.match(onlyEmpty.reasons[0]!.message, /only empty nodeSelectorTerms/);
  const noTermsField = decide(node('w'), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } });
  assert.deepEqual(pairOf(noTermsField), [false, false]);
});

test('§4.1 an empty term next to a matching term still matches', () => {
  assert.equal(matches({ a: '1' }, {}, { matchExpressions: [expr('a', 'Exists')] }), true);
});

test('§4.1 an invalid term next to a matching term still matches; alone it fails the node', () => {
  const invalid = { matchExpressions: [expr('cores', 'Gt', ['abc'])] };
  const valid = { matchExpressions: [expr('a', 'In', ['1'])] };
  assert.equal(matches({ a: '1', cores: '8' }, invalid, valid), true);
  assert.equal(matches({ a: '1', cores: '8' }, valid, invalid), true);
  const alone = decide(node('w', { cores: '8' }), { affinity: required(invalid) });
  assert.deepEqual([pairOf(alone), codesOf(alone)], [[false, false], ['node-affinity-unsatisfiable']]);
  assert.match(alone.reasons[0]!.message, /every term is invalid \(term 1: invalid: matchExpressions\[0\]\.values\[0\]: Invalid value: "abc"/);
  const besideFailing = decide(node('w', { a: '2' }), { affinity: required(invalid, valid) });
  assert.deepEqual(codesOf(besideFailing), ['node-affinity-mismatch']);
  assert.equal(besideFailing.reasons[0]!.terms?.[0]?.error !== undefined, true);
});

test('§4.2 operator semantics: In, NotIn (absent key matches), Exists (empty value counts), DoesNotExist', () => {
  assert.equal(exprMatches({ zone: 'a' }, 'zone', 'In', ['a', 'b']), true);
  assert.equal(exprMatches({}, 'zone', 'In', ['a']), false);
  assert.equal(exprMatches({}, 'spot', 'NotIn', ['true']), true, 'NotIn matches nodes that lack the key');
  assert.equal(exprMatches({ spot: 'true' }, 'spot', 'NotIn', ['true']), false);
  assert.equal(exprMatches({ spot: 'false' }, 'spot', 'NotIn', ['true']), true);
  assert.equal(exprMatches({ gpu: '' }, 'gpu', 'Exists'), true, 'Exists matches an empty-valued label');
  assert.equal(exprMatches({}, 'gpu', 'DoesNotExist'), true);
  assert.equal(exprMatches({ gpu: '' }, 'gpu', 'DoesNotExist'), false);
});

test('§4.2 Gt/Lt compare numerically and parse leniently (leading zeros, a sign on the node value)', () => {
  assert.equal(exprMatches({ kernel: '0206' }, 'kernel', 'Gt', ['0204']), true);
  assert.equal(exprMatches({ n: '10' }, 'n', 'Gt', ['9']), true, 'numeric, not lexical');
  assert.equal(exprMatches({ n: '9' }, 'n', 'Gt', ['9']), false);
  assert.equal(exprMatches({ n: '3' }, 'n', 'Lt', ['5']), true);
  assert.equal(exprMatches({ n: '+7' }, 'n', 'Gt', ['5']), true, 'a node value with + parses (ParseInt is lenient)');
  assert.equal(exprMatches({ n: '-7' }, 'n', 'Lt', ['5']), true);
  assert.equal(exprMatches({ n: 'x7' }, 'n', 'Gt', ['5']), false, 'a value that does not parse never matches');
  assert.equal(exprMatches({}, 'n', 'Lt', ['5']), false, 'an absent key never matches');
  assert.equal(exprMatches({ n: '9223372036854775807' }, 'n', 'Gt', ['9223372036854775806']), true, 'exact beyond 2^53');
  assert.equal(exprMatches({ n: '9223372036854775808' }, 'n', 'Gt', ['1']), false, 'out of int64 range does not parse');
});

test('§4.2 a Gt/Lt requirement value must also be a valid label value: "+5" and "-5" make the term invalid', () => {
  assert.equal(typeof compileExpression(expr('n', 'Gt', ['+5'])), 'string');
  assert.equal(typeof compileExpression(expr('n', 'Gt', ['-5'])), 'string');
  assert.equal(typeof compileExpression(expr('n', 'Gt', ['05'])), 'object');
});

test('§4.2 parse-time rules: value counts per operator, key and value syntax, unknown operators', () => {
  const invalid = [
    expr('a', 'In', []),
    expr('a', 'NotIn'),
    expr('a', 'Exists', ['x']),
    expr('a', 'DoesNotExist', ['x']),
    expr('a', 'Gt', ['1', '2']),
    expr('a', 'Lt', []),
    expr('a', 'Gt', ['1.5']),
    expr('a', 'Equals', ['1']),
    expr('a', 'in', ['1']),
    expr('bad key!', 'Exists'),
    expr('a', 'In', ['not a label value']),
    { key: 'a', operator: 'In', values: [{}] },
    'not an object',
  ];
  for (const requirement of invalid) assert.equal(typeof compileExpression(requirement), 'string', JSON.stringify(requirement));
  assert.equal(typeof compileExpression(expr('example.com/a', 'In', ['', 'x'])), 'object');
});

test('§4.3 matchFields: metadata.name In/NotIn with exactly one value', () => {
  const byName = (operator: string, values: string[]) => nodeSelectorMatches(
    compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator, values }] }] }),
    'node-1',
    {},
  );
  assert.equal(byName('In', ['node-1']), true);
  assert.equal(byName('In', ['node-2']), false);
  assert.equal(byName('NotIn', ['node-1']), false);
  assert.equal(byName('NotIn', ['node-2']), true);
  assert.equal(byName('In', ['node-1', 'node-2']), false, 'two values are a parse error');
  for (const bad of [{ key: 'metadata.name', operator: 'Exists' }, { key: 'metadata.name', operator: 'In', values: [] }]) {
    assert.equal(typeof compileField(bad), 'string');
  }
});

test('§4.3 any other field reads as "", and a node without a name skips matchFields', () => {
  const selector = (key: string, operator: string, value: string) =>
    compileNodeSelector({ nodeSelectorTerms: [{ matchFields: [{ key, operator, values: [value] }] }] });
  assert.equal(nodeSelectorMatches(selector('spec.unschedulable', 'In', ''), 'n', {}), true);
  assert.equal(nodeSelectorMatches(selector('metadata.name', 'In', 'other'), '', {}), true);
});

test('§4.3 matchFields and matchExpressions in one term are ANDed', () => {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }], matchExpressions: [expr('a', 'Exists')] };
  const selector = compileNodeSelector({ nodeSelectorTerms: [term] });
  assert.equal(nodeSelectorMatches(selector, 'node-1', { a: '' }), true);
  assert.equal(nodeSelectorMatches(selector, 'node-1', {}), false);
  assert.equal(nodeSelectorMatches(selector, 'node-2', { a: '' }), false);
});

test('§9.11 matchExpressions on metadata.name reads a label of that name, not the node name', () => {
  const decision = decide(node('node-1'), { affinity: required({ matchExpressions: [expr('metadata.name', 'In', ['node-1'])] }) });
  assert.deepEqual(pairOf(decision), [false, false]);
  assert.match(decision.reasons[0]!.message, /`metadata.name In \[node-1\]`: node has no label `metadata.name`/);
});

test('the affinity message names each term with its first failing requirement', () => {
  const decision = decide(node('w', { zone: 'b' }), { affinity: required({ matchExpressions: [expr('zone', 'In', ['a'])] }) });
  assert.equal(decision.reasons[0]!.message, 'no required node affinity term matches (term 1: `zone In [a]`: node is in `b`)');
  assert.equal(decision.reasons[0]!.term, 0);
  assert.deepEqual(decision.reasons[0]!.requirement, { key: 'zone', operator: 'In', values: ['a'] });
});

test('Go ParseInt: sign, digits, int64 range', () => {
  assert.equal(parseGoInt64('+5'), 5);
  assert.equal(parseGoInt64('-0'), 0);
  assert.equal(parseGoInt64('007'), 7);
  for (const bad of ['', '+', '1_000', '0x10', ' 1', '1.0', '9223372036854775808']) assert.equal(parseGoInt64(bad), undefined, bad);
  assert.equal(parseGoInt64('-9223372036854775808'), -9223372036854775808n);
});
