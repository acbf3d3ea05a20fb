/**
 * Container resources as the API server validates them (ValidateResourceRequirements, and the quantity decoder).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareQuantities, parseQuantity } from '../../../server/src/kube/quantity';
import { afterFix, check, daemonSet, fixTitled, single, withCode } from './helpers';

const podSpec = ['spec', 'template', 'spec'];
const withResources = (resources: string) => daemonSet(`spec: {template: {spec: {containers: [{name: agent, image: a, resources: ${resources}}]}}}`);
const at = (...path: string[]) => [...podSpec, 'containers', 0, 'resources', ...path];

describe('quantities', () => {
  test('the syntax of the API server: decimal and binary suffixes, exponents, numbers; nothing else', () => {
    for (const valid of ['1', '0.5', '.5', '5.', '500m', '128Mi', '1.5Gi', '1e3', '1E', '+1k', '2Ei', '100n', 0.25, 3]) assert.ok(parseQuantity(valid), String(valid));
    for (const invalid of ['', 'abc', '1.2.3', '128MB', '1Kb', '1k1', '10 ', ' 1', '1,5', true, null]) assert.equal(parseQuantity(invalid), undefined, String(invalid));
  });

  test('compared exactly, whatever the suffix', () => {
    const cmp = (a: string | number, b: string | number) => compareQuantities(parseQuantity(a)!, parseQuantity(b)!);
    assert.equal(cmp('1.5Gi', '1536Mi'), 0);
    assert.equal(cmp('500m', 0.5), 0);
    assert.equal(cmp('1e3', '1k'), 0);
    assert.equal(cmp('2', '1900m'), 1);
    assert.equal(cmp('1G', '1Gi'), -1);
  });
});

describe('resources-quantity-invalid', () => {
  test('a quantity the decoder refuses, a negative one, and a fractional extended resource are errors', () => {
    const bad = single(check(withResources('{requests: {memory: 128MB}}')), 'resources-quantity-invalid');
    assert.deepEqual(bad.path, at('requests', 'memory'));
    assert.match(bad.message, /Invalid memory request `128MB`: quantities must match the regular expression/);
    assert.match(single(check(withResources('{limits: {cpu: "-1"}}')), 'resources-quantity-invalid').message, /must be greater than or equal to 0/);
    assert.match(single(check(withResources('{limits: {nvidia.com/gpu: 0.5}}')), 'resources-quantity-invalid').message, /nvidia.com\/gpu must be a whole number/);
  });

  test('ordinary requests and limits pass, numbers included', () => {
    assert.deepEqual(check(withResources('{requests: {cpu: 0.1, memory: 64Mi, ephemeral-storage: 1Gi, hugepages-2Mi: 4Mi}, limits: {cpu: "1", memory: 128Mi, hugepages-2Mi: 4Mi}}')), []);
  });
});

describe('resources-name-invalid', () => {
  test('a resource name without a domain that is not a standard one is an error at the key; a near miss is renamed', () => {
    const subject = withResources('{limits: {memmory: 256Mi, cpu: 1}}');
    const finding = single(check(subject), 'resources-name-invalid');
    assert.deepEqual(finding.path, at('limits', 'memmory'));
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /must be a standard resource for containers .*did you mean `memory`\?/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Rename to memory').edits), []);
    const gpu = single(check(withResources('{requests: {gpu: 1}}')), 'resources-name-invalid');
    assert.equal(gpu.fixes, undefined, 'gpu is not a typo of cpu');
    assert.match(gpu.message, /such as `nvidia.com\/gpu`/);
    assert.match(single(check(withResources('{requests: {CPU: 1}}')), 'resources-name-invalid').message, /did you mean `cpu`/);
  });
});

describe('resources-request-exceeds-limit', () => {
  test('a request above its limit is an error at the request, with a fix that requests the limit', () => {
    const subject = withResources('{requests: {memory: 512Mi}, limits: {memory: 0.25Gi}}');
    const finding = single(check(subject), 'resources-request-exceeds-limit');
    assert.deepEqual(finding.path, at('requests', 'memory'));
    assert.match(finding.message, /Invalid value `512Mi`: must be less than or equal to memory limit of `0.25Gi`/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Request the limit, 0.25Gi').edits), []);
    assert.deepEqual(check(withResources('{requests: {cpu: 500m}, limits: {cpu: 0.5}}')), [], 'equal in other units');
  });

  test('an extended resource (a GPU) must have a limit, equal to its request', () => {
    const subject = withResources('{requests: {nvidia.com/gpu: 1}}');
    const missing = single(check(subject), 'resources-request-exceeds-limit');
    assert.match(missing.message, /a limit must be set for `nvidia.com\/gpu`/);
    assert.deepEqual(afterFix(subject, fixTitled(missing, 'Set the nvidia.com/gpu limit to 1').edits), []);
    assert.match(single(check(withResources('{requests: {nvidia.com/gpu: 1}, limits: {nvidia.com/gpu: 2}}')), 'resources-request-exceeds-limit').message, /must be equal to nvidia.com\/gpu limit of `2`/);
    assert.deepEqual(check(withResources('{limits: {nvidia.com/gpu: 2}}')), [], 'a limit alone: the request defaults to it');
    assert.equal(withCode(check(withResources('{requests: {nvidia.com/gpu: 1}, limits: {nvidia.com/gpu: 1}}')), 'resources-request-exceeds-limit').length, 0);
  });
});
