/**
 * Every rule group, and the one entry point the language server and the CLI call per resource. A rule that throws
 * (a bug: rules are written not to, whatever the input) loses its own findings and nothing else.
 */
import { apiVersionRule } from './apiVersion';
import { crossResourceRule } from './crossResource';
import { envRule } from './env';
import { metadataRule } from './metadata';
import { nodeAffinityRule } from './nodeAffinity';
import { podTemplateRule } from './podTemplate';
import { probesRule } from './probes';
import { resourcesRule } from './resources';
import { selectorRule } from './selector';
import { tolerationPitfallsRule } from './tolerationPitfalls';
import { tolerationsRule } from './tolerations';
import type { Finding, Resource, Rule, RuleCode, RuleContext } from './types';
import { updateStrategyRule } from './updateStrategy';
import { volumesRule } from './volumes';
import { isDaemonSet as isDaemonSetResource } from './util';

export const rules: readonly Rule[] = [
  apiVersionRule,
  metadataRule,
  selectorRule,
  podTemplateRule,
  volumesRule,
  probesRule,
  resourcesRule,
  envRule,
  updateStrategyRule,
  tolerationsRule,
  tolerationPitfallsRule,
  nodeAffinityRule,
  crossResourceRule,
];

/** Every code of every rule, by code. A code declared twice keeps its first declaration (the tests forbid it). */
export const ruleCodes: ReadonlyMap<string, RuleCode> = (() => {
  const codes = new Map<string, RuleCode>();
  for (const rule of rules) {
    for (const code of rule.codes) if (!codes.has(code.code)) codes.set(code.code, code);
  }
  return codes;
})();

/** kind DaemonSet with apiVersion apps/v1, extensions/v1beta1 or apps/v1beta2. */
export function isDaemonSet(resource: Resource): boolean {
  return isDaemonSetResource(resource);
}

/**
 * Runs every rule that applies to `context.resource`. Findings carry their severity (the code's default unless the
 * rule overrode it).
 */
export function checkResource(context: RuleContext): Finding[] {
  return runRules(rules, context);
}

const ownRules = rules.filter((rule) => !rule.readsFile);
const fileRules = rules.filter((rule) => rule.readsFile);
/** Findings of the rules that read only the resource, per resource object and options: reused while unchanged. */
const ownFindings = new WeakMap<object, { options: string; findings: Finding[] }>();

/**
 * {@link checkResource}, reusing the findings of the rules that read only the resource when the resource object is
 * the same as last time (the document model keeps the objects of unchanged documents across versions).
 * @param options `JSON.stringify(context.options)`, computed once by a caller that checks many resources
 */
export function checkResourceReusing(context: RuleContext, options: string = JSON.stringify(context.options)): Finding[] {
  let own = ownFindings.get(context.resource.object);
  if (!own || own.options !== options) {
    own = { options, findings: runRules(ownRules, context) };
    ownFindings.set(context.resource.object, own);
  }
  const across = fileRules.filter((rule) => rule.appliesTo(context.resource));
  return across.length ? [...own.findings, ...runRules(across, context)] : own.findings;
}

/** {@link checkResource} over a given rule list (exported for tests of the isolation between rules). */
export function runRules(ruleList: readonly Rule[], context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of ruleList) {
    let found: Finding[];
    try {
      if (!rule.appliesTo(context.resource)) continue;
      found = rule.check(context);
    } catch {
      continue;
    }
    for (const finding of found) {
      const severity = finding.severity ?? rule.codes.find((code) => code.code === finding.code)?.severity ?? ruleCodes.get(finding.code)?.severity;
      findings.push(severity ? { ...finding, severity } : finding);
    }
  }
  return findings;
}
