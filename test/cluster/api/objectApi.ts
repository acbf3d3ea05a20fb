/**
 * The API server's object semantics over the store: create, get, list, update, patch and delete with the
 * registry strategies of the served kinds (names and generateName, uid and timestamps, status kept apart
 * from the rest, generation, defaults, validation, preconditions, no-op writes, finalizers, namespaces that
 * must exist, deletion propagation). The HTTP layer and the controllers both write through this class.
 */
import { randomUUID } from 'node:crypto';
import { applyDefaults } from './defaults';
import { asRecord, cloneJson, isRecord, jsonEqual, timestamp, type JsonObject, type KubeObject } from './objects';
import { Paginator, type Page } from './pagination';
import { filterMatches, type ObjectFilter } from './selectors';
import { namespaces, pods, type ResourceType } from './resources';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  invalid,
  namespaceNotFound,
  notFound,
  status,
} from './status';
import { validateCreate, validateUpdate } from './validation';
import type { Store } from '../store/store';
import { strategicMergePatch } from '../patch/strategicMerge';
import { jsonMergePatch, jsonPatch, JsonPatchError } from '../patch/jsonPatches';

export type PatchType = 'json' | 'merge' | 'strategic';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WriteOptions {
  subresource?: 'status';
  dryRun?: boolean;
  /** `fieldValidation=Strict`: unknown fields are an error (400) instead of being dropped. */
  strictFields?: boolean;
}

/** What the controllers and garbage collector plug into deletion. */
export interface DeletionHooks {
  /** Deletes (Foreground) or orphans (Orphan) the dependents of an owner before it goes. */
  dependents?(owner: KubeObject, policy: 'Foreground' | 'Orphan'): void;
  /** Pods: how long a deleted pod stays Terminating (0: removed at once). */
  podGracePeriodMs?(pod: KubeObject): number;
}

/** Drops unknown fields, returning their paths (`spec.foo`), as the API server's decoder does. */
export type UnknownFieldPruner = (type: ResourceType, object: KubeObject) => string[];

const generateNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += generateNameAlphabet[Math.floor(Math.random() * generateNameAlphabet.length)];
  return prefix + suffix;
}

/** Kinds whose status a create request may not set (the strategies reset it). Nodes keep theirs. */
const statusResetOnCreate = new Set(['apps/daemonsets', 'core/services', 'core/pods']);

export class ObjectApi {
  private readonly paginator = new Paginator();
  hooks: DeletionHooks = {};
  pruneUnknownFields: UnknownFieldPruner | undefined;

  constructor(readonly store: Store) {}

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const object = this.store.get(type.id, type.namespaced ? namespace : undefined, name);
    if (!object) throw notFound(type, name);
    return object;
  }

  find(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(type.id, type.namespaced ? namespace : undefined, name);
  }

  list(type: ResourceType, filter: ObjectFilter, limit?: number, continueToken?: string): Page {
    const current = (): KubeObject[] => {
      const all = this.store.list(type.id, type.namespaced ? filter.namespace : undefined);
      if (filter.labels.length === 0 && filter.fields.length === 0) return all;
      return all.filter((object) => filterMatches(filter, object, type));
    };
    return this.paginator.page(current, this.store.revision, this.store.compactedRevision, limit, continueToken);
  }

  create(type: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions = {}): KubeObject {
    if (!isRecord(body)) throw badRequest('the body of the request must be a JSON object');
    const object = this.decode(type, body, options);
    const metadata = { ...asRecord(object.metadata) } as KubeObject['metadata'];
    if (type.namespaced) {
      const requested = namespace ?? metadata.namespace;
      if (namespace && metadata.namespace && metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      if (!requested) throw badRequest('the namespace of the object is required');
      metadata.namespace = requested;
      this.requireLiveNamespace(requested);
    } else {
      delete metadata.namespace;
    }
    if (!metadata.name && metadata.generateName) {
      // Like kube-apiserver since 1.31 (KEP-4420, RetryGenerateName): a generated name that is taken is drawn again
      // (up to 8 tries) instead of failing with AlreadyExists: 5,000 pods of one DaemonSet collide otherwise.
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
      let name = generatedName(metadata.generateName);
      for (let attempt = 1; attempt < 8 && this.store.get(type.id, namespace, name); attempt++) name = generatedName(metadata.generateName);
      metadata.name = name;
    }
    for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields']) {
      delete metadata[key];
    }
    metadata.uid = randomUUID();
    metadata.creationTimestamp = timestamp();
    if (type.id === 'apps/daemonsets') metadata.generation = 1;
    const created: KubeObject = { ...object, apiVersion: type.apiVersion, kind: type.kind, metadata };
    if (statusResetOnCreate.has(type.id)) delete created.status;
    if (type.id === pods.id) created.status = { phase: 'Pending', qosClass: 'BestEffort' };
    applyDefaults(type.id, created);
    const errors = validateCreate(type, created);
    if (errors.length > 0) throw invalid(type, metadata.name ?? '', errors);
    if (this.store.get(type.id, metadata.namespace, metadata.name ?? '')) throw alreadyExists(type, metadata.name ?? '');
    if (options.dryRun) return created;
    return this.store.put(type.id, created);
  }

  update(type: ResourceType, namespace: string | undefined, name: string, body: unknown, options: WriteOptions = {}): KubeObject {
    if (!isRecord(body)) throw badRequest('the body of the request must be a JSON object');
    const old = this.get(type, namespace, name);
    const incoming = this.decode(type, body, options);
    const metadata = asRecord(incoming.metadata);
    if (metadata.name !== undefined && metadata.name !== name) {
      throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${name})`);
    }
    if (metadata.resourceVersion !== undefined && metadata.resourceVersion !== '' && metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(type, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.write(type, old, incoming, options);
  }

  patch(type: ResourceType, namespace: string | undefined, name: string, patchType: PatchType, patch: unknown, options: WriteOptions = {}): KubeObject {
    const old = this.get(type, namespace, name);
    let patched: unknown;
    try {
      if (patchType === 'strategic') patched = strategicMergePatch(cloneJson(old) as JsonObject, patch, type.kind);
      else if (patchType === 'merge') patched = jsonMergePatch(cloneJson(old), patch);
      else patched = jsonPatch(old, patch);
    } catch (error) {
      if (error instanceof JsonPatchError) throw new ApiError(status(422, 'Invalid', error.message));
      if (error instanceof ApiError) throw error;
      throw badRequest(error instanceof Error ? error.message : String(error));
    }
    if (!isRecord(patched)) throw badRequest('the patch did not produce an object');
    const requestedVersion = asRecord(patched.metadata).resourceVersion;
    if (requestedVersion !== undefined && requestedVersion !== old.metadata.resourceVersion) {
      throw conflict(type, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.write(type, old, this.decode(type, patched, options), options);
  }

  /** Deletes an object; returns the object as it was (or as it is now, if it only started terminating). */
  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): { object: KubeObject; gone: boolean } {
    const object = this.get(type, namespace, name);
    const preconditions = options.preconditions ?? {};
    if (preconditions.uid && preconditions.uid !== object.metadata.uid) {
      throw conflict(type, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${object.metadata.uid ?? ''}`);
    }
    if (preconditions.resourceVersion && preconditions.resourceVersion !== object.metadata.resourceVersion) {
      throw conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion ?? ''}`);
    }
    if (options.dryRun) return { object, gone: true };
    if (object.metadata.deletionTimestamp) return { object, gone: false };

    const policy = options.propagationPolicy ?? 'Background';
    if (policy === 'Foreground' || policy === 'Orphan') this.hooks.dependents?.(object, policy);

    const finalizers = object.metadata.finalizers ?? [];
    const graceMs = type.id === pods.id && options.gracePeriodSeconds !== 0 ? (this.hooks.podGracePeriodMs?.(object) ?? 0) : 0;
    if (type.id === namespaces.id || finalizers.length > 0 || graceMs > 0) {
      const terminating: KubeObject = {
        ...object,
        metadata: {
          ...object.metadata,
          deletionTimestamp: timestamp(),
          ...(graceMs > 0 ? { deletionGracePeriodSeconds: Math.ceil(graceMs / 1000) } : {}),
        },
      };
      if (type.id === namespaces.id) terminating.status = { ...asRecord(object.status), phase: 'Terminating' };
      return { object: this.store.put(type.id, terminating), gone: false };
    }
    return { object: this.store.remove(type.id, object.metadata.namespace, name) ?? object, gone: true };
  }

  /** Removes an object whose termination is over (pod grace elapsed, namespace emptied). */
  finalize(type: ResourceType, namespace: string | undefined, name: string): void {
    this.store.remove(type.id, type.namespaced ? namespace : undefined, name);
  }

  private write(type: ResourceType, old: KubeObject, incoming: KubeObject, options: WriteOptions): KubeObject {
    let next: KubeObject;
    if (options.subresource === 'status') {
      next = { ...old, status: incoming.status };
    } else {
      next = { ...incoming, apiVersion: type.apiVersion, kind: type.kind };
      if (type.hasStatus) {
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
      const metadata = { ...asRecord(incoming.metadata) } as KubeObject['metadata'];
      for (const key of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (old.metadata[key] === undefined) delete metadata[key];
        else metadata[key] = old.metadata[key] as never;
      }
      delete metadata.resourceVersion;
      next.metadata = metadata;
      next = cloneJson(next);
      applyDefaults(type.id, next);
      const errors = validateUpdate(type, next, old);
      if (errors.length > 0) throw invalid(type, old.metadata.name ?? '', errors);
      if (type.id === 'apps/daemonsets' && !jsonEqual(next.spec, old.spec)) {
        next.metadata.generation = (old.metadata.generation ?? 1) + 1;
      }
    }
    const comparable = (object: KubeObject): KubeObject => ({ ...object, metadata: { ...object.metadata, resourceVersion: '' } });
    if (jsonEqual(comparable(next), comparable(old))) return old;
    if (options.dryRun) return next;
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && type.id !== namespaces.id && type.id !== pods.id) {
      return this.store.remove(type.id, next.metadata.namespace, next.metadata.name ?? '') ?? next;
    }
    return this.store.put(type.id, next);
  }

  /** Checks apiVersion/kind of a request body and prunes unknown fields (400 under strict validation). */
  private decode(type: ResourceType, body: JsonObject, options: WriteOptions): KubeObject {
    if (body.apiVersion !== undefined && body.apiVersion !== type.apiVersion) {
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${type.apiVersion})`);
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${type.kind})`);
    }
    const object = { ...body, apiVersion: type.apiVersion, kind: type.kind, metadata: asRecord(body.metadata) } as KubeObject;
    const unknown = this.pruneUnknownFields?.(type, object) ?? [];
    if (unknown.length > 0 && options.strictFields) {
      const fields = unknown.map((path) => `unknown field "${path}"`).join(', ');
      throw badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${fields}`);
    }
    return object;
  }

  private requireLiveNamespace(namespace: string): void {
    const found = this.store.get(namespaces.id, undefined, namespace);
    if (!found) throw namespaceNotFound(namespace);
    if (found.metadata.deletionTimestamp) {
      throw new ApiError(
        status(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
          name: namespace,
          kind: 'namespaces',
          causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
        }),
      );
    }
  }
}
