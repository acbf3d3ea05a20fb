/**
 * Regenerates `schemas/kubernetes.json`, the Kubernetes JSON schema that the language server bundles for schema
 * validation, completion and hover (run: `npx tsx scripts/generateSchema.ts`, or `npm run generate:schema`).
 * With `--check`, writes nothing and exits 1 when the committed file differs from what the generator produces.
 *
 * Source: the models of `@kubernetes/client-node` (1.4.0, generated from the Kubernetes OpenAPI v1.34.0). Their
 * JavaScript carries each class's `attributeTypeMap` (JSON names, types, formats); their `.d.ts` carries the
 * OpenAPI descriptions as JSDoc and marks required fields by the absence of `?`. Nothing is downloaded.
 *
 * The schema selects a definition per YAML document by `apiVersion` and `kind` (`allOf` of `if`/`then`), so that a
 * multi-document file of several kinds validates each document against its own kind, and a document of any other
 * kind (a custom resource) is not validated at all. There is no `oneOf` at the top, hence no "Matches multiple
 * schemas" noise.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/** The built-in kinds the schema covers: apiVersion, kind, and the client-node model class. */
export const KINDS: readonly { apiVersion: string; kind: string; model: string }[] = [
  { apiVersion: 'apps/v1', kind: 'DaemonSet', model: 'V1DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'Deployment', model: 'V1Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', model: 'V1StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', model: 'V1ReplicaSet' },
  { apiVersion: 'batch/v1', kind: 'Job', model: 'V1Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob', model: 'V1CronJob' },
  { apiVersion: 'v1', kind: 'Pod', model: 'V1Pod' },
  { apiVersion: 'v1', kind: 'Service', model: 'V1Service' },
  { apiVersion: 'v1', kind: 'ConfigMap', model: 'V1ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret', model: 'V1Secret' },
  { apiVersion: 'v1', kind: 'ServiceAccount', model: 'V1ServiceAccount' },
  { apiVersion: 'v1', kind: 'Namespace', model: 'V1Namespace' },
  { apiVersion: 'v1', kind: 'Node', model: 'V1Node' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', model: 'V1PersistentVolumeClaim' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', model: 'V1PodDisruptionBudget' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', model: 'V1NetworkPolicy' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', model: 'V1Ingress' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', model: 'V1Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', model: 'V1ClusterRole' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', model: 'V1RoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', model: 'V1ClusterRoleBinding' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', model: 'V1PriorityClass' },
];

export const KUBERNETES_VERSION = '1.34';

/**
 * Fields of these models are not expanded: `status` is written by controllers and `managedFields` by the API
 * server; both stay permissive objects (with their description), which keeps the file small.
 */
const PERMISSIVE_FIELDS = new Set(['status', 'managedFields']);

/** `resource.Quantity` fields: the OpenAPI type is a string, but YAML numbers (`cpu: 1`) are accepted too. */
const QUANTITY_FIELDS: ReadonlySet<string> = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PodSpec.overhead',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
]);

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface Documentation {
  description?: string;
  properties: Map<string, { description?: string; optional: boolean }>;
}

type JsonSchema = Record<string, unknown>;

const modelsDir = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist', 'gen', 'models');

/** Reads a model's class description, property descriptions and optionality from its `.d.ts`. */
function readDocumentation(model: string): Documentation {
  const path = join(modelsDir, `${model}.d.ts`);
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const documentation: Documentation = { properties: new Map() };
  source.forEachChild((node) => {
    if (!ts.isClassDeclaration(node) || node.name?.text !== model) return;
    const description = jsDocText(node, source);
    if (description !== undefined) documentation.description = description;
    for (const member of node.members) {
      if (!ts.isPropertyDeclaration(member) || !member.name) continue;
      if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const name = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : member.name.getText(source);
      const entry: { description?: string; optional: boolean } = { optional: member.questionToken !== undefined };
      const text = jsDocText(member, source);
      if (text !== undefined) entry.description = text;
      documentation.properties.set(name, entry);
    }
  });
  return documentation;
}

/** The text of the `/** ... *\/` comment right before a node, without the stars; `\'` and `\"` unescaped. */
function jsDocText(node: ts.Node, source: ts.SourceFile): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const last = ranges.filter((range) => source.text.startsWith('/**', range.pos)).pop();
  if (!last) return undefined;
  const body = source.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trimEnd())
    .join('\n')
    .trim()
    .replace(/\\(['"])/g, '$1');
  return body === '' ? undefined : body;
}

class Generator {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly queue: string[] = [];

  constructor(private readonly classes: Record<string, unknown>) {}

  private attributes(model: string): Attribute[] {
    const found = this.classes[model] as { attributeTypeMap?: Attribute[] } | undefined;
    if (!found || !Array.isArray(found.attributeTypeMap)) throw new Error(`no model class ${model}`);
    return found.attributeTypeMap;
  }

  ref(model: string): JsonSchema {
    if (!(model in this.definitions) && !this.queue.includes(model)) this.queue.push(model);
    return { $ref: `#/definitions/${model}` };
  }

  run(): void {
    while (this.queue.length > 0) {
      const model = this.queue.shift()!;
      if (model in this.definitions) continue;
      this.definitions[model] = {}; // placeholder against cycles
      this.definitions[model] = this.model(model);
    }
  }

  private model(model: string): JsonSchema {
    const docs = readDocumentation(model);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const attribute of this.attributes(model)) {
      const doc = docs.properties.get(attribute.name);
      const optional = doc?.optional ?? true;
      let schema: JsonSchema;
      if (PERMISSIVE_FIELDS.has(attribute.baseName)) {
        schema = attribute.type.startsWith('Array<') ? { type: ['array', 'null'] } : { type: ['object', 'null'] };
      } else if (QUANTITY_FIELDS.has(`${model}.${attribute.name}`)) {
        schema = quantity(attribute.type);
      } else {
        schema = this.type(attribute.type, attribute.format, optional);
      }
      if (doc?.description) schema = { description: doc.description, ...schema };
      properties[attribute.baseName] = schema;
      if (!optional) required.push(attribute.baseName);
    }
    const result: JsonSchema = { type: 'object' };
    if (docs.description) result.description = docs.description;
    result.properties = properties;
    if (required.length > 0) result.required = required;
    result.additionalProperties = false;
    return result;
  }

  /** A property type as written in `attributeTypeMap`; optional fields also accept YAML null (an absent value). */
  private type(type: string, format: string, optional: boolean): JsonSchema {
    const nullable = (base: string): JsonSchema => ({ type: optional ? [base, 'null'] : base });
    const array = /^Array<(.+)>$/.exec(type);
    if (array) return { ...nullable('array'), items: this.type(array[1]!, '', false) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { ...nullable('object'), additionalProperties: this.type(map[1]!, '', false) };
    switch (type) {
      case 'string':
        return nullable('string');
      case 'Date':
        return nullable('string');
      case 'boolean':
        // No null for booleans and numbers: `hostNetwork:` with nothing after it is almost always unfinished.
        return { type: 'boolean' };
      case 'number':
        return { type: format === 'double' ? 'number' : 'integer' };
      case 'IntOrString':
        return { type: ['integer', 'string'] };
      case 'any':
      case 'object':
        return {};
      default:
        if (type === 'V1MicroTime') return nullable('string');
        return this.ref(type);
    }
  }
}

function quantity(type: string): JsonSchema {
  const value = { type: ['string', 'number'] };
  return type.startsWith('{') ? { type: ['object', 'null'], additionalProperties: value } : value;
}

async function main(): Promise<void> {
  const classes = (await import('@kubernetes/client-node')) as unknown as Record<string, unknown>;
  const version = (JSON.parse(readFileSync(join(modelsDir, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  const generator = new Generator(classes);
  const allOf = KINDS.map(({ apiVersion, kind, model }) => ({
    if: { properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
    then: generator.ref(model),
  }));
  generator.run();
  for (const { apiVersion, kind, model } of KINDS) {
    const properties = generator.definitions[model]!.properties as Record<string, JsonSchema>;
    properties.apiVersion = { ...properties.apiVersion, type: 'string', enum: [apiVersion] };
    properties.kind = { ...properties.kind, type: 'string', enum: [kind] };
  }
  const sortedDefinitions = Object.fromEntries(Object.entries(generator.definitions).sort(([a], [b]) => a.localeCompare(b)));
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `Kubernetes ${KUBERNETES_VERSION} (OpenAPI v1.34.0) built-in kinds, generated by scripts/generateSchema.ts from @kubernetes/client-node ${version} models. Do not edit.`,
    'x-kubernetes-version': KUBERNETES_VERSION,
    // Offered as completions (defaultSnippets) rather than `examples`, which hovers would list in full.
    properties: {
      apiVersion: {
        type: 'string',
        description: 'The versioned schema of this object, `group/version` (`v1` for the core group).',
        defaultSnippets: [...new Set(KINDS.map((k) => k.apiVersion))].map((apiVersion) => ({ label: apiVersion, body: apiVersion })),
      },
      kind: {
        type: 'string',
        description: 'The kind of object (CamelCase).',
        defaultSnippets: KINDS.map((k) => ({ label: k.kind, body: k.kind })),
      },
    },
    allOf,
    definitions: sortedDefinitions,
  };
  const out = resolve(__dirname, '..', 'schemas', 'kubernetes.json');
  const text = `${JSON.stringify(schema)}\n`;
  if (process.argv.includes('--check')) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(`${out} is out of date: run npx tsx scripts/generateSchema.ts`);
      process.exit(1);
    }
    console.log(`${out} is up to date`);
    return;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${Object.keys(sortedDefinitions).length} definitions, ${KINDS.length} kinds, ${(text.length / 1024).toFixed(0)} KB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
