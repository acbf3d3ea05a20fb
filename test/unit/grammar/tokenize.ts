/**
 * Tokenizes YAML the way VS Code 1.100 does: its own YAML grammars (copied into test/fixtures/grammar/vscode-yaml)
 * with our injection grammar from syntaxes/, through vscode-textmate and the oniguruma WebAssembly build.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const root = resolve(__dirname, '../../..');
export const INJECTION_SCOPE = 'daemonset.yaml.injection';

const grammarFiles: Record<string, string> = {
  'source.yaml': 'test/fixtures/grammar/vscode-yaml/yaml.tmLanguage.json',
  'source.yaml.1.3': 'test/fixtures/grammar/vscode-yaml/yaml-1.3.tmLanguage.json',
  'source.yaml.1.2': 'test/fixtures/grammar/vscode-yaml/yaml-1.2.tmLanguage.json',
  'source.yaml.1.1': 'test/fixtures/grammar/vscode-yaml/yaml-1.1.tmLanguage.json',
  'source.yaml.1.0': 'test/fixtures/grammar/vscode-yaml/yaml-1.0.tmLanguage.json',
  'source.yaml.embedded': 'test/fixtures/grammar/vscode-yaml/yaml-embedded.tmLanguage.json',
  [INJECTION_SCOPE]: 'syntaxes/daemonset-yaml.injection.tmLanguage.json',
};

let grammar: Promise<IGrammar> | undefined;

/** The YAML grammar with our injection, loaded once. */
export function yamlGrammar(withInjection = true): Promise<IGrammar> {
  if (withInjection && grammar) return grammar;
  const loaded = (async () => {
    const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = grammarFiles[scopeName];
        if (!file) return null;
        const path = join(root, file);
        return parseRawGrammar(readFileSync(path, 'utf8'), path);
      },
      getInjections: (scopeName: string) => (withInjection && scopeName === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
    });
    const result = await registry.loadGrammar('source.yaml');
    if (!result) throw new Error('source.yaml did not load');
    return result;
  })();
  if (withInjection) grammar = loaded;
  return loaded;
}

export interface Token {
  line: number;
  text: string;
  startIndex: number;
  scopes: string[];
}

export function tokenize(g: IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let state = INITIAL;
  text.split('\n').forEach((line, index) => {
    const result = g.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ line: index, text: line.slice(token.startIndex, token.endIndex), startIndex: token.startIndex, scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/**
 * A readable snapshot: every line, then under it a caret line and the scopes of each token our injection marked,
 * e.g. `#       ^^^^^^^^^^ support.constant.taint-effect.daemonset (string.unquoted.plain.out.yaml)`.
 */
export function snapshot(text: string, tokens: readonly Token[]): string {
  const out: string[] = [];
  text.split('\n').forEach((line, index) => {
    out.push(`> ${line}`);
    for (const token of tokens) {
      if (token.line !== index) continue;
      const ours = token.scopes.filter((scope) => scope.endsWith('.daemonset'));
      if (ours.length === 0) continue;
      const base = token.scopes.filter((scope) => !scope.endsWith('.daemonset') && scope !== 'source.yaml');
      const innermost = base[base.length - 1];
      out.push(`#${' '.repeat(token.startIndex + 1)}${'^'.repeat(token.text.length)} ${ours.join(' ')}${innermost ? ` (in ${innermost})` : ''}`);
    }
  });
  return `${out.join('\n')}\n`;
}
