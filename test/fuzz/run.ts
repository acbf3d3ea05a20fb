/**
 * The long fuzz run: `node --import tsx test/fuzz/run.ts --cases 100000 --seed 7 [--concurrency 8] [--minutes 10]`.
 * `--only N` replays case N of the seed alone (to tell a culprit from the neighbours it held up).
 * Builds nothing: run `node scripts/build.mjs` first. Prints a summary and writes every failing input to
 * test/fixtures/fuzz-regressions/ (the short test replays them). Exits 1 on any failure.
 */
import { formatSummary, generateCase, loadCorpus, runCase, runFuzz, startFuzzServer } from './fuzzer';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (Number.isNaN(value)) throw new Error(`--${name} needs a number`);
  return value;
}

async function main(): Promise<void> {
  const cases = option('cases', 100_000);
  const seed = option('seed', Date.now() % 1_000_000);
  const concurrency = option('concurrency', 8);
  const minutes = option('minutes', Infinity);
  console.log(`fuzzing dist/server.js: ${cases} cases, seed ${seed}, concurrency ${concurrency}${Number.isFinite(minutes) ? `, at most ${minutes} min` : ''}`);
  const server = await startFuzzServer();
  const only = option('only', -1);
  if (only >= 0) {
    const { applied, ...input } = generateCase(seed, only, loadCorpus());
    const started = performance.now();
    const result = await runCase(server, `file:///fuzz/only-${only}.yaml`, input);
    await server.stop();
    console.log(`case ${only} [${applied.join(' ')}]: ${result.failure ?? 'passed'} (${(performance.now() - started).toFixed(0)} ms, sizes ${input.texts.map((t) => t.length).join(', ')})`);
    process.exit(result.failure ? 1 : 0);
  }
  const summary = await runFuzz(server, {
    seed,
    cases,
    concurrency,
    budgetMs: Number.isFinite(minutes) ? minutes * 60_000 : undefined,
    saveFailures: true,
    onProgress: (done, ms) => {
      if (done % 5000 === 0) {
        const { rss } = server.rssKb();
        console.log(`  ${done} cases, ${(ms / 1000).toFixed(0)} s, ${(done / (ms / 1000)).toFixed(1)} cases/s, RSS ${(rss / 1024).toFixed(0)} MB`);
      }
    },
  });
  await server.stop();
  console.log(formatSummary(summary));
  const tooBig = summary.peakRssKb > 1024 * 1024;
  if (tooBig) console.log('FAIL: peak RSS above 1 GB');
  process.exit(summary.failures.length > 0 || !summary.serverAlive || tooBig ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
