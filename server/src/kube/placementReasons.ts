/**
 * The words of placement decisions: why a node is excluded, as reasons with stable codes and messages a user can
 * act on. Only called on the slow path (a failure not seen before); the engine caches what these build.
 */
import type { Taint } from './types';
import type { CompiledDaemonSet, PlacementReason, PlacementReasonCode, TermMismatch } from './placement';
import { labelValue } from './coerce';
import { explainTerm, nodeSelectorMatches, type CompiledNodeSelector } from './nodeAffinity';
import {
  comparisonError,
  formatTaint,
  formatToleration,
  matchTaint,
  TOLERATION_ERROR,
  TolerationOp,
  type CompiledToleration,
} from './tolerations';
import { untoleratedTaintHint } from './wellKnown';

export function nodeNameReason(nodeName: string): PlacementReason {
  return {
    code: 'node-name-mismatch',
    message: `the pod template sets nodeName \`${nodeName}\`, so the pod runs on that node only`,
  };
}

/** One reason per failing nodeSelector pair, then one for the required affinity if it fails too. */
export function selectionReasons(ds: CompiledDaemonSet, name: string, labels: unknown): PlacementReason[] {
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
  const reason: PlacementReason = affinity.satisfiable
    ? { code: 'node-affinity-mismatch', message: `no required node affinity term matches (${listed})`, terms }
    : { code: 'node-affinity-unsatisfiable', message: unsatisfiableMessage(affinity, listed), terms };
  const first = terms[0];
  if (first) {
    reason.term = first.term;
    if (first.requirement) reason.requirement = first.requirement;
  }
  return reason;
}

function unsatisfiableMessage(affinity: CompiledNodeSelector, listed: string): string {
  if (affinity.termCount === 0) return 'required node affinity has no nodeSelectorTerms, so it matches no node';
  if (affinity.terms.length === 0) return 'required node affinity has only empty nodeSelectorTerms; an empty term matches no node';
  return `required node affinity matches no node: every term is invalid (${listed})`;
}

interface TaintFinding {
  /** The first Lt/Gt comparison that failed to parse, if any (the taint then counts as untolerated). */
  error?: { toleration: CompiledToleration; message: string };
  /** An Lt/Gt toleration that would apply if the feature gate were on. */
  gated?: CompiledToleration;
}

function inspect(ds: CompiledDaemonSet, taint: Taint): TaintFinding {
  const finding: TaintFinding = {};
  const value = taint.value ?? '';
  for (const toleration of ds.compiledTolerations) {
    const comparison = toleration.op === TolerationOp.lt || toleration.op === TolerationOp.gt;
    if (!comparison) continue;
    if (matchTaint(toleration, taint.key, value, taint.effect) === TOLERATION_ERROR && finding.error === undefined) {
      finding.error = { toleration, message: comparisonError(toleration, value) ?? 'comparison failed' };
    }
    const keyAndEffect = (toleration.effect === '' || toleration.effect === taint.effect) && (toleration.key === '' || toleration.key === taint.key);
    if (!toleration.comparisonEnabled && keyAndEffect && finding.gated === undefined) finding.gated = toleration;
  }
  return finding;
}

/** One reason per untolerated NoSchedule/NoExecute taint (given in node order, already normalized). */
export function taintReasons(ds: CompiledDaemonSet, untolerated: readonly Taint[], shouldContinueRunning: boolean): PlacementReason[] {
  return untolerated.map((taint) => {
    const shown = `taint \`${formatTaint(taint)}\``;
    const finding = inspect(ds, taint);
    if (finding.error) {
      return {
        code: 'toleration-parse-error',
        message: `${shown} is not tolerated: toleration \`${formatToleration(finding.error.toleration.toleration)}\` cannot compare: ${finding.error.message}`,
        taint,
        toleration: finding.error.toleration.toleration,
        error: finding.error.message,
      };
    }
    const code: PlacementReasonCode = taint.effect === 'NoExecute' ? 'noexecute-taint-not-tolerated' : 'taint-not-tolerated';
    return { code, message: taintMessage(ds, taint, shown, finding, shouldContinueRunning), taint };
  });
}

function taintMessage(ds: CompiledDaemonSet, taint: Taint, shown: string, finding: TaintFinding, shouldContinueRunning: boolean): string {
  if (taint.effect === 'NoSchedule' && (taint.key === 'node.kubernetes.io/not-ready' || taint.key === 'node.kubernetes.io/unreachable')) {
    const state = taint.key === 'node.kubernetes.io/not-ready' ? 'NotReady' : 'Unreachable';
    const short = taint.key.slice(taint.key.indexOf('/') + 1);
    const keeps = shouldContinueRunning ? '; the existing pod keeps running' : '';
    return `${state} node: new pods are not created (the default tolerations cover \`${short}\` only for NoExecute)${keeps}`;
  }
  const notes: string[] = [];
  const hint = untoleratedTaintHint(taint.key, taint.effect, ds.hostNetwork);
  if (hint) notes.push(hint);
  if (finding.gated) {
    notes.push(`toleration \`${formatToleration(finding.gated.toleration)}\` needs the TaintTolerationComparisonOperators feature gate`);
  }
  const note = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  const consequence = taint.effect === 'NoExecute' ? '; an existing pod is deleted' : '';
  return `${shown} is not tolerated${note}${consequence}`;
}
