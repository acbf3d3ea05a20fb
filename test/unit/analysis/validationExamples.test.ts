import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';

interface ValidationExample {
  name: string;
  manifest: unknown;
  expectValid: boolean;
  rule: string;
}

const examples = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/cases/validation-examples.json'), 'utf8'),
) as ValidationExample[];

// The worked examples, written out as YAML files and linted end to end (parse, rules, ranges).
for (const example of examples) {
  test(`${example.name}: ${example.expectValid ? 'lints without errors' : 'is an error'}`, () => {
    const diagnostics = analyzeText(stringify(example.manifest));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (example.expectValid) {
      assert.deepEqual(errors.map((e) => `${e.code}: ${e.message}`), [], example.rule);
    } else {
      assert.ok(errors.length > 0, `expected an error (${example.rule}); got ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    }
  });
}
