/**
 * Turns Node objects from anywhere (kubectl JSON/YAML, the API, a cluster snapshot) into the compact
 * {@link NodeInfo} that placement needs. Input is untrusted: wrong types are dropped, never thrown on.
 */
import type { NodeInfo, Taint } from './types';
import { isRecord, listedObjects, scalarString } from './coerce';

function readLabels(raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isRecord(raw)) return labels;
  for (const key of Object.keys(raw)) {
    const value = scalarString(raw[key]);
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

function readTaints(raw: unknown): Taint[] {
  if (!Array.isArray(raw)) return [];
  const taints: Taint[] = [];
  for (const entry of raw as unknown[]) {
    if (!isRecord(entry)) continue;
    const key = scalarString(entry.key);
    const effect = scalarString(entry.effect);
    if (key === undefined && effect === undefined) continue;
    const taint: Taint = { key: key ?? '', effect: effect ?? '' };
    const value = scalarString(entry.value);
    if (value !== undefined && value !== '') taint.value = value;
    const timeAdded = scalarString(entry.timeAdded);
    if (timeAdded !== undefined) taint.timeAdded = timeAdded;
    taints.push(taint);
  }
  return taints;
}

/**
 * A raw Node object (`{metadata: {name, labels}, spec: {taints}}`) as NodeInfo. Also accepts an object that is
 * already compact (`{name, labels, taints}`). Undefined for anything that is not a named node (other kinds
 * included).
 */
export function toNodeInfo(node: unknown): NodeInfo | undefined {
  if (!isRecord(node)) return undefined;
  if (node.kind !== undefined && node.kind !== 'Node') return undefined;
  if (isRecord(node.metadata)) {
    const name = scalarString(node.metadata.name);
    if (name === undefined || name === '') return undefined;
    const spec = isRecord(node.spec) ? node.spec : {};
    return { name, labels: readLabels(node.metadata.labels), taints: readTaints(spec.taints) };
  }
  if (node.kind === undefined && typeof node.name === 'string' && node.name !== '') {
    return { name: node.name, labels: readLabels(node.labels), taints: readTaints(node.taints) };
  }
  return undefined;
}

/**
 * Every node in a set of parsed documents: `NodeList`s and `List`s (their `items`, recursively), single Nodes,
 * and arrays of either. Other kinds are skipped.
 */
export function nodesFromDocuments(docs: unknown[]): NodeInfo[] {
  const nodes: NodeInfo[] = [];
  for (const object of listedObjects(docs)) {
    const node = toNodeInfo(object);
    if (node) nodes.push(node);
  }
  return nodes;
}
