/**
 * nodeSelector and node affinity: the API server's checks (semantics doc §8.3: at least one required term,
 * operators and value counts, key and value syntax, matchFields only on `metadata.name`, preferred weights) and the
 * placement pitfalls it accepts (§4, §9): empty terms that match nothing, `metadata.name` as a label, Gt/Lt on
 * non-integers, and the `node-role.kubernetes.io/master` label that kubeadm 1.24 removed.
 */
import { isValidLabelValue } from '../kube/names';
import { labelMapProblems, nodeFieldRequirementProblems, nodeSelectorRequirementProblems, type Problem } from './requirements';
import type { Finding, Fix, Path, Rule, RuleContext } from './types';
import { describeType, isDaemonSet, isRecord, parseGoInt64, podSpecPath, recordAt, show } from './util';

const nodeSelectorPath: Path = [...podSpecPath, 'nodeSelector'];
const nodeAffinityPath: Path = [...podSpecPath, 'affinity', 'nodeAffinity'];
const requiredPath: Path = [...nodeAffinityPath, 'requiredDuringSchedulingIgnoredDuringExecution'];
const preferredPath: Path = [...nodeAffinityPath, 'preferredDuringSchedulingIgnoredDuringExecution'];
const masterLabel = 'node-role.kubernetes.io/master';
const controlPlaneLabel = 'node-role.kubernetes.io/control-plane';

export const nodeAffinityRule: Rule = {
  id: 'node-affinity',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'node-selector-invalid', severity: 'error', title: 'A nodeSelector key or value is not a valid label' },
    { code: 'node-affinity-no-terms', severity: 'error', title: 'Required node affinity must have at least one node selector term' },
    { code: 'node-affinity-invalid', severity: 'error', title: 'A node affinity requirement has an invalid key, operator or values' },
    { code: 'node-affinity-weight-invalid', severity: 'error', title: 'A preferred node affinity weight must be in the range 1-100' },
    { code: 'node-affinity-empty-term', severity: 'warning', title: 'An empty node selector term matches no node' },
    { code: 'node-affinity-metadata-name-label', severity: 'warning', title: 'matchExpressions on metadata.name matches a label, not the node name' },
    { code: 'node-affinity-not-integer', severity: 'warning', title: 'A Gt/Lt value that is not an integer never matches' },
    { code: 'node-role-master-label', severity: 'information', title: 'The node-role.kubernetes.io/master label was removed from nodes in kubeadm 1.24' },
  ],
  check: checkNodeAffinity,
};

function checkNodeAffinity(context: RuleContext): Finding[] {
  const object = context.resource.object;
  return [...nodeSelectorFindings(object), ...requiredFindings(object), ...preferredFindings(object)];
}

const toFindings = (code: string, problems: readonly Problem[]): Finding[] =>
  problems.map((problem) => ({ code, message: problem.message, path: problem.path, ...(problem.target ? { target: problem.target } : {}) }));

function nodeSelectorFindings(object: Record<string, unknown>): Finding[] {
  const podSpec = recordAt(object, podSpecPath);
  const nodeSelector = podSpec?.nodeSelector;
  const findings = toFindings('node-selector-invalid', labelMapProblems(nodeSelector, nodeSelectorPath, 'the nodeSelector'));
  if (isRecord(nodeSelector) && Object.prototype.hasOwnProperty.call(nodeSelector, masterLabel)) {
    const fixes: Fix[] = [];
    if (!Object.prototype.hasOwnProperty.call(nodeSelector, controlPlaneLabel)) {
      fixes.push({
        title: `Select ${controlPlaneLabel} instead`,
        edits: [
          { kind: 'delete', path: [...nodeSelectorPath, masterLabel] },
          { kind: 'set', path: [...nodeSelectorPath, controlPlaneLabel], value: nodeSelector[masterLabel] ?? '' },
        ],
      });
    }
    findings.push({
      code: 'node-role-master-label',
      message:
        `kubeadm deprecated the \`${masterLabel}\` node label in 1.20 and removed it from control-plane nodes in 1.24: on 1.24+ clusters ` +
        `this nodeSelector matches no node. Control-plane nodes carry \`${controlPlaneLabel}\`.`,
      path: [...nodeSelectorPath, masterLabel],
      target: 'key',
      ...(fixes.length ? { fixes } : {}),
    });
  }
  return findings;
}

function requiredFindings(object: Record<string, unknown>): Finding[] {
  const nodeAffinity = recordAt(object, nodeAffinityPath);
  const required = nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!isRecord(required)) return [];
  const terms = required.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) {
    const present = terms !== undefined && terms !== null;
    return [
      {
        code: 'node-affinity-no-terms',
        message:
          present && !Array.isArray(terms)
            ? `\`nodeSelectorTerms\` must be a list of node selector terms, not ${describeType(terms)}.`
            : '`nodeSelectorTerms`: Required value: must have at least one node selector term.',
        path: present ? [...requiredPath, 'nodeSelectorTerms'] : requiredPath,
      },
    ];
  }
  const findings: Finding[] = [];
  const emptyTerms: number[] = [];
  terms.forEach((term, index) => {
    const termPath = [...requiredPath, 'nodeSelectorTerms', index];
    if (isEmptyTerm(term)) emptyTerms.push(index);
    findings.push(...termFindings(term, termPath, true));
  });
  const allEmpty = emptyTerms.length === terms.length;
  for (const index of emptyTerms) {
    const termPath = [...requiredPath, 'nodeSelectorTerms', index];
    findings.push({
      code: 'node-affinity-empty-term',
      message: allEmpty
        ? 'This node selector term is empty, and an empty term matches no node: this DaemonSet will run on no node. ' +
          'Add matchExpressions or matchFields, or remove the required node affinity.'
        : 'This node selector term is empty, and an empty term matches no node (terms are ORed, so the other terms still apply). Remove it.',
      path: termPath,
      ...(allEmpty ? {} : { fixes: [{ title: 'Remove the empty term', edits: [{ kind: 'delete', path: termPath }], preferred: true }] }),
    });
  }
  return findings;
}

/** A term with no matchExpressions and no matchFields (including `null`, which decodes to an empty term). */
function isEmptyTerm(term: unknown): boolean {
  if (term === null || term === undefined) return true;
  if (!isRecord(term)) return false;
  const count = (value: unknown): number => (Array.isArray(value) ? value.length : value === undefined || value === null ? 0 : 1);
  return count(term.matchExpressions) + count(term.matchFields) === 0;
}

function termFindings(term: unknown, termPath: Path, required: boolean): Finding[] {
  if (term === null || term === undefined) return [];
  if (!isRecord(term)) {
    return [{ code: 'node-affinity-invalid', message: `A node selector term must be a map with \`matchExpressions\` and/or \`matchFields\`, not ${describeType(term)}.`, path: termPath }];
  }
  const findings: Finding[] = [];
  for (const [name, check] of [
    ['matchExpressions', nodeSelectorRequirementProblems],
    ['matchFields', nodeFieldRequirementProblems],
  ] as const) {
    const list = term[name];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      findings.push({ code: 'node-affinity-invalid', message: `\`${name}\` must be a list of requirements, not ${describeType(list)}.`, path: [...termPath, name] });
      continue;
    }
    list.forEach((requirement, index) => {
      const path = [...termPath, name, index];
      const problems = check(requirement, path);
      findings.push(...toFindings('node-affinity-invalid', problems));
      if (required && name === 'matchExpressions' && problems.length === 0 && isRecord(requirement)) {
        findings.push(...expressionPitfalls(requirement, path, termPath));
      }
    });
  }
  return findings;
}

/** Pitfalls of a syntactically valid required `matchExpressions` requirement. */
function expressionPitfalls(requirement: Record<string, unknown>, path: Path, termPath: Path): Finding[] {
  const key = String(requirement.key);
  const operator = String(requirement.operator);
  const values = Array.isArray(requirement.values) ? requirement.values.map((value) => (value === null ? '' : String(value))) : [];
  const findings: Finding[] = [];
  if (key === 'metadata.name') {
    const fixes: Fix[] = [];
    if ((operator === 'In' || operator === 'NotIn') && values.length === 1) {
      fixes.push({
        title: 'Use matchFields instead',
        edits: [
          { kind: 'delete', path },
          { kind: 'append', path: [...termPath, 'matchFields'], value: { key: 'metadata.name', operator, values } },
        ],
        preferred: true,
      });
    }
    findings.push({
      code: 'node-affinity-metadata-name-label',
      message:
        '`matchExpressions` with key `metadata.name` matches a node *label* named metadata.name, which nodes normally do not have; ' +
        'it does not select by node name. Use `matchFields` (key `metadata.name`, In or NotIn, one value) to select nodes by name.',
      path: [...path, 'key'],
      ...(fixes.length ? { fixes } : {}),
    });
  }
  if ((operator === 'Gt' || operator === 'Lt') && values.length === 1 && isValidLabelValue(values[0]!) && parseGoInt64(values[0]!) === undefined) {
    findings.push({
      code: 'node-affinity-not-integer',
      message: `The ${operator} value ${show(values[0])} is not an integer: ${operator} compares label values as integers, so this requirement never matches and the term selects no node.`,
      path: [...path, 'values', 0],
    });
  }
  if (key === masterLabel) {
    const selectsMasters = operator === 'In' || operator === 'Exists';
    findings.push({
      code: 'node-role-master-label',
      message:
        `kubeadm deprecated the \`${masterLabel}\` node label in 1.20 and removed it from control-plane nodes in 1.24: on 1.24+ clusters ` +
        (selectsMasters ? 'this requirement matches no node' : 'this requirement also matches every control-plane node') +
        `. Control-plane nodes carry \`${controlPlaneLabel}\`.`,
      path: [...path, 'key'],
      fixes: [{ title: `Use ${controlPlaneLabel} instead`, edits: [{ kind: 'set', path: [...path, 'key'], value: controlPlaneLabel }] }],
    });
  }
  return findings;
}

function preferredFindings(object: Record<string, unknown>): Finding[] {
  const nodeAffinity = recordAt(object, nodeAffinityPath);
  const preferred = nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(preferred)) return [];
  const findings: Finding[] = [];
  preferred.forEach((item, index) => {
    const itemPath = [...preferredPath, index];
    if (!isRecord(item)) return;
    const weight = item.weight;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
      const present = weight !== undefined && weight !== null;
      findings.push({
        code: 'node-affinity-weight-invalid',
        message: `Invalid weight ${present ? show(weight) : '0 (not set)'}: must be in the range 1-100.`,
        path: present ? [...itemPath, 'weight'] : itemPath,
        ...(typeof weight === 'number' && Number.isInteger(weight) ? { fixes: [{ title: `Set weight to ${weight < 1 ? 1 : 100}`, edits: [{ kind: 'set', path: [...itemPath, 'weight'], value: weight < 1 ? 1 : 100 }] }] } : {}),
      });
    }
    findings.push(...termFindings(item.preference, [...itemPath, 'preference'], false));
  });
  return findings;
}
