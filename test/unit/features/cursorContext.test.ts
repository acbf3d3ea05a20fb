/**
 * Where the cursor is, from inline fixtures with a `|` marker: block and flow style, complete and half-typed
 * lines, comments, block scalars and multi-document files.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext, type CursorContext } from '../../../server/src/features/cursorContext';

function at(source: string): CursorContext | undefined {
  const offset = source.indexOf('|');
  return cursorContext(source.slice(0, offset) + source.slice(offset + 1), offset);
}

function summary(source: string) {
  const context = at(source);
  if (!context) return undefined;
  return {
    kind: context.kind,
    path: context.path,
    key: context.key,
    token: context.token.text,
    siblings: Object.fromEntries(context.siblings),
    place: context.place?.type,
  };
}

const podSpec = (tail: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
${tail}`;
const tolerations = ['spec', 'template', 'spec', 'tolerations'];

describe('cursor context and line breaks', () => {
  const source = podSpec(`      tolerations:
      - key: a
        operator: Ex|ists`);
  const expected = { kind: 'value', path: [...tolerations, 0], key: 'operator', token: 'Exists', siblings: { key: 'a' }, place: 'toleration' };
  for (const [name, lineBreak] of [['LF', '\n'], ['CRLF', '\r\n'], ['a lone CR', '\r']] as const) {
    test(`lines ending in ${name} give the same context, with token offsets in the text`, () => {
      const text = source.replace(/\n/g, lineBreak);
      assert.deepEqual(summary(text), expected);
      const offset = text.indexOf('|');
      const context = cursorContext(text.slice(0, offset) + text.slice(offset + 1), offset)!;
      assert.equal(text.replace('|', '').slice(context.token.start, context.token.end), 'Exists');
    });
  }
});

describe('cursor context in block style', () => {
  test('the value of `- key: ` with nothing after it', () => {
    assert.deepEqual(summary(podSpec(`      tolerations:
      - key: |`)), { kind: 'value', path: [...tolerations, 0], key: 'key', token: '', siblings: {}, place: 'toleration' });
  });

  test('a half-typed value, with the other fields of the item above and below', () => {
    assert.deepEqual(
      summary(podSpec(`      tolerations:
      - key: a
        effect: No|
        operator: Exists
      containers: []`)),
      { kind: 'value', path: [...tolerations, 0], key: 'effect', token: 'No', siblings: { key: 'a', operator: 'Exists' }, place: 'toleration' },
    );
  });

  test('the whole token under the cursor, even in its middle', () => {
    const context = at(podSpec(`      tolerations:
      - key: node-role.kuber|netes.io/master   # a comment`));
    assert.equal(context?.token.text, 'node-role.kubernetes.io/master');
  });

  test('a quoted value: the text without quotes, the range with them', () => {
    const source = podSpec(`      tolerations:
      - key: "node.kubernetes|.io/not-ready"`);
    const context = at(source)!;
    const text = source.replace('|', '');
    assert.equal(context.token.text, 'node.kubernetes.io/not-ready');
    assert.equal(text.slice(context.token.start, context.token.end), '"node.kubernetes.io/not-ready"');
  });

  test('a new item `- ` counts the items before it', () => {
    assert.deepEqual(
      summary(podSpec(`      tolerations:
      - key: a
      - key: b
        operator: Exists
      - |`)),
      { kind: 'item', path: [...tolerations, 2], key: undefined, token: '', siblings: {}, place: 'toleration' },
    );
  });

  test('a key typed on a blank line inside an item, next to its other fields', () => {
    assert.deepEqual(
      summary(podSpec(`      tolerations:
      - key: a
        effect: NoExecute
        tol|`)),
      { kind: 'key', path: [...tolerations, 0], key: undefined, token: 'tol', siblings: { key: 'a', effect: 'NoExecute' }, place: 'toleration' },
    );
  });

  test('a blank line deeper than `tolerations:` is a new toleration', () => {
    assert.equal(summary(podSpec(`      tolerations:
        |`))?.place, 'tolerations');
  });

  test('a blank line at the indentation of `tolerations:` is a key of the pod spec', () => {
    const context = summary(podSpec(`      tolerations:
      - key: a
      |`));
    assert.deepEqual(context?.path, ['spec', 'template', 'spec']);
    assert.equal(context?.kind, 'key');
  });

  test('a sequence indented under its key, and nested sequences', () => {
    assert.deepEqual(summary(`spec:
  tolerations:
    - key: a
    - effect: |`)?.path, ['spec', 'tolerations', 1]);
    assert.deepEqual(summary(`matrix:
- - a
  - |`)?.path, ['matrix', 0, 1]);
  });

  test('nodeSelector keys and values', () => {
    assert.deepEqual(summary(podSpec(`      nodeSelector:
        kubernetes.io/os: linux
        |`)), {
      kind: 'key',
      path: ['spec', 'template', 'spec', 'nodeSelector'],
      key: undefined,
      token: '',
      siblings: { 'kubernetes.io/os': 'linux' },
      place: 'nodeSelector',
    });
    assert.equal(summary(podSpec(`      nodeSelector:
        kubernetes.io/os: |`))?.key, 'kubernetes.io/os');
  });

  test('node-affinity requirements, required and preferred, and their values', () => {
    const required = podSpec(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchFields:
              - key: metadata.name
                operator: |`);
    const context = at(required)!;
    assert.deepEqual(context.place, {
      type: 'nodeSelectorRequirement',
      podSpec: ['spec', 'template', 'spec'],
      field: 'matchFields',
      term: ['spec', 'template', 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0],
    });
    const preferred = at(podSpec(`      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference:
              matchExpressions:
              - key: zone
                operator: In
                values:
                - a
                - |`))!;
    assert.equal(preferred.place?.type, 'requirementValue');
    assert.deepEqual(preferred.path.slice(-4), ['matchExpressions', 0, 'values', 1]);
  });

  test('every pod template: Pod, CronJob, Deployment', () => {
    assert.equal(summary(`apiVersion: v1
kind: Pod
spec:
  tolerations:
  - key: |`)?.place, 'toleration');
    assert.equal(summary(`apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          tolerations:
          - key: |`)?.place, 'toleration');
    assert.equal(summary(`apiVersion: apps/v1
kind: DaemonSet
spec:
  tolerations:
  - key: |`)?.place, undefined, 'a DaemonSet has no tolerations of its own');
  });

  test('nothing in a comment, in a block scalar, or on a document marker', () => {
    assert.equal(at(podSpec(`      tolerations:
      - key: a  # the key |`)), undefined);
    assert.equal(at(`data:
  script: >
    tolerations:
    - key: |`), undefined);
    assert.equal(at(`kind: A
--|-
kind: B`), undefined);
  });

  test('the document of a multi-document file, with its kind', () => {
    const context = at(`apiVersion: v1
kind: Service
---
apiVersion: v1
kind: Pod
spec:
  nodeSelector:
    |
---
apiVersion: v1
kind: ConfigMap
`)!;
    assert.equal(context.document.kind, 'Pod');
    assert.deepEqual(context.path, ['spec', 'nodeSelector']);
  });

  test('CRLF line endings', () => {
    const context = at('apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  tolerations:\r\n  - effect: No|\r\n');
    assert.equal(context?.token.text, 'No');
    assert.equal(context?.key, 'effect');
  });
});

describe('cursor context in flow style', () => {
  test('a value in a flow mapping in a flow sequence', () => {
    assert.deepEqual(summary(podSpec(`      tolerations: [{key: a, effect: No|}]`)), {
      kind: 'value',
      path: [...tolerations, 0],
      key: 'effect',
      token: 'No',
      siblings: { key: 'a' },
      place: 'toleration',
    });
  });

  test('the second item, with siblings after the cursor, a quoted one included', () => {
    assert.deepEqual(summary(podSpec(`      tolerations: [{key: a}, {operator: Exists, effect: |, key: "x, y"}]`)), {
      kind: 'value',
      path: [...tolerations, 1],
      key: 'effect',
      token: '',
      siblings: { operator: 'Exists', key: 'x, y' },
      place: 'toleration',
    });
  });

  test('a new item in a flow sequence, and one left open while typing', () => {
    assert.equal(summary(podSpec(`      tolerations: [{key: a}, |]`))?.kind, 'item');
    assert.deepEqual(summary(podSpec(`      tolerations: [{key: |`))?.path, [...tolerations, 0]);
  });

  test('flow collections over several lines, inside a block sequence item', () => {
    assert.deepEqual(
      summary(podSpec(`      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [
                {key: kubernetes.io/os, operator: In, values: [linux]},
                {key: kubernetes.io/arch, operator: |}
              ]`)),
      {
        kind: 'value',
        path: ['spec', 'template', 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 1],
        key: 'operator',
        token: '',
        siblings: { key: 'kubernetes.io/arch' },
        place: 'nodeSelectorRequirement',
      },
    );
  });

  test('a flow key being typed', () => {
    const context = summary(podSpec(`      nodeSelector: {kubernetes.io/os: linux, kube|}`));
    assert.equal(context?.kind, 'key');
    assert.equal(context?.token, 'kube');
    assert.deepEqual(context?.siblings, { 'kubernetes.io/os': 'linux' });
  });

  test('brackets inside quoted strings and comments do not open collections', () => {
    assert.equal(summary(`data:
  a: "[not a sequence"   # { nor this
  b: |`)?.key, 'b');
  });
});
