/**
 * The local Kubernetes API server fixture, in-process: `startCluster()` makes a CA, loads a scenario,
 * starts the controllers, listens on HTTPS and (optionally) writes a kubeconfig. The returned handle
 * injects faults, stops and restarts the server on the same port and CA, and gives tests direct access to
 * the object API for setup (e.g. a node condition) without going through a client.
 */
import { randomBytes } from 'node:crypto';
import { ObjectApi } from './api/objectApi';
import { asArray, asRecord, timestamp } from './api/objects';
import { nodes } from './api/resources';
import { allResources } from './api/resources';
import { startControllers, type ControllerOptions, type Controllers } from './controllers';
import { Faults } from './faults';
import { createApiHandler } from './http/apiHandler';
import { handleAdmin } from './http/adminHandler';
import { kubernetesVersion } from './http/discovery';
import { WatchRegistry } from './http/watchStream';
import { buildOpenApiV3 } from './openapi/documents';
import { loadModels } from './openapi/models';
import { unknownFieldPruner } from './openapi/prune';
import { loadObjects, scenarioObjects, type ScenarioChoice } from './scenarios/load';
import { Store } from './store/store';
import { createClusterPki, type ClusterPki } from './transport/certs';
import { HttpsListener } from './transport/httpsServer';
import { kubeconfigYaml, writeKubeconfig } from './transport/kubeconfig';

export interface ClusterOptions extends ScenarioChoice, ControllerOptions {
  /** Where to write the kubeconfig once the server is ready. */
  kubeconfigPath?: string;
  /** 0 (default): any free port. */
  port?: number;
  host?: string;
  /** Bearer token; random by default. */
  token?: string;
  /** Events kept for resuming watches (older resourceVersions get 410). */
  historySize?: number;
  /** Server-side timeout of watches without `timeoutSeconds`. */
  watchTimeoutSeconds?: number;
  /** Interval of BOOKMARK events for watches that allow them. */
  bookmarkIntervalMs?: number;
  /** Reuse a PKI (e.g. from a previous cluster) instead of making one. */
  pki?: ClusterPki;
  /** Log every request to stderr. */
  logRequests?: boolean;
}

export interface Cluster {
  url: string;
  port: number;
  token: string;
  caPem: string;
  /** The kubeconfig text (also written to `kubeconfigPath` when given). */
  kubeconfig: string;
  kubeconfigPath: string | undefined;
  pki: ClusterPki;
  faults: Faults;
  store: Store;
  api: ObjectApi;
  /** Whether the controllers' queues are empty. */
  readonly idle: boolean;
  /** Sets a node condition (`Ready` False/Unknown makes the lifecycle controller taint the node). */
  setNodeCondition(name: string, type: string, status: string): void;
  /** Stops serving (connections and watches dropped) and stops the controllers; the state is kept. */
  stop(): Promise<void>;
  /** Serves again on the same port with the same CA and token, and restarts the controllers. */
  restart(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const models = loadModels();
  const pki = options.pki ?? createClusterPki();
  const token = options.token ?? randomBytes(24).toString('hex');
  const host = options.host ?? '127.0.0.1';
  const store = new Store({ historySize: options.historySize ?? 50_000 });
  const api = new ObjectApi(store);
  const faults = new Faults();
  const watches = new WatchRegistry();
  faults.onChange((state) => watches.setCut(state.watchCutSeconds, state.watchCutAbruptly));
  const modelIndex = await models;
  api.pruneUnknownFields = unknownFieldPruner(modelIndex);
  const openapi = buildOpenApiV3(modelIndex, kubernetesVersion.gitVersion);
  loadObjects(api, scenarioObjects(options));

  let controllers: Controllers | undefined = startControllers(api, store, options);
  let listener: HttpsListener;
  let restartTimer: NodeJS.Timeout | undefined;

  const setNodeCondition = (name: string, type: string, status: string): void => {
    const node = api.get(nodes, undefined, name);
    const nodeStatus = asRecord(node.status);
    const conditions = asArray(nodeStatus.conditions).map(asRecord);
    const now = timestamp();
    const next = conditions.some((condition) => condition.type === type)
      ? conditions.map((condition) => (condition.type === type ? { ...condition, status, lastTransitionTime: now, lastHeartbeatTime: now } : condition))
      : [...conditions, { type, status, lastTransitionTime: now, lastHeartbeatTime: now }];
    api.update(nodes, undefined, name, { ...node, status: { ...nodeStatus, conditions: next } }, { subresource: 'status' });
  };

  const handle: Cluster = {
    url: '',
    port: 0,
    token,
    caPem: pki.ca.certPem,
    kubeconfig: '',
    kubeconfigPath: options.kubeconfigPath,
    pki,
    faults,
    store,
    api,
    get idle() {
      return controllers?.idle ?? true;
    },
    setNodeCondition,
    async stop() {
      if (restartTimer) clearTimeout(restartTimer);
      controllers?.stop();
      controllers = undefined;
      watches.closeAll();
      await listener.close();
    },
    async restart() {
      await listener.listen(handle.port);
      controllers ??= startControllers(api, store, options);
    },
  };

  const handler = createApiHandler({
    token,
    openapi,
    api,
    store,
    faults,
    watches,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    serverAddress: () => `${host}:${handle.port}`,
    ...(options.logRequests ? { log: (line: string) => console.error(line) } : {}),
    admin: (req, res, path) =>
      handleAdmin(req, res, path, {
        faults,
        setNodeCondition,
        restartAfter(downMs) {
          void handle.stop().then(() => {
            restartTimer = setTimeout(() => void handle.restart(), downMs);
          });
        },
        stats: () => ({
          revision: store.revision,
          compactedRevision: store.compactedRevision,
          watches: watches.size,
          objects: Object.fromEntries(allResources.map((type) => [type.id, store.count(type.id)])),
        }),
      }),
  });
  listener = new HttpsListener(pki, handler, host);
  handle.port = await listener.listen(options.port ?? 0);
  handle.url = `https://${host.includes(':') ? `[${host}]` : host}:${handle.port}`;
  handle.kubeconfig = kubeconfigYaml(handle.url, pki.ca.certPem, token);
  if (options.kubeconfigPath) writeKubeconfig(options.kubeconfigPath, handle.kubeconfig);
  return handle;
}
