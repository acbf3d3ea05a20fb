/**
 * `nodeSelector` and required node affinity, as `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)` decides
 * (kubernetes-daemonset-semantics.md §4): the nodeSelector map ANDed with the required terms; terms ORed; empty
 * terms match nothing; a term that does not parse fails on its own without affecting the others.
 *
 * Everything is compiled once per pod template; matching a node is then string comparisons and, for Gt/Lt, one
 * integer parse of the node's label value.
 */
import { arrayOrEmpty, isRecord, labelOf, labelValue, scalarString, stringOrEmpty, type PlainRecord } from './coerce';
import { labelValueErrors, qualifiedNameErrors } from './names';

// Bound once: per-file transpilers (tsx, ts-node) turn every use of an imported binding into a property read
// through a getter, which costs measurably in the per-node loops below.
const readLabel = labelOf;
const EMPTY_LABELS: PlainRecord = Object.freeze({}) as PlainRecord;

/** One `nodeSelector` pair: the node needs the label, with exactly this value. */
export interface NodeSelectorPair {
  readonly key: string;
  readonly value: string;
}

export const ExprOp = { in: 0, notIn: 1, exists: 2, doesNotExist: 3, gt: 4, lt: 5 } as const;
export type ExprOpKind = (typeof ExprOp)[keyof typeof ExprOp];

/** A parsed `matchExpressions` requirement. */
export interface CompiledExpression {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
  readonly op: ExprOpKind;
  /** Gt/Lt: the requirement's value as an integer. */
  readonly bound: number | bigint;
}

/** A parsed `matchFields` requirement (`In`/`NotIn` with one value). */
export interface CompiledField {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
  readonly notIn: boolean;
  readonly value: string;
}

/** A non-empty node selector term. */
export interface CompiledTerm {
  /** 0-based index in `nodeSelectorTerms`. */
  readonly index: number;
  readonly expressions: readonly CompiledExpression[];
  readonly fields: readonly CompiledField[];
  /** Parse errors; a term with errors never matches. */
  readonly errors: readonly string[];
}

/** A compiled `requiredDuringSchedulingIgnoredDuringExecution`. */
export interface CompiledNodeSelector {
  /** The non-empty terms, valid or not, in source order. */
  readonly terms: readonly CompiledTerm[];
  /** The number of entries in `nodeSelectorTerms`, empty ones included. */
  readonly termCount: number;
  /** Whether some term can match at all (non-empty and parses). */
  readonly satisfiable: boolean;
}

/** A requirement as written, for messages and reason details. */
export interface RequirementView {
  key: string;
  operator: string;
  values?: string[];
}

/** Reads a `nodeSelector` map; values are stringified as the API would hold them. */
export function compileNodeSelectorMap(nodeSelector: unknown): NodeSelectorPair[] {
  if (!isRecord(nodeSelector)) return [];
  const pairs: NodeSelectorPair[] = [];
  for (const key of Object.keys(nodeSelector)) pairs.push({ key, value: stringOrEmpty(nodeSelector[key]) });
  return pairs;
}

const goIntRe = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * `strconv.ParseInt(value, 10, 64)`: an optional sign, then decimal digits; leading zeros and `+` are fine.
 * Returns a number when it is exact, a bigint beyond 2^53, or undefined when Go would return an error.
 */
export function parseGoInt64(value: string): number | bigint | undefined {
  if (!goIntRe.test(value)) return undefined;
  if (value.length <= 15) return Number(value) + 0; // at most 15 digits: exact as a double; + 0 turns -0 into 0
  const parsed = BigInt(value);
  return parsed < INT64_MIN || parsed > INT64_MAX ? undefined : parsed;
}

function requirementValues(raw: Record<string, unknown>): { values: string[]; problem?: string } {
  const values: string[] = [];
  const list = arrayOrEmpty(raw.values);
  for (let i = 0; i < list.length; i++) {
    const value = scalarString(list[i]);
    if (value === undefined) return { values, problem: `values[${i}]: must be a string` };
    values.push(value);
  }
  return { values };
}

/** A requirement as written, read defensively (for messages). */
export function requirementView(raw: unknown): RequirementView {
  const record = isRecord(raw) ? raw : {};
  const view: RequirementView = { key: stringOrEmpty(record.key), operator: stringOrEmpty(record.operator) };
  if (Array.isArray(record.values)) view.values = record.values.map((v) => stringOrEmpty(v));
  return view;
}

const exprOps: Readonly<Record<string, ExprOpKind>> = {
  In: ExprOp.in,
  NotIn: ExprOp.notIn,
  Exists: ExprOp.exists,
  DoesNotExist: ExprOp.doesNotExist,
  Gt: ExprOp.gt,
  Lt: ExprOp.lt,
};

/** `labels.NewRequirement` as `nodeSelectorRequirementsAsSelector` calls it: the expression, or its first problem. */
export function compileExpression(raw: unknown): CompiledExpression | string {
  if (!isRecord(raw)) return 'a requirement must be an object';
  const key = stringOrEmpty(raw.key);
  const operator = stringOrEmpty(raw.operator);
  const op = Object.prototype.hasOwnProperty.call(exprOps, operator) ? exprOps[operator] : undefined;
  if (op === undefined) {
    return `operator: Unsupported value: "${operator}": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"`;
  }
  const { values, problem } = requirementValues(raw);
  if (problem) return problem;
  const keyProblem = qualifiedNameErrors(key)[0];
  if (keyProblem) return `key: Invalid value: "${key}": ${keyProblem}`;
  let bound: number | bigint = 0;
  switch (op) {
    case ExprOp.in:
    case ExprOp.notIn:
      if (values.length === 0) return "values: for 'in', 'notin' operators, values set can't be empty";
      break;
    case ExprOp.exists:
    case ExprOp.doesNotExist:
      if (values.length !== 0) return 'values: values set must be empty for exists and does not exist';
      break;
    default: {
      if (values.length !== 1) return "values: for 'Gt', 'Lt' operators, exactly one value is required";
      const parsed = parseGoInt64(values[0]!);
      if (parsed === undefined) return `values[0]: Invalid value: "${values[0]}": for 'Gt', 'Lt' operators, the value must be an integer`;
      bound = parsed;
    }
  }
  for (let i = 0; i < values.length; i++) {
    const valueProblem = labelValueErrors(values[i]!)[0];
    if (valueProblem) return `values[${i}]: Invalid value: "${values[i]}": ${valueProblem}`;
  }
  return { key, operator, values, op, bound };
}

/** `nodeSelectorRequirementsAsFieldSelector`: In/NotIn with exactly one value; any key (only `metadata.name` exists). */
export function compileField(raw: unknown): CompiledField | string {
  if (!isRecord(raw)) return 'a requirement must be an object';
  const key = stringOrEmpty(raw.key);
  const operator = stringOrEmpty(raw.operator);
  if (operator !== 'In' && operator !== 'NotIn') {
    return `operator: Unsupported value: "${operator}": supported values: "In", "NotIn"`;
  }
  const { values, problem } = requirementValues(raw);
  if (problem) return problem;
  if (values.length !== 1) return 'values: must have one element';
  return { key, operator, values, notIn: operator === 'NotIn', value: values[0]! };
}

/** Whether a term has neither matchExpressions nor matchFields ("nil or empty term selects no objects"). */
function isEmptyTerm(raw: unknown): boolean {
  if (!isRecord(raw)) return true;
  return arrayOrEmpty(raw.matchExpressions).length === 0 && arrayOrEmpty(raw.matchFields).length === 0;
}

/** Compiles `requiredDuringSchedulingIgnoredDuringExecution`. */
export function compileNodeSelector(required: unknown): CompiledNodeSelector {
  const rawTerms = isRecord(required) ? arrayOrEmpty(required.nodeSelectorTerms) : [];
  const terms: CompiledTerm[] = [];
  let satisfiable = false;
  for (let index = 0; index < rawTerms.length; index++) {
    const raw = rawTerms[index];
    if (isEmptyTerm(raw)) continue;
    const record = raw as Record<string, unknown>;
    const expressions: CompiledExpression[] = [];
    const fields: CompiledField[] = [];
    const errors: string[] = [];
    const rawExpressions = arrayOrEmpty(record.matchExpressions);
    for (let i = 0; i < rawExpressions.length; i++) {
      const compiled = compileExpression(rawExpressions[i]);
      if (typeof compiled === 'string') errors.push(`matchExpressions[${i}].${compiled}`);
      else expressions.push(compiled);
    }
    const rawFields = arrayOrEmpty(record.matchFields);
    for (let i = 0; i < rawFields.length; i++) {
      const compiled = compileField(rawFields[i]);
      if (typeof compiled === 'string') errors.push(`matchFields[${i}].${compiled}`);
      else fields.push(compiled);
    }
    if (errors.length === 0) satisfiable = true;
    terms.push({ index, expressions, fields, errors });
  }
  return { terms, termCount: rawTerms.length, satisfiable };
}

/** `Requirement.Matches` for one node-label set. */
export function expressionMatches(expression: CompiledExpression, labels: unknown): boolean {
  return expressionMatchesIn(expression, isRecord(labels) ? labels : EMPTY_LABELS);
}

function expressionMatchesIn(expression: CompiledExpression, labels: PlainRecord): boolean {
  const value = readLabel(labels, expression.key);
  switch (expression.op) {
    case ExprOp.in:
      return value !== undefined && expression.values.includes(value);
    case ExprOp.notIn:
      return value === undefined || !expression.values.includes(value);
    case ExprOp.exists:
      return value !== undefined;
    case ExprOp.doesNotExist:
      return value === undefined;
    default: {
      if (value === undefined) return false;
      const parsed = parseGoInt64(value);
      if (parsed === undefined) return false;
      return expression.op === ExprOp.gt ? parsed > expression.bound : parsed < expression.bound;
    }
  }
}

/** A field requirement against the node's field set `{metadata.name: name}` (any other field reads as ""). */
export function fieldMatches(field: CompiledField, nodeName: string): boolean {
  const actual = field.key === 'metadata.name' ? nodeName : '';
  return field.notIn ? actual !== field.value : actual === field.value;
}

/** `nodeSelectorTerm.match`. matchFields is skipped when the node has no name (the field set is empty). */
export function termMatches(term: CompiledTerm, nodeName: string, labels: unknown): boolean {
  return termMatchesIn(term, nodeName, isRecord(labels) ? labels : EMPTY_LABELS);
}

function termMatchesIn(term: CompiledTerm, nodeName: string, labels: PlainRecord): boolean {
  if (term.errors.length > 0) return false;
  const expressions = term.expressions;
  for (let i = 0; i < expressions.length; i++) {
    if (!expressionMatchesIn(expressions[i]!, labels)) return false;
  }
  if (nodeName !== '') {
    const fields = term.fields;
    for (let i = 0; i < fields.length; i++) {
      if (!fieldMatches(fields[i]!, nodeName)) return false;
    }
  }
  return true;
}

/** `LazyErrorNodeSelector.Match`: whether any term matches. */
export function nodeSelectorMatches(selector: CompiledNodeSelector, nodeName: string, labels: unknown): boolean {
  if (!selector.satisfiable) return false;
  const record = isRecord(labels) ? labels : EMPTY_LABELS;
  const terms = selector.terms;
  for (let i = 0; i < terms.length; i++) {
    if (termMatchesIn(terms[i]!, nodeName, record)) return true;
  }
  return false;
}

/** Whether a node satisfies every nodeSelector pair. */
export function nodeSelectorPairsMatch(pairs: readonly NodeSelectorPair[], labels: unknown): boolean {
  for (const pair of pairs) {
    if (labelValue(labels, pair.key) !== pair.value) return false;
  }
  return true;
}

/** `zone In [a]`, `gpu Exists`, `cores Gt [4]`. */
export function formatRequirement(requirement: { key: string; operator: string; values?: readonly string[] }): string {
  const values = requirement.values ?? [];
  const needsValues = values.length > 0 || !(requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist');
  return `${requirement.key} ${requirement.operator}${needsValues ? ` [${values.join(', ')}]` : ''}`;
}

/** Why one parsed requirement fails on a node, in a few words ("node is in `b`", "node has no label `gpu`"). */
export function explainExpression(expression: CompiledExpression, labels: unknown): string {
  const value = labelValue(labels, expression.key);
  switch (expression.op) {
    case ExprOp.in:
      return value === undefined ? `node has no label \`${expression.key}\`` : `node is in \`${value}\``;
    case ExprOp.notIn:
      return `node is in \`${value ?? ''}\``;
    case ExprOp.exists:
      return `node has no label \`${expression.key}\``;
    case ExprOp.doesNotExist:
      return `node has \`${expression.key}=${value ?? ''}\``;
    default:
      if (value === undefined) return `node has no label \`${expression.key}\``;
      if (parseGoInt64(value) === undefined) return `node value \`${value}\` is not an integer`;
      return `node has \`${value}\``;
  }
}

/** Why a field requirement fails: the node's name (or the empty value of an unknown field). */
export function explainField(field: CompiledField, nodeName: string): string {
  return field.key === 'metadata.name' ? `node name is \`${nodeName}\`` : `field \`${field.key}\` does not exist on nodes`;
}

/** Why one term fails on a node: its first failing requirement, or its parse error. */
export function explainTerm(
  term: CompiledTerm,
  nodeName: string,
  labels: unknown,
): { text: string; requirement?: RequirementView; error?: string } {
  if (term.errors.length > 0) return { text: `invalid: ${term.errors[0]}`, error: term.errors[0]! };
  for (const expression of term.expressions) {
    if (!expressionMatches(expression, labels)) {
      const requirement = { key: expression.key, operator: expression.operator, values: [...expression.values] };
      return { text: `\`${formatRequirement(expression)}\`: ${explainExpression(expression, labels)}`, requirement };
    }
  }
  for (const field of term.fields) {
    if (nodeName !== '' && !fieldMatches(field, nodeName)) {
      const requirement = { key: field.key, operator: field.operator, values: [...field.values] };
      return { text: `\`${formatRequirement(field)}\` (matchFields): ${explainField(field, nodeName)}`, requirement };
    }
  }
  return { text: 'matches' };
}
