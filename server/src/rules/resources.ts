/**
 * Container resources as `ValidateResourceRequirements` (pkg/apis/core/validation) and the quantity decoder check
 * them: resource names, quantities that do not decode, negative ones, fractional extended resources, and requests against limits
 * (at most the limit; equal to it, and with a limit, for resources that cannot be overcommitted, such as GPUs).
 */
import { compareQuantities, isInteger, isNegative, parseQuantity, quantityFormatError, type Quantity } from '../kube/quantity';
import type { Finding, Path, Rule, RuleContext } from './types';
import { editDistance, get, isDaemonSet, isRecord, podContainers, podSpecPath, show } from './util';

export const resourcesRule: Rule = {
  id: 'resources',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'resources-quantity-invalid', severity: 'error', title: 'A resource quantity does not parse, is negative, or is fractional for an extended resource' },
    { code: 'resources-name-invalid', severity: 'error', title: 'A resource name without a domain must be cpu, memory, ephemeral-storage or hugepages-<size>' },
    { code: 'resources-request-exceeds-limit', severity: 'error', title: 'A request is above its limit (or, for an extended resource such as a GPU, not equal to it or without one)' },
  ],
  check: checkResources,
};

const standardResources: readonly string[] = ['cpu', 'memory', 'ephemeral-storage'];

/** `IsOvercommitAllowed`: native resources (no domain, or a kubernetes.io one) other than huge pages. */
function overcommitAllowed(name: string): boolean {
  const slash = name.indexOf('/');
  const native = slash === -1 || name.slice(0, slash).endsWith('kubernetes.io');
  return native && !name.startsWith('hugepages-');
}

function checkResources(context: RuleContext): Finding[] {
  const podSpec = get(context.resource.object, podSpecPath);
  if (!isRecord(podSpec)) return [];
  const findings: Finding[] = [];
  for (const { container, path } of podContainers(podSpec)) {
    if (isRecord(container.resources)) findings.push(...requirementFindings(container.resources, [...path, 'resources']));
  }
  return findings;
}

function requirementFindings(resources: Record<string, unknown>, path: Path): Finding[] {
  const findings: Finding[] = [];
  const read = (section: 'limits' | 'requests'): Map<string, Quantity> => {
    const quantities = new Map<string, Quantity>();
    const entries = resources[section];
    if (!isRecord(entries)) return quantities;
    for (const [name, raw] of Object.entries(entries)) {
      if (raw === null) continue;
      const at = [...path, section, name];
      if (!name.includes('/') && !standardResources.includes(name) && !name.startsWith('hugepages-')) {
        // A GPU is an extended resource named by its vendor's device plugin: `gpu` is not a typo of `cpu`.
        const gpu = /gpu/i.test(name);
        const near = gpu ? undefined : standardResources.find((standard) => editDistance(standard, name.toLowerCase()) <= 2);
        findings.push({
          code: 'resources-name-invalid',
          message: `Invalid value ${show(name)}: must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>), or an extended resource with a domain (nvidia.com/gpu)${near ? `: did you mean \`${near}\`?` : gpu ? ': GPUs are requested by the name their device plugin advertises, such as `nvidia.com/gpu` or `amd.com/gpu`.' : '.'}`,
          path: at,
          target: 'key',
          ...(near ? { fixes: [{ title: `Rename to ${near}`, edits: [{ kind: 'set', path: [...path, section, near], value: raw }, { kind: 'delete', path: at }], preferred: true }] } : {}),
        });
        continue;
      }
      const quantity = parseQuantity(raw);
      if (!quantity) {
        findings.push({ code: 'resources-quantity-invalid', message: `Invalid ${name} ${section === 'limits' ? 'limit' : 'request'} ${show(raw)}: ${quantityFormatError} (for example 500m, 0.5, 128Mi, 1Gi).`, path: at });
      } else if (isNegative(quantity)) {
        findings.push({ code: 'resources-quantity-invalid', message: `Invalid value ${show(raw)}: must be greater than or equal to 0.`, path: at });
      } else if (!overcommitAllowed(name) && !name.startsWith('hugepages-') && !isInteger(quantity)) {
        findings.push({ code: 'resources-quantity-invalid', message: `Invalid value ${show(raw)}: ${name} must be a whole number (an extended resource is counted in units).`, path: at });
      } else {
        quantities.set(name, quantity);
      }
    }
    return quantities;
  };
  const limits = read('limits');
  const requests = read('requests');
  const limitsRaw = isRecord(resources.limits) ? resources.limits : {};
  const requestsRaw = isRecord(resources.requests) ? resources.requests : {};
  for (const [name, request] of requests) {
    const limit = limits.get(name);
    const at = [...path, 'requests', name];
    if (limit === undefined) {
      if (!overcommitAllowed(name) && !(name in limitsRaw)) {
        findings.push({
          code: 'resources-request-exceeds-limit',
          message: `Required value: a limit must be set for ${show(name)}: it cannot be overcommitted, so its request needs a limit equal to it.`,
          path: at,
          fixes: [{ title: `Set the ${name} limit to ${String(requestsRaw[name])}`, edits: [{ kind: 'set', path: [...path, 'limits', name], value: requestsRaw[name] }], preferred: true }],
        });
      }
      continue;
    }
    const order = compareQuantities(request, limit);
    if (!overcommitAllowed(name) && order !== 0) {
      findings.push({ code: 'resources-request-exceeds-limit', message: `Invalid value ${show(requestsRaw[name])}: must be equal to ${name} limit of ${show(limitsRaw[name])} (it cannot be overcommitted).`, path: at });
    } else if (order > 0) {
      findings.push({
        code: 'resources-request-exceeds-limit',
        message: `Invalid value ${show(requestsRaw[name])}: must be less than or equal to ${name} limit of ${show(limitsRaw[name])}.`,
        path: at,
        fixes: [{ title: `Request the limit, ${String(limitsRaw[name])}`, edits: [{ kind: 'set', path: at, value: limitsRaw[name] }] }],
      });
    }
  }
  return findings;
}
