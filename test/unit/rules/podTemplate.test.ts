import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, codes, daemonSet, fixTitled, single, withCode } from './helpers';

const podSpec = ['spec', 'template', 'spec'];

describe('restart-policy-not-always', () => {
  test('restartPolicy OnFailure is rejected for a DaemonSet', () => {
    const subject = daemonSet('spec: {template: {spec: {restartPolicy: OnFailure}}}');
    const finding = single(check(subject), 'restart-policy-not-always');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'restartPolicy']);
    assert.match(finding.message, /Unsupported value `OnFailure` for restartPolicy: supported values: "Always"/);
    const fix = fixTitled(finding, 'Set restartPolicy: Always');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: [...podSpec, 'restartPolicy'], value: 'Always' }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('restartPolicy Always, or none (defaulted to Always), passes', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {restartPolicy: Always}}}')), []);
  });
});

describe('active-deadline-seconds-forbidden', () => {
  test('activeDeadlineSeconds is forbidden, underlining the key', () => {
    const subject = daemonSet('spec: {template: {spec: {activeDeadlineSeconds: 60}}}');
    const finding = single(check(subject), 'active-deadline-seconds-forbidden');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'activeDeadlineSeconds']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /activeDeadlineSeconds in DaemonSet is not Supported/);
    const fix = fixTitled(finding, 'Remove activeDeadlineSeconds');
    assert.deepEqual(fix.edits, [{ kind: 'delete', path: [...podSpec, 'activeDeadlineSeconds'] }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('an explicit null is not set', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {activeDeadlineSeconds: ~}}}')), []);
  });
});

describe('containers-missing', () => {
  test('no containers is Required, pointing at the pod spec', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: null, hostNetwork: true}}}')), 'containers-missing');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, podSpec);
  });

  test('an empty container list is reported at the list', () => {
    assert.deepEqual(single(check(daemonSet('spec: {template: {spec: {containers: []}}}')), 'containers-missing').path, [...podSpec, 'containers']);
  });

  test('without a template spec, the finding points at the template', () => {
    assert.deepEqual(single(check(daemonSet('spec: {template: {spec: null}}')), 'containers-missing').path, ['spec', 'template']);
  });
});

describe('container-name-invalid', () => {
  test('a container name with uppercase is not a DNS-1123 label', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: Agent, image: pause}]}}}')), 'container-name-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'name']);
    assert.match(finding.message, /`Agent`: a lowercase RFC 1123 label/);
  });

  test('a container without a name is reported at the container', () => {
    assert.deepEqual(single(check(daemonSet('spec: {template: {spec: {containers: [{image: pause}]}}}')), 'container-name-invalid').path, [...podSpec, 'containers', 0]);
  });

  test('init container names are checked too', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {initContainers: [{name: init.sh, image: busybox}]}}}')), 'container-name-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'initContainers', 0, 'name']);
    assert.match(finding.message, /init container/);
  });
});

describe('container-name-duplicate', () => {
  test('two containers with the same name: the second is the duplicate', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a}, {name: agent, image: b}]}}}')), 'container-name-duplicate');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 1, 'name']);
  });

  test('an init container may not reuse a container name', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {initContainers: [{name: agent, image: busybox}]}}}')), 'container-name-duplicate');
    assert.deepEqual(finding.path, [...podSpec, 'initContainers', 0, 'name']);
  });

  test('distinct names pass', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {initContainers: [{name: setup, image: busybox}]}}}')), []);
  });
});

describe('container-image-missing', () => {
  test('a container without image is Required at the container', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: agent}]}}}')), 'container-image-missing');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0]);
    assert.match(finding.message, /`agent` has no `image`/);
  });

  test('an empty image is reported at the image', () => {
    assert.deepEqual(single(check(daemonSet('spec: {template: {spec: {initContainers: [{name: setup, image: ""}]}}}')), 'container-image-missing').path, [...podSpec, 'initContainers', 0, 'image']);
  });
});

describe('container-port-invalid', () => {
  test('a containerPort above 65535 is invalid', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a, ports: [{containerPort: 70000}]}]}}}')), 'container-port-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'ports', 0, 'containerPort']);
    assert.match(finding.message, /must be between 1 and 65535, inclusive/);
  });

  test('a port name longer than 15 characters is invalid', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a, ports: [{name: metrics-endpoint-http, containerPort: 9100}]}]}}}')), 'container-port-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'ports', 0, 'name']);
  });

  test('a lowercase protocol is not supported', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a, ports: [{containerPort: 53, protocol: udp}]}]}}}')), 'container-port-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'ports', 0, 'protocol']);
  });

  test('a missing containerPort is Required', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a, ports: [{name: http}]}]}}}')), 'container-port-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'ports', 0]);
  });

  test('valid ports pass', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a, ports: [{name: http, containerPort: 80, protocol: TCP}, {name: dns, containerPort: 53, hostPort: 53, protocol: UDP}]}]}}}')), []);
  });
});

describe('ephemeral-containers-forbidden', () => {
  test('ephemeral containers in a template are forbidden, underlining the key', () => {
    const subject = daemonSet('spec: {template: {spec: {ephemeralContainers: [{name: debug, image: busybox}]}}}');
    const finding = single(check(subject), 'ephemeral-containers-forbidden');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'ephemeralContainers']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /ephemeral containers not allowed in pod template/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Remove ephemeralContainers').edits), []);
  });

  test('an empty list is fine', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {ephemeralContainers: []}}}')), []);
  });
});

describe('node-name-invalid', () => {
  test('a template nodeName must be a DNS subdomain', () => {
    const finding = single(check(daemonSet('spec: {template: {spec: {nodeName: Worker_1}}}')), 'node-name-invalid');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'nodeName']);
    assert.equal(finding.target, undefined);
  });

  test('an invalid nodeName is not also the nodeName warning', () => {
    assert.deepEqual(codes(check(daemonSet('spec: {template: {spec: {nodeName: Worker_1}}}'))), ['node-name-invalid']);
  });
});

describe('node-name-set', () => {
  test('a valid template nodeName is a warning on the key: the DaemonSet runs on that node only', () => {
    const subject = daemonSet('spec: {template: {spec: {nodeName: worker-1}}}');
    const finding = single(check(subject), 'node-name-set');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.path, [...podSpec, 'nodeName']);
    assert.equal(finding.target, 'key');
    assert.match(finding.message, /only on node `worker-1`/);
    const fix = fixTitled(finding, 'Remove nodeName');
    assert.deepEqual(fix.edits, [{ kind: 'delete', path: [...podSpec, 'nodeName'] }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
  });

  test('no nodeName, no warning', () => {
    assert.deepEqual(withCode(check(daemonSet('spec: {template: {spec: {nodeName: ""}}}')), 'node-name-set'), []);
  });
});

describe('host-port-mismatch', () => {
  const hostNetworkWith = (port: string) =>
    daemonSet(`spec: {template: {spec: {hostNetwork: true, containers: [{name: agent, image: a, ports: [${port}]}]}}}`);

  test('with hostNetwork, a hostPort different from containerPort is an error at hostPort', () => {
    const subject = hostNetworkWith('{containerPort: 8080, hostPort: 80}');
    const finding = single(check(subject), 'host-port-mismatch');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'ports', 0, 'hostPort']);
    assert.match(finding.message, /must match `containerPort` when `hostNetwork` is true/);
    const fix = fixTitled(finding, 'Set hostPort to 8080');
    assert.deepEqual(fix.edits, [{ kind: 'set', path: [...podSpec, 'containers', 0, 'ports', 0, 'hostPort'], value: 8080 }]);
    assert.deepEqual(afterFix(subject, fix.edits), []);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Remove hostPort').edits), []);
  });

  test('with hostNetwork, an unset hostPort is defaulted later and passes', () => {
    assert.deepEqual(check(hostNetworkWith('{containerPort: 8080}')), []);
  });

  test('with hostNetwork, equal ports pass', () => {
    assert.deepEqual(check(hostNetworkWith('{containerPort: 8080, hostPort: 8080}')), []);
  });

  test('without hostNetwork, ports may differ', () => {
    assert.deepEqual(check(daemonSet('spec: {template: {spec: {containers: [{name: agent, image: a, ports: [{containerPort: 8080, hostPort: 80}]}]}}}')), []);
  });
});
