/**
 * `spec.selector` of a DaemonSet (`ValidateDaemonSetSpec` steps 1-3): required (apps/v1 does not default it), not
 * empty, syntactically valid, and matching the template labels. A mismatch is reported at every failing selector
 * entry and once at the template labels, with fixes on both sides.
 */
import { compileLabelSelector, failingRequirements, formatRequirement, selectorMatches } from '../kube/labelSelector';
import type { SelectorRequirement } from '../kube/labelSelector';
import { isQualifiedName, isValidLabelValue } from '../kube/names';
import type { LabelSelector } from '../kube/types';
import { labelMapProblems, labelSelectorRequirementProblems, type Problem } from './requirements';
import type { Finding, Fix, Path, RelatedInformation, Rule, RuleContext, StructuralEdit } from './types';
import {
  describeType,
  get,
  isDaemonSet,
  isRecord,
  labelsOf,
  missingFieldPath,
  removedDaemonSetApiVersions,
  show,
  templateLabelsPath,
} from './util';

const selectorPath: Path = ['spec', 'selector'];

export const selectorRule: Rule = {
  id: 'selector',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'selector-missing', severity: 'error', title: 'spec.selector is required in apps/v1 (it is not defaulted from the template labels)' },
    { code: 'selector-empty', severity: 'error', title: 'An empty selector is invalid for a DaemonSet' },
    { code: 'selector-invalid', severity: 'error', title: 'spec.selector has an invalid label or requirement' },
    { code: 'selector-mismatch', severity: 'error', title: 'spec.selector does not match the template labels' },
  ],
  check: checkSelector,
};

function checkSelector(context: RuleContext): Finding[] {
  const object = context.resource.object;
  const selector = get(object, selectorPath);
  const templateLabels = labelsOf(get(object, templateLabelsPath));

  if (selector === undefined || selector === null) {
    // The removed versions are reported by the apiVersion rule, whose migration fix also adds the selector.
    if (removedDaemonSetApiVersions.has(context.resource.apiVersion)) return [];
    const fix = setSelectorFix(templateLabels, true);
    return [
      {
        code: 'selector-missing',
        message:
          '`selector` does not match template `labels`: `spec.selector` is missing. apps/v1 requires a selector and does ' +
          'not default it from the template labels; add `selector: {matchLabels: ...}` with the labels of the pod template.',
        path: missingFieldPath(object, ['spec']),
        ...(fix ? { fixes: [fix] } : {}),
      },
    ];
  }
  if (!isRecord(selector)) {
    return [{ code: 'selector-invalid', message: `\`spec.selector\` must be a label selector (a map with \`matchLabels\` and/or \`matchExpressions\`), not ${describeType(selector)}.`, path: selectorPath }];
  }

  const problems = syntaxProblems(selector);
  if (problems.length > 0) {
    return problems.map((problem) => ({ code: 'selector-invalid', message: problem.message, path: problem.path, ...(problem.target ? { target: problem.target } : {}) }));
  }

  const matchLabelCount = isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0;
  const expressionCount = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0;
  if (matchLabelCount + expressionCount === 0) {
    const fix = setSelectorFix(templateLabels, true);
    return [
      {
        code: 'selector-empty',
        message: 'empty selector is invalid for daemonset: the selector must require at least one label of the pod template (e.g. `matchLabels: {app: my-agent}`).',
        path: selectorPath,
        ...(fix ? { fixes: [fix] } : {}),
      },
    ];
  }

  const compiled = compileLabelSelector(selector as LabelSelector);
  if (compiled.kind !== 'requirements') return [];
  const failing = failingRequirements(compiled, templateLabels);
  if (failing.length === 0) return [];
  return mismatchFindings(object, compiled.requirements, failing, templateLabels);
}

function syntaxProblems(selector: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    problems.push(...labelMapProblems(matchLabels, [...selectorPath, 'matchLabels'], '`spec.selector.matchLabels`'));
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) {
      problems.push({ path: [...selectorPath, 'matchExpressions'], message: `\`spec.selector.matchExpressions\` must be a list of requirements, not ${describeType(expressions)}.` });
    } else {
      expressions.forEach((expression, index) => {
        problems.push(...labelSelectorRequirementProblems(expression, [...selectorPath, 'matchExpressions', index]));
      });
    }
  }
  return problems.map((problem) => ({ ...problem, message: `Invalid selector: ${problem.message}` }));
}

function mismatchFindings(
  object: Record<string, unknown>,
  all: readonly SelectorRequirement[],
  failing: readonly SelectorRequirement[],
  templateLabels: Record<string, string>,
): Finding[] {
  const labelsAt = missingFieldPath(object, templateLabelsPath);
  const labelsExist = labelsAt.length === templateLabelsPath.length;
  const setSelector = setSelectorFix(templateLabels, false);
  const findings: Finding[] = [];

  for (const requirement of failing) {
    const related: RelatedInformation[] = [{ path: labelsAt, message: labelsExist ? 'the pod template labels' : 'the pod template has no labels' }];
    if (Object.prototype.hasOwnProperty.call(templateLabels, requirement.key)) {
      related.push({ path: [...templateLabelsPath, requirement.key], message: `the template sets ${show(`${requirement.key}=${templateLabels[requirement.key]}`)}` });
    }
    const fixes: Fix[] = [];
    const label = labelThatSatisfies(requirement);
    if (label) {
      const edits = templateLabelEdits(object, { [label[0]]: label[1] });
      if (edits) fixes.push({ title: labelFixTitle({ [label[0]]: label[1] }, templateLabels), edits, preferred: true });
    }
    if (setSelector) fixes.push(setSelector);
    findings.push({
      code: 'selector-mismatch',
      message: `\`selector\` does not match template \`labels\`: ${describeFailure(requirement, templateLabels)}`,
      path: requirement.source.kind === 'matchLabels' ? [...selectorPath, 'matchLabels', requirement.source.key] : [...selectorPath, 'matchExpressions', requirement.source.index],
      related,
      ...(fixes.length ? { fixes } : {}),
    });
  }

  // The same problem seen from the template: what the selector needs.
  const fixes: Fix[] = [];
  const needed = neededLabels(all, failing, templateLabels);
  if (needed) {
    const edits = templateLabelEdits(object, needed);
    if (edits) fixes.push({ title: labelFixTitle(needed, templateLabels), edits, preferred: true });
  }
  if (setSelector) fixes.push(setSelector);
  const needs = failing.map((requirement) => show(formatRequirement(requirement)));
  const has = Object.entries(templateLabels).map(([key, value]) => `${key}=${value}`);
  findings.push({
    code: 'selector-mismatch',
    message:
      `\`selector\` does not match template \`labels\`: the selector needs ${needs.join(', ')}, ` +
      `but the template labels are ${has.length ? show(has.join(',')) : 'empty'}. The DaemonSet would not select its own pods.`,
    path: labelsAt,
    related: failing.map((requirement) => ({
      path: requirement.source.kind === 'matchLabels' ? [...selectorPath, 'matchLabels', requirement.source.key] : [...selectorPath, 'matchExpressions', requirement.source.index],
      message: `the selector requires ${show(formatRequirement(requirement))}`,
    })),
    ...(fixes.length ? { fixes } : {}),
  });
  return findings;
}

function describeFailure(requirement: SelectorRequirement, labels: Record<string, string>): string {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const actual = has ? show(`${requirement.key}=${labels[requirement.key]}`) : undefined;
  const wanted = show(formatRequirement(requirement));
  switch (requirement.operator) {
    case 'In':
      return `the selector requires ${wanted}, but the template ${actual ? `has ${actual}` : `has no label ${show(requirement.key)}`}.`;
    case 'NotIn':
      return `the selector requires ${wanted}, but the template has ${actual}.`;
    case 'Exists':
      return `the selector requires a label ${show(requirement.key)}, but the template has none.`;
    case 'DoesNotExist':
      return `the selector requires that the template has no label ${show(requirement.key)}, but it has ${actual}.`;
  }
}

/** The one label that satisfies a requirement, when there is exactly one (matchLabels, `In` with one value). */
function labelThatSatisfies(requirement: SelectorRequirement): [string, string] | undefined {
  if (requirement.operator !== 'In' || requirement.values.length !== 1) return undefined;
  return [requirement.key, requirement.values[0]!];
}

/** Labels to set on the template so that the whole selector matches, or undefined when no such set is obvious. */
function neededLabels(
  all: readonly SelectorRequirement[],
  failing: readonly SelectorRequirement[],
  templateLabels: Record<string, string>,
): Record<string, string> | undefined {
  const needed: Record<string, string> = {};
  for (const requirement of failing) {
    const label = labelThatSatisfies(requirement);
    if (!label) return undefined;
    if (Object.prototype.hasOwnProperty.call(needed, label[0]) && needed[label[0]] !== label[1]) return undefined;
    needed[label[0]] = label[1];
  }
  const result = { ...templateLabels, ...needed };
  const compiled = { kind: 'requirements' as const, requirements: all };
  return selectorMatches(compiled, result) ? needed : undefined;
}

function labelFixTitle(labels: Record<string, string>, templateLabels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 1) {
    const [key, value] = entries[0]!;
    return Object.prototype.hasOwnProperty.call(templateLabels, key)
      ? `Change template label \`${key}\` to \`${value}\``
      : `Add label \`${key}: ${value}\` to the template`;
  }
  return 'Add the missing labels to the template';
}

/**
 * Edits that set labels on the pod template. Several keys into a map that does not exist yet are one `set` of the
 * whole map (separate inserts would each create the map).
 */
export function templateLabelEdits(object: Record<string, unknown>, labels: Record<string, string>): StructuralEdit[] | undefined {
  const template = get(object, ['spec', 'template']);
  const metadata = get(object, ['spec', 'template', 'metadata']);
  if ((template !== undefined && template !== null && !isRecord(template)) || (metadata !== undefined && metadata !== null && !isRecord(metadata))) {
    return undefined;
  }
  const current = get(object, templateLabelsPath);
  if (isRecord(current)) {
    return Object.entries(labels).map(([key, value]) => ({ kind: 'set', path: [...templateLabelsPath, key], value }));
  }
  return [{ kind: 'set', path: templateLabelsPath, value: { ...labels } }];
}

/** "Set the selector to the template labels", when the template has valid labels to select by. */
export function setSelectorFix(templateLabels: Record<string, string>, preferred: boolean): Fix | undefined {
  const matchLabels = selectorLabels(templateLabels);
  if (!matchLabels) return undefined;
  return {
    title: 'Set the selector to the template labels',
    edits: [{ kind: 'set', path: selectorPath, value: { matchLabels } }],
    ...(preferred ? { preferred } : {}),
  };
}

/** The template labels usable as `matchLabels` (valid keys and values), or undefined when none are. */
export function selectorLabels(templateLabels: Record<string, string>): Record<string, string> | undefined {
  const entries = Object.entries(templateLabels).filter(([key, value]) => isQualifiedName(key) && isValidLabelValue(value));
  return entries.length ? Object.fromEntries(entries) : undefined;
}
