/**
 * The verbs on a resource path: get, list, watch, create, update, patch, delete, deletecollection, and
 * the `status` subresource, with the query parameters kubectl and client libraries send.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeleteOptions, ObjectApi, PatchType, PropagationPolicy, WriteOptions } from '../api/objectApi';
import { asRecord, isRecord, type KubeObject } from '../api/objects';
import { parseFieldSelector, parseLabelSelector, type ObjectFilter } from '../api/selectors';
import type { ResourceType } from '../api/resources';
import {
  ApiError,
  badRequest,
  conflict,
  forbidden,
  internalError,
  methodNotAllowed,
  notAcceptable,
  notFound,
  pathNotFound,
  status,
  unauthorized,
  unsupportedMediaType,
} from '../api/status';
import { toTable, type IncludeObject } from '../api/table';
import type { ErrorFault, Faults } from '../faults';
import type { Store } from '../store/store';
import { objectRepresentation, type ObjectRepresentation } from './negotiation';
import { parseBody, readBody, sendJson } from './respond';
import { serveWatch, type WatchRegistry } from './watchStream';

export interface ResourceContext {
  api: ObjectApi;
  store: Store;
  faults: Faults;
  watches: WatchRegistry;
  watchTimeoutSeconds: number;
  bookmarkIntervalMs: number;
}

export interface ResourceRequest {
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  watchPrefix: boolean;
}

const patchTypes: Readonly<Record<string, PatchType | 'apply'>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** The verb of a request, as authorization names it. */
export function verbOf(method: string, target: ResourceRequest, query: URLSearchParams): string {
  const watch = target.watchPrefix || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
      return watch ? 'watch' : target.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return target.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function faultError(fault: ErrorFault, target: ResourceRequest, verb: string): ApiError {
  switch (fault.code) {
    case 401:
      return unauthorized();
    case 403:
      return forbidden(target.type, verb, target.namespace);
    case 404:
      return notFound(target.type, target.name ?? '');
    case 409:
      return conflict(target.type, target.name ?? '', 'the object has been modified; please apply your changes to the latest version and try again');
    case 429:
      return new ApiError(status(429, 'TooManyRequests', 'the server has received too many requests and has asked us to try again later', { retryAfterSeconds: 1 }));
    case 503:
      return new ApiError(status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'));
    default:
      return internalError('injected fault');
  }
}

function filterOf(target: ResourceRequest, query: URLSearchParams): ObjectFilter {
  return {
    namespace: target.type.namespaced ? target.namespace : undefined,
    labels: parseLabelSelector(query.get('labelSelector')),
    fields: parseFieldSelector(query.get('fieldSelector'), target.type),
  };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

const partial = (object: KubeObject): unknown => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata });

function encodeOne(object: KubeObject, representation: ObjectRepresentation, target: ResourceRequest, query: URLSearchParams): unknown {
  if (representation.kind === 'table') {
    return toTable(target.type, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, includeObject(query), representation.version);
  }
  if (representation.kind === 'partial') return partial(object);
  return object;
}

function positiveInt(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw badRequest(`${name}: Invalid value: "${value}": must be a non-negative integer`);
  return Number(value);
}

function writeOptions(query: URLSearchParams, target: ResourceRequest): WriteOptions {
  return {
    ...(target.subresource === 'status' ? { subresource: 'status' as const } : {}),
    ...(query.get('dryRun') === 'All' ? { dryRun: true } : {}),
    ...(query.get('fieldValidation') === 'Strict' ? { strictFields: true } : {}),
  };
}

function deleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
  const options = asRecord(body);
  const policy = (options.propagationPolicy ?? query.get('propagationPolicy') ?? undefined) as string | undefined;
  if (policy !== undefined && policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
    throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const grace = options.gracePeriodSeconds ?? positiveInt(query.get('gracePeriodSeconds'), 'gracePeriodSeconds');
  const orphan = options.orphanDependents === true ? 'Orphan' : undefined;
  const dryRun = Array.isArray(options.dryRun) ? options.dryRun.includes('All') : query.get('dryRun') === 'All';
  return {
    ...(policy ?? orphan ? { propagationPolicy: (policy ?? orphan) as PropagationPolicy } : {}),
    ...(typeof grace === 'number' ? { gracePeriodSeconds: grace } : {}),
    ...(isRecord(options.preconditions) ? { preconditions: options.preconditions as DeleteOptions['preconditions'] & object } : {}),
    ...(dryRun ? { dryRun } : {}),
  };
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, target: ResourceRequest, context: ResourceContext): Promise<void> {
  const { api } = context;
  const { type } = target;
  const method = req.method ?? 'GET';
  const verb = verbOf(method, target, query);
  const fault = context.faults.takeError(type.plural, verb);
  if (fault) throw faultError(fault, target, verb);
  if (target.subresource !== undefined && !(target.subresource === 'status' && type.hasStatus) && target.subresource !== 'finalize') {
    throw pathNotFound();
  }
  const representation = objectRepresentation(req.headers.accept);
  if (representation.kind === 'none') throw notAcceptable();

  switch (verb) {
    case 'get': {
      const object = api.get(type, target.namespace, target.name as string);
      sendJson(res, 200, encodeOne(object, representation, target, query));
      return;
    }
    case 'list': {
      const page = api.list(type, filterOf(target, query), positiveInt(query.get('limit'), 'limit'), query.get('continue') ?? undefined);
      const meta = {
        resourceVersion: String(page.revision),
        ...(page.continue ? { continue: page.continue } : {}),
        ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
      };
      if (representation.kind === 'table') {
        sendJson(res, 200, toTable(type, page.items, meta, includeObject(query), representation.version));
      } else if (representation.kind === 'partial') {
        sendJson(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${representation.version}`, metadata: meta, items: page.items.map(partial) });
      } else {
        sendJson(res, 200, { kind: type.listKind, apiVersion: type.apiVersion, metadata: meta, items: page.items });
      }
      return;
    }
    case 'watch': {
      const filter = filterOf(target, query);
      if (target.name) filter.fields = [...filter.fields, { field: 'metadata.name', negated: false, value: target.name }];
      const requested = positiveInt(query.get('timeoutSeconds'), 'timeoutSeconds');
      serveWatch(req, res, context.store, context.faults, context.watches, {
        type,
        filter,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        allowBookmarks: query.get('allowWatchBookmarks') === 'true',
        sendInitialEvents: query.get('sendInitialEvents') === 'true',
        timeoutSeconds: requested && requested > 0 ? requested : context.watchTimeoutSeconds,
        bookmarkIntervalMs: context.bookmarkIntervalMs,
        encode: (object, first) =>
          representation.kind === 'table'
            ? toTable(type, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, includeObject(query), representation.version, first)
            : representation.kind === 'partial'
              ? partial(object)
              : object,
      });
      return;
    }
    case 'create': {
      if (target.name) throw methodNotAllowed();
      const body = parseBody(await readBody(req), req.headers['content-type']);
      const created = api.create(type, target.namespace, body, writeOptions(query, target));
      sendJson(res, 201, encodeOne(created, representation, target, query));
      return;
    }
    case 'update': {
      if (!target.name) throw methodNotAllowed();
      const body = parseBody(await readBody(req), req.headers['content-type']);
      const updated = api.update(type, target.namespace, target.name, body, writeOptions(query, target));
      sendJson(res, 200, encodeOne(updated, representation, target, query));
      return;
    }
    case 'patch': {
      if (!target.name) throw methodNotAllowed();
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const patchType = patchTypes[contentType];
      if (!patchType) throw unsupportedMediaType(contentType);
      const body = parseBody(await readBody(req), contentType);
      const options = writeOptions(query, target);
      let patched: KubeObject;
      if (patchType === 'apply') {
        // Server-side apply, approximated: create, or a strategic merge of the applied configuration.
        const existing = api.find(type, target.namespace, target.name);
        patched = existing
          ? api.patch(type, target.namespace, target.name, 'strategic', body, options)
          : api.create(type, target.namespace, { ...asRecord(body), metadata: { ...asRecord(asRecord(body).metadata), name: target.name } }, options);
      } else {
        patched = api.patch(type, target.namespace, target.name, patchType, body, options);
      }
      sendJson(res, 200, encodeOne(patched, representation, target, query));
      return;
    }
    case 'delete': {
      const body = parseBody(await readBody(req), 'application/json');
      const { object, gone } = api.delete(type, target.namespace, target.name as string, deleteOptions(body, query));
      if (gone && type.id !== 'core/pods') {
        sendJson(res, 200, {
          kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
          details: { name: object.metadata.name, ...(type.group ? { group: type.group } : {}), kind: type.plural, uid: object.metadata.uid },
        });
      } else {
        sendJson(res, 200, object);
      }
      return;
    }
    case 'deletecollection': {
      const body = parseBody(await readBody(req), 'application/json');
      const options = deleteOptions(body, query);
      const page = api.list(type, filterOf(target, query));
      const deleted = page.items.map((item) => api.delete(type, item.metadata.namespace, item.metadata.name ?? '', options).object);
      sendJson(res, 200, { kind: type.listKind, apiVersion: type.apiVersion, metadata: { resourceVersion: String(context.store.revision) }, items: deleted });
      return;
    }
    default:
      throw methodNotAllowed();
  }
}
