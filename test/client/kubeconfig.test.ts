/**
 * Pure parts of the cluster side: which kubeconfig files are read, reconnection delays, the texts of read-only
 * live documents, and the positions the what-if points at in a manifest.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, test } from 'node:test';
import { backoffDelay } from '../../client/src/cluster/backoff';
import { kubeconfigPaths, loadKubeconfig, userKubeconfigSetting } from '../../client/src/cluster/kubeconfig';
import { describeError, safeServer, scrub } from '../../client/src/cluster/redact';
import { formatEvents, liveYaml, tolerationsYaml } from '../../client/src/commands/liveText';
import { findDaemonSets } from '../../client/src/whatIf/manifests';

describe('kubeconfig paths', () => {
  const home = '/home/me';

  test('the setting wins over KUBECONFIG, and may list several files; ~ is the home', () => {
    assert.deepEqual(kubeconfigPaths({ setting: `~/a${delimiter}/etc/b`, env: { HOME: home, KUBECONFIG: '/x' } }), { paths: [join(home, 'a'), '/etc/b'], origin: 'setting' });
  });

  test('KUBECONFIG with several files, empty entries dropped', () => {
    assert.deepEqual(kubeconfigPaths({ env: { HOME: home, KUBECONFIG: `/one${delimiter}${delimiter}/two` } }), { paths: ['/one', '/two'], origin: 'KUBECONFIG' });
  });

  test('else ~/.kube/config', () => {
    assert.deepEqual(kubeconfigPaths({ setting: '  ', env: { HOME: home } }), { paths: [join(home, '.kube', 'config')], origin: 'default' });
  });
});

describe('which daemonset.kubeconfig value counts', () => {
  test("the user's value, whatever the workspace and the folder say", () => {
    assert.equal(userKubeconfigSetting({ globalValue: '~/.kube/mine', workspaceValue: './evil', workspaceFolderValue: '/tmp/evil' }), '~/.kube/mine');
  });

  test('a workspace or folder value alone chooses nothing: KUBECONFIG or ~/.kube/config stay in charge', () => {
    assert.equal(userKubeconfigSetting({ workspaceValue: '/repo/kubeconfig' }), undefined);
    assert.equal(userKubeconfigSetting({ workspaceFolderValue: '/repo/kubeconfig' }), undefined);
    const env = { HOME: '/home/me', KUBECONFIG: '/home/me/demo' };
    const setting = userKubeconfigSetting({ globalValue: '', workspaceValue: '/repo/kubeconfig', workspaceFolderValue: '/repo/kubeconfig' });
    assert.deepEqual(kubeconfigPaths({ setting, env }), { paths: ['/home/me/demo'], origin: 'KUBECONFIG' });
  });

  test('blank, not a string, or nothing inspected: unset', () => {
    assert.equal(userKubeconfigSetting({ globalValue: '   ' }), undefined);
    assert.equal(userKubeconfigSetting({ globalValue: ['/a'] }), undefined);
    assert.equal(userKubeconfigSetting({ globalValue: 42 }), undefined);
    assert.equal(userKubeconfigSetting(undefined), undefined);
  });
});

describe('reconnection backoff', () => {
  const options = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };

  test('doubles per attempt up to the cap, with half of each delay random', () => {
    assert.deepEqual([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, () => 1)), [500, 1000, 2000, 4000]);
    assert.deepEqual([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, () => 0)), [250, 500, 1000, 2000]);
    assert.equal(backoffDelay(10, options, () => 1), 30_000);
    assert.equal(backoffDelay(1_000, options, () => 0), 15_000);
  });
});

describe('safe messages', () => {
  test('credentials and long opaque strings are removed; a server URL loses its user info', () => {
    assert.equal(scrub('Authorization: Bearer abc.def token=xyz'), 'Authorization: Bearer … token=…');
    assert.equal(scrub(`cert ${'A'.repeat(60)} end`), 'cert … end');
    assert.equal(safeServer('https://user:pass@example.com:6443/?x=1'), 'https://example.com:6443');
    assert.equal(describeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), 'connection refused (ECONNREFUSED)');
  });
});

describe('live documents and clipboard texts', () => {
  test('a live object as read-only YAML, without managedFields', () => {
    const text = liveYaml({ kind: 'DaemonSet', metadata: { name: 'x', managedFields: [{ manager: 'kubectl' }] } }, 'DaemonSet default/x');
    assert.equal(text, '# DaemonSet default/x\n# Read-only: edit the manifest in your workspace and apply it.\nkind: DaemonSet\nmetadata:\n  name: x\n');
  });

  test("a pod's events, oldest first", () => {
    const text = formatEvents({ items: [
      { lastTimestamp: '2025-01-01T10:00:05Z', type: 'Warning', reason: 'Failed', count: 3, message: 'Failed to pull image "registry.invalid/x"' },
      { lastTimestamp: '2025-01-01T10:00:00Z', type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned' },
    ] }, 'Events of pod a/b');
    assert.deepEqual(text.split('\n').slice(2, 5), [
      'TIME                  TYPE     REASON                MESSAGE',
      '2025-01-01T10:00:00Z  Normal   Scheduled             Successfully assigned',
      '2025-01-01T10:00:05Z  Warning  Failed                (x3) Failed to pull image "registry.invalid/x"',
    ]);
  });

  test('tolerations to paste', () => {
    assert.equal(tolerationsYaml([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]), '- key: nvidia.com/gpu\n  operator: Equal\n  value: present\n  effect: NoSchedule\n');
  });
});

describe('DaemonSets in a manifest file', () => {
  test('finds each DaemonSet document with the positions of its first key, selector and tolerations; skips other kinds and broken documents', () => {
    const text = [
      'kind: ConfigMap', 'metadata: {name: c}', '---',
      'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: a', 'spec:', '  selector:', '    matchLabels: {app: a}',
      '  template:', '    spec:', '      tolerations: []', '---',
      'kind: DaemonSet', 'metadata: {name: [broken', '---',
      'kind: DaemonSet', 'metadata:', '  name: b', '  namespace: team',
    ].join('\n');
    const found = findDaemonSets(text);
    assert.deepEqual(found.map((d) => [d.documentIndex, d.name, d.namespace]), [[1, 'a', undefined], [3, 'b', 'team']]);
    assert.deepEqual(found[0]!.anchor.start, { line: 3, character: 0 });
    assert.deepEqual(found[0]!.selectorRange, { start: { line: 8, character: 2 }, end: { line: 8, character: 10 } });
    assert.deepEqual(found[0]!.tolerationsRange?.start, { line: 12, character: 6 });
    assert.deepEqual(found[1]!.nameRange.start, { line: 19, character: 8 });
    assert.equal(found[1]!.selectorRange, undefined);
    assert.deepEqual(found.map((d) => d.prefix), [[], []]);
  });

  test('finds the DaemonSets among the items of a `kind: List` (as `kubectl get -o yaml` writes), each with its own ranges', () => {
    const text = [
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: c}',
      '- apiVersion: apps/v1', '  kind: DaemonSet', '  metadata:', '    name: a', '  spec:', '    selector: {matchLabels: {app: a}}',
      '- apiVersion: apps/v1', '  kind: DaemonSet', '  metadata:', '    name: b', '    namespace: team', '  spec:', '    template:', '      spec:', '        tolerations: []',
      '---', 'kind: DaemonSet', 'metadata: {name: c}',
    ].join('\n');
    const found = findDaemonSets(text);
    assert.deepEqual(found.map((d) => [d.documentIndex, d.prefix, d.name, d.namespace]), [
      [0, ['items', 1], 'a', undefined],
      [0, ['items', 2], 'b', 'team'],
      [1, [], 'c', undefined],
    ]);
    assert.deepEqual(found[0]!.anchor.start, { line: 6, character: 2 });
    assert.deepEqual([found[0]!.documentRange.start.line, found[0]!.documentRange.end.line], [6, 12]);
    assert.deepEqual(found[0]!.selectorRange?.start, { line: 11, character: 4 });
    assert.deepEqual(found[1]!.nameRange.start, { line: 15, character: 10 });
    assert.deepEqual(found[1]!.tolerationsRange?.start, { line: 20, character: 8 });
  });
});

describe('exec plugin commands in a kubeconfig file', () => {
  test('a relative path with a folder is relative to the file; a bare name and an absolute path stay', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'daemonset-kubeconfig-'));
    try {
      const user = (name: string, command: string) => `- name: ${name}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${command}\n`;
      const file = join(folder, 'config');
      writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\ncontexts:\n- name: x\n  context: {cluster: c, user: a}\ncurrent-context: x\nusers:\n` +
          user('a', './bin/login') + user('b', 'tools/aws') + user('c', 'aws') + user('d', '/usr/bin/gke-gcloud-auth-plugin'),
      );
      const result = await loadKubeconfig({ setting: file, env: {} });
      assert.equal(result.kind, 'loaded');
      const commands = result.kind === 'loaded' ? result.config.getUsers().map((u) => (u.exec as { command?: string } | undefined)?.command) : [];
      assert.deepEqual(commands, [join(folder, 'bin', 'login'), join(folder, 'tools', 'aws'), 'aws', '/usr/bin/gke-gcloud-auth-plugin']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
