/**
 * The snippets expand (with their default choices) into manifests that pass every rule and the bundled schema.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { parseFile } from '../../../server/src/model/parsedFile';
import { createSchemaFeatures } from '../../../server/src/schema/schemaService';

const snippets = JSON.parse(readFileSync(resolve(__dirname, '../../../snippets/daemonset.code-snippets'), 'utf8')) as Record<string, { prefix: string | string[]; body: string[] }>;

/** A snippet body with every placeholder at its default (the first choice), tab stops removed. */
function expand(body: readonly string[]): string {
  let text = body.join('\n');
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\d+/g, '');
}

const podSpecWith = (tolerations: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n  tolerations:\n${tolerations.replace(/^/gm, '  ')}\n`;

describe('snippets', () => {
  test('every snippet has a prefix and a body', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.prefix.length > 0 && snippet.body.length > 0, name);
    }
  });

  for (const name of ['DaemonSet (apps/v1)', 'Node-agent DaemonSet (apps/v1)']) {
    test(`${name} passes the rules and the schema`, async () => {
      const text = expand(snippets[name]!.body);
      assert.deepEqual(analyzeText(text).filter((d) => d.severity === 'error' || d.severity === 'warning'), []);
      const schema = createSchemaFeatures();
      const document = TextDocument.create('file:///snippet.yaml', 'yaml', 1, text);
      assert.deepEqual(await schema.validate(document, parseFile(text)), []);
    });
  }

  test('the node agent uses the host network and filesystem and tolerates both control-plane keys', () => {
    const spec = parse(expand(snippets['Node-agent DaemonSet (apps/v1)']!.body)).spec.template.spec;
    assert.equal(spec.hostNetwork, true);
    assert.equal(spec.volumes[0].hostPath.path, '/');
    const keys = spec.tolerations.map((t: { key: string }) => t.key);
    assert.ok(keys.includes('node-role.kubernetes.io/control-plane') && keys.includes('node-role.kubernetes.io/master'));
  });

  test('the toleration snippets are valid tolerations', () => {
    for (const name of ['Toleration', 'Tolerate the control plane (both keys)', 'Tolerate everything', 'Tolerate NotReady and unreachable nodes']) {
      const text = podSpecWith(expand(snippets[name]!.body).trimEnd());
      assert.ok(Array.isArray(parse(text).spec.tolerations), name);
      assert.deepEqual(analyzeText(text).filter((d) => d.severity === 'error'), [], name);
    }
  });
});
