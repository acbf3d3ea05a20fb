/**
 * Helpers for the cluster tests: running the real `kubectl` against a cluster, and waiting for a condition
 * by polling with a deadline (never a fixed sleep).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from './cluster';

export const fixtures = join(__dirname, '..', 'fixtures');

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, message: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A kubectl bound to one cluster, with its own discovery cache directory. */
export class Kubectl {
  readonly directory: string;
  readonly kubeconfigPath: string;

  constructor(cluster: Cluster) {
    this.directory = mkdtempSync(join(tmpdir(), 'cluster-kubectl-'));
    this.kubeconfigPath = join(this.directory, 'kubeconfig');
    writeFileSync(this.kubeconfigPath, cluster.kubeconfig);
  }

  private args(args: readonly string[]): string[] {
    return ['--kubeconfig', this.kubeconfigPath, '--cache-dir', join(this.directory, 'cache'), ...args];
  }

  run(...args: string[]): Promise<KubectlResult> {
    return new Promise((resolve) => {
      execFile('kubectl', this.args(args), { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, KUBECONFIG: '' } }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && typeof error.code === 'string' ? `${error.message}\n${stderr}` : stderr });
      });
    });
  }

  /** Runs and fails the test with kubectl's stderr when it exits non-zero. */
  async ok(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  async json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    return JSON.parse(await this.ok(...args, '-o', 'json')) as T;
  }

  /** Starts a long-running kubectl (e.g. `get -w`); its output accumulates in `output()`. */
  spawn(...args: string[]): { process: ChildProcess; output(): string } {
    const child = spawn('kubectl', this.args(args), { env: { ...process.env, KUBECONFIG: '' } });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { process: child, output: () => text };
  }

  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTPS request to the cluster, trusting its CA, with its token unless `token` says otherwise. */
export function apiRequest(
  cluster: Cluster,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
): Promise<ApiResponse> {
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? cluster.token : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['Content-Type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${cluster.url}${path}`, { method, headers, ca: cluster.caPem }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

/** Opens a watch and collects its events until it ends or `close()` is called. */
export function openWatch(cluster: Cluster, path: string, headers: Record<string, string> = {}): { events: WatchEvent[]; ended: Promise<void>; close(): void } {
  const events: WatchEvent[] = [];
  let finish: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  const req = httpsRequest(`${cluster.url}${path}`, { headers: { Authorization: `Bearer ${cluster.token}`, ...headers }, ca: cluster.caPem }, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        events.push(JSON.parse(buffer.slice(0, newline)) as WatchEvent);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    });
    res.on('end', finish);
    res.on('close', finish);
  });
  req.on('error', finish);
  req.end();
  return { events, ended, close: () => req.destroy() };
}
