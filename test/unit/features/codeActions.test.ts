/**
 * Code actions find a diagnostic's fixes in the analysis of the text the editor shows: by its resource, code,
 * message and range. Diagnostics carry only their resource in `data`, not the fixes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { analyzeFile } from '../../../server/src/analysis/analyzeFile';
import { codeActions } from '../../../server/src/features/codeActions';
import { toLspDiagnostic } from '../../../server/src/features/diagnostics';
import { parseFile } from '../../../server/src/model/parsedFile';

const uri = 'file:///w/agent.yaml';
const text = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: c, image: i}]
      tolerations:
        - key: gpu
          operator: Exists
          effect: noschedule
        - key: gpu
          operator: Exists
          effect: noschedule
`;

const effectErrors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'toleration-effect-invalid');

test('a fixable diagnostic carries its resource, not its fixes', () => {
  const diagnostics = analyzeFile(parseFile(text)).map((d) => toLspDiagnostic(uri, d));
  const [first] = effectErrors(diagnostics);
  assert.ok(first, 'the misspelt effect is reported');
  assert.deepEqual(first.data, { documentIndex: 0, prefix: [] });
});

test('of two equal list entries, each diagnostic gets the fix of its own entry', () => {
  const parsed = parseFile(text);
  const analysis = analyzeFile(parsed);
  const diagnostics = effectErrors(analysis.map((d) => toLspDiagnostic(uri, d)));
  assert.equal(diagnostics.length, 2);
  assert.equal(diagnostics[0]!.message, diagnostics[1]!.message, 'the two messages are the same: only the range tells them apart');
  for (const diagnostic of diagnostics) {
    const actions = codeActions(uri, parsed, analysis, [diagnostic]);
    assert.ok(actions.length > 0, 'a fix is offered');
    for (const action of actions) {
      for (const edit of action.edit!.changes![uri]!) assert.equal(edit.range.start.line, diagnostic.range.start.line, action.title);
    }
  }
});

test('a diagnostic that matches nothing in the current analysis, or more than one finding, gets no fix', () => {
  const parsed = parseFile(text);
  const analysis = analyzeFile(parsed);
  const [diagnostic] = effectErrors(analysis.map((d) => toLspDiagnostic(uri, d)));
  const moved = { ...diagnostic!, message: 'an older message', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } };
  assert.deepEqual(codeActions(uri, parsed, analysis, [moved]), [], 'two findings of that code: ambiguous');
  const otherResource = { ...diagnostic!, data: { documentIndex: 3, prefix: [] } };
  assert.deepEqual(codeActions(uri, parsed, analysis, [otherResource]), []);
  const fixedText = text.replace(/noschedule$/gm, 'NoSchedule');
  const fixed = parseFile(fixedText);
  assert.deepEqual(codeActions(uri, fixed, analyzeFile(fixed), [diagnostic!]), [], 'fixed meanwhile: nothing to offer');
});
