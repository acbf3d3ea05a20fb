/**
 * Runs a kubeconfig exec credential plugin (client.authentication.k8s.io) ourselves, instead of through
 * `@kubernetes/client-node` 1.4.0, whose runner has no timeout and keeps no handle on the child: a plugin that
 * hangs (waiting for a browser login, a prompt, a network) would stay forever. Here every run is bounded: when
 * the timeout fires, the plugin's whole process group gets SIGTERM, then SIGKILL (on Windows, `taskkill /T /F`).
 *
 * The ExecCredential contract as kubectl implements it: the user's `args` and `env` (over our environment),
 * `KUBERNETES_EXEC_INFO` with `spec.interactive: false` (and `spec.cluster` when `provideClusterInfo`), no stdin;
 * the answer is an ExecCredential whose `status` has a `token` or `clientCertificateData` and `clientKeyData`,
 * and an optional `expirationTimestamp`. What the plugin prints never reaches a message: stderr is not read,
 * stdout is parsed and otherwise dropped; errors name the plugin's file name and what went wrong only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { KubeRequestError } from './redact';

/** The `user.exec` section of a kubeconfig, checked. */
export interface ExecConfig {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
  provideClusterInfo: boolean;
  interactiveMode: string | undefined;
}

/** What `KUBERNETES_EXEC_INFO` says about the cluster, when the plugin asks (`provideClusterInfo`). */
export interface ExecClusterInfo {
  server: string;
  'certificate-authority-data'?: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'proxy-url'?: string;
}

export interface ExecCredential {
  token?: string;
  /** PEM. */
  cert?: string;
  /** PEM. */
  key?: string;
  /** ms since epoch; undefined: valid until the server rejects it. */
  expiresAt?: number;
}

export interface ExecRunOptions {
  timeoutMs: number;
  cluster?: ExecClusterInfo | undefined;
  /** Aborting stops the plugin (the model was disposed). */
  signal?: AbortSignal;
  /** From SIGTERM to SIGKILL (default 2 s). */
  killGraceMs?: number;
}

/** More output than any credential: the plugin is stopped and the run fails. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** The exec section of a user entry, or undefined when the user has none. Throws on one that cannot run. */
export function parseExecConfig(raw: unknown): ExecConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const exec = raw as Record<string, unknown>;
  if (typeof exec.command !== 'string' || exec.command.trim() === '') throw new KubeRequestError("the user's exec credential plugin has no command");
  const env = Array.isArray(exec.env)
    ? exec.env.flatMap((item: unknown) => {
        const e = (item ?? {}) as { name?: unknown; value?: unknown };
        return typeof e.name === 'string' && e.name !== '' ? [{ name: e.name, value: typeof e.value === 'string' ? e.value : String(e.value ?? '') }] : [];
      })
    : [];
  return {
    command: exec.command,
    args: Array.isArray(exec.args) ? exec.args.map((arg: unknown) => String(arg)) : [],
    env,
    apiVersion: typeof exec.apiVersion === 'string' ? exec.apiVersion : 'client.authentication.k8s.io/v1beta1',
    provideClusterInfo: exec.provideClusterInfo === true,
    interactiveMode: typeof exec.interactiveMode === 'string' ? exec.interactiveMode : undefined,
  };
}

/** Runs the plugin once. Rejects with a {@link KubeRequestError} that quotes nothing the plugin printed. */
export function runExecPlugin(config: ExecConfig, options: ExecRunOptions): Promise<ExecCredential> {
  const name = `"${basename(config.command)}"`;
  const fail = (message: string, code?: string): KubeRequestError => new KubeRequestError(`getting credentials failed: the exec credential plugin ${name} ${message}`, undefined, code);
  if (config.interactiveMode === 'Always') {
    return Promise.reject(fail('needs a terminal to ask for a login (interactiveMode: Always); log in from a terminal first (for example with kubectl), then Refresh'));
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const { name: key, value } of config.env) env[key] = value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: config.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, ...(config.provideClusterInfo && options.cluster ? { cluster: options.cluster } : {}) },
  });

  return new Promise<ExecCredential>((resolvePromise, reject) => {
    let settled = false;
    let child: ChildProcess | undefined;
    /** Its output is closed: it and what it started have ended (nothing to stop). */
    let closed = false;
    const stdout: Buffer[] = [];
    let bytes = 0;
    const settle = (error: KubeRequestError | undefined, credential?: ExecCredential): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        if (!closed) stopProcessTree(child, options.killGraceMs ?? 2000);
        reject(error);
      } else resolvePromise(credential!);
    };
    const onAbort = (): void => settle(fail('was stopped: the connection it was for is closed', 'ABORT_ERR'));
    const timer = setTimeout(
      () => settle(new KubeRequestError(`getting credentials timed out: the exec credential plugin ${name} did not answer within ${Math.round(options.timeoutMs / 1000)} s and was stopped (is it waiting for a login?)`, undefined, 'ETIMEDOUT')),
      options.timeoutMs,
    );
    try {
      child = spawn(config.command, config.args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
    } catch (error) {
      clearTimeout(timer);
      reject(spawnError(error, fail));
      return;
    }
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort);
    child.stderr?.resume(); // never read: it may echo the token
    child.stdout?.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) return settle(fail('printed more than 1 MiB'));
      stdout.push(chunk);
    });
    child.on('error', (error) => settle(spawnError(error, fail)));
    child.on('close', (code, signal) => {
      closed = true;
      if (code !== 0) return settle(fail(code === null ? `was ended by ${signal ?? 'a signal'}` : `exited with code ${code}; run it in a terminal to see why`));
      try {
        settle(undefined, parseExecCredential(Buffer.concat(stdout).toString('utf8'), config.apiVersion));
      } catch (error) {
        settle(fail(error instanceof Error ? error.message : 'printed something that is not an ExecCredential'));
      }
    });
  });
}

function spawnError(error: unknown, fail: (message: string, code?: string) => KubeRequestError): KubeRequestError {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  if (code === 'ENOENT') return fail('was not found (ENOENT)', code);
  if (code === 'EACCES') return fail('cannot be run: permission denied (EACCES)', code);
  return fail(`could not be started${code ? ` (${code})` : ''}`, code);
}

/** The credential in a plugin's stdout. Error messages never quote the output. */
export function parseExecCredential(text: string, apiVersion: string): ExecCredential {
  const notCredential = 'printed something that is not an ExecCredential';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(notCredential);
  }
  const object = (typeof body === 'object' && body !== null ? body : {}) as { kind?: unknown; apiVersion?: unknown; status?: unknown };
  if (object.kind !== undefined && object.kind !== 'ExecCredential') throw new Error(notCredential);
  if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) throw new Error(`printed an ExecCredential of another apiVersion than the kubeconfig's ${apiVersion}`);
  const status = (typeof object.status === 'object' && object.status !== null ? object.status : {}) as Record<string, unknown>;
  const credential: ExecCredential = {};
  if (typeof status.token === 'string' && status.token !== '') credential.token = status.token;
  const cert = status.clientCertificateData;
  const key = status.clientKeyData;
  if (typeof cert === 'string' && cert !== '' && typeof key === 'string' && key !== '') {
    credential.cert = cert;
    credential.key = key;
  }
  if (credential.token === undefined && credential.cert === undefined) throw new Error('printed an ExecCredential without a token or a client certificate and key');
  if (typeof status.expirationTimestamp === 'string') {
    const at = Date.parse(status.expirationTimestamp);
    if (Number.isFinite(at)) credential.expiresAt = at;
  }
  return credential;
}

/** SIGTERM to the plugin and everything it started, SIGKILL after `graceMs` to what is left. */
function stopProcessTree(child: ChildProcess | undefined, graceMs: number): void {
  const pid = child?.pid;
  if (!child || pid === undefined) return;
  if (process.platform === 'win32') {
    const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    killer.on('error', () => child.kill());
    return;
  }
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal); // detached: the plugin leads its own process group
    } catch {
      // the group is gone
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), graceMs).unref();
}
