/**
 * `npm run check:corpus -- DIR`: lints every file of a folder of real-world manifests and reports the errors
 * per file. Files that use only current apiVersions must have no error-severity diagnostic; files that use a
 * removed apiVersion are expected to report it (and are listed, not failed). Known upstream bugs are listed
 * in KNOWN_UPSTREAM_ERRORS with the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeText } from '../server/src/analysis/analyzeFile';

/** file name -> codes that the upstream manifest really deserves, with why. */
const KNOWN_UPSTREAM_ERRORS: Record<string, { codes: string[]; why: string }> = {
  'cadvisor-kustomize-base.yaml': {
    codes: ['selector-missing'],
    why: 'a kustomize base with no spec.selector and no template labels: the overlay adds them (commonLabels); applied as it is, the API server rejects it',
  },
};

const removedApiVersion = /^\s*apiVersion:\s*["']?(extensions\/v1beta1|apps\/v1beta[12])["']?\s*$/m;

function main(dir: string | undefined): number {
  if (!dir) {
    console.error('usage: npm run check:corpus -- DIR');
    return 2;
  }
  const files = readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && /\.(ya?ml|json)$/.test(path))
    .sort();
  let failed = 0;
  const rows: string[] = [];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const started = performance.now();
    const diagnostics = analyzeText(text);
    const ms = performance.now() - started;
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const warnings = diagnostics.filter((d) => d.severity === 'warning');
    const legacy = removedApiVersion.test(text);
    const known = KNOWN_UPSTREAM_ERRORS[basename(path)];
    const unexpected = errors.filter((d) => !(legacy && d.code.includes('api-version')) && !known?.codes.includes(d.code));
    const verdict = unexpected.length === 0 ? (errors.length ? 'expected errors' : 'ok') : 'FAIL';
    if (unexpected.length) failed++;
    rows.push(`${verdict.padEnd(16)} ${basename(path).padEnd(60)} ${String(errors.length).padStart(3)} errors ${String(warnings.length).padStart(3)} warnings ${ms.toFixed(1).padStart(7)} ms`);
    for (const d of errors) {
      rows.push(`    ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}: ${d.message}${unexpected.includes(d) ? '' : '  (expected)'}`);
    }
    for (const d of warnings) rows.push(`    ${d.range.start.line + 1}:${d.range.start.character + 1} warning ${d.code}: ${d.message}`);
  }
  console.log(rows.join('\n'));
  console.log(`\n${files.length} files checked, ${failed} with unexpected errors.`);
  for (const [file, { why }] of Object.entries(KNOWN_UPSTREAM_ERRORS)) console.log(`known upstream problem in ${file}: ${why}`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
