/**
 * Schema validation over stdio with the bundled Kubernetes 1.34 schema: each document of a multi-document file is
 * checked against its own kind, with no "Matches multiple schemas" noise, and the setting that turns it off.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { startServer, type TestServer } from './lspClient';
import { changeSettings, daemonSet, freshUri, marked } from './completionSupport';

const schemaProblems = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'kubernetes-schema');

async function diagnose(server: TestServer, text: string): Promise<Diagnostic[]> {
  const uri = freshUri();
  server.open(uri, text);
  return (await server.diagnostics(uri)).diagnostics;
}

/** A valid file of several kinds, the way a chart renders them. */
const validFile = `apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: node-exporter
  namespace: monitoring
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: node-exporter
rules:
- apiGroups: [""]
  resources: [nodes, nodes/metrics]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: node-exporter
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: node-exporter
subjects:
- kind: ServiceAccount
  name: node-exporter
  namespace: monitoring
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: node-exporter
  namespace: monitoring
  creationTimestamp: null
data:
  collectors: cpu,meminfo
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
  labels: {app.kubernetes.io/name: node-exporter}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: node-exporter}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 10%}
  template:
    metadata:
      labels: {app.kubernetes.io/name: node-exporter}
    spec:
      serviceAccountName: node-exporter
      hostNetwork: true
      hostPID: true
      priorityClassName: system-node-critical
      tolerations:
      - operator: Exists
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        args: [--path.rootfs=/host]
        ports:
        - {name: metrics, containerPort: 9100, hostPort: 9100}
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {cpu: 1, memory: 128Mi}
        volumeMounts:
        - {name: root, mountPath: /host, readOnly: true}
      volumes:
      - name: root
        hostPath: {path: /}
---
apiVersion: v1
kind: Service
metadata:
  name: node-exporter
  namespace: monitoring
spec:
  clusterIP: None
  selector: {app.kubernetes.io/name: node-exporter}
  ports:
  - {name: metrics, port: 9100, targetPort: metrics}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-metrics
  namespace: monitoring
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - ports: [{port: 9100, protocol: TCP}]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - {name: cleanup, image: busybox, command: [sh, -c, "true"]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: node-exporter
spec:
  anything: [goes, here]
`;

describe('schema validation', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  test('a wrong type in a DaemonSet is reported at the value', async () => {
    const { text, position } = marked(daemonSet('', '      hostNetwork: |"yes"\n'));
    const problems = schemaProblems(await diagnose(server, text));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.message, 'Incorrect type. Expected "boolean".');
    assert.deepEqual(problems[0]!.range.start, position);
    assert.equal(problems[0]!.source, 'daemonset');
  });

  test('a wrong type in another kind of the same file is reported against that kind', async () => {
    const source = `${daemonSet('', '      hostNetwork: "yes"\n')}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: |three
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - {name: web, image: nginx}
`;
    const { text, position } = marked(source);
    const problems = schemaProblems(await diagnose(server, text));
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.message]),
      [
        [13, 'Incorrect type. Expected "boolean".'],
        [position.line, 'Incorrect type. Expected "integer".'],
      ],
    );
  });

  test('a valid multi-document file of several kinds has no diagnostics at all', async () => {
    assert.deepEqual(await diagnose(server, validFile), []);
  });

  test('an unknown field is reported; a custom resource is not checked', async () => {
    const problems = schemaProblems(await diagnose(server, `${daemonSet('', '      toleration: []\n')}---
apiVersion: example.com/v1
kind: Widget
spec: {size: large}
`));
    assert.deepEqual(problems.map((p) => p.message), ['Property toleration is not allowed.']);
  });

  test('templated documents get no schema problems', async () => {
    const diagnostics = await diagnose(server, `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
`);
    assert.deepEqual(schemaProblems(diagnostics), []);
  });

  test('a modeline naming a Kubernetes JSON schema URL is answered with the bundled schema, offline', async () => {
    const problems = schemaProblems(await diagnose(server, `# yaml-language-server: $schema=https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.0-standalone-strict/daemonset-apps-v1.json
${daemonSet('', '      hostNetwork: "yes"\n')}`));
    assert.deepEqual(problems.map((p) => p.message), ['Incorrect type. Expected "boolean".']);
  });

  test('a modeline naming any other schema is not fetched, and reports nothing of ours', async () => {
    const diagnostics = await diagnose(server, `# yaml-language-server: $schema=https://example.com/schemas/daemonset.json
${daemonSet('', '      hostNetwork: "yes"\n')}`);
    assert.deepEqual(schemaProblems(diagnostics), []);
    assert.ok(!diagnostics.some((d) => /Unable to load schema/.test(String(d.message))));
  });
});

describe('daemonset.schema.enable', () => {
  const wrong = daemonSet('', '      hostNetwork: "yes"\n');

  test('"off" turns schema validation off', async () => {
    const server = await startServer();
    try {
      const uri = freshUri();
      server.open(uri, wrong);
      assert.equal(schemaProblems((await server.diagnostics(uri)).diagnostics).length, 1);
      await changeSettings(server, { daemonset: { schema: { enable: 'off' } } }, uri);
      server.change(uri, `${wrong}\n`, 2);
      assert.deepEqual(schemaProblems((await server.diagnostics(uri, 2)).diagnostics), []);
    } finally {
      await server.stop();
    }
  });

  test('"auto" steps aside when Red Hat YAML is installed and validates Kubernetes', async () => {
    const server = await startServer({ redhatYamlInstalled: true });
    try {
      const uri = freshUri();
      server.open(uri, wrong);
      assert.equal(schemaProblems((await server.diagnostics(uri)).diagnostics).length, 1, 'Red Hat YAML alone does not validate Kubernetes');
      await changeSettings(server, { yaml: { schemas: { kubernetes: ['*.yaml'] } } }, uri);
      server.change(uri, `${wrong}\n`, 2);
      assert.deepEqual(schemaProblems((await server.diagnostics(uri, 2)).diagnostics), []);
      await changeSettings(server, { daemonset: { schema: { enable: 'on' } }, yaml: { schemas: { kubernetes: ['*.yaml'] } } }, uri);
      server.change(uri, `${wrong}\n\n`, 3);
      assert.equal(schemaProblems((await server.diagnostics(uri, 3)).diagnostics).length, 1, '"on" keeps ours on');
    } finally {
      await server.stop();
    }
  });
});
