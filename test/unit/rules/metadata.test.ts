import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single, withCode } from './helpers';

describe('metadata-name-missing', () => {
  test('a DaemonSet without a name is an error at metadata', () => {
    const finding = single(check(daemonSet('metadata: {name: null}')), 'metadata-name-missing');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['metadata']);
    assert.match(finding.message, /name or generateName is required/);
  });

  test('an empty name is reported at the name', () => {
    assert.deepEqual(single(check(daemonSet('metadata: {name: ""}')), 'metadata-name-missing').path, ['metadata', 'name']);
  });

  test('without metadata, the finding points at the root', () => {
    assert.deepEqual(single(check(daemonSet('metadata: null')), 'metadata-name-missing').path, []);
  });

  test('generateName instead of a name is accepted', () => {
    assert.deepEqual(check(daemonSet('metadata: {name: null, generateName: agent-}')), []);
  });
});

describe('metadata-name-invalid', () => {
  test('a name with uppercase and underscores is not a DNS-1123 subdomain', () => {
    const finding = single(check(daemonSet('metadata: {name: Node_Agent}')), 'metadata-name-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['metadata', 'name']);
    assert.match(finding.message, /`Node_Agent`: a lowercase RFC 1123 subdomain/);
  });

  test('the fix renames to the lowercase, dashed form', () => {
    const subject = daemonSet('metadata: {name: Node_Agent}');
    const fix = fixTitled(single(check(subject), 'metadata-name-invalid'), 'Rename to `node-agent`');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['metadata', 'name'], value: 'node-agent' }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('an invalid generateName prefix is reported at generateName', () => {
    const finding = single(check(daemonSet('metadata: {name: null, generateName: Agent-}')), 'metadata-name-invalid');
    assert.deepEqual(finding.path, ['metadata', 'generateName']);
  });

  test('dots are fine in a subdomain', () => {
    assert.deepEqual(check(daemonSet('metadata: {name: agent.v2}')), []);
  });
});

describe('metadata-namespace-invalid', () => {
  test('a namespace must be a DNS-1123 label (no dots)', () => {
    const finding = single(check(daemonSet('metadata: {namespace: kube.system}')), 'metadata-namespace-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['metadata', 'namespace']);
  });

  test('a missing namespace is fine (it comes from the request)', () => {
    assert.deepEqual(check(daemonSet('metadata: {namespace: null}')), []);
  });
});

describe('label-invalid', () => {
  test('an invalid template label key is reported at the key', () => {
    const finding = single(check(daemonSet('spec: {template: {metadata: {labels: {"example.com/": x}}}}')), 'label-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec', 'template', 'metadata', 'labels', 'example.com/']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /name part must be non-empty/);
  });

  test('an invalid DaemonSet label value is reported at the value', () => {
    const finding = single(check(daemonSet('metadata: {labels: {app: "node agent"}}')), 'label-invalid');
    assert.deepEqual(finding.path, ['metadata', 'labels', 'app']);
    assert.equal(finding.target, undefined);
    assert.match(finding.message, /`node agent`/);
  });

  test('a label value that YAML reads as a boolean must be quoted', () => {
    const finding = single(check(daemonSet('metadata: {labels: {enabled: true}}')), 'label-invalid');
    assert.match(finding.message, /must be a string, not a boolean; quote it: "true"/);
  });

  test('an empty label value is valid', () => {
    assert.deepEqual(check(daemonSet('metadata: {labels: {critical: ""}}')), []);
  });

  test('labels that are not a map are reported at the labels', () => {
    const findings = withCode(check(daemonSet('metadata: {labels: [app]}')), 'label-invalid');
    assert.deepEqual(findings.map((finding) => finding.path), [['metadata', 'labels']]);
  });
});

describe('annotation-invalid', () => {
  test('an annotation key with two slashes is invalid', () => {
    const finding = single(check(daemonSet('spec: {template: {metadata: {annotations: {"a/b/c": x}}}}')), 'annotation-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec', 'template', 'metadata', 'annotations', 'a/b/c']);
    assert.equal(finding.target, 'key');
  });

  test('annotation keys are checked lowercased, so an uppercase prefix is accepted', () => {
    assert.deepEqual(check(daemonSet('metadata: {annotations: {"Example.COM/Config": "{\\"a\\": 1}"}}')), []);
  });

  test('annotations over 256 KiB in total are invalid', () => {
    const subject = daemonSet();
    (subject.object.metadata as Record<string, unknown>).annotations = { big: 'x'.repeat(256 * 1024) };
    const finding = single(check(subject), 'annotation-invalid');
    assert.deepEqual(finding.path, ['metadata', 'annotations']);
    assert.match(finding.message, /must have at most 262144 bytes/);
  });

  test('a numeric annotation value must be quoted', () => {
    assert.deepEqual(codes(check(daemonSet('metadata: {annotations: {replicas: 3}}'))), ['annotation-invalid']);
  });
});
