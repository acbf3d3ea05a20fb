/**
 * Label selectors (`matchLabels` + `matchExpressions`), as `metav1.LabelSelectorAsSelector` converts and
 * `labels.Selector.Matches` evaluates them. Shared by the diagnostics (selector vs template labels,
 * Services and other selectors) and the placement engine.
 *
 * Conversion rules: a nil selector selects nothing; a selector with no matchLabels and no
 * matchExpressions selects everything; an invalid requirement makes the whole conversion fail.
 */
import type { LabelSelector } from './types';
import { labelValueErrors, qualifiedNameErrors } from './names';

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement of a converted selector, with where it came from in the source selector. */
export interface SelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values: readonly string[];
  /** `matchLabels` entries come from their key; `matchExpressions` from their index. */
  source: { kind: 'matchLabels'; key: string } | { kind: 'matchExpressions'; index: number };
}

export interface CompiledLabelSelector {
  /** `nothing`: nil selector; `everything`: empty selector; `requirements`: the usual case; `error`: conversion failed. */
  kind: 'nothing' | 'everything' | 'requirements' | 'error';
  requirements: readonly SelectorRequirement[];
  /** Set when kind is `error`: the first conversion problem, in the API server's words. */
  error?: { message: string; source: SelectorRequirement['source'] };
}

const operators: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Converts a selector once, so that matching many label sets costs no parsing. */
export function compileLabelSelector(selector: LabelSelector | null | undefined): CompiledLabelSelector {
  if (selector === null || selector === undefined || !isRecord(selector)) {
    return { kind: 'nothing', requirements: [] };
  }
  const requirements: SelectorRequirement[] = [];
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  const matchExpressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const [key, rawValue] of Object.entries(matchLabels)) {
    const value = rawValue === null || rawValue === undefined ? '' : String(rawValue);
    const source = { kind: 'matchLabels', key } as const;
    const problem = qualifiedNameErrors(key)[0] ?? labelValueErrors(value)[0];
    if (problem) return { kind: 'error', requirements: [], error: { message: problem, source } };
    requirements.push({ key, operator: 'In', values: [value], source });
  }
  for (let index = 0; index < matchExpressions.length; index++) {
    const expression: unknown = matchExpressions[index];
    const source = { kind: 'matchExpressions', index } as const;
    if (!isRecord(expression)) {
      return { kind: 'error', requirements: [], error: { message: 'a requirement must be an object', source } };
    }
    const key = typeof expression.key === 'string' ? expression.key : '';
    const operator = typeof expression.operator === 'string' ? expression.operator : '';
    const values = Array.isArray(expression.values) ? expression.values.map((v) => String(v)) : [];
    const problem = requirementProblem(key, operator, values);
    if (problem) return { kind: 'error', requirements: [], error: { message: problem, source } };
    requirements.push({ key, operator: operator as LabelSelectorOperator, values, source });
  }
  if (requirements.length === 0) return { kind: 'everything', requirements };
  return { kind: 'requirements', requirements };
}

function requirementProblem(key: string, operator: string, values: readonly string[]): string | undefined {
  const keyProblem = qualifiedNameErrors(key)[0];
  if (keyProblem) return `key: ${keyProblem}`;
  if (!operators.has(operator)) return `"${operator}" is not a valid label selector operator`;
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    return "values: must be specified when `operator` is 'In' or 'NotIn'";
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    return "values: may not be specified when `operator` is 'Exists' or 'DoesNotExist'";
  }
  for (const value of values) {
    const valueProblem = labelValueErrors(value)[0];
    if (valueProblem) return `values: "${value}": ${valueProblem}`;
  }
  return undefined;
}

/** Whether one requirement holds for a label set. */
export function requirementMatches(requirement: SelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = has ? String(labels[requirement.key]) : '';
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value);
    case 'NotIn':
      return !has || !requirement.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Whether a compiled selector selects a label set. A selector that failed to convert selects nothing. */
export function selectorMatches(selector: CompiledLabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  switch (selector.kind) {
    case 'nothing':
    case 'error':
      return false;
    case 'everything':
      return true;
    case 'requirements': {
      const set = labels ?? {};
      for (const requirement of selector.requirements) {
        if (!requirementMatches(requirement, set)) return false;
      }
      return true;
    }
  }
}

/** The requirements that a label set fails, for messages that point at each failing entry. */
export function failingRequirements(
  selector: CompiledLabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): SelectorRequirement[] {
  const set = labels ?? {};
  return selector.requirements.filter((requirement) => !requirementMatches(requirement, set));
}

/** Renders a requirement the way `kubectl` prints selectors: `app=nginx`, `tier in (a,b)`, `!gpu`. */
export function formatRequirement(requirement: Pick<SelectorRequirement, 'key' | 'operator' | 'values'>): string {
  switch (requirement.operator) {
    case 'In':
      return requirement.values.length === 1
        ? `${requirement.key}=${requirement.values[0]}`
        : `${requirement.key} in (${requirement.values.join(',')})`;
    case 'NotIn':
      return `${requirement.key} notin (${requirement.values.join(',')})`;
    case 'Exists':
      return requirement.key;
    case 'DoesNotExist':
      return `!${requirement.key}`;
  }
}

/** Renders a whole selector as a `kubectl -l` argument (`app=nginx,tier in (a,b)`); undefined when it cannot be expressed. */
export function formatSelector(selector: CompiledLabelSelector): string | undefined {
  if (selector.kind !== 'requirements') return selector.kind === 'everything' ? '' : undefined;
  return selector.requirements.map(formatRequirement).join(',');
}
