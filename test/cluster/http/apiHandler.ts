/**
 * The request pipeline: bearer-token authentication (401 without it), the admin endpoint, injected latency,
 * then discovery, OpenAPI, or the resource verbs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { pathNotFound, unauthorized } from '../api/status';
import type { OpenApiV3 } from '../openapi/documents';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  legacyApiVersions,
  versionInfo,
} from './discovery';
import { aggregatedDiscoveryVersion } from './negotiation';
import { handleResource, type ResourceContext } from './resourceHandler';
import { sendError, sendJson } from './respond';
import { route } from './router';

export interface ApiHandlerOptions extends ResourceContext {
  token: string;
  openapi: OpenApiV3;
  /** `host:port` for `/api`'s serverAddressByClientCIDRs. */
  serverAddress(): string;
  /** Handles `/__admin/...` (already authenticated). */
  admin(req: IncomingMessage, res: ServerResponse, path: string[]): Promise<void>;
  /** Called for every request (method, path, status), for debugging with `--log-requests`. */
  log?(line: string): void;
}

function authenticated(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function dispatch(req: IncomingMessage, res: ServerResponse, options: ApiHandlerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost');
  if (!authenticated(req, options.token)) throw unauthorized();
  const target = route(url.pathname);
  if (target.kind === 'admin') {
    await options.admin(req, res, target.path);
    return;
  }
  if (options.faults.latencyMs > 0) await delay(options.faults.latencyMs);
  const discovery = aggregatedDiscoveryVersion(req.headers.accept);
  switch (target.kind) {
    case 'version':
      sendJson(res, 200, versionInfo());
      return;
    case 'healthz':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    case 'apiRoot':
    case 'apisRoot': {
      const legacy = target.kind === 'apiRoot';
      if (discovery) {
        const contentType = `application/json;g=apidiscovery.k8s.io;v=${discovery};as=APIGroupDiscoveryList`;
        sendJson(res, 200, aggregatedDiscovery(legacy, `apidiscovery.k8s.io/${discovery}`), contentType);
      } else {
        sendJson(res, 200, legacy ? legacyApiVersions(options.serverAddress()) : apiGroupList());
      }
      return;
    }
    case 'group': {
      const document = apiGroupDocument(target.group);
      if (!document) throw pathNotFound();
      sendJson(res, 200, document);
      return;
    }
    case 'groupVersion': {
      const document = apiResourceList(target.group, target.version);
      if (!document) throw pathNotFound();
      sendJson(res, 200, document);
      return;
    }
    case 'openapiIndex':
      sendJson(res, 200, options.openapi.index);
      return;
    case 'openapiDocument': {
      const document = options.openapi.documents.get(target.key);
      if (!document) throw pathNotFound();
      res.setHeader('ETag', `"${document.hash}"`);
      sendJson(res, 200, document.body);
      return;
    }
    case 'openapiV2':
      // kubectl only needs v2 (protobuf) when the v3 documents do not show server-side field validation.
      throw pathNotFound();
    case 'resource':
      await handleResource(req, res, url.searchParams, target, options);
      return;
    case 'notFound':
      throw pathNotFound();
  }
}

export function createApiHandler(options: ApiHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    if (options.log) {
      res.on('finish', () => options.log?.(`${req.method ?? ''} ${req.url ?? ''} ${res.statusCode} ${Date.now() - started}ms`));
    }
    dispatch(req, res, options).catch((error: unknown) => sendError(res, error));
  };
}
