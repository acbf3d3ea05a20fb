import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments, type Document } from 'yaml';
import { structuralToTextEdits, type TextEdit } from '../../../server/src/edits/applyStructural';
import { detectStyle } from '../../../server/src/edits/style';
import type { Path, StructuralEdit } from '../../../server/src/rules/types';

/** Applies structural edits to the first document of `text` and returns the new text. */
function edit(text: string, edits: StructuralEdit[], prefix: Path = []): string {
  const documents = parseAllDocuments(text) as Document.Parsed[];
  const style = detectStyle(text, documents.map((document) => ({ document, source: text })));
  const textEdits = structuralToTextEdits(text, documents[0]!, prefix, edits, style);
  return applyTextEdits(text, textEdits);
}

function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

test('set replaces a scalar value in a block map', () => {
  assert.equal(edit('a:\n  b: x\n  c: y\n', [{ kind: 'set', path: ['a', 'b'], value: 'z' }]), 'a:\n  b: z\n  c: y\n');
});

test('set quotes a string that would otherwise read as a number', () => {
  assert.equal(edit('a: x\n', [{ kind: 'set', path: ['a'], value: '1' }]), 'a: "1"\n');
});

test('set inserts a missing key at the end of a block map with its indentation', () => {
  assert.equal(
    edit('spec:\n    rollingUpdate:\n        maxSurge: 1\nother: 2\n', [
      { kind: 'set', path: ['spec', 'rollingUpdate', 'maxUnavailable'], value: 0 },
    ]),
    'spec:\n    rollingUpdate:\n        maxSurge: 1\n        maxUnavailable: 0\nother: 2\n',
  );
});

test('set inserts into a flow map before its closing brace', () => {
  assert.equal(
    edit('metadata: {labels: {app: nginx}}\n', [{ kind: 'set', path: ['metadata', 'labels', 'name'], value: 'nginx' }]),
    'metadata: {labels: {app: nginx, name: nginx}}\n',
  );
});

test('set replaces a value inside a flow map', () => {
  assert.equal(
    edit('m: {labels: {app: nginx, name: ngnix}}\n', [{ kind: 'set', path: ['m', 'labels', 'name'], value: 'nginx' }]),
    'm: {labels: {app: nginx, name: nginx}}\n',
  );
});

test('set replaces a flow map by a flow map', () => {
  assert.equal(
    edit('spec:\n  selector: {matchLabels: {app: nginx, name: nginx}}\n', [
      { kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: nginx(), name: 'ngnix' } } },
    ]),
    'spec:\n  selector: {matchLabels: {app: nginx, name: ngnix}}\n',
  );
});

test('set replaces a block map by a block map at the same indentation', () => {
  assert.equal(
    edit('spec:\n  selector:\n    matchLabels:\n      app: x\n  template: {}\n', [
      { kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'y', tier: 'z' } } },
    ]),
    'spec:\n  selector:\n    matchLabels:\n      app: y\n      tier: z\n  template: {}\n',
  );
});

test('set creates missing parent maps', () => {
  assert.equal(
    edit('spec:\n  template: {}\n', [{ kind: 'set', path: ['spec', 'selector', 'matchLabels'], value: { app: 'a' } }]),
    'spec:\n  template: {}\n  selector:\n    matchLabels:\n      app: a\n',
  );
});

test('set fills a key that has no value', () => {
  assert.equal(edit('spec:\n  selector:\nx: 1\n', [{ kind: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'a' } } }]),
    'spec:\n  selector:\n    matchLabels:\n      app: a\nx: 1\n');
});

test('delete removes a block map entry with its line', () => {
  assert.equal(
    edit('t:\n- key: a\n  tolerationSeconds: 3\n  effect: NoSchedule\n', [{ kind: 'delete', path: ['t', 0, 'tolerationSeconds'] }]),
    't:\n- key: a\n  effect: NoSchedule\n',
  );
});

test('delete of the first entry of a sequence item keeps the dash', () => {
  assert.equal(
    edit('t:\n- value: a\n  operator: Exists\n', [{ kind: 'delete', path: ['t', 0, 'value'] }]),
    't:\n- operator: Exists\n',
  );
});

test('delete removes an entry of a flow map with its comma', () => {
  assert.equal(
    edit('t: [{key: a, operator: Exists, value: x}]\n', [{ kind: 'delete', path: ['t', 0, 'value'] }]),
    't: [{key: a, operator: Exists}]\n',
  );
  assert.equal(
    edit('t: [{value: x, key: a}]\n', [{ kind: 'delete', path: ['t', 0, 'value'] }]),
    't: [{key: a}]\n',
  );
});

test('append adds a block sequence item in the file style (sequence not indented)', () => {
  assert.equal(
    edit('spec:\n  tolerations:\n  - key: a\n    effect: NoSchedule\n  x: 1\n', [
      { kind: 'append', path: ['spec', 'tolerations'], value: { key: 'b', effect: 'NoSchedule' } },
    ]),
    'spec:\n  tolerations:\n  - key: a\n    effect: NoSchedule\n  - key: b\n    effect: NoSchedule\n  x: 1\n',
  );
});

test('append adds to a flow sequence', () => {
  assert.equal(
    edit('tolerations: [{key: a, effect: NoSchedule}]\n', [{ kind: 'append', path: ['tolerations'], value: { key: 'b', effect: 'NoSchedule' } }]),
    'tolerations: [{key: a, effect: NoSchedule}, {key: b, effect: NoSchedule}]\n',
  );
});

test('paths are relative to the resource prefix (List items)', () => {
  assert.equal(
    edit('kind: List\nitems:\n- kind: DaemonSet\n  apiVersion: extensions/v1beta1\n', [{ kind: 'set', path: ['apiVersion'], value: 'apps/v1' }], ['items', 0]),
    'kind: List\nitems:\n- kind: DaemonSet\n  apiVersion: apps/v1\n',
  );
});

test('CRLF files get CRLF in inserted lines', () => {
  assert.equal(
    edit('a:\r\n  b: 1\r\n', [{ kind: 'set', path: ['a', 'c'], value: 2 }]),
    'a:\r\n  b: 1\r\n  c: 2\r\n',
  );
});

function nginx(): string {
  return 'nginx';
}

test('append keeps the padding after the dash that the sequence uses', () => {
  assert.equal(
    edit('t:\n-   key: a\n    effect: NoSchedule\n', [{ kind: 'append', path: ['t'], value: { key: 'b', effect: 'NoSchedule' } }]),
    't:\n-   key: a\n    effect: NoSchedule\n-   key: b\n    effect: NoSchedule\n',
  );
});
