import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCodes } from '../../../server/src/rules/registry';

// The README's rule table must stay true: every code the registry declares is listed with its severity.
test('the README lists every diagnostic code with its severity', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const missing = [...ruleCodes.values()].filter((c) => !readme.includes(`| \`${c.code}\` | ${c.severity} |`)).map((c) => c.code);
  assert.deepEqual(missing, []);
});
