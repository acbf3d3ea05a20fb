/**
 * Syntax checks shared by several rules, in the API server's words: label maps (labels, nodeSelector, selector
 * matchLabels), label selector requirements, node selector requirements (matchExpressions and matchFields).
 * Each returns problems with the narrowest path; an empty list means valid.
 */
import { dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from '../kube/names';
import type { Path, Target } from './types';
import { describeType, isRecord, show } from './util';

export interface Problem {
  path: Path;
  target?: Target;
  message: string;
}

/**
 * A `map[string]string` of labels: keys must be qualified names, values label values. Values that are not strings
 * (YAML `true`, `1`) fail to decode on the server, so they are problems too. `what` names the map in messages.
 */
export function labelMapProblems(map: unknown, path: Path, what: string): Problem[] {
  if (map === undefined || map === null) return [];
  if (!isRecord(map)) return [{ path, message: `${what} must be a map of label keys to string values, not ${describeType(map)}.` }];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(map)) {
    const keyError = qualifiedNameErrors(key)[0];
    if (keyError) {
      problems.push({ path: [...path, key], target: 'key', message: `Invalid label key ${show(key)} in ${what}: ${keyError}.` });
    }
    problems.push(...labelValueProblems(value, [...path, key], `${what} label ${show(key)}`));
  }
  return problems;
}

/** A label value that may come as any YAML scalar. */
export function labelValueProblems(value: unknown, path: Path, what: string): Problem[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? `; quote it: "${String(value)}"` : '';
    return [{ path, message: `The value of ${what} must be a string, not ${describeType(value)}${hint}.` }];
  }
  const error = labelValueErrors(value)[0];
  return error ? [{ path, message: `Invalid value ${show(value)} for ${what}: ${error}.` }] : [];
}

interface RawRequirement {
  key: unknown;
  operator: unknown;
  values: unknown;
}

function readRequirement(requirement: unknown, path: Path, problems: Problem[]): RawRequirement | undefined {
  if (!isRecord(requirement)) {
    problems.push({ path, message: `A requirement must be a map with \`key\`, \`operator\` and \`values\`, not ${describeType(requirement)}.` });
    return undefined;
  }
  return { key: requirement.key, operator: requirement.operator, values: requirement.values };
}

/** The values list: problems for a non-list or non-string items; the string values otherwise. */
function readValues(values: unknown, path: Path, problems: Problem[]): string[] | undefined {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) {
    problems.push({ path, message: `\`values\` must be a list of strings, not ${describeType(values)}.` });
    return undefined;
  }
  const strings: string[] = [];
  values.forEach((value, index) => {
    if (typeof value === 'string') strings.push(value);
    else if (value === null) strings.push('');
    else {
      const hint = typeof value === 'number' || typeof value === 'boolean' ? `; quote it: "${String(value)}"` : '';
      problems.push({ path: [...path, index], message: `Each value must be a string, not ${describeType(value)}${hint}.` });
      strings.push(String(value));
    }
  });
  return strings;
}

function keyProblems(key: unknown, path: Path): Problem[] {
  if (key === undefined || key === null || key === '') {
    return [{ path: key === undefined ? path.slice(0, -1) : path, message: '`key` is required: name part must be non-empty.' }];
  }
  if (typeof key !== 'string') return [{ path, message: `\`key\` must be a string, not ${describeType(key)}.` }];
  const error = qualifiedNameErrors(key)[0];
  return error ? [{ path, message: `Invalid key ${show(key)}: ${error}.` }] : [];
}

function operatorOf(operator: unknown): string {
  return typeof operator === 'string' ? operator : operator === undefined || operator === null ? '' : String(operator);
}

/**
 * One `matchExpressions` entry of a label selector (`ValidateLabelSelectorRequirement`): In/NotIn need values,
 * Exists/DoesNotExist take none; there is no Gt/Lt in label selectors.
 */
export function labelSelectorRequirementProblems(requirement: unknown, path: Path): Problem[] {
  return expressionProblems(requirement, path, false);
}

/** One node selector `matchExpressions` entry (`ValidateNodeSelectorRequirement`): as label selectors, plus Gt/Lt with exactly one value. */
export function nodeSelectorRequirementProblems(requirement: unknown, path: Path): Problem[] {
  return expressionProblems(requirement, path, true);
}

function expressionProblems(requirement: unknown, path: Path, comparisons: boolean): Problem[] {
  const problems: Problem[] = [];
  const raw = readRequirement(requirement, path, problems);
  if (!raw) return problems;
  const operator = operatorOf(raw.operator);
  const values = readValues(raw.values, [...path, 'values'], problems);
  const count = values?.length ?? 1;
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (count === 0) problems.push({ path: [...path, 'values'], message: "`values` must be specified when `operator` is 'In' or 'NotIn'." });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (count > 0) problems.push({ path: [...path, 'values'], message: "`values` may not be specified when `operator` is 'Exists' or 'DoesNotExist'." });
      break;
    case 'Gt':
    case 'Lt':
      if (comparisons) {
        if (count !== 1) {
          problems.push({ path: [...path, 'values'], message: `\`values\` must be specified single value when \`operator\` is 'Lt' or 'Gt' (found ${count}).` });
        }
        break;
      }
      problems.push(operatorProblem(raw.operator, path, 'In, NotIn, Exists or DoesNotExist'));
      break;
    default:
      problems.push(operatorProblem(raw.operator, path, comparisons ? 'In, NotIn, Exists, DoesNotExist, Gt or Lt' : 'In, NotIn, Exists or DoesNotExist'));
  }
  problems.push(...keyProblems(raw.key, [...path, 'key']));
  values?.forEach((value, index) => problems.push(...labelValueOnly(value, [...path, 'values', index])));
  return problems;
}

/** One node selector `matchFields` entry (`ValidateNodeFieldSelectorRequirement`): `metadata.name`, In/NotIn, one node name. */
export function nodeFieldRequirementProblems(requirement: unknown, path: Path): Problem[] {
  const problems: Problem[] = [];
  const raw = readRequirement(requirement, path, problems);
  if (!raw) return problems;
  const operator = operatorOf(raw.operator);
  const values = readValues(raw.values, [...path, 'values'], problems);
  if (operator === 'In' || operator === 'NotIn') {
    if (values && values.length !== 1) {
      problems.push({
        path: [...path, 'values'],
        message: `\`values\` must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector (found ${values.length}).`,
      });
    }
  } else {
    problems.push(operatorProblem(raw.operator, path, 'In or NotIn (the only operators of matchFields)'));
  }
  if (raw.key !== 'metadata.name') {
    problems.push({
      path: raw.key === undefined ? path : [...path, 'key'],
      message: `Invalid field selector key ${show(raw.key)}: not a valid field selector key (matchFields supports only \`metadata.name\`).`,
    });
  } else {
    values?.forEach((value, index) => {
      const error = dns1123SubdomainErrors(value)[0];
      if (error) problems.push({ path: [...path, 'values', index], message: `Invalid node name ${show(value)}: ${error}.` });
    });
  }
  return problems;
}

function operatorProblem(operator: unknown, path: Path, supported: string): Problem {
  if (operator === undefined || operator === null || operator === '') {
    return { path: operator === undefined ? path : [...path, 'operator'], message: `\`operator\` is required: use ${supported}.` };
  }
  return { path: [...path, 'operator'], message: `Invalid operator ${show(operator)}: not a valid selector operator (use ${supported}; operators are case-sensitive).` };
}

function labelValueOnly(value: string, path: Path): Problem[] {
  const error = labelValueErrors(value)[0];
  return error ? [{ path, message: `Invalid value ${show(value)}: ${error}.` }] : [];
}
