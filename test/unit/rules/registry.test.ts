import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkResource, isDaemonSet, ruleCodes, rules, runRules } from '../../../server/src/rules/registry';
import type { Rule } from '../../../server/src/rules/types';
import { check, codes, daemonSet, errors, resource, resourceOf, resources } from './helpers';

describe('the code registry', () => {
  test('every code is declared once across all rules', () => {
    const declared = rules.flatMap((rule) => rule.codes.map((code) => code.code));
    const duplicates = declared.filter((code, index) => declared.indexOf(code) !== index);
    assert.deepEqual(duplicates, []);
    assert.equal(ruleCodes.size, declared.length);
  });

  test('rule ids are unique', () => {
    const ids = rules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('codes are kebab-case, with a severity and a one-line title', () => {
    for (const code of ruleCodes.values()) {
      assert.match(code.code, /^[a-z0-9]+(-[a-z0-9]+)*$/, code.code);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(code.severity), code.code);
      assert.ok(code.title.length > 0 && !code.title.includes('\n'), code.code);
    }
  });

  test('every code has tests in this folder that name it', () => {
    const folder = __dirname;
    const text = readdirSync(folder)
      .filter((name) => name.endsWith('.test.ts') && name !== 'registry.test.ts')
      .map((name) => readFileSync(join(folder, name), 'utf8'))
      .join('\n');
    const untested = [...ruleCodes.keys()].filter((code) => !text.includes(`'${code}'`));
    assert.deepEqual(untested, []);
  });
});

describe('isDaemonSet', () => {
  for (const apiVersion of ['apps/v1', 'extensions/v1beta1', 'apps/v1beta2']) {
    test(`kind DaemonSet in ${apiVersion} is a DaemonSet`, () => {
      assert.equal(isDaemonSet(daemonSet(`apiVersion: ${apiVersion}`)), true);
    });
  }

  test('apps/v1beta1 never served DaemonSets, and other kinds are not DaemonSets', () => {
    assert.equal(isDaemonSet(daemonSet('apiVersion: apps/v1beta1')), false);
    assert.equal(isDaemonSet(daemonSet('kind: Deployment')), false);
    assert.equal(isDaemonSet(daemonSet('kind: daemonset')), false);
  });
});

describe('checkResource', () => {
  test('a rule that throws loses its own findings and nothing else', () => {
    const throwing: Rule = {
      id: 'throws',
      appliesTo: () => true,
      codes: [{ code: 'never', severity: 'error', title: 'never' }],
      check: () => {
        throw new Error('bug');
      },
    };
    const subject = daemonSet('spec: {minReadySeconds: -1}');
    const findings = runRules([throwing, ...rules], { resource: subject, file: [subject], options: {} });
    assert.deepEqual(codes(findings), ['min-ready-seconds-negative']);
  });

  test('an appliesTo that throws is isolated too', () => {
    const throwing: Rule = { id: 'throws', appliesTo: () => { throw new Error('bug'); }, codes: [], check: () => [] };
    const subject = daemonSet('spec: {minReadySeconds: -1}');
    assert.deepEqual(codes(runRules([throwing, ...rules], { resource: subject, file: [subject], options: {} })), ['min-ready-seconds-negative']);
  });

  test('findings carry the severity of their code unless the rule overrode it', () => {
    const [finding] = check(daemonSet('spec: {template: {spec: {nodeName: worker-1}}}'));
    assert.equal(finding?.severity, 'warning');
  });

  test('DaemonSet rules leave other kinds alone', () => {
    const deployment = resource(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: Web_1}
spec: {selector: {}, template: {spec: {restartPolicy: Never}}}
`);
    assert.deepEqual(check(deployment), []);
  });
});

interface ValidationExample {
  name: string;
  manifest: Record<string, unknown>;
  expectValid: boolean;
  rule: string;
}

describe('the worked validation examples', () => {
  const examples = JSON.parse(readFileSync(join(__dirname, '../../fixtures/cases/validation-examples.json'), 'utf8')) as ValidationExample[];
  for (const example of examples) {
    test(`${example.name}: ${example.expectValid ? 'no error' : 'at least one error'}`, () => {
      const found = errors(check(resourceOf(example.manifest)));
      if (example.expectValid) assert.deepEqual(found.map((f) => `${f.code}: ${f.message}`), [], example.rule);
      else assert.ok(found.length > 0, `expected an error: ${example.rule}`);
    });
  }
});

describe('the tutorial manifests', () => {
  const folder = join(__dirname, '../../fixtures/examples/nginx-daemonset');
  const findingsOf = (name: string) => {
    const file = resources(readFileSync(join(folder, name), 'utf8'));
    return file.flatMap((subject) => checkResource({ resource: subject, file, options: {} }));
  };

  test('the DaemonSet with the master toleration gets only the control-plane warning', () => {
    assert.deepEqual(codes(findingsOf('nginx-daemonset-on-master.yaml')), ['toleration-master-without-control-plane']);
  });

  test('the DaemonSet without tolerations is clean', () => {
    assert.deepEqual(findingsOf('nginx-daemonset.yaml'), []);
  });

  test('the Namespace and ServiceAccount are not our business', () => {
    assert.deepEqual(findingsOf('00-namespace-serviceaccount.yaml'), []);
  });
});
