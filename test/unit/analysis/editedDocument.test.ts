import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../../server/src/analysis/analyzeFile';
import { parseFile } from '../../../server/src/model/parsedFile';
import { defaultLimits } from '../../../server/src/model/limits';

const ds = (name: string, label: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${label}}}
    spec: {containers: [{name: c, image: i}]}
`;

test('after an edit that changes a document length, the next documents are reported at their new lines', () => {
  const before = [ds('a', 'a'), ds('b', 'bx')].join('---\n');
  const after = [ds('a', 'a').replace('spec:\n', '# a comment\n# another\nspec:\n'), ds('b', 'bx')].join('---\n');
  const first = parseFile(before);
  const second = parseFile(after, defaultLimits, first);
  const line = (text: string) => text.split('\n').findIndex((l) => l.includes('matchLabels: {app: b}'));
  const at = (parsed: ReturnType<typeof parseFile>) =>
    analyzeFile(parsed).filter((d) => d.code === 'selector-mismatch').map((d) => d.range.start.line);
  assert.ok(at(first).includes(line(before)));
  assert.ok(at(second).includes(line(after)));
  assert.equal(line(after), line(before) + 2);
});

test('cross-resource findings follow edits of the DaemonSet and of the Service, in either order', () => {
  const service = (app: string) => `apiVersion: v1
kind: Service
metadata: {name: agent}
spec:
  selector: {app: ${app}, tier: node}
  ports: [{port: 80}]
`;
  const daemonSet = (app: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: ${app}, tier: node}}
  template:
    metadata: {labels: {app: ${app}, tier: node}}
    spec: {containers: [{name: c, image: i}]}
`;
  const other = ds('other', 'other');
  const versions = [
    { text: [daemonSet('agent'), other, service('agnet')].join('---\n'), missed: true },
    { text: [daemonSet('agnet'), other, service('agnet')].join('---\n'), missed: false }, // the DaemonSet edited
    { text: [daemonSet('agnet'), other, service('agent')].join('---\n'), missed: true }, // the Service edited
    { text: [daemonSet('agent'), other, service('agent')].join('---\n'), missed: false }, // the DaemonSet again
    { text: [daemonSet('agent'), ds('other', 'othr'), service('agent')].join('---\n'), missed: false }, // an unrelated workload
  ];
  let previous: ReturnType<typeof parseFile> | undefined;
  for (const [i, version] of versions.entries()) {
    const parsed = parseFile(version.text, defaultLimits, previous);
    const missed = analyzeFile(parsed).some((d) => d.code === 'selector-misses-daemonset-pods');
    assert.equal(missed, version.missed, `version ${i}`);
    previous = parsed;
  }
});

test('an edit of a workload outside its name, kind and pod labels keeps cross-resource findings; one inside updates them', () => {
  const service = `apiVersion: v1
kind: Service
metadata: {name: svc}
spec:
  selector: {app: agnet}
`;
  const workload = (kind: string, name: string, image: string, label: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${label}}}
  template:
    metadata: {labels: {app: ${label}}}
    spec: {containers: [{name: c, image: ${image}}]}
`;
  const messages = (parsed: ReturnType<typeof parseFile>) =>
    analyzeFile(parsed).filter((d) => d.code === 'selector-misses-daemonset-pods').map((d) => d.message);
  const versions: { text: string; expect: RegExp | undefined }[] = [
    { text: workload('DaemonSet', 'agent', 'i:1', 'agent'), expect: /DaemonSet `agent`.*has `app=agent`/ },
    { text: workload('DaemonSet', 'agent', 'i:2', 'agent'), expect: /DaemonSet `agent`.*has `app=agent`/ }, // image only
    { text: workload('DaemonSet', 'agent2', 'i:2', 'agent'), expect: /DaemonSet `agent2`/ }, // renamed
    { text: workload('DaemonSet', 'agent2', 'i:2', 'agenx'), expect: /has `app=agenx`/ }, // pod label changed
    { text: workload('Deployment', 'agent2', 'i:2', 'agenx'), expect: undefined }, // no longer a DaemonSet
    { text: workload('DaemonSet', 'agent2', 'i:3', 'agenx'), expect: /DaemonSet `agent2`.*has `app=agenx`/ }, // one again
  ];
  let previous: ReturnType<typeof parseFile> | undefined;
  for (const [i, version] of versions.entries()) {
    const parsed = parseFile([version.text, service].join('---\n'), defaultLimits, previous);
    const found = messages(parsed);
    if (version.expect) {
      assert.equal(found.length, 1, `version ${i}: ${found.join(' | ')}`);
      assert.match(found[0]!, version.expect, `version ${i}`);
    } else assert.deepEqual(found, [], `version ${i}`);
    assert.deepEqual(found, messages(parseFile(parsed.text)), `version ${i}: the same as a cold parse`);
    previous = parsed;
  }
});

test("a Service's finding points at the DaemonSet's pod labels, wherever an edit moved them", () => {
  const daemonSet = (comments: number) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
${'  # a comment\n'.repeat(comments)}  selector: {matchLabels: {app: agent}}
  template:
    metadata:
      labels: {app: agent}
    spec: {containers: [{name: c, image: i}]}
`;
  const service = `apiVersion: v1
kind: Service
metadata: {name: svc}
spec:
  selector: {app: agnet}
`;
  let previous: ReturnType<typeof parseFile> | undefined;
  for (const comments of [0, 3, 1]) {
    const text = [service, daemonSet(comments)].join('---\n');
    const parsed = parseFile(text, defaultLimits, previous);
    const [diagnostic] = analyzeFile(parsed).filter((d) => d.code === 'selector-misses-daemonset-pods');
    const labelsLine = text.split('\n').findIndex((line) => line === '      labels: {app: agent}');
    const related = diagnostic?.relatedInformation?.find((information) => /pod labels of DaemonSet `agent`/.test(information.message));
    assert.ok(related, `${comments} comments: ${JSON.stringify(diagnostic?.relatedInformation)}`);
    assert.equal(related.range.start.line, labelsLine, `${comments} comments`);
    previous = parsed;
  }
});
