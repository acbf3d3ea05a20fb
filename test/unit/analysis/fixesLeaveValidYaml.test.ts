import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import { analyzeFile } from '../../../server/src/analysis/analyzeFile';
import { parseFile } from '../../../server/src/model/parsedFile';
import { codeActions } from '../../../server/src/features/codeActions';
import { toLspDiagnostic } from '../../../server/src/features/diagnostics';
import { LineIndex } from '../../../server/src/model/lineIndex';

// Every quick fix, applied to files of different styles, must leave YAML that parses and clear the diagnostic
// it was offered for.
const uri = 'file:///fixes.yaml';

const blockFourSpaces = `apiVersion: extensions/v1beta1
kind: DaemonSet
metadata:
    name: agent
spec:
    updateStrategy:
        type: RollingUpdate
        rollingUpdate:
            maxSurge: 1
    template:
        metadata:
            labels:
                app: agent
        spec:
            restartPolicy: OnFailure
            activeDeadlineSeconds: 30
            nodeName: worker-1
            containers:
            -   name: agent
                image: agent:1
            tolerations:
            -   key: node-role.kubernetes.io/master
                operator: Exists
                value: "true"
                effect: NoSchedule
            -   key: node.kubernetes.io/not-ready
                operator: Exists
                effect: NoExecute
                tolerationSeconds: 300
            -   operator: Equal
                key: ""
            -   key: node.cloudprovider.kubernetes.io/uninitialized
                effect: NoSchedule
            -   key: example.com/x
                tolerationSeconds: 10
                effect: NoSchedule
`;

const flowStyle = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent, tier: node}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: "agent:1"}]
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}, {key: x.io/y, operator: Exists, value: v}]
      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: metadata.name, operator: In, values: [worker-1]}]}, {}]}}}
---
apiVersion: v1
kind: Service
metadata: {name: agent, namespace: kube-system}
spec: {selector: {app: agnet}, ports: [{port: 80}]}
`;

const indentedSequencesCrlf = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: Agent',
  'spec:',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: agent',
  '    spec:',
  '      containers:',
  '        - name: agent',
  '          image: agent:1',
  '      tolerations:',
  '        - key: node-role.kubernetes.io/master',
  '          effect: NoSchedule',
  '',
].join('\r\n');

function apply(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const sorted = edits
    .map((e, i) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.i - a.i);
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.text + result.slice(e.end);
  return result;
}

const key = (d: { code?: unknown; message: unknown }) => `${String(d.code)}|${String(d.message)}`;

for (const [name, text] of Object.entries({ blockFourSpaces, flowStyle, indentedSequencesCrlf })) {
  test(`every fix offered on the ${name} file leaves valid YAML and clears its diagnostic`, () => {
    const parsed = parseFile(text);
    const analysis = analyzeFile(parsed);
    const diagnostics: Diagnostic[] = analysis.map((d) => toLspDiagnostic(uri, d));
    const withFixes = diagnostics.filter((d) => d.data);
    assert.ok(withFixes.length >= 3, `expected several fixable diagnostics, got ${diagnostics.map((d) => d.code).join(', ')}`);
    let applied = 0;
    for (const diagnostic of withFixes) {
      const actions = codeActions(uri, parsed, analysis, [diagnostic]);
      assert.ok(actions.length > 0, `the fixes of ${String(diagnostic.code)} could not be rendered`);
      for (const action of actions) {
        if (process.env.SHOW_FIXES) console.log(`--- ${action.title}\n${apply(text, action.edit!.changes![uri]!)}`);
        const fixed = apply(text, action.edit!.changes![uri]!);
        const context = `${action.title} for ${String(diagnostic.code)}:\n${fixed}`;
        for (const document of parseAllDocuments(fixed)) assert.deepEqual(document.errors.map((e) => e.message), [], context);
        if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), `LF-only line break introduced by ${context}`);
        const after = analyzeFile(parseFile(fixed)).map((d) => key(d));
        assert.ok(!after.includes(key(diagnostic)), `still reported after ${context}`);
        applied++;
      }
    }
    if (process.env.SHOW_FIXES) console.log(name, applied, withFixes.map((d) => d.code).join(","));
    assert.ok(applied >= withFixes.length, `${applied} fixes applied for ${withFixes.length} diagnostics`);
  });
}
