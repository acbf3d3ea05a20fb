/**
 * Rules must not throw on any input shape: every value of a DaemonSet that uses every field the rules read (and
 * of a Service and a PodDisruptionBudget next to it) is replaced in turn by values of the wrong type, and every
 * rule runs directly (not through the registry's safety net) on a deep-frozen copy, so mutations throw too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { rules } from '../../../server/src/rules/registry';
import type { Finding, Path, Resource, Rule } from '../../../server/src/rules/types';
import { resourceOf } from './helpers';

const everything = parse(`
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
  generateName: agent-
  labels: {app: agent}
  annotations: {note: x}
spec:
  minReadySeconds: 5
  revisionHistoryLimit: 3
  selector:
    matchLabels: {app: agent, tier: node}
    matchExpressions: [{key: app, operator: In, values: [agent]}]
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: "10%", maxSurge: 0}
  template:
    metadata:
      labels: {app: agent, tier: nodes}
      annotations: {note: x}
    spec:
      nodeName: worker-1
      hostNetwork: true
      restartPolicy: Always
      activeDeadlineSeconds: 5
      nodeSelector: {node-role.kubernetes.io/master: ""}
      containers:
      - name: agent
        image: pause
        ports: [{name: http, containerPort: 80, hostPort: 81, protocol: TCP}]
      initContainers: [{name: agent, image: busybox}]
      ephemeralContainers: [{name: debug}]
      tolerations:
      - {key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
      - {key: nvidia.com/gpu, operator: Equal, value: "", effect: NoSchedule, tolerationSeconds: 1}
      - {key: "", operator: Lt, value: "5"}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: metadata.name, operator: In, values: [worker-1]}
              - {key: cpu, operator: Gt, values: ["4.5"]}
              - {key: node-role.kubernetes.io/master, operator: DoesNotExist}
              matchFields: [{key: metadata.name, operator: In, values: [worker-1]}]
            - {}
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 0
            preference:
              matchExpressions: [{key: zone, operator: In, values: [a]}]
              matchFields: [{key: metadata.name, operator: NotIn, values: [a]}]
`) as Record<string, unknown>;

const service = parse(`
apiVersion: v1
kind: Service
metadata: {name: agent, namespace: kube-system}
spec: {selector: {app: agent, tier: node}}
`) as Record<string, unknown>;

const budget = parse(`
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: agent, namespace: kube-system}
spec: {selector: {matchLabels: {app: agent}, matchExpressions: [{key: tier, operator: NotIn, values: [nodes]}]}}
`) as Record<string, unknown>;

const wrongValues: readonly unknown[] = [
  'text',
  '',
  0,
  -1,
  1.5,
  true,
  null,
  [],
  [null],
  ['text', 1, {}],
  {},
  { key: 1, operator: 2, values: 3 },
  [[[]]],
];

/** Every path to a value inside `value`, the root excluded. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found.push([...prefix, index], ...paths(item, [...prefix, index]));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) found.push([...prefix, key], ...paths(item, [...prefix, key]));
  }
  return found;
}

function replaced(root: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let parent: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = structuredClone(value);
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function assertWellFormed(rule: Rule, findings: Finding[], where: string): void {
  assert.ok(Array.isArray(findings), `${rule.id} ${where}: not a list`);
  const declared = new Set(rule.codes.map((code) => code.code));
  for (const finding of findings) {
    assert.ok(declared.has(finding.code), `${rule.id} ${where}: undeclared code ${finding.code}`);
    assert.ok(typeof finding.message === 'string' && finding.message.length > 0, `${rule.id} ${where}: empty message`);
    assert.ok(finding.path.every((segment) => typeof segment === 'string' || typeof segment === 'number'), `${rule.id} ${where}: bad path`);
    for (const fix of finding.fixes ?? []) assert.ok(fix.title.length > 0 && fix.edits.length > 0, `${rule.id} ${where}: empty fix`);
  }
}

/** Runs every rule on `subject` in a file of `file`, whatever `appliesTo` says, and checks the output's shape. */
function runAll(subject: Resource, file: Resource[], where: string): number {
  let count = 0;
  for (const rule of rules) {
    let findings: Finding[];
    try {
      rule.appliesTo(subject);
      findings = rule.check({ resource: subject, file, options: { tolerationComparisonOperators: count % 2 === 0 } });
    } catch (error) {
      assert.fail(`${rule.id} threw ${where}: ${(error as Error).stack}`);
    }
    assertWellFormed(rule, findings, where);
    count += findings.length;
  }
  return count;
}

test('the everything DaemonSet itself is checked without throwing and finds problems', () => {
  const subject = resourceOf(deepFreeze(structuredClone(everything)));
  assert.ok(runAll(subject, [subject], 'on the original') > 10);
});

for (const [name, root] of [
  ['DaemonSet', everything],
  ['Service', service],
  ['PodDisruptionBudget', budget],
] as const) {
  test(`no rule throws when any value of the ${name} has the wrong type`, () => {
    for (const path of paths(root)) {
      for (const value of wrongValues) {
        const object = deepFreeze(replaced(root, path, value));
        const subject = resourceOf(object);
        const others = [everything, service, budget].filter((other) => other !== root).map((other) => resourceOf(deepFreeze(structuredClone(other))));
        runAll(subject, [subject, ...others], `with ${JSON.stringify(value)} at ${path.join('.')}`);
      }
    }
  });
}

test('no rule throws on a resource whose whole object, spec or template is of the wrong type', () => {
  for (const value of wrongValues) {
    for (const path of [['spec'], ['metadata'], ['spec', 'template'], ['spec', 'template', 'spec']] as Path[]) {
      const subject = resourceOf(deepFreeze(replaced(everything, path, value)));
      runAll(subject, [subject], `with ${JSON.stringify(value)} at ${path.join('.')}`);
    }
    const bare: Resource = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: '', namespace: undefined, object: deepFreeze({ spec: value }) as Record<string, unknown> };
    runAll(bare, [bare], `with spec ${JSON.stringify(value)}`);
  }
});

test('no rule throws on keys that look like prototype properties', () => {
  const object = deepFreeze(
    JSON.parse(
      '{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"constructor","labels":{"__proto__":"x","constructor":"y","toString":""}},' +
        '"spec":{"selector":{"matchLabels":{"constructor":"y"}},"template":{"metadata":{"labels":{"hasOwnProperty":"z"}},"spec":{"nodeSelector":{"__proto__":"a"}}}}}',
    ) as Record<string, unknown>,
  );
  const subject = resourceOf(object);
  runAll(subject, [subject], 'with prototype-like keys');
});
