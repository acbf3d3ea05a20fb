/**
 * `metav1.Status` errors in the API server's own words, so that kubectl and client libraries print and
 * classify them as they do for a real cluster (`IsNotFound`, `IsConflict`, `IsInvalid`, 410 `Expired`).
 */
import { qualifiedKind, qualifiedResource, type ResourceType } from './resources';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** An error that is answered with a Status body and its HTTP code. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }

  get code(): number {
    return this.status.code;
  }
}

export function status(code: number, reason: string, message: string, details?: Status['details']): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

const fail = (code: number, reason: string, message: string, details?: Status['details']): ApiError =>
  new ApiError(status(code, reason, message, details));

const detailsOf = (type: ResourceType, name: string): Status['details'] => ({
  name,
  ...(type.group ? { group: type.group } : {}),
  kind: type.plural,
});

export const notFound = (type: ResourceType, name: string): ApiError =>
  fail(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, detailsOf(type, name));

export const alreadyExists = (type: ResourceType, name: string): ApiError =>
  fail(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, detailsOf(type, name));

export const conflict = (type: ResourceType, name: string, why: string): ApiError =>
  fail(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`, detailsOf(type, name));

export const badRequest = (message: string): ApiError => fail(400, 'BadRequest', message);

export const methodNotAllowed = (message = 'the server does not allow this method on the requested resource'): ApiError =>
  fail(405, 'MethodNotAllowed', message);

export const unsupportedMediaType = (contentType: string): ApiError =>
  fail(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got ${contentType})`);

export const notAcceptable = (): ApiError =>
  fail(406, 'NotAcceptable', 'the server was unable to respond with a content type that the client supports');

export const pathNotFound = (): ApiError => fail(404, 'NotFound', 'the server could not find the requested resource');

/** 410 for a watch or a continue token older than the kept history (`Expired`, as the watch cache says it). */
export const expired = (message: string): ApiError => fail(410, 'Expired', message);

export const unauthorized = (): ApiError => fail(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (type: ResourceType, verb: string, namespace: string | undefined, user = 'system:anonymous'): ApiError =>
  fail(403, 'Forbidden',
    `${qualifiedResource(type)} is forbidden: User "${user}" cannot ${verb} resource "${type.plural}" in API group "${type.group}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`,
    { ...(type.group ? { group: type.group } : {}), kind: type.plural });

export const internalError = (message: string): ApiError =>
  fail(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: 'UnexpectedServerResponse', message }] });

export const namespaceNotFound = (namespace: string): ApiError =>
  fail(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });

/** One field error, as `field.Error` renders: `spec.selector: Invalid value: ...: field is immutable`. */
export interface FieldError {
  field: string;
  reason: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate';
  /** The detail after the field path, e.g. `Invalid value: "x": must be ...` or `Required value`. */
  message: string;
}

/** 422 `Invalid`: `DaemonSet.apps "nginx" is invalid: spec.selector: ...`, with one cause per field error. */
export function invalid(type: ResourceType, name: string, errors: readonly FieldError[]): ApiError {
  const rendered = errors.map((error) => `${error.field}: ${error.message}`);
  const summary = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return fail(422, 'Invalid', `${qualifiedKind(type)} "${name}" is invalid: ${summary}`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes: errors.map((error) => ({ reason: error.reason, message: error.message, field: error.field })),
  });
}
