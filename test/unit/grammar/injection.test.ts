/**
 * Tokenization snapshots of the injection grammar (syntaxes/daemonset-yaml.injection.tmLanguage.json) over VS Code
 * 1.100's own YAML grammar. Each fixture in test/fixtures/grammar has a `.snap` next to it; run with
 * UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change, and review the diff.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { snapshot, tokenize, yamlGrammar } from './tokenize';

const fixtures = resolve(__dirname, '../../fixtures/grammar');
const cases = readdirSync(fixtures).filter((name) => name.endsWith('.yaml')).sort();

describe('injection grammar snapshots', () => {
  for (const name of cases) {
    test(`${name} tokenizes as in its snapshot`, async () => {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const actual = snapshot(text, tokenize(await yamlGrammar(), text));
      const path = join(fixtures, `${name}.snap`);
      if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(path)) writeFileSync(path, actual);
      assert.equal(actual, readFileSync(path, 'utf8'));
    });
  }
});

describe('injection grammar behaviour', () => {
  // Empty tokens are left out: after a marked value the base grammar is not inside its plain-scalar rule, so the
  // zero-width token of a following blank line carries one scope less. Nothing visible changes.
  test('it changes only the tokens it marks: everything else tokenizes as without it', async () => {
    for (const name of cases) {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const plain = tokenize(await yamlGrammar(false), text).map((t) => JSON.stringify(t));
      const injected = tokenize(await yamlGrammar(), text).filter((t) => t.text !== '' && !t.scopes.some((scope) => scope.endsWith('.daemonset')));
      const plainSet = new Set(plain);
      for (const token of injected) assert.ok(plainSet.has(JSON.stringify(token)), `${name}:${token.line + 1} ${JSON.stringify(token.text)} changed`);
    }
  });

  test('effects, operators and well-known keys are marked; lookalikes, comments and block scalars are not', async () => {
    const marked = (text: string) =>
      tokenize(grammar, text)
        .filter((t) => t.scopes.some((scope) => scope.endsWith('.daemonset')))
        .map((t) => `${t.text} ${t.scopes.filter((scope) => scope.endsWith('.daemonset')).join(' ')}`);
    const grammar = await yamlGrammar();
    assert.deepEqual(marked('effect: NoExecute'), ['NoExecute support.constant.taint-effect.daemonset']);
    assert.deepEqual(marked('operator: DoesNotExist'), ['DoesNotExist support.constant.operator.daemonset']);
    assert.deepEqual(marked('key: node-role.kubernetes.io/master'), [
      'node-role.kubernetes.io/master support.constant.taint-key.daemonset invalid.deprecated.taint-key.daemonset',
    ]);
    assert.deepEqual(marked('kubernetes.io/hostname: gpu-1'), ['kubernetes.io/hostname support.constant.label-key.daemonset']);
    assert.deepEqual(marked(readFileSync(join(fixtures, 'not-marked.yaml'), 'utf8')), []);
  });
});
