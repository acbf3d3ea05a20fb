/**
 * `npm run bench`: every benchmark of issue 8, each figure a median of several runs side by side with its
 * comparison, measured in this one process run. Prints a table and writes bench/results.json.
 *
 *   node --expose-gc --import tsx bench/run.ts [--only editor,placement,cluster,startup] [--quick]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchCluster } from './cluster';
import { benchEditor } from './editor';
import { measurePlacement } from './placement';
import { benchStartup } from './startup';
import { cpuTimes, machine, Results, stealShare } from './stats';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } } });
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const wanted = (name: string) => !only || only.has(name);
  const quick = values.quick === true;
  const results = new Results();
  const started = performance.now();
  const cpuAtStart = cpuTimes();
  if (wanted('editor')) await benchEditor(results, { runs: quick ? 1 : 5, edits: quick ? 5 : 20, requests: quick ? 20 : 100 });
  if (wanted('placement')) {
    const figures = measurePlacement([1000, 5000, 20000], quick ? 3 : 9);
    for (const figure of figures) {
      const fiveThousand = figure.nodes === 5000;
      results.add({
        metric: `placement, ${figure.nodes.toLocaleString('en-US')} nodes × ${figure.daemonSets} DaemonSets (${(figure.evaluationsPerSecond / 1e6).toFixed(1)} M evaluations/s)`,
        value: figure.ms,
        unit: 'ms',
        comparison: fiveThousand ? 'target 100 ms' : `per-node time ${((figure.ms / figures[0]!.ms) * (figures[0]!.nodes / figure.nodes)).toFixed(2)}x that at ${figures[0]!.nodes.toLocaleString('en-US')} nodes`,
        ratio: fiveThousand ? figure.ms / 100 : null,
        ...(fiveThousand ? { target: '<100 ms', met: figure.ms < 100 } : {}),
      });
    }
  }
  if (wanted('cluster')) await benchCluster(results, { nodes: 5000, runs: quick ? 1 : 3, kubectlRuns: quick ? 1 : 3, events: quick ? 5 : 15 });
  if (wanted('startup')) await benchStartup(results, quick ? 2 : 5);
  const elapsed = (performance.now() - started) / 1000;
  console.log(results.table());
  const steal = stealShare(cpuAtStart);
  const stolen = steal === undefined ? '' : `; CPU steal ${(100 * steal).toFixed(1)}% of busy time (a shared virtual machine: expect slow outliers above ~2%)`;
  console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, node ${machine.node}; whole run ${elapsed.toFixed(0)} s${stolen}`);
  writeFileSync(resolve(__dirname, 'results.json'), JSON.stringify(results.rows.map((row) => ({ ...row, machine: { ...row.machine, cpuStealShare: steal ?? null } })), null, 2) + '\n');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
