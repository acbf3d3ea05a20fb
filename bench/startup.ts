/** Start-up: bundle sizes, and server spawn → initialize response, ours vs yaml-language-server. */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startOurServer, startYamlLanguageServer } from './lsp';
import { median, type Results } from './stats';

export async function benchStartup(results: Results, runs: number): Promise<void> {
  const dist = resolve(__dirname, '../dist');
  for (const file of readdirSync(dist).filter((name) => name.endsWith('.js')).sort()) {
    const bytes = statSync(join(dist, file)).size;
    results.add({ metric: `bundle dist/${file}`, value: bytes / 1024 / 1024, unit: 'MB', comparison: '', ratio: null });
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const a = await startOurServer();
    const b = await startYamlLanguageServer();
    if (run > 0) {
      ours.push(a.initializeMs);
      theirs.push(b.initializeMs);
    }
    await a.stop();
    await b.stop();
  }
  const value = median(ours);
  const other = median(theirs);
  results.add({
    metric: 'server start: spawn → initialize response',
    value,
    unit: 'ms',
    comparison: `yaml-language-server ${Math.round(other)} ms`,
    ratio: value / other,
  });
}
