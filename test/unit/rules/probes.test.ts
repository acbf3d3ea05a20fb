/**
 * Probes as the API server validates them after defaulting (validateProbe, validateHandler, validateLivenessProbe,
 * validateStartupProbe, validateInitContainers).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { afterFix, check, daemonSet, fixTitled, single, withCode } from './helpers';

const podSpec = ['spec', 'template', 'spec'];
const container = (probes: string, ports = '[{name: metrics, containerPort: 9100}]') =>
  daemonSet(`spec: {template: {spec: {containers: [{name: agent, image: a, ports: ${ports}, ${probes}}]}}}`);

describe('probe-handler-invalid', () => {
  test('a probe without a handler is an error at the probe key', () => {
    const finding = single(check(container('livenessProbe: {periodSeconds: 10}')), 'probe-handler-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'livenessProbe']);
    assert.match(finding.message, /must specify a handler type: one of exec, httpGet, tcpSocket, grpc/);
  });

  test('two handlers: the second is forbidden; a null handler does not count', () => {
    const finding = single(check(container('readinessProbe: {exec: {command: [true]}, grpc: {port: 9100}}')), 'probe-handler-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'containers', 0, 'readinessProbe', 'grpc']);
    assert.match(finding.message, /may not specify more than 1 handler type \(this probe has `exec` and `grpc`\)/);
    assert.deepEqual(check(container('readinessProbe: {exec: {command: [true]}, grpc: null}')), []);
  });
});

describe('probe-field-invalid', () => {
  test('negative times and thresholds are errors; zeros are defaulted and pass', () => {
    const findings = withCode(check(container('readinessProbe: {tcpSocket: {port: 9100}, periodSeconds: -1, timeoutSeconds: -5}')), 'probe-field-invalid');
    assert.deepEqual(findings.map((f) => f.path.at(-1)), ['timeoutSeconds', 'periodSeconds']);
    assert.match(findings[0]!.message, /must be greater than or equal to 0/);
    assert.deepEqual(check(container('readinessProbe: {tcpSocket: {port: 9100}, periodSeconds: 0, successThreshold: 0}')), []);
  });

  test('a liveness or startup successThreshold other than 1 is an error with a fix; readiness may have more', () => {
    for (const kind of ['livenessProbe', 'startupProbe']) {
      const subject = container(`${kind}: {httpGet: {path: /healthz, port: metrics}, successThreshold: 3}`);
      const finding = single(check(subject), 'probe-field-invalid');
      assert.match(finding.message, /`successThreshold` must be 1/);
      assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set successThreshold: 1').edits), []);
    }
    assert.deepEqual(check(container('readinessProbe: {httpGet: {path: /healthz, port: metrics}, successThreshold: 3}')), []);
  });

  test('ports: a number in range or a port name; a quoted number, 0 and a missing port are errors', () => {
    assert.deepEqual(check(container('readinessProbe: {httpGet: {port: 9100}}, livenessProbe: {tcpSocket: {port: metrics}}')), []);
    const quoted = single(check(container('readinessProbe: {httpGet: {port: "9100"}}')), 'probe-field-invalid');
    assert.deepEqual(quoted.path, [...podSpec, 'containers', 0, 'readinessProbe', 'httpGet', 'port']);
    assert.match(quoted.message, /a number in quotes is a port name/);
    assert.match(single(check(container('readinessProbe: {tcpSocket: {port: 0}}')), 'probe-field-invalid').message, /between 1 and 65535/);
    assert.match(single(check(container('readinessProbe: {tcpSocket: {host: x}}')), 'probe-field-invalid').message, /`port`: Required value/);
  });

  test('httpGet scheme is HTTP or HTTPS; the wrong case has a fix', () => {
    const subject = container('readinessProbe: {httpGet: {port: 9100, scheme: https}}');
    const finding = single(check(subject), 'probe-field-invalid');
    assert.match(finding.message, /Unsupported value `https` for scheme/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Set scheme: HTTPS').edits), []);
  });

  test('probes on an init container are forbidden unless it is a sidecar (restartPolicy: Always)', () => {
    const init = (restart: string) =>
      daemonSet(`spec: {template: {spec: {initContainers: [{name: init, image: a, ${restart} readinessProbe: {exec: {command: [true]}}}]}}}`);
    const subject = init('');
    const finding = single(check(subject), 'probe-field-invalid');
    assert.deepEqual(finding.path, [...podSpec, 'initContainers', 0, 'readinessProbe']);
    assert.match(finding.message, /may not be set for init containers without `restartPolicy: Always`/);
    assert.deepEqual(afterFix(subject, fixTitled(finding, 'Remove readinessProbe').edits), []);
    assert.deepEqual(check(init('restartPolicy: Always,')), []);
  });
});
