import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, check, fixTitled, resourceOf, resources, single, withCode } from './helpers';

const nginx = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: nginx, namespace: development}
spec:
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx, name: nginx}}
    spec: {containers: [{name: nginx, image: nginx}]}
`;

/** The findings of the resource at `index` of a multi-document file. */
function checkIn(yaml: string, index: number) {
  const file = resources(yaml);
  return check(file[index]!, {}, file);
}

describe('selector-misses-daemonset-pods', () => {
  test('a Service whose selector has a typo is a warning on its selector, naming the DaemonSet and the label', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: development}
spec: {selector: {app: nginx, name: ngnix}, ports: [{port: 80}]}
`,
      1,
    );
    const finding = single(findings, 'selector-misses-daemonset-pods');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, ['spec', 'selector']);
    assert.match(finding.message, /This Service selects no pod of DaemonSet `nginx` \(namespace `development`\)/);
    assert.match(finding.message, /it requires `name=ngnix`, but the pod template has `name=nginx`/);
    assert.deepEqual(
      finding.related?.map((related) => [related.in, related.path]),
      [
        [undefined, ['spec', 'selector', 'name']],
        [{ kind: 'DaemonSet', name: 'nginx', namespace: 'development' }, ['spec', 'template', 'metadata', 'labels']],
      ],
    );
  });

  test("the fix aligns the Service's selector with the pod labels", () => {
    const file = resources(`${nginx}
---
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: development}
spec: {selector: {app: nginx, name: ngnix, tier: web}}
`);
    const finding = single(check(file[1]!, {}, file), 'selector-misses-daemonset-pods');
    const fix = fixTitled(finding, 'Select the pods of DaemonSet `nginx`');
    assert.deepEqual(fix.edits, [
      { kind: 'set', path: ['spec', 'selector', 'name'], value: 'nginx' },
      { kind: 'delete', path: ['spec', 'selector', 'tier'] },
    ]);
    const fixed = resourceOf(applyEdits(file[1]!.object, fix.edits));
    assert.deepEqual(check(fixed, {}, [file[0]!, fixed]), []);
  });

  test('a PodDisruptionBudget is reported at spec.selector, a failing expression at its index', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: nginx, namespace: development}
spec: {maxUnavailable: 1, selector: {matchExpressions: [{key: app, operator: In, values: [web]}]}}
`,
      1,
    );
    const finding = single(findings, 'selector-misses-daemonset-pods');
    assert.deepEqual(finding.path, ['spec', 'selector']);
    assert.deepEqual(finding.related?.map((related) => related.path), [['spec', 'selector', 'matchExpressions', 0], ['spec', 'template', 'metadata', 'labels']]);
    assert.match(finding.message, /PodDisruptionBudget/);
  });

  test('a NetworkPolicy is reported at spec.podSelector', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: nginx, namespace: development}
spec: {podSelector: {matchLabels: {app: ngnix}}}
`,
      1,
    );
    assert.deepEqual(single(findings, 'selector-misses-daemonset-pods').path, ['spec', 'podSelector']);
  });

  test('a Service that selects the pods passes', () => {
    const findings = checkIn(`${nginx}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: nginx, namespace: development}\nspec: {selector: {app: nginx}}\n`, 1);
    assert.deepEqual(findings, []);
  });

  test('another namespace is not compared', () => {
    const findings = checkIn(`${nginx}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: nginx, namespace: production}\nspec: {selector: {app: ngnix}}\n`, 1);
    assert.deepEqual(findings, []);
  });

  test('a missing namespace on both sides is the same namespace', () => {
    const findings = checkIn(
      `${nginx.replace('namespace: development', '')}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: nginx}\nspec: {selector: {app: ngnix}}\n`,
      1,
    );
    assert.equal(withCode(findings, 'selector-misses-daemonset-pods').length, 1);
  });

  test('no shared label key: not meant for the DaemonSet', () => {
    const findings = checkIn(`${nginx}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: development}\nspec: {selector: {component: db}}\n`, 1);
    assert.deepEqual(findings, []);
  });

  test('a Service that selects a Deployment of the file is not about the DaemonSet', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: development}
spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: development}
spec: {selector: {app: web}}
`,
      2,
    );
    assert.deepEqual(findings, []);
  });

  test('with several DaemonSets sharing a key, only the closest is named', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd, namespace: development}
spec: {selector: {matchLabels: {app: fluentd}}, template: {metadata: {labels: {app: fluentd}}, spec: {containers: [{name: f, image: f}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: development}
spec: {selector: {app: nginx, name: ngnix}}
`,
      2,
    );
    const finding = single(findings, 'selector-misses-daemonset-pods');
    assert.match(finding.message, /DaemonSet `nginx`/);
  });

  test('when several DaemonSets share a key but none satisfies any requirement, which one was meant is a guess: no finding', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd, namespace: development}
spec: {selector: {matchLabels: {app: fluentd}}, template: {metadata: {labels: {app: fluentd}}, spec: {containers: [{name: f, image: f}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: development}
spec: {selector: {app: web}}
`,
      2,
    );
    assert.deepEqual(findings, []);
  });

  test('a selector that matches a Pod without labels (only DoesNotExist) selects something: no finding', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: v1
kind: Pod
metadata: {name: bare, namespace: development}
spec: {containers: [{name: c, image: c}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: bare, namespace: development}
spec: {selector: {matchExpressions: [{key: app, operator: DoesNotExist}]}}
`,
      2,
    );
    assert.deepEqual(findings, []);
  });

  test('a Knative Service (another apiVersion) is not a core Service', () => {
    const findings = checkIn(`${nginx}\n---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: nginx, namespace: development}\nspec: {selector: {app: ngnix}}\n`, 1);
    assert.deepEqual(findings, []);
  });
});

describe('selector-misses-daemonset-pods stays quiet on purposeful selectors', () => {
  test('a Service selecting other pods by a different value (not a typo, not the same name) is not reported', () => {
    const findings = checkIn(
      `${nginx}
---
apiVersion: v1
kind: Service
metadata: {name: web-upstream, namespace: development}
spec: {selector: {app: web-frontend}, ports: [{port: 80}]}
`,
      1,
    );
    assert.deepEqual(findings.filter((f) => f.code === 'selector-misses-daemonset-pods'), []);
  });
});
