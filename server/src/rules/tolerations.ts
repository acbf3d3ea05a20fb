/**
 * Toleration syntax as core `ValidateTolerations` checks it (semantics doc §8.4): key syntax, empty key only with
 * Exists, tolerationSeconds only with NoExecute, the value rule of each operator, case-sensitive operators and
 * effects, and Lt/Gt only behind the TaintTolerationComparisonOperators gate.
 */
import { labelValueErrors, qualifiedNameErrors } from '../kube/names';
import type { Finding, Fix, Path, Rule, RuleContext, StructuralEdit } from './types';
import { describeType, isDaemonSet, isRecord, isSet, podSpecPath, show } from './util';

export const tolerationsPath: Path = [...podSpecPath, 'tolerations'];
const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export const tolerationsRule: Rule = {
  id: 'tolerations',
  appliesTo: isDaemonSet,
  codes: [
    { code: 'toleration-key-invalid', severity: 'error', title: 'A toleration key must be a qualified name' },
    { code: 'toleration-empty-key-requires-exists', severity: 'error', title: 'A toleration with an empty key must use operator Exists' },
    { code: 'toleration-seconds-requires-no-execute', severity: 'error', title: "tolerationSeconds requires effect 'NoExecute'" },
    { code: 'toleration-exists-with-value', severity: 'error', title: "A toleration with operator 'Exists' must not have a value" },
    { code: 'toleration-value-invalid', severity: 'error', title: 'A toleration value must be a valid label value (an integer for Lt/Gt)' },
    { code: 'toleration-operator-invalid', severity: 'error', title: 'A toleration operator must be Equal or Exists (case-sensitive)' },
    { code: 'toleration-effect-invalid', severity: 'error', title: 'A toleration effect must be NoSchedule, PreferNoSchedule or NoExecute' },
  ],
  check: checkTolerations,
};

/** Each toleration that is a map, with its path; other items are left to schema validation. */
export function tolerationEntries(object: Record<string, unknown>): { toleration: Record<string, unknown>; path: Path; index: number }[] {
  const spec = isRecord(object.spec) ? object.spec : undefined;
  const template = spec && isRecord(spec.template) ? spec.template : undefined;
  const podSpec = template && isRecord(template.spec) ? template.spec : undefined;
  const list = podSpec?.tolerations;
  if (!Array.isArray(list)) return [];
  const entries: { toleration: Record<string, unknown>; path: Path; index: number }[] = [];
  list.forEach((toleration, index) => {
    if (isRecord(toleration)) entries.push({ toleration, path: [...tolerationsPath, index], index });
  });
  return entries;
}

/** A string field read as Go decodes it: null/absent is `''`; other scalars keep their text (they fail decoding anyway). */
export function field(toleration: Record<string, unknown>, name: string): string {
  const value = toleration[name];
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function checkTolerations(context: RuleContext): Finding[] {
  const comparison = context.options.tolerationComparisonOperators === true;
  const findings: Finding[] = [];
  for (const { toleration, path } of tolerationEntries(context.resource.object)) {
    findings.push(...checkToleration(toleration, path, comparison));
  }
  return findings;
}

function checkToleration(toleration: Record<string, unknown>, path: Path, comparison: boolean): Finding[] {
  const findings: Finding[] = [];
  const key = field(toleration, 'key');
  const operator = field(toleration, 'operator');
  const value = field(toleration, 'value');
  const effect = field(toleration, 'effect');
  const operatorKnown = operator === '' || operator === 'Equal' || operator === 'Exists' || (comparison && (operator === 'Lt' || operator === 'Gt'));

  if (key !== '') {
    const error = typeof toleration.key === 'string' ? qualifiedNameErrors(key)[0] : `must be a string, not ${describeType(toleration.key)}`;
    if (error) findings.push({ code: 'toleration-key-invalid', message: `Invalid toleration key ${show(key)}: ${error}.`, path: [...path, 'key'] });
  }

  if (key === '' && operator !== 'Exists' && operatorKnown) {
    const edits: StructuralEdit[] = [{ kind: 'set', path: [...path, 'operator'], value: 'Exists' }];
    if (value !== '') edits.push({ kind: 'delete', path: [...path, 'value'] });
    findings.push({
      code: 'toleration-empty-key-requires-exists',
      message:
        'operator must be Exists when `key` is empty, which means "match all values and all keys". ' +
        `An empty key with operator ${operator || 'Equal (the default)'} is rejected; set a key, or use \`operator: Exists\` to tolerate every taint${effect ? ` with effect ${effect}` : ''}.`,
      path: isSet(toleration, 'operator') ? [...path, 'operator'] : path,
      fixes: [{ title: 'Set operator: Exists', edits, preferred: true }],
    });
  }

  if (isSet(toleration, 'tolerationSeconds') && effect !== 'NoExecute') {
    findings.push({
      code: 'toleration-seconds-requires-no-execute',
      message:
        `effect must be 'NoExecute' when \`tolerationSeconds\` is set (effect is ${effect ? show(effect) : 'empty, which means all effects'}). ` +
        'tolerationSeconds only limits how long a pod stays on a node after a NoExecute taint appears.',
      path: [...path, 'tolerationSeconds'],
      target: 'key',
      ...(isSet(toleration, 'effect') ? { related: [{ path: [...path, 'effect'], message: 'the effect' }] } : {}),
      fixes: [
        { title: 'Remove tolerationSeconds', edits: [{ kind: 'delete', path: [...path, 'tolerationSeconds'] }], preferred: true },
        { title: 'Set effect: NoExecute', edits: [{ kind: 'set', path: [...path, 'effect'], value: 'NoExecute' }] },
      ],
    });
  }

  findings.push(...operatorFindings(toleration, path, { key, operator, value, comparison }));

  if (effect !== '' && !effects.includes(effect)) {
    const fixed = effects.find((candidate) => candidate.toLowerCase() === effect.toLowerCase());
    findings.push({
      code: 'toleration-effect-invalid',
      message: `Unsupported value ${show(effect)} for effect: supported values: "NoExecute", "NoSchedule", "PreferNoSchedule" (case-sensitive). An empty effect matches all effects.`,
      path: [...path, 'effect'],
      ...(fixed ? { fixes: [{ title: `Set effect: ${fixed}`, edits: [{ kind: 'set', path: [...path, 'effect'], value: fixed }], preferred: true }] } : {}),
    });
  }
  return findings;
}

function operatorFindings(
  toleration: Record<string, unknown>,
  path: Path,
  { key, operator, value, comparison }: { key: string; operator: string; value: string; comparison: boolean },
): Finding[] {
  const valuePath = [...path, 'value'];
  switch (operator) {
    case '':
    case 'Equal': {
      if (isSet(toleration, 'value') && typeof toleration.value !== 'string') {
        return [{ code: 'toleration-value-invalid', message: `The toleration value must be a string, not ${describeType(toleration.value)}; quote it: "${value}".`, path: valuePath, fixes: [quoteFix(valuePath, value)] }];
      }
      const error = labelValueErrors(value)[0];
      return error ? [{ code: 'toleration-value-invalid', message: `Invalid toleration value ${show(value)}: ${error}.`, path: valuePath }] : [];
    }
    case 'Exists':
      if (value === '') return [];
      return [
        {
          code: 'toleration-exists-with-value',
          message: `value must be empty when \`operator\` is 'Exists' (value is ${show(value)}). Exists tolerates the key with any value; to tolerate only ${show(value)}, use \`operator: Equal\`.`,
          path: valuePath,
          fixes: [
            { title: 'Remove the value', edits: [{ kind: 'delete', path: valuePath }], preferred: true },
            ...(key !== '' ? [{ title: 'Set operator: Equal', edits: [{ kind: 'set' as const, path: [...path, 'operator'], value: 'Equal' }] }] : []),
          ],
        },
      ];
    case 'Lt':
    case 'Gt':
      if (comparison) {
        return isCanonicalInteger(value)
          ? []
          : [{ code: 'toleration-value-invalid', message: `Invalid toleration value ${show(value)}: with operator ${operator} the value must be a decimal integer (no leading zeros, no '+', no spaces).`, path: valuePath }];
      }
      return [
        {
          code: 'toleration-operator-invalid',
          message:
            `Unsupported value ${show(operator)} for operator: supported values: "Equal", "Exists". ` +
            'Lt and Gt need the alpha feature gate TaintTolerationComparisonOperators (Kubernetes 1.35, off by default).',
          path: [...path, 'operator'],
        },
      ];
    default: {
      const fixed = ['Equal', 'Exists'].find((candidate) => candidate.toLowerCase() === operator.toLowerCase());
      const fixes: Fix[] = fixed ? [{ title: `Set operator: ${fixed}`, edits: [{ kind: 'set', path: [...path, 'operator'], value: fixed }], preferred: true }] : [];
      return [
        {
          code: 'toleration-operator-invalid',
          message: `Unsupported value ${show(operator)} for operator: supported values: "Equal", "Exists" (case-sensitive).`,
          path: [...path, 'operator'],
          ...(fixes.length ? { fixes } : {}),
        },
      ];
    }
  }
}

function quoteFix(path: Path, value: string): Fix {
  return { title: `Quote the value: "${value}"`, edits: [{ kind: 'set', path, value }], preferred: true };
}

/** The toleration matcher's integers (`content.IsDecimalInteger` + int64): optional '-', no leading zeros, no '+'. */
function isCanonicalInteger(value: string): boolean {
  if (!/^-?(0|[1-9][0-9]*)$/.test(value)) return false;
  const parsed = BigInt(value);
  return parsed <= 9223372036854775807n && parsed >= -9223372036854775808n;
}
