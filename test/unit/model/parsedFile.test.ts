import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../../../server/src/model/parsedFile';
import { defaultLimits } from '../../../server/src/model/limits';

test('every document of a multi-document file becomes a resource', () => {
  const parsed = parseFile('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: b, namespace: a}\n');
  assert.deepEqual(
    parsed.resources.map((r) => [r.resource.kind, r.resource.name, r.resource.namespace, r.documentIndex]),
    [['Namespace', 'a', undefined, 0], ['DaemonSet', 'b', 'a', 1]],
  );
});

test('items of a kind: List are resources with an items[i] prefix', () => {
  const parsed = parseFile('apiVersion: v1\nkind: List\nitems:\n- {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: x}}\n- {apiVersion: v1, kind: Service, metadata: {name: y}}\n');
  assert.deepEqual(parsed.resources.map((r) => [r.resource.kind, r.prefix]), [['DaemonSet', ['items', 0]], ['Service', ['items', 1]]]);
});

test('a syntax error is one problem and the other documents are still read', () => {
  const parsed = parseFile('kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: [unclosed\n---\nkind: C\nmetadata: {name: c}\n');
  assert.equal(parsed.problems.length, 1);
  assert.equal(parsed.problems[0]!.code, 'yaml-syntax');
  assert.deepEqual(parsed.resources.map((r) => r.resource.kind), ['A', 'C']);
  assert.equal(parsed.documents[1]!.broken, true);
});

test('a document with template directives is skipped silently', () => {
  const parsed = parseFile('apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- toYaml .Values.spec | nindent 2 }}\n---\nkind: Service\nmetadata: {name: s}\n');
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.documents[0]!.templated, true);
  assert.deepEqual(parsed.resources.map((r) => r.resource.kind), ['Service']);
});

test('template syntax inside a comment does not count', () => {
  const parsed = parseFile('# rendered from {{ .Values }}\nkind: Service\nmetadata: {name: s}\n');
  assert.equal(parsed.documents[0]!.templated, false);
  assert.equal(parsed.resources.length, 1);
});

test('an alias bomb is refused with one problem', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const parsed = parseFile(`kind: ConfigMap\n${lines.join('\n')}\n`);
  assert.equal(parsed.problems.length, 1);
  assert.equal(parsed.problems[0]!.code, 'analysis-limited');
  assert.match(parsed.problems[0]!.message, /alias/i);
});

test('10,000-deep nesting is refused before the parser sees it', () => {
  for (const text of ['- '.repeat(10_000) + 'x\n', '['.repeat(10_000) + ']'.repeat(10_000), '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
    const parsed = parseFile(text);
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.problems[0]!.code, 'analysis-limited');
    assert.match(parsed.problems[0]!.message, /nests deeper than 200 levels/);
  }
});

test('a file over the size limit is not parsed and says which setting raises the limit', () => {
  const parsed = parseFile('kind: ConfigMap\n' + 'x'.repeat(100), { ...defaultLimits, maxFileSize: 50 });
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message, /daemonset\.limits\.maxFileSizeMB/);
  assert.equal(parsed.documents.length, 0);
});

test('documents past the document limit are not analysed', () => {
  const text = Array.from({ length: 5 }, (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}`).join('\n---\n');
  const parsed = parseFile(text, { ...defaultLimits, maxDocuments: 3 });
  assert.equal(parsed.resources.length, 3);
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message, /stopped after 3 documents/);
});

test('binary bytes neither throw nor produce resources', () => {
  const bytes = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919 + 13) % 256));
  const parsed = parseFile(bytes.toString('latin1') + '\u0000\uFFFD');
  assert.equal(parsed.resources.length, 0);
});
