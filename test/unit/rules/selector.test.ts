import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, resource, single, validDaemonSet, withCode } from './helpers';

/** The valid DaemonSet with its selector replaced (a patch would merge into it). */
const withSelector = (selector: string) => resource(validDaemonSet.replace('selector: {matchLabels: {app: agent}}', `selector: ${selector}`));

describe('selector-missing', () => {
  test('a DaemonSet without selector is an error at spec, with the apps/v1 explanation', () => {
    const findings = check(daemonSet('spec: {selector: null}'));
    const finding = single(findings, 'selector-missing');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec']);
    assert.equal(finding.target, undefined);
    assert.match(finding.message, /`selector` does not match template `labels`/);
    assert.match(finding.message, /apps\/v1 requires a selector and does not default it/);
  });

  test('a missing selector is reported once: no mismatch findings for the same cause', () => {
    assert.deepEqual(codes(check(daemonSet('spec: {selector: null}'))), ['selector-missing']);
  });

  test('the fix sets the selector to the template labels', () => {
    const subject = daemonSet('spec: {selector: null, template: {metadata: {labels: {app: agent, tier: node}}}}');
    const fix = fixTitled(single(check(subject), 'selector-missing'), 'Set the selector to the template labels');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'agent', tier: 'node' } } }]);
    assert.equal(fix.preferred, true);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('without template labels there is nothing to select by, so no fix', () => {
    const finding = single(check(daemonSet('spec: {selector: null, template: {metadata: null}}')), 'selector-missing');
    assert.equal(finding.fixes, undefined);
  });

  test('an explicit null selector is missing too', () => {
    const subject = resource(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector:
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: pause}]}
`);
    assert.deepEqual(codes(check(subject)), ['selector-missing']);
  });

  test('with spec missing entirely, the finding points at the resource root', () => {
    const finding = single(check(resource('apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}')), 'selector-missing');
    assert.deepEqual(finding.path, []);
  });

  test('a DaemonSet with a matching selector passes', () => {
    assert.deepEqual(check(daemonSet()), []);
  });
});

describe('selector-empty', () => {
  for (const selector of ['{}', '{matchLabels: {}}', '{matchLabels: {}, matchExpressions: []}']) {
    test(`selector ${selector} is "empty selector is invalid for daemonset"`, () => {
      const finding = single(check(withSelector(selector)), 'selector-empty');
      assert.equal(finding.severity, 'error');
      assert.deepEqual(finding.path, ['spec', 'selector']);
      assert.match(finding.message, /^empty selector is invalid for daemonset/);
    });
  }

  test('an empty selector is not also a mismatch', () => {
    assert.deepEqual(codes(check(withSelector('{matchLabels: {}}'))), ['selector-empty']);
  });

  test('the fix replaces it by the template labels', () => {
    const subject = withSelector('{matchLabels: {}}');
    const fix = fixTitled(single(check(subject), 'selector-empty'), 'Set the selector to the template labels');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'agent' } } }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('a selector with only a DoesNotExist requirement is not empty and is accepted', () => {
    assert.deepEqual(check(withSelector('{matchExpressions: [{key: legacy, operator: DoesNotExist}]}')), []);
  });
});

describe('selector-invalid', () => {
  test('an invalid matchLabels key is reported at that key', () => {
    const finding = single(check(withSelector('{matchLabels: {"bad key": agent}}')), 'selector-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchLabels', 'bad key']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /`bad key`/);
  });

  test('an invalid matchLabels value is reported at the value', () => {
    const finding = single(check(withSelector('{matchLabels: {app: "-agent"}}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchLabels', 'app']);
    assert.equal(finding.target, undefined);
    assert.match(finding.message, /`-agent`.*a valid label must be an empty string/);
  });

  test('an unknown operator is reported at the operator of that requirement', () => {
    const finding = single(check(withSelector('{matchExpressions: [{key: app, operator: Equals, values: [agent]}]}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchExpressions', 0, 'operator']);
    assert.match(finding.message, /`Equals`: not a valid selector operator/);
  });

  test('In without values is reported at values', () => {
    const finding = single(check(withSelector('{matchExpressions: [{key: app, operator: In, values: []}]}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchExpressions', 0, 'values']);
    assert.match(finding.message, /must be specified when `operator` is 'In' or 'NotIn'/);
  });

  test('Exists with values is reported at values', () => {
    const finding = single(check(withSelector('{matchExpressions: [{key: app, operator: Exists, values: [agent]}]}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchExpressions', 0, 'values']);
    assert.match(finding.message, /may not be specified when `operator` is 'Exists' or 'DoesNotExist'/);
  });

  test('Gt is not a label selector operator', () => {
    const finding = single(check(withSelector('{matchExpressions: [{key: app, operator: Gt, values: ["1"]}]}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchExpressions', 0, 'operator']);
  });

  test('a non-string matchLabels value must be quoted', () => {
    const finding = single(check(daemonSet('spec: {selector: {matchLabels: {app: agent, version: 2}}, template: {metadata: {labels: {version: "2"}}}}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector', 'matchLabels', 'version']);
    assert.match(finding.message, /quote it: "2"/);
  });

  test('a selector that is a string is invalid', () => {
    const finding = single(check(daemonSet('spec: {selector: "app=agent"}')), 'selector-invalid');
    assert.deepEqual(finding.path, ['spec', 'selector']);
  });

  test('an invalid selector is not also a mismatch', () => {
    assert.deepEqual(codes(check(withSelector('{matchLabels: {app: agent, "a b": c}}'))), ['selector-invalid']);
  });

  test('every invalid entry is reported, not only the first', () => {
    const findings = check(withSelector('{matchLabels: {"a b": c, "d e": f}}'));
    assert.equal(withCode(findings, 'selector-invalid').length, 2);
  });
});

describe('selector-mismatch', () => {
  const tutorial = resource(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nginx, namespace: development, labels: {app: nginx}}
spec:
  selector: {matchLabels: {app: nginx, name: nginx}}
  template:
    metadata: {labels: {app: nginx, name: ngnix}}
    spec:
      serviceAccountName: nginx-svc-acct
      containers: [{image: "katacoda/docker-http-server:latest", name: nginx, ports: [{name: http, containerPort: 80}]}]
      tolerations: [{key: node-role.kubernetes.io/master, effect: NoSchedule}]
`);

  test("the tutorial's label typo: an error at the selector entry, one at the template labels, and the master warning", () => {
    const findings = check(tutorial);
    assert.deepEqual(
      findings.map((finding) => [finding.code, finding.severity, finding.path]),
      [
        ['selector-mismatch', 'error', ['spec', 'selector', 'matchLabels', 'name']],
        ['selector-mismatch', 'error', ['spec', 'template', 'metadata', 'labels']],
        ['toleration-master-without-control-plane', 'warning', ['spec', 'template', 'spec', 'tolerations', 0, 'key']],
      ],
    );
  });

  test('the entry finding quotes the API server and names both values, with related info on the template labels', () => {
    const finding = withCode(check(tutorial), 'selector-mismatch')[0]!;
    assert.equal(finding.message, '`selector` does not match template `labels`: the selector requires `name=nginx`, but the template has `name=ngnix`.');
    assert.deepEqual(
      finding.related?.map((related) => related.path),
      [
        ['spec', 'template', 'metadata', 'labels'],
        ['spec', 'template', 'metadata', 'labels', 'name'],
      ],
    );
  });

  test('the entry fix changes the template label, and applying it clears the mismatch', () => {
    const finding = withCode(check(tutorial), 'selector-mismatch')[0]!;
    const fix = fixTitled(finding, 'Change template label `name` to `nginx`');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['spec', 'template', 'metadata', 'labels', 'name'], value: 'nginx' }]);
    assert.deepEqual(codes(afterFix(tutorial, fix.edits)), ['toleration-master-without-control-plane']);
  });

  test('the other fix sets the selector to the template labels', () => {
    const finding = withCode(check(tutorial), 'selector-mismatch')[0]!;
    const fix = fixTitled(finding, 'Set the selector to the template labels');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'nginx', name: 'ngnix' } } }]);
    assert.deepEqual(codes(afterFix(tutorial, fix.edits)), ['toleration-master-without-control-plane']);
  });

  test('the template finding lists what the selector needs and relates to each failing entry', () => {
    const finding = withCode(check(tutorial), 'selector-mismatch')[1]!;
    assert.match(finding.message, /the selector needs `name=nginx`, but the template labels are `app=nginx,name=ngnix`/);
    assert.deepEqual(finding.related?.map((related) => related.path), [['spec', 'selector', 'matchLabels', 'name']]);
  });

  test('one finding per failing matchLabels entry, plus one at the template labels', () => {
    const findings = withCode(check(withSelector('{matchLabels: {app: agent, tier: node, zone: a}}')), 'selector-mismatch');
    assert.deepEqual(
      findings.map((finding) => finding.path),
      [
        ['spec', 'selector', 'matchLabels', 'tier'],
        ['spec', 'selector', 'matchLabels', 'zone'],
        ['spec', 'template', 'metadata', 'labels'],
      ],
    );
  });

  test('missing labels: the template fix adds them all, titled "Add the missing labels to the template"', () => {
    const subject = withSelector('{matchLabels: {app: agent, tier: node, zone: a}}');
    const finding = withCode(check(subject), 'selector-mismatch')[2]!;
    const fix = fixTitled(finding, 'Add the missing labels to the template');
    assert.deepEqual(fix.edits, [
      { kind: 'set', path: ['spec', 'template', 'metadata', 'labels', 'tier'], value: 'node' },
      { kind: 'set', path: ['spec', 'template', 'metadata', 'labels', 'zone'], value: 'a' },
    ]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('one missing label: the entry fix is titled "Add label ... to the template"', () => {
    const subject = withSelector('{matchLabels: {app: agent, tier: node}}');
    const fix = fixTitled(withCode(check(subject), 'selector-mismatch')[0]!, 'Add label `tier: node` to the template');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['spec', 'template', 'metadata', 'labels', 'tier'], value: 'node' }]);
  });

  test('a failing matchExpressions requirement is reported at its index', () => {
    const findings = withCode(check(withSelector('{matchExpressions: [{key: app, operator: Exists}, {key: app, operator: In, values: [other, more]}]}')), 'selector-mismatch');
    assert.deepEqual(findings[0]!.path, ['spec', 'selector', 'matchExpressions', 1]);
    assert.match(findings[0]!.message, /requires `app in \(other,more\)`, but the template has `app=agent`/);
    assert.equal(findings[0]!.fixes?.some((fix) => fix.title.startsWith('Change')), false, 'no label fix for In with two values');
  });

  test('an In requirement with one value can be fixed on the template', () => {
    const subject = withSelector('{matchExpressions: [{key: app, operator: In, values: [other]}]}');
    const fix = fixTitled(withCode(check(subject), 'selector-mismatch')[0]!, 'Change template label `app` to `other`');
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('NotIn and DoesNotExist failures name the offending template label', () => {
    const notIn = withCode(check(withSelector('{matchExpressions: [{key: app, operator: NotIn, values: [agent]}]}')), 'selector-mismatch')[0]!;
    assert.match(notIn.message, /requires `app notin \(agent\)`, but the template has `app=agent`/);
    const doesNotExist = withCode(check(daemonSet('spec: {selector: {matchLabels: {tier: x}, matchExpressions: [{key: app, operator: DoesNotExist}]}, template: {metadata: {labels: {tier: x}}}}')), 'selector-mismatch')[0]!;
    assert.match(doesNotExist.message, /requires that the template has no label `app`, but it has `app=agent`/);
  });

  test('template labels missing entirely: the template finding points at the template metadata and the fix creates the map', () => {
    const subject = daemonSet('spec: {template: {metadata: {labels: null, annotations: {a: b}}}}');
    const findings = withCode(check(subject), 'selector-mismatch');
    assert.deepEqual(findings[1]!.path, ['spec', 'template', 'metadata']);
    const fix = fixTitled(findings[1]!, 'Add label `app: agent` to the template');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: ['spec', 'template', 'metadata', 'labels'], value: { app: 'agent' } }]);
    assert.equal(findings[1]!.fixes?.some((f) => f.title === 'Set the selector to the template labels'), false);
  });

  test('a selector that matches through matchExpressions passes', () => {
    assert.deepEqual(check(withSelector('{matchExpressions: [{key: app, operator: In, values: [agent, other]}]}')), []);
  });
});
