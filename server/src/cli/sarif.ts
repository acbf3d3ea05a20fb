/** SARIF 2.1.0 output, for GitHub code scanning and other CI viewers. */
import { pathToFileURL } from 'node:url';
import { resolve, relative, sep } from 'node:path';
import type { RuleCode } from '../rules/types';
import type { LintedFile } from './lintCommand';
import { SCHEMA_DIAGNOSTIC_CODE } from '../schema/schemaService';

const levels = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

export function toSarif(files: LintedFile[], codes: ReadonlyMap<string, RuleCode>, cwd: string): object {
  const fileCodes = new Set(['yaml-syntax', 'analysis-limited', 'template-skipped']);
  const usedCodes = new Set(files.flatMap((file) => file.diagnostics.map((d) => d.code)));
  const rules = [...codes.values()].map((code) => ({
    id: code.code,
    shortDescription: { text: code.title },
    defaultConfiguration: { level: levels[code.severity] },
  }));
  for (const code of usedCodes) {
    if (!codes.has(code) && fileCodes.has(code)) rules.push({ id: code, shortDescription: { text: code }, defaultConfiguration: { level: 'warning' } });
  }
  if (usedCodes.has(SCHEMA_DIAGNOSTIC_CODE)) {
    rules.push({ id: SCHEMA_DIAGNOSTIC_CODE, shortDescription: { text: 'A field does not match the bundled Kubernetes schema' }, defaultConfiguration: { level: 'warning' } });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'daemonset-check', informationUri: 'https://github.com/daemonset-tools/daemonset-tools', rules } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href}/` } },
        results: files.flatMap((file) =>
          file.diagnostics.map((d) => ({
            ruleId: d.code,
            level: levels[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: relative(cwd, resolve(cwd, file.path)).split(sep).join('/'), uriBaseId: 'SRCROOT' },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
