/**
 * `/__admin/...`: fault injection and helpers over HTTP, for a cluster started with `npm run cluster`
 * (tests in the same process use the `Cluster` object instead). Same bearer token as the API.
 *
 *   GET    /__admin/faults                 current faults
 *   PUT    /__admin/faults   {FaultSettings} change faults (POST /__admin/faults/errors adds one error fault)
 *   DELETE /__admin/faults                 clear every fault
 *   POST   /__admin/nodes/NAME/condition {"type":"Ready","status":"False"}
 *   POST   /__admin/restart  {"downSeconds":2}   stop serving, then listen again on the same port and CA
 *   GET    /__admin/stats                  revision, object counts, open watches
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../api/objects';
import { badRequest, methodNotAllowed, pathNotFound } from '../api/status';
import type { ErrorFault, Faults, FaultSettings } from '../faults';
import { parseBody, readBody, sendJson } from './respond';

export interface AdminTarget {
  faults: Faults;
  setNodeCondition(name: string, type: string, status: string): void;
  restartAfter(downMs: number): void;
  stats(): unknown;
}

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string[], target: AdminTarget): Promise<void> {
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'DELETE' ? undefined : parseBody(await readBody(req), 'application/json');
  const [first, second, third] = path;
  if (first === 'faults' && second === undefined) {
    if (method === 'PUT' || method === 'POST') {
      if (!isRecord(body)) throw badRequest('expected a JSON object of fault settings');
      target.faults.set(body as FaultSettings);
    } else if (method === 'DELETE') {
      target.faults.reset();
    } else if (method !== 'GET') {
      throw methodNotAllowed();
    }
    sendJson(res, 200, target.faults.snapshot());
    return;
  }
  if (first === 'faults' && second === 'errors' && method === 'POST') {
    if (!isRecord(body) || typeof body.code !== 'number') throw badRequest('expected {"code": 500, "resource"?: "pods", "verb"?: "list", "times"?: 1}');
    target.faults.addError(body as unknown as ErrorFault);
    sendJson(res, 200, target.faults.snapshot());
    return;
  }
  if (first === 'nodes' && second && third === 'condition' && method === 'POST') {
    if (!isRecord(body) || typeof body.status !== 'string') throw badRequest('expected {"type": "Ready", "status": "True|False|Unknown"}');
    target.setNodeCondition(second, typeof body.type === 'string' ? body.type : 'Ready', body.status);
    sendJson(res, 200, { ok: true });
    return;
  }
  if (first === 'restart' && method === 'POST') {
    const seconds = isRecord(body) && typeof body.downSeconds === 'number' ? body.downSeconds : 1;
    sendJson(res, 202, { restartingInSeconds: seconds });
    res.on('finish', () => target.restartAfter(seconds * 1000));
    return;
  }
  if (first === 'stats' && method === 'GET') {
    sendJson(res, 200, target.stats());
    return;
  }
  throw pathNotFound();
}
