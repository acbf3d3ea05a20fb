/**
 * The pod template's spec as `ValidatePodTemplateSpec` and `ValidateDaemonSetSpec` check it: containers (names,
 * images, ports), ephemeral containers, restartPolicy, activeDeadlineSeconds, nodeName, and the hostNetwork port
 * rule. Also the one accepted-but-wrong field here: a nodeName pins every daemon pod to one node.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../kube/names';
import type { Finding, Fix, Path, Rule, RuleContext } from './types';
import { describeType, get, isDaemonSet, isRecord, isSet, missingFieldPath, podSpecPath, show } from './util';

export const podTemplateRule: Rule = {
  id: 'pod-template',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'restart-policy-not-always', severity: 'error', title: 'A DaemonSet pod template must have restartPolicy Always' },
    { code: 'active-deadline-seconds-forbidden', severity: 'error', title: 'activeDeadlineSeconds is not supported in a DaemonSet' },
    { code: 'containers-missing', severity: 'error', title: 'The pod template needs at least one container' },
    { code: 'container-name-invalid', severity: 'error', title: 'A container name is missing or not a lowercase RFC 1123 label' },
    { code: 'container-name-duplicate', severity: 'error', title: 'Two containers (or init containers) have the same name' },
    { code: 'container-image-missing', severity: 'error', title: 'A container has no image' },
    { code: 'container-port-invalid', severity: 'error', title: 'A container port has an invalid number, name or protocol' },
    { code: 'ephemeral-containers-forbidden', severity: 'error', title: 'Ephemeral containers are not allowed in a pod template' },
    { code: 'node-name-invalid', severity: 'error', title: 'The template nodeName must be a valid node name' },
    { code: 'node-name-set', severity: 'warning', title: 'A template nodeName runs the DaemonSet on that one node only' },
    { code: 'host-port-mismatch', severity: 'error', title: 'With hostNetwork, hostPort must equal containerPort' },
  ],
  check: checkPodTemplate,
};

function checkPodTemplate(context: RuleContext): Finding[] {
  const object = context.resource.object;
  const spec = get(object, podSpecPath);
  if (spec !== undefined && spec !== null && !isRecord(spec)) return [];
  const podSpec = isRecord(spec) ? spec : {};
  return [
    ...containerFindings(object, podSpec),
    ...restartPolicyFindings(podSpec),
    ...activeDeadlineFindings(podSpec),
    ...ephemeralFindings(podSpec),
    ...nodeNameFindings(podSpec),
    ...hostNetworkFindings(podSpec),
  ];
}

function restartPolicyFindings(podSpec: Record<string, unknown>): Finding[] {
  const policy = podSpec.restartPolicy;
  if (policy === undefined || policy === null || policy === '' || policy === 'Always') return [];
  return [
    {
      code: 'restart-policy-not-always',
      message: `Unsupported value ${show(policy)} for restartPolicy: supported values: "Always". A DaemonSet keeps its pods running; its pods must restart always.`,
      path: [...podSpecPath, 'restartPolicy'],
      fixes: [{ title: 'Set restartPolicy: Always', edits: [{ kind: 'set', path: [...podSpecPath, 'restartPolicy'], value: 'Always' }], preferred: true }],
    },
  ];
}

function activeDeadlineFindings(podSpec: Record<string, unknown>): Finding[] {
  if (!isSet(podSpec, 'activeDeadlineSeconds')) return [];
  const path = [...podSpecPath, 'activeDeadlineSeconds'];
  return [
    {
      code: 'active-deadline-seconds-forbidden',
      message: 'activeDeadlineSeconds in DaemonSet is not Supported: daemon pods run until the DaemonSet removes them. Remove the field.',
      path,
      target: 'key',
      fixes: [{ title: 'Remove activeDeadlineSeconds', edits: [{ kind: 'delete', path }], preferred: true }],
    },
  ];
}

function ephemeralFindings(podSpec: Record<string, unknown>): Finding[] {
  const ephemeral = podSpec.ephemeralContainers;
  if (ephemeral === undefined || ephemeral === null || (Array.isArray(ephemeral) && ephemeral.length === 0)) return [];
  const path = [...podSpecPath, 'ephemeralContainers'];
  return [
    {
      code: 'ephemeral-containers-forbidden',
      message: 'ephemeral containers not allowed in pod template: they are added to running pods with `kubectl debug`.',
      path,
      target: 'key',
      fixes: [{ title: 'Remove ephemeralContainers', edits: [{ kind: 'delete', path }], preferred: true }],
    },
  ];
}

function nodeNameFindings(podSpec: Record<string, unknown>): Finding[] {
  const nodeName = podSpec.nodeName;
  if (nodeName === undefined || nodeName === null || nodeName === '') return [];
  const path = [...podSpecPath, 'nodeName'];
  const remove = { title: 'Remove nodeName', edits: [{ kind: 'delete' as const, path }] };
  if (typeof nodeName !== 'string') {
    return [{ code: 'node-name-invalid', message: `\`nodeName\` must be a string, not ${describeType(nodeName)}.`, path }];
  }
  const error = dns1123SubdomainErrors(nodeName)[0];
  if (error) return [{ code: 'node-name-invalid', message: `Invalid nodeName ${show(nodeName)}: ${error}.`, path, fixes: [remove] }];
  return [
    {
      code: 'node-name-set',
      message:
        `\`nodeName: ${nodeName}\` in a DaemonSet template: the DaemonSet runs a pod only on node ${show(nodeName)} and on no other node. ` +
        'To choose nodes, use a nodeSelector or node affinity instead.',
      path,
      target: 'key',
      fixes: [remove],
    },
  ];
}

interface ContainerEntry {
  container: Record<string, unknown>;
  path: Path;
}

function containerList(podSpec: Record<string, unknown>, field: 'containers' | 'initContainers'): ContainerEntry[] {
  const list = podSpec[field];
  if (!Array.isArray(list)) return [];
  const entries: ContainerEntry[] = [];
  list.forEach((container, index) => {
    if (isRecord(container)) entries.push({ container, path: [...podSpecPath, field, index] });
  });
  return entries;
}

function containerFindings(object: Record<string, unknown>, podSpec: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  const containers = podSpec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    const present = containers !== undefined && containers !== null;
    findings.push({
      code: 'containers-missing',
      message:
        present && !Array.isArray(containers)
          ? `\`containers\` must be a list of containers, not ${describeType(containers)}.`
          : '`spec.template.spec.containers`: Required value: a DaemonSet pod needs at least one container (with a name and an image).',
      path: present ? [...podSpecPath, 'containers'] : missingFieldPath(object, podSpecPath),
    });
  }
  // Names are unique across containers and init containers; init containers are checked against all containers.
  const regular = containerList(podSpec, 'containers');
  const init = containerList(podSpec, 'initContainers');
  const seen = new Set<string>();
  for (const { container, path } of [...regular, ...init]) {
    const kind = path[path.length - 2] === 'initContainers' ? 'init container' : 'container';
    findings.push(...nameFindings(container, path, kind, seen), ...imageFindings(container, path, kind), ...portFindings(container, path));
  }
  return findings;
}

function nameFindings(container: Record<string, unknown>, path: Path, kind: string, seen: Set<string>): Finding[] {
  const name = container.name;
  if (name === undefined || name === null || name === '') {
    return [{ code: 'container-name-invalid', message: `Every ${kind} needs a \`name\`: Required value.`, path: name === undefined ? path : [...path, 'name'] }];
  }
  if (typeof name !== 'string') {
    return [{ code: 'container-name-invalid', message: `The ${kind} name must be a string, not ${describeType(name)}.`, path: [...path, 'name'] }];
  }
  const findings: Finding[] = [];
  const error = dns1123LabelErrors(name)[0];
  if (error) findings.push({ code: 'container-name-invalid', message: `Invalid ${kind} name ${show(name)}: ${error}.`, path: [...path, 'name'] });
  if (seen.has(name)) {
    findings.push({
      code: 'container-name-duplicate',
      message: `Duplicate value ${show(name)}: container names must be unique across containers and init containers.`,
      path: [...path, 'name'],
    });
  }
  seen.add(name);
  return findings;
}

function imageFindings(container: Record<string, unknown>, path: Path, kind: string): Finding[] {
  const image = container.image;
  if (image === undefined || image === null || image === '') {
    const name = typeof container.name === 'string' ? ` ${show(container.name)}` : '';
    return [{ code: 'container-image-missing', message: `The ${kind}${name} has no \`image\`: Required value.`, path: image === undefined ? path : [...path, 'image'] }];
  }
  if (typeof image !== 'string') {
    return [{ code: 'container-image-missing', message: `\`image\` must be a string, not ${describeType(image)}.`, path: [...path, 'image'] }];
  }
  return [];
}

const portNameChecks: readonly [RegExp | ((name: string) => boolean), string][] = [
  [(name) => name.length <= 15, 'must be no more than 15 characters'],
  [/^[-a-z0-9]+$/, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
  [/[a-z]/, 'must contain at least one letter (a-z)'],
  [(name) => !name.includes('--'), 'must not contain consecutive hyphens'],
  [(name) => !name.startsWith('-') && !name.endsWith('-'), 'must not begin or end with a hyphen'],
];

/** `validateContainerPorts`: port numbers 1-65535 (hostPort 0 = unset), IANA service names, TCP/UDP/SCTP. */
function portFindings(container: Record<string, unknown>, path: Path): Finding[] {
  const ports = container.ports;
  if (!Array.isArray(ports)) return [];
  const findings: Finding[] = [];
  const names = new Set<string>();
  ports.forEach((port, index) => {
    if (!isRecord(port)) return;
    const portPath = [...path, 'ports', index];
    const report = (field: string, message: string): void => {
      findings.push({ code: 'container-port-invalid', message, path: [...portPath, field] });
    };
    const name = port.name;
    if (typeof name === 'string' && name !== '') {
      const failed = portNameChecks.find(([check]) => (check instanceof RegExp ? !check.test(name) : !check(name)));
      if (failed) report('name', `Invalid port name ${show(name)}: ${failed[1]}.`);
      else if (names.has(name)) report('name', `Duplicate value ${show(name)}: port names must be unique within a container.`);
      names.add(name);
    }
    const containerPort = port.containerPort;
    if (containerPort === undefined || containerPort === null || containerPort === 0) {
      findings.push({ code: 'container-port-invalid', message: '`containerPort`: Required value.', path: containerPort === undefined ? portPath : [...portPath, 'containerPort'] });
    } else if (!isPortNumber(containerPort)) {
      report('containerPort', `Invalid containerPort ${show(containerPort)}: must be between 1 and 65535, inclusive.`);
    }
    const hostPort = port.hostPort;
    if (hostPort !== undefined && hostPort !== null && hostPort !== 0 && !isPortNumber(hostPort)) {
      report('hostPort', `Invalid hostPort ${show(hostPort)}: must be between 1 and 65535, inclusive.`);
    }
    const protocol = port.protocol;
    if (protocol !== undefined && protocol !== null && protocol !== '' && protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
      report('protocol', `Unsupported value ${show(protocol)} for protocol: supported values: "SCTP", "TCP", "UDP".`);
    }
  });
  return findings;
}

const isPortNumber = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;

/** `validatePodHostNetworkDeps`: in a template, a hostPort of 0 is defaulted later; any other hostPort must equal containerPort. */
function hostNetworkFindings(podSpec: Record<string, unknown>): Finding[] {
  if (podSpec.hostNetwork !== true) return [];
  const findings: Finding[] = [];
  for (const { container, path } of containerList(podSpec, 'containers')) {
    const ports = Array.isArray(container.ports) ? container.ports : [];
    ports.forEach((port, index) => {
      if (!isRecord(port)) return;
      const { hostPort, containerPort } = port;
      if (typeof hostPort !== 'number' || hostPort === 0 || hostPort === containerPort) return;
      const hostPortPath = [...path, 'ports', index, 'hostPort'];
      const fixes: Fix[] = [];
      if (isPortNumber(containerPort)) {
        fixes.push({ title: `Set hostPort to ${containerPort}`, edits: [{ kind: 'set', path: hostPortPath, value: containerPort }], preferred: true });
      }
      fixes.push({ title: 'Remove hostPort', edits: [{ kind: 'delete', path: hostPortPath }] });
      findings.push({
        code: 'host-port-mismatch',
        message:
          `Invalid hostPort ${hostPort}: must match \`containerPort\` when \`hostNetwork\` is true (containerPort is ${show(containerPort)}). ` +
          'With the host network the container listens on the node directly, so the port cannot be remapped.',
        path: hostPortPath,
        fixes,
      });
    });
  }
  return findings;
}
