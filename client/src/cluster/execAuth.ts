/**
 * Exec credential plugins for the transport: the context's user's `exec` section is taken out of the
 * `KubeConfig` the library applies (so the library never starts the plugin) and run by {@link runExecPlugin},
 * bounded by the credential timeout. One run at a time per context; its credential is reused until its
 * `expirationTimestamp`, or, without one, until the server rejects it (401), as kubectl does.
 */
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import type { KubeConfig, User } from '@kubernetes/client-node' with { 'resolution-mode': 'import' };
import { parseExecConfig, runExecPlugin, type ExecClusterInfo, type ExecConfig, type ExecCredential } from './execPlugin';
import { KubeRequestError } from './redact';

export interface ExecAuthOptions {
  timeoutMs: number;
  killGraceMs?: number;
}

/** The credentials of one context's exec plugin. */
export class ExecCredentialSource {
  private cached: ExecCredential | undefined;
  private running: Promise<ExecCredential> | undefined;
  private readonly stop = new AbortController();

  constructor(
    private readonly exec: ExecConfig,
    private readonly options: ExecAuthOptions & { cluster?: ExecClusterInfo | undefined },
  ) {}

  /** A valid credential: the cached one, the running plugin's, or a new run's. */
  get(): Promise<ExecCredential> {
    const cached = this.cached;
    if (cached && (cached.expiresAt === undefined || cached.expiresAt > Date.now())) return Promise.resolve(cached);
    this.cached = undefined;
    if (this.stop.signal.aborted) return Promise.reject(new KubeRequestError('getting credentials failed: the connection is closed', undefined, 'ABORT_ERR'));
    this.running ??= runExecPlugin(this.exec, { ...this.options, signal: this.stop.signal })
      .then((credential) => (this.cached = credential))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** The server refused `credential` (401): the next request runs the plugin again. */
  rejected(credential: ExecCredential): void {
    if (this.cached === credential) this.cached = undefined;
  }

  /** Stops a running plugin; no new run starts. */
  dispose(): void {
    this.stop.abort();
  }
}

/** Puts a plugin's credential into request options, before the library builds the TLS agent from them. */
export function applyExecCredential(opts: RequestOptions & { headers: Record<string, string> }, credential: ExecCredential): void {
  if (credential.cert !== undefined && credential.key !== undefined) {
    opts.cert = credential.cert;
    opts.key = credential.key;
  }
  if (credential.token !== undefined) opts.headers.Authorization = `Bearer ${credential.token}`;
}

/**
 * Splits `config`: when the current user has an exec plugin (the `exec` section, or the legacy `exec`
 * auth-provider), a copy without it for the library (TLS, static tokens and certificates, other providers) and a
 * source that runs the plugin. Otherwise `config` itself and no source. Throws on an exec section without a
 * command.
 */
export function splitExecAuth(config: KubeConfig, options: ExecAuthOptions): { config: KubeConfig; exec: ExecCredentialSource | undefined } {
  const user = config.getCurrentUser();
  if (!user) return { config, exec: undefined };
  const provider = (user.authProvider ?? undefined) as { name?: unknown; config?: { exec?: unknown } } | undefined;
  // The library's order: the Azure and GCP providers come before its exec support.
  const legacy = !user.exec && provider !== undefined && provider.name !== 'azure' && provider.name !== 'gcp' && provider.config?.exec !== undefined;
  const exec = parseExecConfig(user.exec ?? (legacy ? provider.config?.exec : undefined));
  if (!exec) return { config, exec: undefined };

  const { exec: _exec, authProvider, ...rest } = user;
  const stripped: User = legacy || authProvider === undefined ? rest : { ...rest, authProvider };
  const Config = config.constructor as new () => KubeConfig;
  const copy = new Config();
  copy.loadFromOptions({
    clusters: config.getClusters(),
    users: config.getUsers().map((u) => (u === user ? stripped : u)),
    contexts: config.getContexts(),
    currentContext: config.getCurrentContext(),
  });
  return { config: copy, exec: new ExecCredentialSource(exec, { ...options, cluster: clusterInfo(config) }) };
}

/** `spec.cluster` of KUBERNETES_EXEC_INFO (for plugins that set `provideClusterInfo`). */
function clusterInfo(config: KubeConfig): ExecClusterInfo | undefined {
  const cluster = config.getCurrentCluster();
  if (!cluster) return undefined;
  const info: ExecClusterInfo = { server: cluster.server };
  let ca = cluster.caData;
  if (ca === undefined && cluster.caFile) {
    try {
      ca = readFileSync(cluster.caFile).toString('base64');
    } catch {
      // the request itself reports an unreadable CA file
    }
  }
  if (ca) info['certificate-authority-data'] = ca;
  if (cluster.tlsServerName) info['tls-server-name'] = cluster.tlsServerName;
  if (cluster.skipTLSVerify) info['insecure-skip-tls-verify'] = true;
  if (cluster.proxyUrl) info['proxy-url'] = cluster.proxyUrl;
  return info;
}
