/**
 * Volumes and volume mounts as the API server validates them (ValidateVolumes, validateVolumeSource,
 * validateHostPathVolumeSource, validateVolumeMounts): each case is a manifest it rejects, or one it accepts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, daemonSet, fixTitled, single, withCode } from './helpers';

const podSpec = ['spec', 'template', 'spec'];
/** The valid DaemonSet with these containers' mounts (of one container `agent`) and these volumes. */
const withVolumes = (mounts: string, volumes: string, initMounts?: string) =>
  daemonSet(
    `spec: {template: {spec: {containers: [{name: agent, image: a, volumeMounts: ${mounts}}], volumes: ${volumes}` +
      (initMounts ? `, initContainers: [{name: init, image: a, volumeMounts: ${initMounts}}]` : '') +
      '}}}',
  );

describe('volume-mount-not-found', () => {
  test('a mount of a volume the pod does not have is an error at its name, with the volume of the nearest name as a fix', () => {
    const subject = withVolumes('[{name: varlogs, mountPath: /var/log}]', '[{name: varlog, hostPath: {path: /var/log}}]');
    const finding = single(check(subject), 'volume-mount-not-found');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'volumeMounts', 0, 'name']);
    assert.match(finding.message, /Not found: `varlogs`: the pod template has no volume of that name \(its volumes: `varlog`\)/);
    const fix = fixTitled(finding, 'Mount volume `varlog`');
    assert.equal(fix.preferred, true);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('no near name: no fix; no volumes at all: says so; init containers are checked too', () => {
    const far = single(check(withVolumes('[{name: data, mountPath: /data}]', '[{name: varlog, hostPath: {path: /var/log}}]')), 'volume-mount-not-found');
    assert.equal(far.fixes, undefined);
    const none = single(check(withVolumes('[{name: data, mountPath: /data}]', '[]')), 'volume-mount-not-found');
    assert.match(none.message, /it has no `volumes`/);
    const init = single(check(withVolumes('[]', '[{name: a, emptyDir: {}}]', '[{name: b, mountPath: /b}]')), 'volume-mount-not-found');
    assert.deepEqual(init.path, [...podSpec, 'initContainers', 0, 'volumeMounts', 0, 'name']);
  });

  test('a mount without a name is reported once, at the mount', () => {
    const finding = single(check(withVolumes('[{mountPath: /data}]', '[{name: a, emptyDir: {}}]')), 'volume-mount-not-found');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'volumeMounts', 0]);
    assert.match(finding.message, /Required value/);
  });

  test('a mount of an existing volume, by a container and an init container, passes', () => {
    assert.deepEqual(check(withVolumes('[{name: a, mountPath: /a}]', '[{name: a, emptyDir: {}}]', '[{name: a, mountPath: /a}]')), []);
  });
});

describe('volume-mount-path-invalid', () => {
  test('two mounts of one container at the same path: the second is an error ("must be unique")', () => {
    const findings = check(withVolumes('[{name: a, mountPath: /x}, {name: b, mountPath: /x}]', '[{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]'));
    const finding = single(findings, 'volume-mount-path-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'volumeMounts', 1, 'mountPath']);
    assert.match(finding.message, /must be unique/);
  });

  test('a mount without mountPath is an error; the same path in two containers is fine', () => {
    const missing = single(check(withVolumes('[{name: a}]', '[{name: a, emptyDir: {}}]')), 'volume-mount-path-invalid');
    assert.match(missing.message, /`mountPath`: Required value/);
    assert.deepEqual(check(withVolumes('[{name: a, mountPath: /x}]', '[{name: a, emptyDir: {}}]', '[{name: a, mountPath: /x}]')), []);
  });
});

describe('volume-name-invalid', () => {
  test('a missing, non-label or duplicate volume name is an error', () => {
    const missing = single(check(withVolumes('[]', '[{emptyDir: {}}]')), 'volume-name-invalid');
    assert.deepEqual(missing.path, [...podSpec, 'volumes', 0]);
    const invalid = single(check(withVolumes('[]', '[{name: Var_Log, emptyDir: {}}]')), 'volume-name-invalid');
    assert.deepEqual(invalid.path, [...podSpec, 'volumes', 0, 'name']);
    assert.match(invalid.message, /Invalid volume name `Var_Log`: a lowercase RFC 1123 label/);
    const duplicate = single(check(withVolumes('[{name: a, mountPath: /a}]', '[{name: a, emptyDir: {}}, {name: a, configMap: {name: c}}]')), 'volume-name-invalid');
    assert.deepEqual(duplicate.path, [...podSpec, 'volumes', 1, 'name']);
    assert.match(duplicate.message, /Duplicate value `a`/);
  });
});

describe('volume-source-invalid', () => {
  test('no volume type is an error; a misspelt one is named with the right spelling', () => {
    const none = single(check(withVolumes('[]', '[{name: a}]')), 'volume-source-invalid');
    assert.deepEqual(none.path, [...podSpec, 'volumes', 0]);
    assert.match(none.message, /must specify a volume type/);
    const misspelt = single(check(withVolumes('[]', '[{name: a, hostpath: {path: /x}}]')), 'volume-source-invalid');
    assert.deepEqual(misspelt.path, [...podSpec, 'volumes', 0, 'hostpath']);
    assert.match(misspelt.message, /`hostpath` is not one: did you mean `hostPath`\?/);
  });

  test('a null volume type is no type (as the API server decodes it)', () => {
    assert.equal(withCode(check(withVolumes('[]', '[{name: a, emptyDir: null}]')), 'volume-source-invalid').length, 1);
  });

  test('two volume types: the second is forbidden', () => {
    const finding = single(check(withVolumes('[]', '[{name: a, emptyDir: {}, hostPath: {path: /x}}]')), 'volume-source-invalid');
    assert.match(finding.message, /may not specify more than 1 volume type \(this volume has `hostPath` and `emptyDir`\)/);
    assert.deepEqual(finding.path, [...podSpec, 'volumes', 0, 'emptyDir']);
  });
});

describe('volume-host-path-invalid', () => {
  test("a hostPath without path, with '..', or with an unknown type is an error; a type in the wrong case has a fix", () => {
    assert.match(single(check(withVolumes('[]', '[{name: a, hostPath: {}}]')), 'volume-host-path-invalid').message, /`hostPath.path`: Required value/);
    assert.match(single(check(withVolumes('[]', '[{name: a, hostPath: {path: /var/../etc}}]')), 'volume-host-path-invalid').message, /must not contain '\.\.'/);
    const subject = withVolumes('[]', '[{name: a, hostPath: {path: /run/containerd/containerd.sock, type: socket}}]');
    const finding = single(check(subject), 'volume-host-path-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'volumes', 0, 'hostPath', 'type']);
    assert.match(finding.message, /Unsupported value `socket` for hostPath.type/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set type: Socket').edits), []);
    assert.equal(single(check(withVolumes('[]', '[{name: a, hostPath: {path: /x, type: Dir}}]')), 'volume-host-path-invalid').fixes, undefined);
  });

  test('every supported type, and an empty one, passes', () => {
    for (const type of ['""', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']) {
      assert.deepEqual(check(withVolumes('[]', `[{name: a, hostPath: {path: /x, type: ${type}}}]`)), [], type);
    }
  });
});
