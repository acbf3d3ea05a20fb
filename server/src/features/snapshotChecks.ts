/**
 * Diagnostics that only a connected cluster can give, from the client's snapshot of the current context's nodes:
 * a toleration that matches no taint of any node (information), a nodeSelector or required node affinity that
 * matches no node (warning), a DaemonSet that would run on no node at all (warning). Placement decisions come
 * from the placement engine, exactly as the DaemonSet controller makes them.
 */
import type { FileDiagnostic } from '../analysis/analyzeFile';
import type { ClusterSnapshot } from '../clusterSnapshot';
import { compileNodeSelector } from '../kube/nodeAffinity';
import { formatTaint, formatToleration, normalizeToleration, type TolerationOptions } from '../kube/tolerations';
import type { PodTemplateSpec, Toleration } from '../kube/types';
import { locate } from '../model/locate';
import type { ParsedFile } from '../model/parsedFile';
import type { Path, Target } from '../rules/types';
import { asRecord } from './documentValues';
import { daemonSetPlacement, nodesMatchingNodeSelector, nodesMatchingNodeSelectorTerms, nodesWithToleratedTaints } from './placementFacts';

export const SNAPSHOT_CODES = {
  tolerationUnused: 'cluster-toleration-matches-no-taint',
  nodeSelectorUnmatched: 'cluster-node-selector-matches-no-node',
  nodeAffinityUnmatched: 'cluster-node-affinity-matches-no-node',
  daemonSetNowhere: 'cluster-daemonset-runs-on-no-node',
} as const;

/** Where each kind keeps its pod template (`[]`: the resource is the pod itself). */
const TEMPLATE_PATHS: Readonly<Record<string, Path>> = {
  DaemonSet: ['spec', 'template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/**
 * Condition and lifecycle taints come and go with node health, so a toleration for them that matches nothing now
 * is a precaution, not a mistake.
 */
const transientTaintKey = (key: string): boolean => key.startsWith('node.kubernetes.io/') || key.startsWith('node.cloudprovider.kubernetes.io/');

export function snapshotDiagnostics(parsed: ParsedFile, snapshot: ClusterSnapshot | undefined, options: TolerationOptions): FileDiagnostic[] {
  if (!snapshot || snapshot.nodes.length === 0) return [];
  const diagnostics: FileDiagnostic[] = [];
  const context = `context \`${snapshot.context}\` (${snapshot.nodes.length} node${snapshot.nodes.length === 1 ? '' : 's'})`;
  for (const entry of parsed.resources) {
    const templatePath = TEMPLATE_PATHS[entry.resource.kind];
    if (!templatePath) continue;
    const document = parsed.documents[entry.documentIndex];
    if (!document || document.templated || document.broken) continue;
    const template = readPath(entry.resource.object, templatePath);
    const spec = asRecord(asRecord(template).spec);
    const at = (path: Path, target: Target, code: string, severity: FileDiagnostic['severity'], message: string): void => {
      const where = locate(document.document, [...entry.prefix, ...path], target, document.source);
      diagnostics.push({ range: parsed.lines.rangeOf(document.offset + where.start, document.offset + where.end), severity, code, message });
    };
    const specPath: Path = [...templatePath, 'spec'];

    const tolerations = Array.isArray(spec.tolerations) ? (spec.tolerations as unknown[]) : [];
    tolerations.forEach((raw, index) => {
      const toleration = normalizeToleration(raw);
      if (!toleration || !toleration.key || transientTaintKey(toleration.key)) return;
      if (nodesWithToleratedTaints(snapshot, toleration, options).length > 0) return;
      at([...specPath, 'tolerations', index, 'key'], 'value', SNAPSHOT_CODES.tolerationUnused, 'information', tolerationMessage(toleration, snapshot, context));
    });

    if (spec.nodeSelector && typeof spec.nodeSelector === 'object' && Object.keys(spec.nodeSelector).length > 0) {
      if (nodesMatchingNodeSelector(snapshot, spec.nodeSelector).length === 0) {
        at([...specPath, 'nodeSelector'], 'key', SNAPSHOT_CODES.nodeSelectorUnmatched, 'warning', nodeSelectorMessage(spec.nodeSelector as Record<string, unknown>, snapshot, context));
      }
    }

    const required = asRecord(asRecord(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution;
    // An unsatisfiable affinity (no terms, only empty or invalid ones) is a rule finding already, whatever the cluster.
    if (required !== undefined && required !== null && compileNodeSelector(required).satisfiable) {
      if (nodesMatchingNodeSelectorTerms(snapshot, required).length === 0) {
        at(
          [...specPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'],
          'key',
          SNAPSHOT_CODES.nodeAffinityUnmatched,
          'warning',
          `This required node affinity matches no node of ${context}: no node has labels that satisfy any of its terms.`,
        );
      }
    }

    if (entry.resource.kind === 'DaemonSet') {
      const placement = daemonSetPlacement(snapshot, template as PodTemplateSpec, options);
      if (placement.eligible.length === 0) {
        const causes = placement.reasons.slice(0, 3).map((group) => `${group.summary} (${group.nodes.length})`);
        const namePath: Path = entry.resource.name ? ['metadata', 'name'] : ['kind'];
        at(
          namePath,
          'value',
          SNAPSHOT_CODES.daemonSetNowhere,
          'warning',
          `This DaemonSet would run on 0 of ${snapshot.nodes.length} nodes of context \`${snapshot.context}\`${causes.length > 0 ? `: ${causes.join('; ')}` : ''}.`,
        );
      }
    }
  }
  return diagnostics;
}

function readPath(object: unknown, path: Path): unknown {
  let current: unknown = object;
  for (const segment of path) current = asRecord(current)[String(segment)];
  return current;
}

function tolerationMessage(toleration: Toleration, snapshot: ClusterSnapshot, context: string): string {
  const head = `This toleration (\`${formatToleration(toleration)}\`) matches no taint on any node of ${context}.`;
  const sameKey = snapshot.distinctTaints().filter((entry) => entry.taint.key === toleration.key);
  if (sameKey.length === 0) return head;
  const seen = sameKey.slice(0, 3).map((entry) => `\`${formatTaint(entry.taint)}\``);
  return `${head} Nodes carry ${seen.join(', ')}${sameKey.length > 3 ? ' and more' : ''}.`;
}

function nodeSelectorMessage(nodeSelector: Record<string, unknown>, snapshot: ClusterSnapshot, context: string): string {
  const head = `This nodeSelector matches no node of ${context}.`;
  const labels = snapshot.labelKeys();
  for (const [key, raw] of Object.entries(nodeSelector)) {
    const value = raw === null || raw === undefined ? '' : String(raw);
    const stats = labels.get(key);
    if (!stats) return `${head} No node has the label \`${key}\`.`;
    if (!stats.values.has(value)) {
      const values = [...stats.values.keys()].slice(0, 5).map((v) => `\`${v}\``);
      return `${head} No node has \`${key}=${value}\`; its values are ${values.join(', ')}${stats.values.size > 5 ? ' and more' : ''}.`;
    }
  }
  return `${head} No node has all of its labels at once.`;
}
