/**
 * Taint/toleration matching, as `Toleration.ToleratesTaint` in k8s.io/api core/v1 (v1.35 form) decides it
 * (kubernetes-daemonset-semantics.md §3). Tolerations are compiled once per DaemonSet so that matching the
 * taints of thousands of nodes costs string comparisons only.
 */
import type { Taint, Toleration } from './types';
import { isRecord, scalarString, stringOrEmpty } from './coerce';

/** Feature gates that change matching. Kept structurally identical to `PlacementOptions` in placement.ts. */
export interface TolerationOptions {
  /** `TaintTolerationComparisonOperators` (alpha in 1.35, off by default): enables the `Lt` and `Gt` operators. */
  tolerationComparisonOperators?: boolean;
}

/** Operator kinds of a compiled toleration. */
export const TolerationOp = { equal: 0, exists: 1, lt: 2, gt: 3, unsupported: 4 } as const;
export type TolerationOpKind = (typeof TolerationOp)[keyof typeof TolerationOp];

/** Results of {@link matchTaint}: numbers, so that the hot path allocates nothing. */
export const NOT_TOLERATED = 0;
export const TOLERATED = 1;
/** Lt/Gt with a value that is not a canonical integer: counts as not tolerated (§1.1, §3.3). */
export const TOLERATION_ERROR = 2;
export type MatchOutcome = typeof NOT_TOLERATED | typeof TOLERATED | typeof TOLERATION_ERROR;

export interface CompiledToleration {
  /** The toleration as read (strings only, absent fields omitted). */
  readonly toleration: Toleration;
  readonly key: string;
  readonly effect: string;
  readonly value: string;
  readonly op: TolerationOpKind;
  /** Whether `Lt`/`Gt` are evaluated at all (the feature gate). */
  readonly comparisonEnabled: boolean;
  /** For `Lt`/`Gt` with the gate on: the toleration's own value as an integer, or why it is not one. */
  readonly bound: bigint | undefined;
  readonly boundError: string | undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const canonicalIntegerRe = /^(?:0|-?[1-9][0-9]*)$/;

/**
 * Parses a canonical decimal integer as the toleration matcher requires (`content.IsDecimalInteger`, then
 * `strconv.ParseInt(v, 10, 64)`): optional `-`, no leading zeros (`0` itself is fine, `-0` is not), no `+`,
 * no spaces, within int64. Returns the value, or the reason it is rejected.
 */
export function parseCanonicalInt64(value: string): bigint | string {
  if (value === '') return 'must be non-empty';
  if (!canonicalIntegerRe.test(value)) return 'must be a valid decimal integer in canonical form';
  const parsed = BigInt(value);
  if (parsed < INT64_MIN || parsed > INT64_MAX) return 'value out of range';
  return parsed;
}

/** Reads one toleration defensively: strings stay, numbers and booleans are stringified, other types are dropped. */
export function normalizeToleration(raw: unknown): Toleration | undefined {
  if (!isRecord(raw)) return undefined;
  const toleration: Toleration = {};
  const key = scalarString(raw.key);
  const operator = scalarString(raw.operator);
  const value = scalarString(raw.value);
  const effect = scalarString(raw.effect);
  if (key !== undefined) toleration.key = key;
  if (operator !== undefined) toleration.operator = operator;
  if (value !== undefined) toleration.value = value;
  if (effect !== undefined) toleration.effect = effect;
  if (typeof raw.tolerationSeconds === 'number' && Number.isFinite(raw.tolerationSeconds)) {
    toleration.tolerationSeconds = raw.tolerationSeconds;
  }
  return toleration;
}

function operatorKind(operator: string): TolerationOpKind {
  switch (operator) {
    case '':
    case 'Equal':
      return TolerationOp.equal;
    case 'Exists':
      return TolerationOp.exists;
    case 'Lt':
      return TolerationOp.lt;
    case 'Gt':
      return TolerationOp.gt;
    default:
      return TolerationOp.unsupported;
  }
}

/** Compiles a (normalized) toleration; `options` decides whether Lt/Gt are evaluated. */
export function compileToleration(toleration: Toleration, options?: TolerationOptions): CompiledToleration {
  const op = operatorKind(stringOrEmpty(toleration.operator));
  const value = stringOrEmpty(toleration.value);
  const comparisonEnabled = options?.tolerationComparisonOperators === true;
  let bound: bigint | undefined;
  let boundError: string | undefined;
  if (comparisonEnabled && (op === TolerationOp.lt || op === TolerationOp.gt)) {
    const parsed = parseCanonicalInt64(value);
    if (typeof parsed === 'bigint') bound = parsed;
    else boundError = `failed to parse toleration value ${JSON.stringify(value)} as int64: ${parsed}`;
  }
  return {
    toleration,
    key: stringOrEmpty(toleration.key),
    effect: stringOrEmpty(toleration.effect),
    value,
    op,
    comparisonEnabled,
    bound,
    boundError,
  };
}

/**
 * Whether a compiled toleration tolerates a taint given by its parts (§3.1, in its order: effect, key, operator).
 * The taint's parts must already be strings.
 */
export function matchTaint(t: CompiledToleration, key: string, value: string, effect: string): MatchOutcome {
  if (t.effect !== '' && t.effect !== effect) return NOT_TOLERATED;
  if (t.key !== '' && t.key !== key) return NOT_TOLERATED;
  switch (t.op) {
    case TolerationOp.equal:
      return t.value === value ? TOLERATED : NOT_TOLERATED;
    case TolerationOp.exists:
      return TOLERATED;
    case TolerationOp.lt:
    case TolerationOp.gt: {
      if (!t.comparisonEnabled) return NOT_TOLERATED;
      if (t.bound === undefined) return TOLERATION_ERROR;
      const taintValue = parseCanonicalInt64(value);
      if (typeof taintValue !== 'bigint') return TOLERATION_ERROR;
      const tolerated = t.op === TolerationOp.lt ? taintValue < t.bound : taintValue > t.bound;
      return tolerated ? TOLERATED : NOT_TOLERATED;
    }
    default:
      return NOT_TOLERATED;
  }
}

/** The error `matchTaint` reported as {@link TOLERATION_ERROR}, in words. */
export function comparisonError(t: CompiledToleration, taintValue: string): string | undefined {
  if (t.boundError !== undefined) return t.boundError;
  const parsed = parseCanonicalInt64(taintValue);
  return typeof parsed === 'bigint' ? undefined : `failed to parse taint value ${JSON.stringify(taintValue)} as int64: ${parsed}`;
}

const TOLERATED_RESULT = Object.freeze({ tolerated: true });
const NOT_TOLERATED_RESULT = Object.freeze({ tolerated: false });

/**
 * `ToleratesTaint(taint, enableComparisonOperators)`: whether one toleration tolerates one taint. An `error` is
 * set (with `tolerated: false`) when `Lt`/`Gt` meet a value that is not a canonical integer. Never throws.
 */
export function toleratesTaint(
  toleration: Toleration,
  taint: Taint,
  options?: TolerationOptions,
): { tolerated: boolean; error?: string } {
  const compiled = compileToleration(normalizeToleration(toleration) ?? {}, options);
  const taintRecord: Record<string, unknown> = isRecord(taint) ? taint : {};
  const value = stringOrEmpty(taintRecord.value);
  const outcome = matchTaint(compiled, stringOrEmpty(taintRecord.key), value, stringOrEmpty(taintRecord.effect));
  if (outcome === TOLERATED) return TOLERATED_RESULT;
  if (outcome === NOT_TOLERATED) return NOT_TOLERATED_RESULT;
  return { tolerated: false, error: comparisonError(compiled, value) ?? 'comparison failed' };
}

/** A taint as users write it on the command line: `key=value:Effect`, or `key:Effect` without a value. */
export function formatTaint(taint: { key?: unknown; value?: unknown; effect?: unknown }): string {
  const key = stringOrEmpty(taint.key);
  const value = stringOrEmpty(taint.value);
  const effect = stringOrEmpty(taint.effect);
  return `${key}${value === '' ? '' : `=${value}`}${effect === '' ? '' : `:${effect}`}`;
}

/** A toleration in one line: `dedicated Equal gpu (NoSchedule)`, `node-role.kubernetes.io/control-plane Exists`, `Exists (every taint)`. */
export function formatToleration(toleration: Toleration): string {
  const key = stringOrEmpty(toleration.key);
  const operator = stringOrEmpty(toleration.operator) || 'Equal';
  const value = stringOrEmpty(toleration.value);
  const effect = stringOrEmpty(toleration.effect);
  if (key === '' && operator === 'Exists' && effect === '') return 'Exists (every taint)';
  const head = `${key === '' ? '<any key>' : key} ${operator}${value === '' ? '' : ` ${value}`}`;
  return effect === '' ? head : `${head} (${effect})`;
}
