/**
 * Every message between the DaemonSet Tools client and its language server that is not in the LSP itself. One
 * namespace per message (`method` and `type`), with who sends it and why. Shared by both sides: keep it free of
 * anything but types and the pure codecs the messages need.
 */
import { NotificationType } from 'vscode-languageserver-protocol';
import type { NodeInfo, Taint } from './kube/types';

/** A taint as sent: `[key, value, effect]`, with `''` for a taint without a value. */
export type TaintTuple = [key: string, value: string, effect: string];

/** A node as sent: its name, then indexes into {@link ClusterSnapshotParams.labelSets} and `taintSets`. */
export type NodeTuple = [name: string, labelSet: number, taintSet: number];

/**
 * The nodes of the client's current kube context, compact: every distinct label pair, label set, taint and taint
 * set is sent once, and nodes refer to them by index. Thousands of nodes with the same few label and taint
 * combinations (apart from their hostname label) stay small.
 */
export interface ClusterSnapshotParams {
  /** The kube context the nodes come from; `null` clears the snapshot (no context, or it could not be read). */
  context: string | null;
  /** Distinct label pairs, `[key, value]`. */
  labels: [key: string, value: string][];
  /** Distinct label sets: indexes into `labels`. */
  labelSets: number[][];
  /** Distinct taints. */
  taints: TaintTuple[];
  /** Distinct taint sets: indexes into `taints`, in the node's own order. */
  taintSets: number[][];
  /** One entry per node. */
  nodes: NodeTuple[];
}

/**
 * Sent by the client to the server whenever its model of the current context's nodes changes (debounced by the
 * client: on connect, on context switch, on node label or taint changes from the watch) and with `context: null`
 * when it disconnects. Completions, hovers and diagnostics use the latest snapshot ("tolerates taints on 3 of 12
 * nodes"); the server never talks to the cluster itself.
 */
export namespace ClusterSnapshotNotification {
  export const method = 'daemonset/clusterSnapshot' as const;
  export const type = new NotificationType<ClusterSnapshotParams>(method);
}

/** A decoded snapshot: the context and its nodes. */
export interface DecodedSnapshot {
  context: string;
  nodes: NodeInfo[];
}

/** Builds the compact message from plain nodes (what the client sends). */
export function encodeClusterSnapshot(context: string | null, nodes: readonly NodeInfo[]): ClusterSnapshotParams {
  const params: ClusterSnapshotParams = { context, labels: [], labelSets: [], taints: [], taintSets: [], nodes: [] };
  if (context === null) return params;
  const labelIds = new Map<string, number>();
  const labelSetIds = new Map<string, number>();
  const taintIds = new Map<string, number>();
  const taintSetIds = new Map<string, number>();
  const intern = <T>(ids: Map<string, number>, list: T[], value: T): number => {
    const id = JSON.stringify(value);
    let index = ids.get(id);
    if (index === undefined) {
      index = list.length;
      list.push(value);
      ids.set(id, index);
    }
    return index;
  };
  for (const node of nodes) {
    const labelSet = Object.keys(node.labels)
      .sort()
      .map((key) => intern(labelIds, params.labels, [key, node.labels[key]!] as [string, string]));
    const taintSet = node.taints.map((taint) =>
      intern(taintIds, params.taints, [taint.key, taint.value ?? '', taint.effect] as TaintTuple),
    );
    params.nodes.push([
      node.name,
      intern(labelSetIds, params.labelSets, labelSet),
      intern(taintSetIds, params.taintSets, taintSet),
    ]);
  }
  return params;
}

/**
 * Reads a snapshot message defensively (it crosses a process boundary): malformed entries are dropped, never
 * thrown on. Returns undefined for `context: null` or a message that is not a snapshot at all.
 */
export function decodeClusterSnapshot(params: unknown): DecodedSnapshot | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const raw = params as Partial<Record<keyof ClusterSnapshotParams, unknown>>;
  if (typeof raw.context !== 'string') return undefined;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const isString = (value: unknown): value is string => typeof value === 'string';
  const labels = list(raw.labels).map((pair) =>
    Array.isArray(pair) && isString(pair[0]) && isString(pair[1]) ? ([pair[0], pair[1]] as const) : undefined,
  );
  const taints = list(raw.taints).map((tuple): Taint | undefined => {
    if (!Array.isArray(tuple) || !isString(tuple[0]) || !isString(tuple[2])) return undefined;
    const taint: Taint = { key: tuple[0], effect: tuple[2] };
    if (isString(tuple[1]) && tuple[1] !== '') taint.value = tuple[1];
    return taint;
  });
  const labelSets = list(raw.labelSets).map((set) => {
    const result: Record<string, string> = {};
    for (const index of list(set)) {
      const pair = typeof index === 'number' ? labels[index] : undefined;
      if (pair) result[pair[0]] = pair[1];
    }
    return Object.freeze(result);
  });
  const taintSets = list(raw.taintSets).map((set) =>
    Object.freeze(list(set).flatMap((index) => {
      const taint = typeof index === 'number' ? taints[index] : undefined;
      return taint ? [taint] : [];
    })),
  );
  const nodes: NodeInfo[] = [];
  for (const tuple of list(raw.nodes)) {
    if (!Array.isArray(tuple) || !isString(tuple[0]) || tuple[0] === '') continue;
    const labelSet = typeof tuple[1] === 'number' ? labelSets[tuple[1]] : undefined;
    const taintSet = typeof tuple[2] === 'number' ? taintSets[tuple[2]] : undefined;
    nodes.push({ name: tuple[0], labels: labelSet ?? {}, taints: taintSet ?? [] });
  }
  return { context: raw.context, nodes };
}
