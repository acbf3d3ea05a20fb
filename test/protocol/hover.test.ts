/**
 * Hover over stdio: field descriptions from the bundled schema, taint keys, tolerations and selectors; with a
 * cluster snapshot, the nodes they match.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from './lspClient';
import { daemonSet, hoverAt, sampleNodes, sendSnapshot } from './completionSupport';

const gpuToleration = daemonSet(`      tolerations:
      - key: dedicated
        operator: Equal
        val|ue: gpu
        effect: NoSchedule`);

describe('hover without a cluster', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  test('a field shows its Kubernetes API description', async () => {
    const text = await hoverAt(server, daemonSet('', `      hostNet|work: true\n`));
    assert.match(text, /Host networking requested for this pod/);
  });

  test('a field of another kind in the same file shows its own description', async () => {
    const text = await hoverAt(server, `${daemonSet('')}---
apiVersion: v1
kind: Service
metadata:
  name: agent
spec:
  sessionAff|inity: ClientIP
`);
    assert.match(text, /Supports "ClientIP" and "None"/);
  });

  test('a taint key explains what it means, who sets it and what the DaemonSet defaults do', async () => {
    const text = await hoverAt(server, daemonSet(`      tolerations:
      - key: node.kubernetes.io/not-re|ady
        operator: Exists
        effect: NoSchedule`));
    assert.match(text, /\*\*node\.kubernetes\.io\/not-ready\*\* \(taint\)/);
    assert.match(text, /Ready=False/);
    assert.match(text, /Set by: node lifecycle controller/);
    assert.match(text, /DaemonSet: tolerated by default for NoExecute/);
    assert.match(text, /Key is the taint key that the toleration applies to/, 'followed by the field description');
  });

  test('when the embedded schema service fails on odd YAML (a null key), our own hover still answers', async () => {
    const text = await hoverAt(server, daemonSet(`      tolerations:
      - key: node.kubernetes.io/not-re|ady
        operator: Exists
        effect: NoSchedule`).replace('  name: agent\n', '  name: agent\n  ~: y\n'));
    assert.match(text, /\*\*node\.kubernetes\.io\/not-ready\*\* \(taint\)/);
  });

  test('a toleration says which taints it tolerates', async () => {
    const text = await hoverAt(server, gpuToleration);
    assert.match(text, /\*\*Toleration\*\* `dedicated Equal gpu \(NoSchedule\)`/);
    assert.match(text, /Tolerates taints `dedicated=gpu` with effect NoSchedule/);
  });

  test('a toleration that repeats a default with tolerationSeconds is explained', async () => {
    const text = await hoverAt(server, daemonSet(`      tolerations:
      - key: node.kubernetes.io/unreachable
        oper|ator: Exists
        effect: NoExecute
        tolerationSeconds: 30`));
    assert.match(text, /replaces this toleration with its default one.*`tolerationSeconds` has no effect/s);
  });

  test('an operator value explains its meaning', async () => {
    const text = await hoverAt(server, daemonSet(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: example.com/pool
                operator: Not|In
                values: [batch]`));
    assert.match(text, /\*\*NotIn\*\*/);
    assert.match(text, /nodes without the label at all/);
  });
});

describe('hover with a cluster snapshot', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    sendSnapshot(server, 'prod', sampleNodes());
  });
  after(() => server.stop());

  test('a toleration names the nodes whose taints it tolerates', async () => {
    const text = await hoverAt(server, gpuToleration);
    assert.match(text, /Tolerates taints on 3 of 12 nodes of context `prod`: gpu-1, gpu-2, gpu-3\./);
  });

  test('a taint key counts the nodes that carry it', async () => {
    const text = await hoverAt(server, daemonSet(`      tolerations:
      - key: node-role.kubernetes.io/con|trol-plane
        operator: Exists`));
    assert.match(text, /Context `prod`: on 2 of 12 nodes \(cp-1, cp-2\); NoSchedule ×2\./);
  });

  test('a nodeSelector entry counts the nodes it matches', async () => {
    const text = await hoverAt(server, daemonSet(`      nodeSelector:
        acceler|ator: nvidia`));
    assert.match(text, /\*\*accelerator\*\* \(node label\)/);
    assert.match(text, /values: `nvidia` ×3/);
    assert.match(text, /`accelerator=nvidia` matches 3 of 12 nodes of context `prod`: gpu-1, gpu-2, gpu-3\./);
  });

  test('a node-affinity requirement counts the nodes of the requirement, its term and the whole affinity', async () => {
    const text = await hoverAt(server, daemonSet(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - ke|y: kubernetes.io/arch
                operator: In
                values: [arm64]
            - matchExpressions:
              - {key: role, operator: Exists}`));
    assert.match(text, /\*\*Requirement\*\* `kubernetes\.io\/arch In \[arm64\]`/);
    assert.match(text, /Matches 1 of 12 nodes of context `prod`: gpu-3\./);
    assert.match(text, /The required node affinity \(terms ORed\) matches 2 of 12 nodes of context `prod`: gpu-3, infra-1\./);
  });

  test('the kind of a DaemonSet says where it runs', async () => {
    const text = await hoverAt(server, daemonSet('').replace('kind: DaemonSet', 'kind: Daemon|Set'));
    assert.match(text, /This DaemonSet runs on 6 of 12 nodes of context `prod`\. Not on:/);
    assert.match(text, /- 3 nodes \(gpu-1, gpu-2, gpu-3\): taint `dedicated=gpu:NoSchedule` is not tolerated/);
  });

  test('the tolerations key of a DaemonSet lists the default tolerations and where it runs', async () => {
    const text = await hoverAt(server, daemonSet(`      toler|ations:
      - key: dedicated
        operator: Exists`));
    assert.match(text, /DaemonSet default tolerations/);
    assert.match(text, /node\.kubernetes\.io\/not-ready Exists \(NoExecute\)/);
    assert.match(text, /This DaemonSet runs on 10 of 12 nodes of context `prod`\. Not on:\n- 2 nodes \(cp-1, cp-2\): taint `node-role\.kubernetes\.io\/control-plane:NoSchedule` is not tolerated/);
  });
});
