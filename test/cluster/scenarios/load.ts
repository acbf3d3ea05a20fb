/**
 * Resolving a scenario to objects (a built-in name or a YAML file of Nodes and other objects) and creating
 * them through the API, namespaces first, then nodes, then the rest, as `kubectl apply` would order them.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { ObjectApi } from '../api/objectApi';
import { asArray, asRecord, isRecord, type JsonObject } from '../api/objects';
import { resourceForKind } from '../api/resources';
import { baseObjects, node } from './builders';
import { demoScenario, kubeadm124Scenario, scaleScenario } from './builtin';

export const scenarioNames = ['demo', 'kubeadm-1.24', 'scale', 'empty'] as const;

export interface ScenarioChoice {
  /** A built-in scenario name. */
  scenario?: string;
  /** Node count for `scale` (default 5000). */
  nodes?: number;
  /** A YAML file of Nodes and other objects (a multi-document file or `List`s). */
  scenarioFile?: string;
}

function flatten(value: unknown, out: JsonObject[]): void {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out);
  } else if (isRecord(value)) {
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) flatten(value.items, out);
    else out.push(value);
  }
}

/**
 * A Node from a file may leave out its status: it then gets a Ready kubelet's status, so that a file can
 * list nodes by name, labels and taints only.
 */
function completeNode(object: JsonObject, index: number): JsonObject {
  if (isRecord(object.status) && Array.isArray(object.status.conditions)) return object;
  const metadata = asRecord(object.metadata);
  const built = node({ name: String(metadata.name ?? ''), index, labels: asRecord(metadata.labels) as Record<string, string> });
  return {
    ...built,
    ...object,
    metadata: { ...asRecord(built.metadata), ...metadata, labels: { ...asRecord(asRecord(built.metadata).labels), ...asRecord(metadata.labels) } },
    spec: { ...asRecord(built.spec), ...asRecord(object.spec) },
    status: { ...asRecord(built.status), ...asRecord(object.status) },
  };
}

export function scenarioFileObjects(path: string): JsonObject[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  const objects: JsonObject[] = [];
  for (const document of asArray(documents)) {
    const parsed = document as { errors: { message: string }[]; toJS(): unknown };
    if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0]?.message ?? 'YAML error'}`);
    flatten(parsed.toJS(), objects);
  }
  let index = 0;
  return [...baseObjects(), ...objects.map((object) => (object.kind === 'Node' ? completeNode(object, ++index) : object))];
}

export function scenarioObjects(choice: ScenarioChoice): JsonObject[] {
  if (choice.scenarioFile) return scenarioFileObjects(choice.scenarioFile);
  switch (choice.scenario ?? 'demo') {
    case 'demo':
      return demoScenario();
    case 'kubeadm-1.24':
      return kubeadm124Scenario();
    case 'scale':
      return scaleScenario(choice.nodes ?? 5000);
    case 'empty':
      return baseObjects();
    default:
      throw new Error(`unknown scenario "${choice.scenario ?? ''}" (known: ${scenarioNames.join(', ')}, or --scenario-file FILE)`);
  }
}

const order = (object: JsonObject): number => (object.kind === 'Namespace' ? 0 : object.kind === 'Node' ? 1 : 2);

/** Creates the objects (skipping ones that already exist, so a base namespace may be repeated in a file). */
export function loadObjects(api: ObjectApi, objects: readonly JsonObject[]): void {
  for (const object of [...objects].sort((a, b) => order(a) - order(b))) {
    const type = resourceForKind(String(object.apiVersion ?? ''), String(object.kind ?? ''));
    if (!type) throw new Error(`scenario: unsupported kind ${String(object.apiVersion)}/${String(object.kind)}`);
    const metadata = asRecord(object.metadata);
    const ns = type.namespaced ? String(metadata.namespace ?? 'default') : undefined;
    if (api.find(type, ns, String(metadata.name ?? ''))) continue;
    api.create(type, ns, object);
  }
}
