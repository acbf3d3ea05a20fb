import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary, loadRegressions, runCase, runFuzz, startFuzzServer, type FuzzServer } from './fuzzer';

// The short fuzz run of the test command: a fixed seed, so a failure here reproduces with
// `node --import tsx test/fuzz/run.ts --seed 20261130 --cases 3000` (one case alone: `--only N`). The long run is run.ts.
const seed = 20261130;
const maxRssKb = 1024 * 1024;

let server: FuzzServer;
before(async () => {
  server = await startFuzzServer();
});
after(async () => {
  await server?.stop();
});

test('every input that ever failed (test/fixtures/fuzz-regressions/) now passes', async () => {
  for (const { name, input } of loadRegressions()) {
    const result = await runCase(server, `file:///fuzz/regression/${encodeURIComponent(name)}.yaml`, input);
    assert.equal(result.failure, undefined, `${name}: ${result.failure}`);
  }
  assert.equal(server.exited(), undefined);
});

test('short fuzz run: every request answers within 2 s, the server lives, memory stays bounded', async () => {
  // ~25 cases/s on a loaded 2-core machine: the budget caps the run at two minutes wherever it runs.
  const summary = await runFuzz(server, { seed, cases: 3000, concurrency: 8, budgetMs: 120_000 });
  console.log(formatSummary(summary));
  assert.deepEqual(summary.failures.map((f) => `case ${f.index} [${f.applied.join(' ')}]: ${f.failure}`), []);
  assert.ok(summary.serverAlive, 'the server process is alive');
  assert.ok(summary.cases >= 500, `only ${summary.cases} cases ran`);
  assert.ok(summary.peakRssKb > 0 && summary.peakRssKb < maxRssKb, `server peak RSS ${summary.peakRssKb} kB`);
});
