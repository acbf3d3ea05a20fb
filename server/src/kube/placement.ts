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
import { isRecord, labelOf, scalarString, stringOrEmpty, type PlainRecord } from './coerce';
import { addOrUpdateDaemonPodTolerations } from './defaultTolerations';
import {
  compileNodeSelector,
  compileNodeSelectorMap,
  nodeSelectorMatches,
  type CompiledNodeSelector,
  type NodeSelectorPair,
  type RequirementView,
} from './nodeAffinity';
import { compileToleration, matchTaint, TOLERATED, TolerationOp, type CompiledToleration } from './tolerations';
import { nodeNameReason, selectionReasons, taintReasons } from './placementReasons';

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

/** A node of a decision cache: a trie keyed by the values that decide a failure's reasons. */
interface CacheNode {
  next?: Map<string, CacheNode>;
  /** Child for "the node lacks this label" (kept apart: any string can be a label value). */
  absent?: CacheNode;
  decision?: PlacementDecision;
}

/**
 * A DaemonSet's pod template, compiled for placement: tolerations after the default merge, the nodeSelector, the
 * required affinity terms and the template's nodeName. Treat it as opaque: the fields marked internal may change.
 * It is immutable apart from caches of failure decisions.
 */
export interface CompiledDaemonSet {
  readonly nodeName: string;
  readonly hostNetwork: boolean;
  /** The effective tolerations: the template's own merged with the defaults (§2). */
  readonly tolerations: readonly Toleration[];
  readonly options: Readonly<PlacementOptions>;
  /** @internal */
  readonly compiledTolerations: readonly CompiledToleration[];
  /** @internal the tolerations that can match a NoSchedule taint (effect `NoSchedule` or empty). */
  readonly noScheduleTolerations: readonly CompiledToleration[];
  /** @internal the tolerations that can match a NoExecute taint. */
  readonly noExecuteTolerations: readonly CompiledToleration[];
  /** @internal some toleration is `{operator: Exists}` without key and effect: every taint is tolerated. */
  readonly toleratesEverything: boolean;
  /** @internal */
  readonly nodeSelector: readonly NodeSelectorPair[];
  /** @internal undefined when the template has no required node affinity. */
  readonly affinity: CompiledNodeSelector | undefined;
  /** @internal every label key that selection reads: the keys of the selection cache. */
  readonly selectionKeys: readonly string[];
  /** @internal whether affinity reads the node name (matchFields). */
  readonly selectionUsesName: boolean;
  /** @internal the decision for every node that the template's nodeName excludes. */
  readonly nodeNameDecision: PlacementDecision;
  /** @internal */
  readonly caches: { selection: CacheNode; taints: CacheNode; size: number };
}

const EMPTY_REASONS: PlacementReason[] = Object.freeze([]) as unknown as PlacementReason[];
const ELIGIBLE: PlacementDecision = Object.freeze({ shouldRun: true, shouldContinueRunning: true, reasons: EMPTY_REASONS });
const EMPTY_LABELS: PlainRecord = Object.freeze({}) as PlainRecord;
/** Decisions cached per DaemonSet before the caches start over (bounds memory on adversarial input). */
const CACHE_LIMIT = 8192;

// Bound once: per-file transpilers (tsx, ts-node) turn every use of an imported binding into a getter call, which
// costs measurably in the per-node loop.
const readLabel = labelOf;
const matchComparison = matchTaint;
const matchesAffinity = nodeSelectorMatches;
const OP_EQUAL = TolerationOp.equal;
const OP_EXISTS = TolerationOp.exists;
const OP_LT = TolerationOp.lt;
const OP_GT = TolerationOp.gt;
const IS_TOLERATED = TOLERATED;

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
  const nodeName = stringOrEmpty(spec.nodeName);
  return {
    nodeName,
    hostNetwork,
    tolerations,
    options: normalizedOptions,
    compiledTolerations,
    noScheduleTolerations: compiledTolerations.filter((t) => t.effect === '' || t.effect === 'NoSchedule'),
    noExecuteTolerations: compiledTolerations.filter((t) => t.effect === '' || t.effect === 'NoExecute'),
    toleratesEverything: compiledTolerations.some((t) => t.op === OP_EXISTS && t.key === '' && t.effect === ''),
    nodeSelector,
    affinity,
    selectionKeys: [...keys],
    selectionUsesName,
    nodeNameDecision: freezeDecision({ shouldRun: false, shouldContinueRunning: false, reasons: [nodeNameReason(nodeName)] }),
    caches: { selection: {}, taints: {}, size: 0 },
  };
}

/**
 * `NodeShouldRunDaemonPod`: (a) a template nodeName naming another node gives (false, false); (b) a nodeSelector
 * or required-affinity mismatch gives (false, false); (c) otherwise every NoSchedule/NoExecute taint must be
 * tolerated for shouldRun, and every NoExecute taint for shouldContinueRunning. Never throws, whatever `node` holds.
 * The returned decision may be shared between nodes: do not modify it (it is frozen).
 */
export function nodeShouldRunDaemonPod(node: NodeInfo, ds: CompiledDaemonSet): PlacementDecision {
  let name = '';
  let labels = EMPTY_LABELS;
  let taints: unknown;
  if (typeof node === 'object' && node !== null) {
    const raw = node as unknown as PlainRecord;
    name = typeof raw.name === 'string' ? raw.name : stringOrEmpty(raw.name);
    const rawLabels = raw.labels;
    if (typeof rawLabels === 'object' && rawLabels !== null && !Array.isArray(rawLabels)) labels = rawLabels as PlainRecord;
    taints = raw.taints;
  }
  if (ds.nodeName !== '' && ds.nodeName !== name) return ds.nodeNameDecision;

  const pairs = ds.nodeSelector;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    if (readLabel(labels, pair.key) !== pair.value) return selectionMismatch(ds, name, labels);
  }
  if (ds.affinity !== undefined && !matchesAffinity(ds.affinity, name, labels)) return selectionMismatch(ds, name, labels);

  if (ds.toleratesEverything || !Array.isArray(taints)) return ELIGIBLE;
  for (let i = 0; i < taints.length; i++) {
    const taint: unknown = taints[i];
    if (typeof taint !== 'object' || taint === null) continue;
    const effect = (taint as PlainRecord).effect;
    if (effect !== 'NoSchedule' && effect !== 'NoExecute') continue;
    if (!isTolerated(ds, taint as PlainRecord, effect)) return taintDecision(ds, taints, i);
  }
  return ELIGIBLE;
}

/** Convenience for one-off questions: compile and evaluate. Prefer compiling once when evaluating many nodes. */
export function evaluatePlacement(node: NodeInfo, template: PodTemplateSpec | undefined, options?: PlacementOptions): PlacementDecision {
  return nodeShouldRunDaemonPod(node, compileDaemonSet(template, options));
}

/** Reads the name of a node-like value, for callers that report per node. */
export function nodeNameOf(node: unknown): string {
  return isRecord(node) ? (scalarString(node.name) ?? '') : '';
}

const taintKey = (taint: PlainRecord): string => (typeof taint.key === 'string' ? taint.key : stringOrEmpty(taint.key));
const taintValue = (taint: PlainRecord): string => (typeof taint.value === 'string' ? taint.value : stringOrEmpty(taint.value));

function isTolerated(ds: CompiledDaemonSet, taint: PlainRecord, effect: 'NoSchedule' | 'NoExecute'): boolean {
  const tolerations = effect === 'NoSchedule' ? ds.noScheduleTolerations : ds.noExecuteTolerations;
  const key = taintKey(taint);
  for (let i = 0; i < tolerations.length; i++) {
    const t = tolerations[i]!;
    if (t.key !== '' && t.key !== key) continue;
    const op = t.op;
    if (op === OP_EXISTS) return true;
    if (op === OP_EQUAL) {
      if (t.value === taintValue(taint)) return true;
    } else if ((op === OP_LT || op === OP_GT) && matchComparison(t, key, taintValue(taint), effect) === IS_TOLERATED) {
      return true;
    }
  }
  return false;
}

// ---- failure decisions, cached per distinct cause ----

function child(node: CacheNode, value: string | undefined): CacheNode {
  if (value === undefined) return (node.absent ??= {});
  const next = (node.next ??= new Map());
  let found = next.get(value);
  if (found === undefined) {
    found = {};
    next.set(value, found);
  }
  return found;
}

function store(ds: CompiledDaemonSet, leaf: CacheNode, decision: PlacementDecision): PlacementDecision {
  const caches = ds.caches;
  if (++caches.size > CACHE_LIMIT) {
    // Start over rather than grow without bound; `leaf` belongs to the old trie and is simply dropped.
    caches.selection = {};
    caches.taints = {};
    caches.size = 0;
    return decision;
  }
  leaf.decision = decision;
  return decision;
}

function freezeDecision(decision: PlacementDecision): PlacementDecision {
  for (const reason of decision.reasons) Object.freeze(reason);
  Object.freeze(decision.reasons);
  return Object.freeze(decision);
}

/** The reasons of a selection failure depend only on the node's values of the keys selection reads (and its name). */
function selectionMismatch(ds: CompiledDaemonSet, name: string, labels: PlainRecord): PlacementDecision {
  let leaf = ds.caches.selection;
  if (ds.selectionUsesName) leaf = child(leaf, name);
  const keys = ds.selectionKeys;
  for (let i = 0; i < keys.length; i++) leaf = child(leaf, readLabel(labels, keys[i]!));
  if (leaf.decision !== undefined) return leaf.decision;
  const decision = freezeDecision({ shouldRun: false, shouldContinueRunning: false, reasons: selectionReasons(ds, name, labels) });
  return store(ds, leaf, decision);
}

/** The reasons of a taint failure depend only on the untolerated taints (key, value, effect), in order. */
function taintDecision(ds: CompiledDaemonSet, taints: readonly unknown[], first: number): PlacementDecision {
  let leaf = ds.caches.taints;
  const untolerated: Taint[] = [];
  for (let i = first; i < taints.length; i++) {
    const taint: unknown = taints[i];
    if (typeof taint !== 'object' || taint === null) continue;
    const effect = (taint as PlainRecord).effect;
    if (effect !== 'NoSchedule' && effect !== 'NoExecute') continue;
    if (i !== first && isTolerated(ds, taint as PlainRecord, effect)) continue;
    const key = taintKey(taint as PlainRecord);
    const value = taintValue(taint as PlainRecord);
    leaf = child(child(child(leaf, key), value), effect);
    untolerated.push(value === '' ? { key, effect } : { key, value, effect });
  }
  if (leaf.decision !== undefined) return leaf.decision;
  const shouldContinueRunning = !untolerated.some((t) => t.effect === 'NoExecute');
  const decision = freezeDecision({ shouldRun: false, shouldContinueRunning, reasons: taintReasons(ds, untolerated, shouldContinueRunning) });
  return store(ds, leaf, decision);
}
