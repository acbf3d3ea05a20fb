/**
 * Request paths of the Kubernetes REST API, resolved to what they address:
 * `/api/v1/namespaces/{ns}/pods/{name}/status`, `/apis/apps/v1/daemonsets`, the legacy `/watch/` prefix,
 * discovery and OpenAPI documents.
 */
import { findResource, namespaces, type ResourceType } from '../api/resources';

export type Route =
  | { kind: 'version' }
  | { kind: 'healthz' }
  | { kind: 'apiRoot' }
  | { kind: 'apisRoot' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'openapiIndex' }
  | { kind: 'openapiDocument'; key: string }
  | { kind: 'openapiV2' }
  | { kind: 'admin'; path: string[] }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
      /** The path used the deprecated `/watch/` prefix. */
      watchPrefix: boolean;
    }
  | { kind: 'notFound' };

function resourceRoute(group: string, version: string, rest: string[]): Route {
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (!plural || extra.length > 0) return { kind: 'notFound' };
  const type = findResource(group, version, plural);
  if (!type) return { kind: 'notFound' };
  if (namespace !== undefined && !type.namespaced) return { kind: 'notFound' };
  return { kind: 'resource', type, namespace, name, subresource, watchPrefix };
}

export function route(pathname: string): Route {
  const parts = pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const [first, second, third] = parts;
  switch (first) {
    case 'version':
      return parts.length === 1 ? { kind: 'version' } : { kind: 'notFound' };
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { kind: 'healthz' };
    case '__admin':
      return { kind: 'admin', path: parts.slice(1) };
    case 'openapi':
      if (second === 'v2' && parts.length === 2) return { kind: 'openapiV2' };
      if (second === 'v3' && parts.length === 2) return { kind: 'openapiIndex' };
      if (second === 'v3') return { kind: 'openapiDocument', key: parts.slice(2).join('/') };
      return { kind: 'notFound' };
    case 'api':
      if (parts.length === 1) return { kind: 'apiRoot' };
      if (second !== 'v1') return { kind: 'notFound' };
      if (parts.length === 2) return { kind: 'groupVersion', group: '', version: 'v1' };
      if (parts[2] === 'namespaces' && parts.length === 4) {
        return { kind: 'resource', type: namespaces, namespace: undefined, name: parts[3], subresource: undefined, watchPrefix: false };
      }
      if (parts[2] === 'namespaces' && parts.length === 5 && (parts[4] === 'status' || parts[4] === 'finalize')) {
        return { kind: 'resource', type: namespaces, namespace: undefined, name: parts[3], subresource: parts[4], watchPrefix: false };
      }
      return resourceRoute('', 'v1', parts.slice(2));
    case 'apis':
      if (parts.length === 1) return { kind: 'apisRoot' };
      if (parts.length === 2) return { kind: 'group', group: second as string };
      if (parts.length === 3) return { kind: 'groupVersion', group: second as string, version: third as string };
      return resourceRoute(second as string, third as string, parts.slice(3));
    default:
      return { kind: 'notFound' };
  }
}
