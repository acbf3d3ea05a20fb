/**
 * Where `daemonset-check placement` gets its nodes: a file (`kubectl get nodes -o json|yaml`, a Node, or YAML
 * documents of Nodes) or a kube context through `@kubernetes/client-node`. Errors are {@link InputError}s with
 * messages safe to print: never a token, a certificate or a kubeconfig excerpt.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CliIo } from './io';
import type { NodeInfo } from '../kube/types';
import { nodesFromDocuments } from '../kube/nodes';
// Types only: the ESM library itself is loaded with a dynamic import, and only when a cluster is read.
import type {
  ConfigurationOptions,
  KubeConfig,
  ObservableMiddleware,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

type ClientModule = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });

/** Unreadable or unusable input: the CLI prints the message and exits 2. */
export class InputError extends Error {}

/** Default bound on talking to a cluster (connect, auth, every page of the node list). */
export const DEFAULT_CLUSTER_TIMEOUT_MS = 10_000;

/** Reads a YAML or JSON file into plain documents; a syntax error is an InputError naming the file and line. */
export async function readYamlDocuments(path: string, io: CliIo): Promise<unknown[]> {
  const absolute = isAbsolute(path) ? path : resolve(io.cwd, path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'read error')}`);
  }
  const docs: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      const firstLine = problem.message.split('\n')[0];
      throw new InputError(`${path}${line !== undefined ? `:${line}` : ''}: not valid YAML or JSON: ${firstLine}`);
    }
    try {
      docs.push(doc.toJS({ maxAliasCount: 1000 }));
    } catch (error) {
      throw new InputError(`${path}: cannot read YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  return docs;
}

/** Nodes from a file. */
export async function readNodesFile(path: string, io: CliIo): Promise<NodeInfo[]> {
  return nodesFromDocuments(await readYamlDocuments(path, io));
}

/** The kubeconfig files kubectl would read: `$KUBECONFIG` (a path list), else `~/.kube/config`. */
export function kubeconfigPaths(env: CliIo['env']): string[] {
  const fromEnv = env.KUBECONFIG;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.split(delimiter).filter((p) => p !== '');
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

/** A server URL without credentials in it, for messages. */
function safeServer(server: string | undefined): string {
  if (!server) return '(no server)';
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable server URL)';
  }
}

/** The first line of an error message, with anything that looks like a credential removed. */
export function scrub(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine
    .replace(/(bearer|token|password|secret)([=:\s"]+)[^\s",]+/gi, '$1$2…')
    .replace(/[A-Za-z0-9+/_.=-]{40,}/g, '…')
    .slice(0, 300);
}

interface LoadedConfig {
  kc: KubeConfig;
  k8s: ClientModule;
  context: string;
  server: string;
}

async function loadKubeConfig(contextName: string | undefined, io: CliIo): Promise<LoadedConfig> {
  const paths = kubeconfigPaths(io.env).map((p) => (isAbsolute(p) ? p : resolve(io.cwd, p)));
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length === 0) {
    throw new InputError(
      `no kubeconfig found (looked in ${paths.join(', ')}); pass --nodes NODES_FILE, or set KUBECONFIG`,
    );
  }
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  for (const [i, path] of existing.entries()) {
    const target = i === 0 ? kc : new k8s.KubeConfig();
    try {
      target.loadFromFile(path);
    } catch (error) {
      // js-yaml puts an excerpt of the file in `message`; print only its reason and position.
      const e = error as { reason?: string; mark?: { line?: number } };
      const where = e.mark?.line !== undefined ? ` (line ${e.mark.line + 1})` : '';
      throw new InputError(`cannot load kubeconfig ${path}: ${e.reason ?? 'not a valid kubeconfig'}${where}`);
    }
    if (target !== kc) kc.mergeConfig(target);
  }
  const context = contextName ?? kc.getCurrentContext();
  if (!context) {
    throw new InputError('the kubeconfig has no current context; pass --context NAME or --nodes NODES_FILE');
  }
  if (!kc.getContextObject(context)) {
    const names = kc.getContexts().map((c) => c.name);
    throw new InputError(
      `context "${context}" not found in the kubeconfig${names.length > 0 ? ` (contexts: ${names.join(', ')})` : ''}`,
    );
  }
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new InputError(`context "${context}" names a cluster that is not in the kubeconfig`);
  return { kc, k8s, context, server: safeServer(cluster.server) };
}

const networkCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const duration = (ms: number): string => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

function describeClusterError(error: unknown, where: string, timedOut: boolean, timeoutMs: number): InputError {
  if (timedOut) return new InputError(`${where} did not answer within ${duration(timeoutMs)}`);
  const e = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof e.code === 'number') {
    const hint =
      e.code === 401 ? ' (Unauthorized: the credentials were refused)'
      : e.code === 403 ? ' (Forbidden: listing nodes needs `list` on `nodes` at cluster scope)'
      : '';
    return new InputError(`${where} answered HTTP ${e.code} to GET /api/v1/nodes${hint}`);
  }
  if (typeof e.code === 'string' && networkCodes.has(e.code)) return new InputError(`cannot reach ${where}: ${e.code}`);
  if (e.name === 'AbortError') return new InputError(`${where} did not answer within ${duration(timeoutMs)}`);
  const message = typeof e.message === 'string' ? scrub(e.message) : 'unknown error';
  return new InputError(`cannot list nodes from ${where}: ${message}`);
}

/**
 * Lists the nodes of a kube context (the current one when `contextName` is undefined), page by page, within
 * `timeoutMs` overall.
 */
export async function readNodesFromCluster(
  contextName: string | undefined,
  io: CliIo,
  timeoutMs: number = DEFAULT_CLUSTER_TIMEOUT_MS,
): Promise<{ nodes: NodeInfo[]; context: string }> {
  const { kc, k8s, context, server } = await loadKubeConfig(contextName, io);
  const where = `the cluster of context "${context}" (${server})`;
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      reject(new Error('timeout'));
    }, timeoutMs);
  });
  deadline.catch(() => undefined); // the race below reports it
  // Requests carry the abort signal, so a timed-out request does not keep the process alive. The object API takes
  // the library's own minimal observables from middleware; all it calls on them is `toPromise()`.
  const resolved = <T>(value: T) => ({ toPromise: () => Promise.resolve(value) });
  const signalMiddleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(controller.signal);
      return resolved(ctx);
    },
    post: (response: ResponseContext) => resolved(response),
  } as unknown as ObservableMiddleware;
  const withSignal: ConfigurationOptions = { middleware: [signalMiddleware], middlewareMergeStrategy: 'append' };
  try {
    const api = kc.makeApiClient(k8s.CoreV1Api);
    const raw: unknown[] = [];
    let continueToken: string | undefined;
    do {
      const request = api.listNode(continueToken ? { limit: 500, _continue: continueToken } : { limit: 500 }, withSignal);
      const page = await Promise.race([request, deadline]);
      raw.push(...(page.items ?? []));
      continueToken = page.metadata?._continue || undefined;
    } while (continueToken);
    return { nodes: nodesFromDocuments(raw), context };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw describeClusterError(error, where, timedOut, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
