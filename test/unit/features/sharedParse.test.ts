/**
 * Schema validation runs on our parse of the file (server/src/schema/sharedParse.ts): the embedded
 * yaml-language-server must not parse the text again, and what it reports must be exactly what it reports when it
 * parses the text itself.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { stringify } from 'yaml';
import { generateManifest } from '../../../bench/manifest';
import { parseFile } from '../../../server/src/model/parsedFile';
import { ProblemCache } from '../../../server/src/schema/fragments';
import { createSchemaFeatures } from '../../../server/src/schema/schemaService';

const fixtures = join(__dirname, '../../fixtures');
const examples = (JSON.parse(readFileSync(join(fixtures, 'cases/validation-examples.json'), 'utf8')) as { name: string; manifest: unknown }[]).map(
  (example) => ({ name: `validation example ${example.name}`, text: stringify(example.manifest) }),
);

const wrongTypes = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  labels: {app: agent}
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      hostNetwork: "yes"
      containers:
        - name: agent
          image: agent:1
          ports:
            - containerPort: eighty
          command: |
            run
            --fast
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
          tolerationSeconds: soon
`;

/** `containers` is a map, not a list: the problem's range spans lines, where the service's line counter matters. */
const multiLine = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        name: agent
        image: agent:1
  selector:
    matchLabels:
      app: agent
`;

const cases: { name: string; text: string }[] = [
  ...examples,
  { name: 'wrong types, block scalar, flow map', text: wrongTypes },
  { name: 'no line break at the end (the service keeps its line counter then)', text: wrongTypes.trimEnd() },
  { name: 'a wrong type on a multi-line value (the service drops its line counter when the last line is blank)', text: multiLine },
  { name: 'a wrong type on a multi-line value, no line break at the end', text: `${multiLine}  minReadySeconds: 5` },
  { name: 'CRLF line endings', text: wrongTypes.replace(/\n/g, '\r\n') },
  { name: 'three documents, comments between them', text: `# first\n${wrongTypes}# between\n---\n# header\n${wrongTypes}---\n${wrongTypes.replace('kind: DaemonSet', 'kind: Deployment')}` },
  { name: 'a document ended with `...` and a second one in the same piece', text: `${wrongTypes}...\n${wrongTypes.replace('hostNetwork: "yes"', 'hostPID: 7')}` },
  { name: 'a modeline above the document', text: `# yaml-language-server: $schema=https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.0-standalone-strict/daemonset-apps-v1.json\n${wrongTypes}` },
  { name: 'anchors and aliases', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: &meta\n  name: x\n  labels: {a: b}\ndata:\n  k: 1\n---\napiVersion: v1\nkind: Service\nmetadata: *meta\nspec:\n  ports: [{port: high}]\n` },
  { name: 'generated manifest, 40 documents of four kinds', text: generateManifest(40) },
];

const requireHere = createRequire(__filename);
const parserModule = requireHere('yaml-language-server/out/server/src/languageservice/parser/yamlParser07') as { parse: (...args: unknown[]) => unknown };
const originalParse = parserModule.parse;
let serviceParses = 0;

describe('schema validation on the shared parse', () => {
  beforeEach(() => {
    serviceParses = 0;
    parserModule.parse = (...args: unknown[]) => {
      serviceParses++;
      return originalParse(...args);
    };
  });
  afterEach(() => {
    parserModule.parse = originalParse;
  });

  const validate = async (text: string, shareParse: boolean) => {
    const features = createSchemaFeatures(undefined, { shareParse });
    const document = TextDocument.create('file:///case.yaml', 'yaml', 1, text);
    const found = await features.validate(document, parseFile(text));
    assert.ok(found, 'validation finished');
    return found;
  };

  for (const { name, text } of cases) {
    test(`${name}: the same problems as when the service parses the text itself`, async () => {
      const own = await validate(text, false);
      const ownParses = serviceParses;
      serviceParses = 0;
      const shared = await validate(text, true);
      assert.ok(ownParses > 0, 'the service parses when it is not handed our parse (the spy works)');
      assert.equal(serviceParses, 0, 'the service did not parse the text again');
      assert.deepEqual(shared, own);
    });
  }

  test('the cases find schema problems at all (the comparison is not between two empty lists)', async () => {
    const problems = await validate(wrongTypes, true);
    const lines = problems.map((problem) => problem.range.start.line).sort((a, b) => a - b);
    // hostNetwork "yes" (line 14), containerPort eighty (19), command a string (20), tolerationSeconds soon (26).
    assert.deepEqual(lines, [14, 19, 20, 26]);
  });

  test('a templated document in the same piece as a plain one is not validated; the plain one is', async () => {
    const templated = wrongTypes.replace('name: agent\n  labels', 'name: {{ .Values.name }}\n  labels');
    const problems = await validate(`${templated}...\n${wrongTypes}`, true);
    const offset = templated.split('\n').length; // the second document starts after the first and its `...` line
    assert.deepEqual(
      problems.map((problem) => problem.range.start.line).sort((a, b) => a - b),
      [14, 19, 20, 26].map((line) => line + offset),
    );
  });
});

describe('the schema problem cache', () => {
  test('holds at most its entry and character limits, starting over past them', () => {
    const cache = new ProblemCache(3, 10);
    cache.set('aaaa', []);
    cache.set('bbbb', []);
    assert.deepEqual(cache.size, { entries: 2, chars: 8 });
    cache.set('cccc', []); // 12 characters would exceed 10: start over
    assert.deepEqual(cache.size, { entries: 1, chars: 4 });
    assert.equal(cache.get('aaaa'), undefined);
    assert.deepEqual(cache.get('cccc'), []);
    cache.set('d', []);
    cache.set('e', []);
    cache.set('f', []); // a fourth entry: start over
    assert.deepEqual(cache.size, { entries: 1, chars: 1 });
  });
});
