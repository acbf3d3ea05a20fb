/**
 * `NodeShouldRunDaemonPod` (kubernetes-daemonset-semantics.md §1): whether the DaemonSet controller creates a
 * daemon pod on a node (`shouldRun`) and whether it keeps an existing one (`shouldContinueRunning`), with the
 * reasons in words.
 *
 * A DaemonSet is compiled once ({@link compileDaemonSet}); evaluating a node then allocates nothing when the node
 * is eligible (a shared frozen decision is returned), and failure decisions are cached per distinct cause, so a
 * tree over thousands of nodes costs little more than the comparisons themselves.
 */
import type { NodeInfo, PodTemplateSpec, Taint, Toleration } from './types';
import { isRecord, labelValue, scalarString, stringOrEmpty } from './coerce';
import { addOrUpdateDaemonPodTolerations } from './defaultTolerations';
import {
  compileNodeSelector,
  compileNodeSelectorMap,
  explainTerm,
  nodeSelectorMatches,
  type CompiledNodeSelector,
  type NodeSelectorPair,
  type RequirementView,
} from './nodeAffinity';
import {
  comparisonError,
  compileToleration,
  formatTaint,
  formatToleration,
  matchTaint,
  TOLERATED,
  TOLERATION_ERROR,
  TolerationOp,
  type CompiledToleration,
} from './tolerations';
import { untoleratedTaintHint } from './wellKnown';

/** Feature gates that change placement. */
export interface PlacementOptions {
  /** `TaintTolerationComparisonOperators` (alpha in 1.35): evaluate toleration operators `Lt`/`Gt`. Off by default. */
  tolerationComparisonOperators?: boolean;
}

/** Stable, kebab-case codes of placement reasons. */
export type PlacementReasonCode =
  /** The template's `nodeName` names another node. */
  | 'node-name-mismatch'
  /** A `nodeSelector` pair is not on the node (one reason per failing pair). */
  | 'node-selector-mismatch'
  /** No required node affinity term matches this node. */
  | 'node-affinity-mismatch'
  /** The required node affinity can match no node at all: no terms, only empty terms, or only invalid terms. */
  | 'node-affinity-unsatisfiable'
  /** A NoSchedule taint is not tolerated: no new pod; an existing one stays. */
  | 'taint-not-tolerated'
  /** A NoExecute taint is not tolerated: no new pod, and an existing one is deleted. */
  | 'noexecute-taint-not-tolerated'
  /** An `Lt`/`Gt` toleration met a value that is not a canonical integer, so the taint counts as untolerated. */
  | 'toleration-parse-error';

/** One node-affinity term that did not match, for `node-affinity-mismatch` details. */
export interface TermMismatch {
  /** 0-based index in `nodeSelectorTerms`. */
  term: number;
  /** The first requirement of the term that fails, as written. */
  requirement?: RequirementView;
  /** The parse error, when the term is invalid. */
  error?: string;
  /** The same in words, as in the message. */
  text: string;
}

export interface PlacementReason {
  code: PlacementReasonCode;
  message: string;
  /** The untolerated taint (taint codes). */
  taint?: Taint;
  /** The toleration involved (`toleration-parse-error`). */
  toleration?: Toleration;
  /** 0-based index of the (first) failing node-affinity term. Messages count terms from 1. */
  term?: number;
  /** The failing requirement: a nodeSelector pair (`In` with one value) or the first term's failing requirement. */
  requirement?: RequirementView;
  /** `node-selector-mismatch`: the node's value of the label; absent when the node lacks the label. */
  nodeValue?: string;
  /** Every failing term, for `node-affinity-mismatch` and `node-affinity-unsatisfiable`. */
  terms?: TermMismatch[];
  /** A parse error in words (`toleration-parse-error`). */
  error?: string;
}

export interface PlacementDecision {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  /** Empty when the node is eligible; otherwise in check order (the first is the decisive one). */
  reasons: PlacementReason[];
}

/**
 * A DaemonSet's pod template, compiled for placement: tolerations after the default merge, the nodeSelector, the
 * required affinity terms and the template's nodeName. Treat it as opaque; it is immutable apart from an internal
 * cache of failure decisions.
 */
export interface CompiledDaemonSet {
  readonly nodeName: string;
  readonly hostNetwork: boolean;
  /** The effective tolerations: the template's own merged with the defaults (§2). */
  readonly tolerations: readonly Toleration[];
  readonly options: Readonly<PlacementOptions>;
  /** @internal */
  readonly compiledTolerations: readonly CompiledToleration[];
  /** @internal some toleration is `{operator: Exists}` without key and effect: every taint is tolerated. */
  readonly toleratesEverything: boolean;
  /** @internal */
  readonly nodeSelector: readonly NodeSelectorPair[];
  /** @internal undefined when the template has no required node affinity. */
  readonly affinity: CompiledNodeSelector | undefined;
  /** @internal every label key that selection reads, for cache keys. */
  readonly selectionKeys: readonly string[];
  /** @internal whether affinity reads the node name (matchFields). */
  readonly selectionUsesName: boolean;
  /** @internal */
  readonly cache: Map<string, PlacementDecision>;
}

const EMPTY_REASONS: PlacementReason[] = Object.freeze([]) as unknown as PlacementReason[];
const ELIGIBLE: PlacementDecision = Object.freeze({ shouldRun: true, shouldContinueRunning: true, reasons: EMPTY_REASONS });
const CACHE_LIMIT = 4096;

/** Compiles a DaemonSet's pod template once, for evaluating many nodes. Never throws. */
export function compileDaemonSet(template: PodTemplateSpec | undefined, options?: PlacementOptions): CompiledDaemonSet {
  const spec: Record<string, unknown> = isRecord(template) && isRecord(template.spec) ? template.spec : {};
  const hostNetwork = spec.hostNetwork === true;
  const normalizedOptions: PlacementOptions = Object.freeze({
    tolerationComparisonOperators: options?.tolerationComparisonOperators === true,
  });
  const tolerations = addOrUpdateDaemonPodTolerations(
    Array.isArray(spec.tolerations) ? (spec.tolerations as Toleration[]) : undefined,
    hostNetwork,
  );
  const compiledTolerations = tolerations.map((t) => compileToleration(t, normalizedOptions));
  const toleratesEverything = compiledTolerations.some((t) => t.op === TolerationOp.exists && t.key === '' && t.effect === '');
  const nodeSelector = compileNodeSelectorMap(spec.nodeSelector);
  const nodeAffinity = isRecord(spec.affinity) && isRecord(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : {};
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  // A null or absent `required` imposes nothing; anything else (even `{}`) is a selector with its terms.
  const affinity = required === undefined || required === null ? undefined : compileNodeSelector(required);
  const keys = new Set(nodeSelector.map((pair) => pair.key));
  let selectionUsesName = false;
  for (const term of affinity?.terms ?? []) {
    for (const expression of term.expressions) keys.add(expression.key);
    if (term.fields.length > 0) selectionUsesName = true;
  }
  return {
    nodeName: stringOrEmpty(spec.nodeName),
    hostNetwork,
    tolerations,
    options: normalizedOptions,
    compiledTolerations,
    toleratesEverything,
    nodeSelector,
    affinity,
    selectionKeys: [...keys],
    selectionUsesName,
    cache: new Map(),
  };
}

/**
 * `NodeShouldRunDaemonPod`: (a) a template nodeName naming another node gives (false, false); (b) a nodeSelector
 * or required-affinity mismatch gives (false, false); (c) otherwise every NoSchedule/NoExecute taint must be
 * tolerated for shouldRun, and every NoExecute taint for shouldContinueRunning. Never throws, whatever `node` holds.
 * The returned decision may be shared: do not modify it.
 */
export function nodeShouldRunDaemonPod(node: NodeInfo, ds: CompiledDaemonSet): PlacementDecision {
  const record: Record<string, unknown> | undefined = isRecord(node) ? (node as unknown as Record<string, unknown>) : undefined;
  const name = record === undefined ? '' : typeof record.name === 'string' ? record.name : stringOrEmpty(record.name);
  if (ds.nodeName !== '' && ds.nodeName !== name) return nodeNameMismatch(ds);

  const labels = record?.labels;
  if (!selectionMatches(ds, name, labels)) return selectionMismatch(ds, name, labels);

  const taints = record?.taints;
  if (ds.toleratesEverything || !Array.isArray(taints)) return ELIGIBLE;
  for (let i = 0; i < taints.length; i++) {
    const taint: unknown = taints[i];
    if (!isRecord(taint)) continue;
    const effect = taint.effect;
    if (effect !== 'NoSchedule' && effect !== 'NoExecute') continue;
    const key = typeof taint.key === 'string' ? taint.key : stringOrEmpty(taint.key);
    const value = typeof taint.value === 'string' ? taint.value : stringOrEmpty(taint.value);
    if (!isTolerated(ds.compiledTolerations, key, value, effect)) return taintDecision(ds, taints);
  }
  return ELIGIBLE;
}

/** Convenience for one-off questions: compile and evaluate. Prefer compiling once when evaluating many nodes. */
export function evaluatePlacement(node: NodeInfo, template: PodTemplateSpec | undefined, options?: PlacementOptions): PlacementDecision {
  return nodeShouldRunDaemonPod(node, compileDaemonSet(template, options));
}

function isTolerated(tolerations: readonly CompiledToleration[], key: string, value: string, effect: string): boolean {
  for (let i = 0; i < tolerations.length; i++) {
    if (matchTaint(tolerations[i]!, key, value, effect) === TOLERATED) return true;
  }
  return false;
}

function selectionMatches(ds: CompiledDaemonSet, name: string, labels: unknown): boolean {
  const pairs = ds.nodeSelector;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    if (labelValue(labels, pair.key) !== pair.value) return false;
  }
  return ds.affinity === undefined || nodeSelectorMatches(ds.affinity, name, labels);
}

/** Separators of cache keys; a label or taint that contains one bypasses the cache rather than risk a collision. */
const separatorRe = /[\u0001\u0002]/;

function remember(ds: CompiledDaemonSet, key: string | undefined, build: () => PlacementDecision): PlacementDecision {
  if (key === undefined) return freezeDecision(build());
  const cached = ds.cache.get(key);
  if (cached) return cached;
  const decision = freezeDecision(build());
  if (ds.cache.size >= CACHE_LIMIT) ds.cache.clear();
  ds.cache.set(key, decision);
  return decision;
}

function freezeDecision(decision: PlacementDecision): PlacementDecision {
  for (const reason of decision.reasons) Object.freeze(reason);
  Object.freeze(decision.reasons);
  return Object.freeze(decision);
}

function nodeNameMismatch(ds: CompiledDaemonSet): PlacementDecision {
  return remember(ds, 'nodeName', () => ({
    shouldRun: false,
    shouldContinueRunning: false,
    reasons: [
      {
        code: 'node-name-mismatch',
        message: `the pod template sets nodeName \`${ds.nodeName}\`, so the pod runs on that node only`,
      },
    ],
  }));
}

// ---- nodeSelector and affinity mismatches (slow path) ----

function selectionMismatch(ds: CompiledDaemonSet, name: string, labels: unknown): PlacementDecision {
  let key: string | undefined = ds.selectionUsesName ? `s\u0001${name}` : 's';
  let unsafe = ds.selectionUsesName && separatorRe.test(name);
  for (const labelKey of ds.selectionKeys) {
    const value = labelValue(labels, labelKey);
    if (value !== undefined && separatorRe.test(value)) unsafe = true;
    key += value === undefined ? '\u0001\u0002' : `\u0001${value}`;
  }
  if (unsafe) key = undefined;
  return remember(ds, key, () => ({ shouldRun: false, shouldContinueRunning: false, reasons: selectionReasons(ds, name, labels) }));
}

function selectionReasons(ds: CompiledDaemonSet, name: string, labels: unknown): PlacementReason[] {
  const reasons: PlacementReason[] = [];
  for (const pair of ds.nodeSelector) {
    const actual = labelValue(labels, pair.key);
    if (actual === pair.value) continue;
    const reason: PlacementReason = {
      code: 'node-selector-mismatch',
      message:
        actual === undefined
          ? `nodeSelector \`${pair.key}=${pair.value}\`: the node has no label \`${pair.key}\``
          : `nodeSelector \`${pair.key}=${pair.value}\`: the node has \`${pair.key}=${actual}\``,
      requirement: { key: pair.key, operator: 'In', values: [pair.value] },
    };
    if (actual !== undefined) reason.nodeValue = actual;
    reasons.push(reason);
  }
  const affinity = ds.affinity;
  if (affinity !== undefined && !nodeSelectorMatches(affinity, name, labels)) reasons.push(affinityReason(affinity, name, labels));
  return reasons;
}

function affinityReason(affinity: CompiledNodeSelector, name: string, labels: unknown): PlacementReason {
  const terms: TermMismatch[] = affinity.terms.map((term) => {
    const explained = explainTerm(term, name, labels);
    const mismatch: TermMismatch = { term: term.index, text: explained.text };
    if (explained.requirement) mismatch.requirement = explained.requirement;
    if (explained.error !== undefined) mismatch.error = explained.error;
    return mismatch;
  });
  const listed = terms.map((t) => `term ${t.term + 1}: ${t.text}`).join('; ');
  const first = terms[0];
  const reason: PlacementReason = affinity.satisfiable
    ? { code: 'node-affinity-mismatch', message: `no required node affinity term matches (${listed})`, terms }
    : { code: 'node-affinity-unsatisfiable', message: unsatisfiableMessage(affinity, listed), terms };
  if (first) {
    reason.term = first.term;
    if (first.requirement) reason.requirement = first.requirement;
  }
  return reason;
}

function unsatisfiableMessage(affinity: CompiledNodeSelector, listed: string): string {
  if (affinity.termCount === 0) return 'required node affinity has no nodeSelectorTerms, so it matches no node';
  if (affinity.terms.length === 0) {
    return 'required node affinity has only empty nodeSelectorTerms; an empty term matches no node';
  }
  return `required node affinity matches no node: every term is invalid (${listed})`;
}

// ---- taints (slow path) ----

interface Untolerated {
  key: string;
  value: string;
  effect: 'NoSchedule' | 'NoExecute';
  error?: { toleration: CompiledToleration; message: string };
  /** Lt/Gt tolerations that would apply if the feature gate were on. */
  gated?: CompiledToleration;
}

function taintDecision(ds: CompiledDaemonSet, taints: readonly unknown[]): PlacementDecision {
  const untolerated: Untolerated[] = [];
  let cacheKey: string | undefined = 't';
  let unsafe = false;
  for (const taint of taints) {
    if (!isRecord(taint)) continue;
    const effect = taint.effect;
    if (effect !== 'NoSchedule' && effect !== 'NoExecute') continue;
    const key = stringOrEmpty(taint.key);
    const value = stringOrEmpty(taint.value);
    const found = findUntolerated(ds, key, value, effect);
    if (found === undefined) continue;
    untolerated.push(found);
    if (separatorRe.test(key) || separatorRe.test(value)) unsafe = true;
    cacheKey += `\u0001${key}\u0002${value}\u0002${effect}`;
  }
  if (unsafe) cacheKey = undefined;
  return remember(ds, cacheKey, () => buildTaintDecision(ds, untolerated));
}

function findUntolerated(ds: CompiledDaemonSet, key: string, value: string, effect: 'NoSchedule' | 'NoExecute'): Untolerated | undefined {
  const found: Untolerated = { key, value, effect };
  for (const toleration of ds.compiledTolerations) {
    const outcome = matchTaint(toleration, key, value, effect);
    if (outcome === TOLERATED) return undefined;
    if (outcome === TOLERATION_ERROR && found.error === undefined) {
      found.error = { toleration, message: comparisonError(toleration, value) ?? 'comparison failed' };
    }
    const comparison = toleration.op === TolerationOp.lt || toleration.op === TolerationOp.gt;
    if (comparison && !toleration.comparisonEnabled && found.gated === undefined && matchesKeyAndEffect(toleration, key, effect)) {
      found.gated = toleration;
    }
  }
  return found;
}

const matchesKeyAndEffect = (t: CompiledToleration, key: string, effect: string): boolean =>
  (t.effect === '' || t.effect === effect) && (t.key === '' || t.key === key);

function buildTaintDecision(ds: CompiledDaemonSet, untolerated: readonly Untolerated[]): PlacementDecision {
  const shouldContinueRunning = !untolerated.some((u) => u.effect === 'NoExecute');
  const reasons = untolerated.map((u) => taintReason(ds, u, shouldContinueRunning));
  return { shouldRun: false, shouldContinueRunning, reasons };
}

function taintReason(ds: CompiledDaemonSet, u: Untolerated, shouldContinueRunning: boolean): PlacementReason {
  const taint: Taint = u.value === '' ? { key: u.key, effect: u.effect } : { key: u.key, value: u.value, effect: u.effect };
  const shown = `taint \`${formatTaint(taint)}\``;
  if (u.error) {
    return {
      code: 'toleration-parse-error',
      message: `${shown} is not tolerated: toleration \`${formatToleration(u.error.toleration.toleration)}\` cannot compare: ${u.error.message}`,
      taint,
      toleration: u.error.toleration.toleration,
      error: u.error.message,
    };
  }
  const code: PlacementReasonCode = u.effect === 'NoExecute' ? 'noexecute-taint-not-tolerated' : 'taint-not-tolerated';
  return { code, message: taintMessage(ds, u, shown, shouldContinueRunning), taint };
}

function taintMessage(ds: CompiledDaemonSet, u: Untolerated, shown: string, shouldContinueRunning: boolean): string {
  const keeps = shouldContinueRunning ? '; the existing pod keeps running' : '';
  if (u.effect === 'NoSchedule' && (u.key === 'node.kubernetes.io/not-ready' || u.key === 'node.kubernetes.io/unreachable')) {
    const state = u.key === 'node.kubernetes.io/not-ready' ? 'NotReady' : 'Unreachable';
    const short = u.key.slice(u.key.indexOf('/') + 1);
    return `${state} node: new pods are not created (the default tolerations cover \`${short}\` only for NoExecute)${keeps}`;
  }
  const notes: string[] = [];
  const hint = untoleratedTaintHint(u.key, u.effect, ds.hostNetwork);
  if (hint) notes.push(hint);
  if (u.gated) {
    notes.push(`toleration \`${formatToleration(u.gated.toleration)}\` needs the TaintTolerationComparisonOperators feature gate`);
  }
  const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  const consequence = u.effect === 'NoExecute' ? '; an existing pod is deleted' : '';
  return `${shown} is not tolerated${note}${consequence}`;
}

/** Reads the name of a node-like value, for callers that report per node. */
export function nodeNameOf(node: unknown): string {
  return isRecord(node) ? (scalarString(node.name) ?? '') : '';
}
