/**
 * Measures the local cluster at scale (a script, not a test): start-up of the `scale` scenario, the time
 * the controllers take to place every daemon pod, and the wall time of the real `kubectl get nodes -o json`
 * (and a few other reads) against it.
 *
 *   node --import tsx test/cluster/measureGetNodes.ts [--nodes 5000] [--runs 5]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster, type Cluster } from './cluster';
import { daemonSets, pods } from './api/resources';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Whether every DaemonSet has a pod on each node where it should run. */
function placed(cluster: Cluster): boolean {
  return cluster.idle && cluster.store.list(daemonSets.id).every((ds) => {
    const status = (ds.status ?? {}) as Record<string, number>;
    return status.desiredNumberScheduled !== undefined && status.currentNumberScheduled === status.desiredNumberScheduled;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string' }, runs: { type: 'string' } } });
  const count = Number(values.nodes ?? 5000);
  const runs = Number(values.runs ?? 5);
  const directory = mkdtempSync(join(tmpdir(), 'cluster-measure-'));
  const kubeconfig = join(directory, 'kubeconfig');

  let started = performance.now();
  const cluster = await startCluster({ scenario: 'scale', nodes: count, podStartMs: 500 });
  writeFileSync(kubeconfig, cluster.kubeconfig);
  console.log(`start-up (CA, ${count} nodes, 30 DaemonSets, listening): ${Math.round(performance.now() - started)} ms`);

  started = performance.now();
  while (!placed(cluster)) await new Promise((resolve) => setTimeout(resolve, 200));
  console.log(`controllers placed ${cluster.store.count(pods.id)} pods in ${Math.round(performance.now() - started)} ms`);

  // kubectl runs as a child process; the server answers on this process's event loop (2 cores in all).
  const run = (args: string[]): Promise<{ ms: number; bytes: number }> =>
    new Promise((resolve, reject) => {
      const begin = performance.now();
      execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(directory, 'cache'), ...args], { maxBuffer: 1 << 30, encoding: 'buffer' }, (error, stdout) =>
        error ? reject(error) : resolve({ ms: performance.now() - begin, bytes: stdout.length }));
    });
  const measure = async (args: string[]): Promise<void> => {
    const times: number[] = [];
    let bytes = 0;
    for (let index = 0; index < runs; index++) {
      const result = await run(args);
      times.push(result.ms);
      bytes = result.bytes;
    }
    console.log(`kubectl ${args.join(' ')}: median ${Math.round(median(times))} ms (runs: ${times.map(Math.round).join(', ')} ms; ${(bytes / 1024 / 1024).toFixed(1)} MiB of output)`);
  };

  await measure(['get', 'nodes', '-o', 'json']);
  // The same list as bytes (no decoding or printing in kubectl): what the server and the transfer cost.
  await measure(['get', '--raw', '/api/v1/nodes']);
  await measure(['get', 'nodes', '-o', 'json', '--chunk-size=0']);
  await measure(['get', 'nodes']);
  await measure(['get', 'ds', '-A']);
  await measure(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-0100', '-o', 'wide']);
  await cluster.stop();
  rmSync(directory, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
