/**
 * Entry point that @vscode/test-electron loads inside the extension host (`extensionTestsPath`): runs the suites
 * one test after another with a tiny runner of its own (no mocha), prints each result, and writes them to
 * `$DAEMONSET_ELECTRON_RESULTS` so that scripts/testElectron.mjs can tell "ran and failed" from "never ran".
 * Bundled by esbuild in scripts/testElectron.mjs; never matched by scripts/test.mjs (no `.test.ts` here).
 */
import { writeFileSync } from 'node:fs';
import { tests as featureTests } from './features.electron';

export interface ElectronTest {
  name: string;
  run(): Promise<void>;
}

export async function run(): Promise<void> {
  const resultsPath = process.env.DAEMONSET_ELECTRON_RESULTS;
  const results: { name: string; ok: boolean; error?: string; ms: number }[] = [];
  const save = (): void => {
    if (resultsPath) writeFileSync(resultsPath, JSON.stringify({ started: true, results }, null, 2));
  };
  save();
  for (const test of featureTests) {
    const start = Date.now();
    try {
      await test.run();
      results.push({ name: test.name, ok: true, ms: Date.now() - start });
      console.log(`ok - ${test.name}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name: test.name, ok: false, error: message, ms: Date.now() - start });
      console.log(`not ok - ${test.name}\n${message}`);
    }
    save();
  }
  const failed = results.filter((result) => !result.ok).length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} extension-host tests failed`);
}
