/**
 * The server's copy of the client's cluster snapshot (the current context's nodes, their labels and taints), with
 * the indexes that completions, hovers and diagnostics ask for, built once per snapshot on first use.
 */
import { decodeClusterSnapshot } from './protocol';
import type { NodeInfo, Taint } from './kube/types';

/** One taint key across the cluster. */
export interface TaintKeyStats {
  key: string;
  /** Indexes (into `nodes`) of the nodes that carry the key, in node order. */
  nodes: number[];
  /** Node count per value (`''` for none). */
  values: Map<string, number>;
  /** Node count per effect. */
  effects: Map<string, number>;
}

/** One label key across the cluster. */
export interface LabelKeyStats {
  key: string;
  nodeCount: number;
  /** Node count per value. */
  values: Map<string, number>;
}

/** A distinct taint (key, value, effect) and the nodes that carry it. */
export interface DistinctTaint {
  taint: Taint;
  nodes: number[];
}

export class ClusterSnapshot {
  private taintIndex?: Map<string, TaintKeyStats>;
  private labelIndex?: Map<string, LabelKeyStats>;
  private distinct?: DistinctTaint[];

  constructor(
    readonly context: string,
    readonly nodes: readonly NodeInfo[],
  ) {}

  /** Every taint key with its nodes, values and effects. */
  taintKeys(): ReadonlyMap<string, TaintKeyStats> {
    if (this.taintIndex) return this.taintIndex;
    const index = new Map<string, TaintKeyStats>();
    this.nodes.forEach((node, i) => {
      const seen = new Set<string>();
      for (const taint of node.taints) {
        let stats = index.get(taint.key);
        if (!stats) index.set(taint.key, (stats = { key: taint.key, nodes: [], values: new Map(), effects: new Map() }));
        if (!seen.has(taint.key)) {
          seen.add(taint.key);
          stats.nodes.push(i);
        }
        const value = taint.value ?? '';
        stats.values.set(value, (stats.values.get(value) ?? 0) + 1);
        stats.effects.set(taint.effect, (stats.effects.get(taint.effect) ?? 0) + 1);
      }
    });
    return (this.taintIndex = index);
  }

  /** Every label key with its values. */
  labelKeys(): ReadonlyMap<string, LabelKeyStats> {
    if (this.labelIndex) return this.labelIndex;
    const index = new Map<string, LabelKeyStats>();
    for (const node of this.nodes) {
      for (const key of Object.keys(node.labels)) {
        let stats = index.get(key);
        if (!stats) index.set(key, (stats = { key, nodeCount: 0, values: new Map() }));
        stats.nodeCount++;
        const value = node.labels[key]!;
        stats.values.set(value, (stats.values.get(value) ?? 0) + 1);
      }
    }
    return (this.labelIndex = index);
  }

  /** Every distinct taint with the nodes that carry it (for matching a toleration against the whole cluster). */
  distinctTaints(): readonly DistinctTaint[] {
    if (this.distinct) return this.distinct;
    const byId = new Map<string, DistinctTaint>();
    this.nodes.forEach((node, i) => {
      for (const taint of node.taints) {
        const id = `${taint.key}\u0000${taint.value ?? ''}\u0000${taint.effect}`;
        let entry = byId.get(id);
        if (!entry) byId.set(id, (entry = { taint, nodes: [] }));
        if (entry.nodes[entry.nodes.length - 1] !== i) entry.nodes.push(i);
      }
    });
    return (this.distinct = [...byId.values()]);
  }

  /** Names of nodes by index, for messages. */
  names(indexes: Iterable<number>): string[] {
    const names: string[] = [];
    for (const i of indexes) names.push(this.nodes[i]!.name);
    return names;
  }
}

/** `a, b, c`, or `a, b, c and 9 more` past `max` names. */
export function formatNodeNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Holds the latest snapshot. */
export class ClusterSnapshotStore {
  private current: ClusterSnapshot | undefined;
  private revisionCount = 0;

  get snapshot(): ClusterSnapshot | undefined {
    return this.current;
  }

  /** Increases with every accepted message: lets callers tell results computed on an older snapshot apart. */
  get revision(): number {
    return this.revisionCount;
  }

  /** Accepts a {@link ClusterSnapshotNotification} payload; `context: null` (or garbage) clears the snapshot. */
  update(params: unknown): ClusterSnapshot | undefined {
    const decoded = decodeClusterSnapshot(params);
    this.current = decoded ? new ClusterSnapshot(decoded.context, decoded.nodes) : undefined;
    this.revisionCount++;
    return this.current;
  }
}
