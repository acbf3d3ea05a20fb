/**
 * OpenAPI v3 documents for the served group versions (`/openapi/v3` and `/openapi/v3/api/v1`, ...).
 *
 * kubectl 1.32 reads them for two things: `apply`/`create` validation, where a PATCH operation carrying the
 * `fieldValidation` parameter tells it the server validates fields itself (otherwise it falls back to the
 * protobuf `/openapi/v2` document, which this server does not serve); and `apply`'s strategic merge patch,
 * which uses the `x-kubernetes-patch-*` extensions of the kind's schema. Schemas come from the client-node
 * models; the patch extensions from the same table this server merges with.
 */
import { createHash } from 'node:crypto';
import { allPatchMeta } from '../patch/patchMeta';
import { groups, resourcesOf, type ResourceType } from '../api/resources';
import { parseType, type ModelIndex, type TypeRef } from './models';
import type { JsonObject } from '../api/objects';

export interface OpenApiV3 {
  /** The `/openapi/v3` index. */
  index: JsonObject;
  /** Documents by path without the prefix: `api/v1`, `apis/apps/v1`. */
  documents: ReadonlyMap<string, { body: string; hash: string }>;
}

const metaTypes = new Set([
  'ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'OwnerReference', 'ManagedFieldsEntry',
  'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions', 'Condition',
]);

/** The Go type name of a client-node model: `V1PodSpec` -> `PodSpec`. */
export const goName = (model: string): string => model.replace(/^V\d+((alpha|beta)\d+)?/, '');

function schemaName(model: string): string {
  const name = goName(model);
  if (metaTypes.has(name)) return `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;
  if (/^(DaemonSet|Deployment|StatefulSet|ReplicaSet|ControllerRevision|RollingUpdate)/.test(name)) return `io.k8s.api.apps.v1.${name}`;
  return `io.k8s.api.core.v1.${name}`;
}

const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

class SchemaBuilder {
  readonly schemas: Record<string, JsonObject> = {
    [intOrString]: { type: 'string', format: 'int-or-string' },
    'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  };

  constructor(private readonly models: ModelIndex) {}

  ref(model: string): string {
    const name = schemaName(model);
    if (!this.schemas[name]) {
      const schema: JsonObject = { type: 'object', properties: {} };
      this.schemas[name] = schema;
      const properties: JsonObject = {};
      const patchMeta = allPatchMeta()[goName(model) === 'EphemeralContainer' ? 'Container' : goName(model)] ?? {};
      for (const attribute of this.models.attributes(model) ?? []) {
        const property = this.property(parseType(attribute.type, attribute.format));
        const meta = patchMeta[attribute.baseName];
        if (meta?.strategy) {
          property['x-kubernetes-patch-strategy'] = meta.retainKeys ? 'merge,retainKeys' : 'merge';
          if (meta.mergeKey) property['x-kubernetes-patch-merge-key'] = meta.mergeKey;
        }
        properties[attribute.baseName] = property;
      }
      schema.properties = properties;
    }
    return `#/components/schemas/${name}`;
  }

  property(type: TypeRef): JsonObject {
    switch (type.kind) {
      case 'array':
        return { type: 'array', items: this.property(type.items) };
      case 'map':
        return { type: 'object', additionalProperties: this.property(type.values) };
      case 'model':
        return { default: {}, allOf: [{ $ref: this.ref(type.name) }] };
      case 'primitive':
        switch (type.name) {
          case 'string':
            return { type: 'string' };
          case 'number':
            return type.format === 'int32' || type.format === 'int64' ? { type: 'integer', format: type.format } : { type: 'number', format: 'double' };
          case 'boolean':
            return { type: 'boolean' };
          case 'date':
            return { type: 'string', format: 'date-time' };
          case 'intOrString':
            return { allOf: [{ $ref: `#/components/schemas/${intOrString}` }] };
          case 'any':
            return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
        }
    }
  }
}

const queryParameter = (name: string, type = 'string'): JsonObject => ({ name, in: 'query', schema: { type, uniqueItems: true } });

const writeParameters = [queryParameter('dryRun'), queryParameter('fieldManager'), queryParameter('fieldValidation')];

function operation(type: ResourceType, action: string, verb: string, responseRef: string, extra: JsonObject[] = []): JsonObject {
  return {
    operationId: `${verb}${type.group ? type.group[0]?.toUpperCase() + type.group.slice(1) : 'Core'}${type.version.toUpperCase()}${type.kind}`,
    parameters: extra,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: responseRef } } } }, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
  };
}

const patchBody = {
  content: Object.fromEntries(
    ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'].map((media) => [
      media,
      { schema: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } },
    ]),
  ),
  required: true,
};

function pathsFor(type: ResourceType, builder: SchemaBuilder): Record<string, JsonObject> {
  const kindRef = builder.ref(type.model);
  const listRef = builder.ref(`${type.model}List`);
  const statusRef = builder.ref('V1Status');
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const collection = type.namespaced ? `${base}/namespaces/{namespace}/${type.plural}` : `${base}/${type.plural}`;
  const pathParams = (withName: boolean): JsonObject[] => [
    ...(withName ? [{ name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }] : []),
    ...(type.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }] : []),
  ];
  const bodyOf = (ref: string): JsonObject => ({ content: { '*/*': { schema: { $ref: ref } } }, required: true });
  const listParams = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'].map((name) => queryParameter(name));
  const paths: Record<string, JsonObject> = {
    [collection]: {
      get: operation(type, 'list', 'list', listRef, listParams),
      post: { ...operation(type, 'post', 'create', kindRef, writeParameters), requestBody: bodyOf(kindRef) },
      delete: operation(type, 'deletecollection', 'deleteCollection', statusRef, listParams),
      parameters: pathParams(false),
    },
    [`${collection}/{name}`]: {
      get: operation(type, 'get', 'read', kindRef),
      put: { ...operation(type, 'put', 'replace', kindRef, writeParameters), requestBody: bodyOf(kindRef) },
      patch: { ...operation(type, 'patch', 'patch', kindRef, [...writeParameters, queryParameter('force', 'boolean')]), requestBody: patchBody },
      delete: operation(type, 'delete', 'delete', statusRef, [queryParameter('gracePeriodSeconds', 'integer'), queryParameter('propagationPolicy')]),
      parameters: pathParams(true),
    },
  };
  if (type.hasStatus) {
    paths[`${collection}/{name}/status`] = {
      get: operation(type, 'get', 'readStatus', kindRef),
      put: { ...operation(type, 'put', 'replaceStatus', kindRef, writeParameters), requestBody: bodyOf(kindRef) },
      patch: { ...operation(type, 'patch', 'patchStatus', kindRef, [...writeParameters, queryParameter('force', 'boolean')]), requestBody: patchBody },
      parameters: pathParams(true),
    };
  }
  if (type.namespaced) paths[`${base}/${type.plural}`] = { get: operation(type, 'list', 'listAllNamespaces', listRef, listParams) };
  return paths;
}

/** Builds every document once; the hash in the index lets kubectl cache them. */
export function buildOpenApiV3(models: ModelIndex, gitVersion: string): OpenApiV3 {
  const documents = new Map<string, { body: string; hash: string }>();
  const index: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of groups) {
    const builder = new SchemaBuilder(models);
    let paths: Record<string, JsonObject> = {};
    for (const type of resourcesOf(group, version)) paths = { ...paths, ...pathsFor(type, builder) };
    for (const type of resourcesOf(group, version)) {
      const schema = builder.schemas[schemaName(type.model)];
      if (schema) schema['x-kubernetes-group-version-kind'] = [{ group: type.group, kind: type.kind, version: type.version }];
      const list = builder.schemas[schemaName(`${type.model}List`)];
      if (list) list['x-kubernetes-group-version-kind'] = [{ group: type.group, kind: type.listKind, version: type.version }];
    }
    const document = { openapi: '3.0.0', info: { title: 'Kubernetes', version: gitVersion }, paths, components: { schemas: builder.schemas } };
    const body = JSON.stringify(document);
    const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
    const key = group ? `apis/${group}/${version}` : `api/${version}`;
    documents.set(key, { body, hash });
    index[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { index: { paths: index }, documents };
}
