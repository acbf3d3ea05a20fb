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

// The README's settings table must stay true: every setting the extension contributes is listed with its default.
test('the README lists every setting with its default', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const shown = (value: unknown): string[] => {
    if (value === undefined || value === '') return ['(empty)'];
    if (Array.isArray(value)) return [`\`${JSON.stringify(value)}\``];
    if (typeof value === 'string') return [`\`${value}\``, value];
    return [String(value), `\`${String(value)}\``];
  };
  const rows = readme.split('\n').filter((line) => line.startsWith('| `daemonset.'));
  const missing = Object.entries(manifest.contributes.configuration.properties)
    .filter(([name, property]) => !rows.some((row) => shown(property.default).some((value) => row.startsWith(`| \`${name}\` | ${value} |`))))
    .map(([name]) => name);
  assert.deepEqual(missing, []);
});
