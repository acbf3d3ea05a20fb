/**
 * Go `%#v` renderings that appear verbatim in API server messages, so that messages read as on a real
 * cluster (`spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx"}, ...}`).
 */
import { asArray, asRecord, isRecord } from './objects';

const quote = (value: unknown): string => JSON.stringify(String(value ?? ''));

function stringMapLiteral(value: unknown): string {
  if (!isRecord(value)) return 'map[string]string(nil)';
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${quote(key)}:${quote(value[key])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function requirementLiteral(value: unknown): string {
  const requirement = asRecord(value);
  const values = Array.isArray(requirement.values)
    ? `[]string{${requirement.values.map(quote).join(', ')}}`
    : '[]string(nil)';
  return `v1.LabelSelectorRequirement{Key:${quote(requirement.key)}, Operator:${quote(requirement.operator)}, Values:${values}}`;
}

/** `v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`. */
export function labelSelectorLiteral(selector: unknown): string {
  if (!isRecord(selector)) return 'null';
  const expressions = Array.isArray(selector.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${asArray(selector.matchExpressions).map(requirementLiteral).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${stringMapLiteral(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}
