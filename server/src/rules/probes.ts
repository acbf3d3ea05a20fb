/**
 * Container probes as `validateProbe`, `validateHandler`, `validateLivenessProbe` / `validateStartupProbe` and
 * `validateInitContainers` (pkg/apis/core/validation) check them, after defaulting (a zero period or threshold is
 * defaulted, so only negatives are wrong; an empty httpGet path becomes `/`).
 */
import type { Finding, Path, Rule, RuleContext } from './types';
import { describeType, get, isDaemonSet, isRecord, podContainers, podSpecPath, show } from './util';

export const probesRule: Rule = {
  id: 'probes',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'probe-handler-invalid', severity: 'error', title: 'A probe must have exactly one of exec, httpGet, tcpSocket and grpc' },
    { code: 'probe-field-invalid', severity: 'error', title: 'A probe field is out of range (negative times, a liveness or startup successThreshold other than 1, a bad port or scheme)' },
  ],
  check: checkProbes,
};

const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
const probeKinds = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const nonNegative = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

function checkProbes(context: RuleContext): Finding[] {
  const podSpec = get(context.resource.object, podSpecPath);
  if (!isRecord(podSpec)) return [];
  const findings: Finding[] = [];
  for (const { container, path, init } of podContainers(podSpec)) {
    // Only sidecars (init containers that keep running) may have probes.
    const sidecar = init && container.restartPolicy === 'Always';
    for (const kind of probeKinds) {
      const probe = container[kind];
      if (probe === undefined || probe === null) continue;
      if (init && !sidecar) {
        findings.push({
          code: 'probe-field-invalid',
          message: `Forbidden: \`${kind}\` may not be set for init containers without \`restartPolicy: Always\` (an init container runs to completion before the others start).`,
          path: [...path, kind],
          target: 'key',
          fixes: [{ title: `Remove ${kind}`, edits: [{ kind: 'delete', path: [...path, kind] }], preferred: true }],
        });
        continue;
      }
      if (isRecord(probe)) findings.push(...probeFindings(probe, kind, [...path, kind]));
    }
  }
  return findings;
}

function probeFindings(probe: Record<string, unknown>, kind: (typeof probeKinds)[number], path: Path): Finding[] {
  const findings: Finding[] = [];
  const present = handlers.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  if (present.length === 0) {
    findings.push({ code: 'probe-handler-invalid', message: `Required value: \`${kind}\` must specify a handler type: one of exec, httpGet, tcpSocket, grpc.`, path, target: 'key' });
  }
  for (const extra of present.slice(1)) {
    findings.push({
      code: 'probe-handler-invalid',
      message: `Forbidden: may not specify more than 1 handler type (this probe has ${present.map((h) => `\`${h}\``).join(' and ')}).`,
      path: [...path, extra],
      target: 'key',
    });
  }
  for (const field of nonNegative) {
    const value = probe[field];
    if (typeof value === 'number' && value < 0) findings.push({ code: 'probe-field-invalid', message: `Invalid value ${value}: must be greater than or equal to 0.`, path: [...path, field] });
  }
  const success = probe.successThreshold;
  if (kind !== 'readinessProbe' && typeof success === 'number' && success !== 1 && success !== 0) {
    findings.push({
      code: 'probe-field-invalid',
      message: `Invalid value ${success}: \`successThreshold\` must be 1 for a ${kind === 'livenessProbe' ? 'liveness' : 'startup'} probe.`,
      path: [...path, 'successThreshold'],
      fixes: [{ title: 'Set successThreshold: 1', edits: [{ kind: 'set', path: [...path, 'successThreshold'], value: 1 }], preferred: true }],
    });
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) {
    findings.push({ code: 'probe-field-invalid', message: `Invalid value ${grace}: \`terminationGracePeriodSeconds\` must be greater than 0.`, path: [...path, 'terminationGracePeriodSeconds'] });
  }
  for (const handler of ['httpGet', 'tcpSocket'] as const) {
    const action = probe[handler];
    if (!isRecord(action)) continue;
    const portError = portProblem(action.port);
    if (portError) findings.push({ code: 'probe-field-invalid', message: portError, path: action.port === undefined ? [...path, handler] : [...path, handler, 'port'], target: action.port === undefined ? 'key' : undefined });
    const scheme = action.scheme;
    if (handler === 'httpGet' && scheme !== undefined && scheme !== null && scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') {
      const fixed = typeof scheme === 'string' && ['HTTP', 'HTTPS'].includes(scheme.toUpperCase()) ? scheme.toUpperCase() : undefined;
      findings.push({
        code: 'probe-field-invalid',
        message: `Unsupported value ${show(scheme)} for scheme: supported values: "HTTP", "HTTPS".`,
        path: [...path, handler, 'scheme'],
        ...(fixed ? { fixes: [{ title: `Set scheme: ${fixed}`, edits: [{ kind: 'set', path: [...path, handler, 'scheme'], value: fixed }], preferred: true }] } : {}),
      });
    }
  }
  return findings;
}

/** `ValidatePortNumOrName`: 1-65535, or an IANA service name (the name of one of the container's ports). */
function portProblem(port: unknown): string | undefined {
  if (port === undefined || port === null || port === '') return '`port`: Required value: a port number or the name of a container port.';
  if (typeof port === 'number') return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `Invalid port ${port}: must be between 1 and 65535, inclusive.`;
  if (typeof port !== 'string') return `The port must be a number or a name, not ${describeType(port)}.`;
  if (/^[0-9]+$/.test(port)) return `Invalid port ${show(port)}: a number in quotes is a port name, and a port name must contain at least one letter (a-z); write the number without quotes.`;
  if (port.length > 15 || !/^[-a-z0-9]+$/.test(port) || !/[a-z]/.test(port) || port.includes('--') || port.startsWith('-') || port.endsWith('-')) {
    return `Invalid port name ${show(port)}: must be an IANA service name (at most 15 lowercase letters, digits and single hyphens, with a letter).`;
  }
  return undefined;
}
