/**
 * `npm run cluster -- --scenario NAME --kubeconfig PATH`: runs the local API server in the foreground,
 * writes the kubeconfig when it is ready and prints one line; SIGINT or SIGTERM stops it.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, type ClusterOptions } from './cluster';
import { daemonSets, nodes } from './api/resources';
import { scenarioNames } from './scenarios/load';

const usage = `usage: npm run cluster -- [--scenario ${scenarioNames.join('|')}] [--nodes N] [--scenario-file FILE.yaml]
                          --kubeconfig PATH [--port N] [--token T] [--pod-start-ms MS] [--pod-grace-ms MS]
                          [--never-pull IMAGE_OR_PREFIX]... [--latency-ms MS] [--watch-cut-seconds S] [--log-requests]`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      nodes: { type: 'string' },
      'scenario-file': { type: 'string' },
      kubeconfig: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      'pod-start-ms': { type: 'string' },
      'pod-grace-ms': { type: 'string' },
      'never-pull': { type: 'string', multiple: true },
      'latency-ms': { type: 'string' },
      'watch-cut-seconds': { type: 'string' },
      'log-requests': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.kubeconfig) {
    console.error(usage);
    process.exit(values.help ? 0 : 2);
  }
  const kubeconfigPath = resolve(values.kubeconfig);
  const options: ClusterOptions = {
    kubeconfigPath,
    ...(values.scenario ? { scenario: values.scenario } : {}),
    ...(values['scenario-file'] ? { scenarioFile: resolve(values['scenario-file']) } : {}),
    ...(values.token ? { token: values.token } : {}),
    ...(values['log-requests'] ? { logRequests: true } : {}),
    ...(values['never-pull'] ? { neverPullImages: values['never-pull'] } : {}),
  };
  const count = numberOption(values.nodes, 'nodes');
  if (count !== undefined) options.nodes = count;
  const port = numberOption(values.port, 'port');
  if (port !== undefined) options.port = port;
  const podStartMs = numberOption(values['pod-start-ms'], 'pod-start-ms');
  if (podStartMs !== undefined) options.podStartMs = podStartMs;
  const podGraceMs = numberOption(values['pod-grace-ms'], 'pod-grace-ms');
  if (podGraceMs !== undefined) options.podGracePeriodMs = podGraceMs;

  const cluster = await startCluster(options);
  const latencyMs = numberOption(values['latency-ms'], 'latency-ms');
  const watchCutSeconds = numberOption(values['watch-cut-seconds'], 'watch-cut-seconds');
  cluster.faults.set({ ...(latencyMs !== undefined ? { latencyMs } : {}), ...(watchCutSeconds !== undefined ? { watchCutSeconds } : {}) });

  const scenario = values['scenario-file'] ?? values.scenario ?? 'demo';
  console.log(
    `cluster ready: ${cluster.url} kubeconfig=${kubeconfigPath} scenario=${scenario} ` +
      `(${cluster.store.count(nodes.id)} nodes, ${cluster.store.count(daemonSets.id)} daemonsets); Ctrl-C stops it`,
  );
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
