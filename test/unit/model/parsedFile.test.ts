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

test('an alias inside the node it refers to is a syntax error at the alias (Kubernetes rejects the cycle); an alias to another node is fine', () => {
  const text = 'kind: A\nmetadata: &m\n  name: a\n  labels: {self: [*m]}\n---\nkind: B\nmetadata: &n {name: b}\nspec: {copy: *n}\n';
  const parsed = parseFile(text);
  assert.equal(parsed.problems.length, 1);
  const [problem] = parsed.problems;
  assert.equal(problem!.code, 'yaml-syntax');
  assert.match(problem!.message, /alias \*m is inside the node anchored &m/);
  assert.equal(text.slice(problem!.start, problem!.end), '*m');
  assert.equal(parsed.documents[0]!.broken, true);
  assert.deepEqual(parsed.resources.map((r) => r.resource.kind), ['B']);
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

test('a new version reuses the documents whose text did not change and re-parses the edited one', () => {
  const docs = ['kind: A\nmetadata: {name: a}\n', 'kind: B\nmetadata: {name: b}\n', 'kind: C\nmetadata: {name: c}\n'];
  const first = parseFile(docs.join('---\n'));
  const second = parseFile([docs[0], 'kind: B\nmetadata: {name: bee}\n', docs[2]].join('---\n'), defaultLimits, first);
  assert.equal(second.documents[0]!.document, first.documents[0]!.document);
  assert.notEqual(second.documents[1]!.document, first.documents[1]!.document);
  assert.equal(second.documents[2]!.document, first.documents[2]!.document);
  assert.deepEqual(second.resources.map((r) => r.resource.name), ['a', 'bee', 'c']);
  // The third document moved by two characters: its absolute offsets follow.
  assert.equal(second.documents[2]!.start, first.documents[2]!.start + 2);
  assert.equal(second.text.slice(second.documents[2]!.start, second.documents[2]!.end).trim(), '---\nkind: C\nmetadata: {name: c}');
});

test('different limits do not reuse documents analysed under the old ones', () => {
  const text = 'kind: A\nmetadata: {name: a}\n';
  const first = parseFile(text);
  const second = parseFile(text, { ...defaultLimits, maxAliasCount: 5 }, first);
  assert.notEqual(second.documents[0]!.document, first.documents[0]!.document);
});

test('a --- inside a quoted string is not a document marker, a --- line always is', () => {
  const parsed = parseFile('kind: A\nmetadata: {name: "x --- y"}\n---   \nkind: B\n--- # comment\nkind: C\n');
  assert.deepEqual(parsed.resources.map((r) => r.resource.kind), ['A', 'B', 'C']);
  assert.deepEqual(parsed.problems, []);
});
