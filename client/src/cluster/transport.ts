/**
 * HTTP to the API server for one kube context: JSON GETs and streaming watches. Authentication (token, client
 * certificate, exec plugins, OIDC, basic) comes from `@kubernetes/client-node`'s `applyToHTTPSOptions`, asked
 * again for every request so refreshed exec/OIDC tokens are used. Requests and watches are plain `node:https`
 * so that cancellation, idle timeouts and 410 handling are explicit; bodies are parsed as the API's JSON, not
 * through the generated models (watch events and lists then have the same shape).
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { applyExecCredential, splitExecAuth } from './execAuth';
import type { ExecCredential } from './execPlugin';
import { describeError, describeStatus, KubeRequestError, safeServer } from './redact';

export type Query = Record<string, string | number | boolean | undefined>;

/** How a watch ended. `expired`: the resourceVersion is too old (410), the caller must relist. */
export type WatchEnd =
  | { kind: 'closed'; events: number }
  | { kind: 'expired'; events: number }
  | { kind: 'error'; events: number; error: KubeRequestError };

export interface WatchHandlers {
  /** The server accepted the watch (HTTP 200). */
  onOpen?(): void;
  /** One event: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` (ERROR events end the watch instead). */
  onEvent(type: string, object: Record<string, unknown>): void;
}

/** What the model needs from the API server. Tests can substitute it. */
export interface KubeTransport {
  /** The server URL without credentials, for messages. */
  readonly server: string;
  getJson(path: string, query?: Query, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** Streams a watch until the server ends it, an error, `idleMs` without data, or `signal`. Never rejects. */
  watch(path: string, query: Query, handlers: WatchHandlers, signal: AbortSignal, idleMs: number): Promise<WatchEnd>;
  /** Stops what is still running for it (an exec credential plugin). */
  dispose?(): void;
}

export interface TransportOptions {
  /** Bound on a GET (connect to last byte). */
  requestTimeoutMs?: number;
  /**
   * Bound on getting credentials (an exec plugin that hangs, e.g. waiting for a login prompt): the plugin is
   * stopped then. Default 30 s; see `credentialTimeoutMs()` in `settings.ts` for the user setting.
   */
  credentialTimeoutMs?: number;
}

const defaultTimeoutMs = 30_000;
const positive = (ms: number | undefined): number => (ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : defaultTimeoutMs);

/** A transport for the current context of `config`. */
export function createTransport(config: KubeConfig, options: TransportOptions = {}): KubeTransport {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new KubeRequestError(`context "${config.getCurrentContext()}" names a cluster that is not in the kubeconfig`);
  const base = cluster.server.replace(/\/+$/, '');
  const timeoutMs = positive(options.requestTimeoutMs);
  const credentialTimeoutMs = positive(options.credentialTimeoutMs);
  // An exec plugin runs under our control (timed out and stopped); the library applies everything else.
  const auth = splitExecAuth(config, { timeoutMs: credentialTimeoutMs });
  /** The server refused the credentials a request was sent with: a plugin's must not be reused. */
  const refused = (status: number | undefined, credential: ExecCredential | undefined): void => {
    if (status === 401 && credential) auth.exec?.rejected(credential);
  };

  const open = async (path: string, query: Query | undefined, signal: AbortSignal | undefined): Promise<{ url: URL; opts: RequestOptions; credential: ExecCredential | undefined }> => {
    let url: URL;
    try {
      url = new URL(base + path);
    } catch {
      throw new KubeRequestError(`the server URL of the context is not valid (${safeServer(cluster.server)})`);
    }
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const opts: RequestOptions & { headers: Record<string, string> } = { method: 'GET', headers: {} };
    const credential = auth.exec ? await auth.exec.get() : undefined;
    if (credential) applyExecCredential(opts, credential);
    await credentials(auth.config.applyToHTTPSOptions(opts), credentialTimeoutMs);
    opts.headers.Accept = 'application/json';
    opts.headers['User-Agent'] = 'daemonset-tools-vscode';
    if (signal) opts.signal = signal;
    return { url, opts, credential };
  };

  const send = (url: URL, opts: RequestOptions, onResponse: (res: IncomingMessage) => void, onError: (error: Error) => void) => {
    const make = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = make(url, opts, onResponse);
    req.on('error', onError);
    req.end();
    return req;
  };

  return {
    server: safeServer(cluster.server),

    dispose() {
      auth.exec?.dispose();
    },

    async getJson(path, query, signal) {
      const { url, opts, credential } = await open(path, query, signal);
      return new Promise((resolvePromise, reject) => {
        const fail = (error: unknown): void => reject(toRequestError(error));
        const req = send(
          url,
          opts,
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', fail);
            res.on('end', () => {
              clearTimeout(timer);
              const text = Buffer.concat(chunks).toString('utf8');
              const status = res.statusCode ?? 0;
              if (status < 200 || status > 299) {
                refused(status, credential);
                return reject(new KubeRequestError(describeStatus(status, statusMessage(text)), status));
              }
              try {
                const body: unknown = JSON.parse(text);
                if (typeof body !== 'object' || body === null) throw new Error('not an object');
                resolvePromise(body as Record<string, unknown>);
              } catch {
                reject(new KubeRequestError(`the server answered ${path} with something that is not JSON`));
              }
            });
          },
          (error) => {
            clearTimeout(timer);
            fail(error);
          },
        );
        const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), timeoutMs);
      });
    },

    async watch(path, query, handlers, signal, idleMs) {
      let events = 0;
      let opened: { url: URL; opts: RequestOptions; credential: ExecCredential | undefined };
      try {
        opened = await open(path, { ...query, watch: 'true' }, signal);
      } catch (error) {
        return { kind: 'error', events, error: toRequestError(error) };
      }
      return new Promise<WatchEnd>((resolvePromise) => {
        let settled = false;
        let idle: NodeJS.Timeout | undefined;
        const finish = (end: WatchEnd): void => {
          if (settled) return;
          settled = true;
          if (idle) clearTimeout(idle);
          req.destroy();
          resolvePromise(end);
        };
        const armIdle = (): void => {
          if (idle) clearTimeout(idle);
          idle = setTimeout(() => finish({ kind: 'error', events, error: new KubeRequestError(`no data from the watch for ${Math.round(idleMs / 1000)} s`, undefined, 'ETIMEDOUT') }), idleMs);
        };
        // Until the response headers arrive, the request timeout applies; then the idle timeout.
        idle = setTimeout(() => finish({ kind: 'error', events, error: new KubeRequestError(`no answer within ${Math.round(timeoutMs / 1000)} s`, undefined, 'ETIMEDOUT') }), timeoutMs);
        const req = send(
          opened.url,
          opened.opts,
          (res) => {
            const status = res.statusCode ?? 0;
            if (idle) clearTimeout(idle);
            if (status !== 200) {
              refused(status, opened.credential);
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => (text += chunk));
              res.on('end', () =>
                finish(status === 410 ? { kind: 'expired', events } : { kind: 'error', events, error: new KubeRequestError(describeStatus(status, statusMessage(text)), status) }),
              );
              res.on('error', () => finish({ kind: 'error', events, error: new KubeRequestError(describeStatus(status, undefined), status) }));
              return;
            }
            handlers.onOpen?.();
            armIdle();
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              armIdle();
              buffer += chunk;
              let newline = buffer.indexOf('\n');
              while (newline >= 0 && !settled) {
                const line = buffer.slice(0, newline).trim();
                buffer = buffer.slice(newline + 1);
                newline = buffer.indexOf('\n');
                if (line === '') continue;
                let event: { type?: unknown; object?: unknown };
                try {
                  event = JSON.parse(line) as typeof event;
                } catch {
                  continue;
                }
                const object = typeof event.object === 'object' && event.object !== null ? (event.object as Record<string, unknown>) : {};
                if (event.type === 'ERROR') {
                  const code = typeof object.code === 'number' ? object.code : 0;
                  refused(code, opened.credential);
                  if (code === 410) finish({ kind: 'expired', events });
                  else finish({ kind: 'error', events, error: new KubeRequestError(describeStatus(code, typeof object.message === 'string' ? object.message : undefined), code || undefined) });
                  return;
                }
                if (typeof event.type !== 'string') continue;
                events++;
                handlers.onEvent(event.type, object);
              }
            });
            res.on('end', () => finish({ kind: 'closed', events }));
            res.on('close', () => finish({ kind: 'closed', events }));
            res.on('error', (error) => finish(signal.aborted ? { kind: 'closed', events } : { kind: 'error', events, error: toRequestError(error) }));
          },
          (error) => finish(signal.aborted ? { kind: 'closed', events } : { kind: 'error', events, error: toRequestError(error) }),
        );
        req.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
      });
    },
  };
}

/**
 * Waits for the library to apply credentials, at most `timeoutMs`. Its exec plugin support has no timeout and
 * rejects with the plugin's stderr (which may echo what it printed): the message says what failed, not what the
 * plugin wrote.
 */
function credentials(applying: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KubeRequestError(`getting credentials took longer than ${Math.round(timeoutMs / 1000)} s (a hanging exec credential plugin?)`, undefined, 'ETIMEDOUT')), timeoutMs);
  });
  // A late failure of an abandoned attempt must not become an unhandled rejection.
  applying.catch(() => undefined);
  return Promise.race([applying, timeout])
    .catch((error: unknown) => {
      if (error instanceof KubeRequestError) throw error;
      const e = (error ?? {}) as { code?: unknown };
      if (e.code === 'ENOENT') throw new KubeRequestError('getting credentials failed: the exec credential plugin (or a credential file) was not found (ENOENT)', undefined, 'ENOENT');
      if (e.code === 'EACCES') throw new KubeRequestError('getting credentials failed: permission denied running the exec credential plugin or reading a credential file (EACCES)', undefined, 'EACCES');
      if (error instanceof SyntaxError) throw new KubeRequestError('getting credentials failed: the exec credential plugin printed something that is not an ExecCredential');
      throw new KubeRequestError('getting credentials failed (an exec credential plugin exited with an error? run it in a terminal to see why)');
    })
    .finally(() => clearTimeout(timer));
}

function statusMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { kind?: unknown; message?: unknown };
    return body.kind === 'Status' && typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}

function toRequestError(error: unknown): KubeRequestError {
  if (error instanceof KubeRequestError) return error;
  const e = (error ?? {}) as { code?: unknown; name?: unknown };
  const code = typeof e.code === 'string' ? e.code : e.name === 'AbortError' ? 'ABORT_ERR' : undefined;
  return new KubeRequestError(describeError(error), undefined, code);
}
