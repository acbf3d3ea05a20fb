import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../../server/src/cli/main';
import type { CliIo } from '../../../server/src/cli/io';

async function lint(args: string[], files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, cwd: dir, env: {} };
  const code = await main(['lint', ...args], io);
  return { code, stdout, stderr, dir };
}

const valid = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "registry.k8s.io/pause:3.9"}]
`;
const mismatch = valid.replace('template:\n    metadata: {labels: {app: agent}}', 'template:\n    metadata: {labels: {app: agnet}}');

test('a clean file exits 0', async () => {
  const result = await lint(['ok.yaml'], { 'ok.yaml': valid });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /1 file checked: 0 errors/);
});

test('an error exits 1 and prints file:line:col: severity code: message', async () => {
  const result = await lint(['bad.yaml'], { 'bad.yaml': mismatch });
  assert.equal(result.code, 1);
  assert.match(result.stdout, /^bad\.yaml:5:33: error selector-mismatch: /m);
});

test('json output follows the contract: 0-based LSP ranges', async () => {
  const result = await lint(['--format', 'json', 'bad.yaml'], { 'bad.yaml': mismatch });
  const parsed = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { range: { start: { line: number; character: number } }; severity: string; code: string; message: string }[] }[] };
  assert.equal(parsed.files[0]!.path, 'bad.yaml');
  const first = parsed.files[0]!.diagnostics.find((d) => d.code === 'selector-mismatch')!;
  assert.deepEqual(first.range.start, { line: 4, character: 32 });
  assert.equal(first.severity, 'error');
  assert.deepEqual(Object.keys(first).sort(), ['code', 'message', 'range', 'severity']);
});

test('sarif output names the rule and the region', async () => {
  const result = await lint(['--format=sarif', 'bad.yaml'], { 'bad.yaml': mismatch });
  const sarif = JSON.parse(result.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  const result0 = sarif.runs[0]!.results.find((r) => r.ruleId === 'selector-mismatch')!;
  assert.equal(result0.level, 'error');
  assert.equal(result0.locations[0]!.physicalLocation.artifactLocation.uri, 'bad.yaml');
  assert.deepEqual(result0.locations[0]!.physicalLocation.region.startLine, 5);
  assert.equal(result0.locations[0]!.physicalLocation.region.startColumn, 33);
  assert.ok(sarif.runs[0]!.tool.driver.rules.some((r) => r.id === 'selector-mismatch'));
});

test('an unreadable file exits 2 and says which', async () => {
  const result = await lint(['missing.yaml'], {});
  assert.equal(result.code, 2);
  assert.match(result.stderr, /cannot read missing\.yaml/);
});

test('usage errors exit 2', async () => {
  assert.equal((await lint([], {})).code, 2);
  assert.equal((await lint(['--format', 'xml', 'a.yaml'], {})).code, 2);
});

test('the bundled CLI runs as a program with the same exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lint-bin-'));
  writeFileSync(join(dir, 'bad.yaml'), mismatch);
  const cli = join(__dirname, '../../../dist/cli.js');
  const result = spawnSync(process.execPath, [cli, 'lint', 'bad.yaml'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /bad\.yaml:5:33: error selector-mismatch/);
});

test('schema problems are reported as in the editor (warnings, code kubernetes-schema); --no-schema leaves them out', async () => {
  const wrongType = valid.replace('spec:\n  selector', 'spec:\n  revisionHistoryLimit: ten\n  selector');
  const withSchema = await lint(['--format', 'json', 'typed.yaml'], { 'typed.yaml': wrongType });
  const diagnostics = (JSON.parse(withSchema.stdout) as { files: { diagnostics: { range: { start: { line: number } }; severity: string; code: string; message: string }[] }[] }).files[0]!.diagnostics;
  const schema = diagnostics.filter((d) => d.code === 'kubernetes-schema');
  assert.equal(schema.length, 1, JSON.stringify(diagnostics));
  assert.equal(schema[0]!.range.start.line, 4);
  assert.equal(schema[0]!.severity, 'warning');
  assert.match(schema[0]!.message, /integer/i);
  assert.equal(withSchema.code, 0, 'warnings alone exit 0');
  const sarif = await lint(['--format', 'sarif', 'typed.yaml'], { 'typed.yaml': wrongType });
  const run = (JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] }).runs[0]!;
  assert.ok(run.results.some((r) => r.ruleId === 'kubernetes-schema'));
  assert.ok(run.tool.driver.rules.some((r) => r.id === 'kubernetes-schema'), 'every result has its rule');
  const without = await lint(['--format', 'json', '--no-schema', 'typed.yaml'], { 'typed.yaml': wrongType });
  assert.deepEqual(
    (JSON.parse(without.stdout) as { files: { diagnostics: { code: string }[] }[] }).files[0]!.diagnostics.filter((d) => d.code === 'kubernetes-schema'),
    [],
  );
});
