/**
 * `daemonset-check lint FILES... [--format text|json|sarif]`: the same analysis as the editor, for terminals and CI.
 * Exit 1 when any error-severity diagnostic was reported, 0 otherwise, 2 on usage errors or unreadable input.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, defaultAnalysisOptions, type FileDiagnostic } from '../analysis/analyzeFile';
import { parseFile } from '../model/parsedFile';
import { createSchemaFeatures, type SchemaFeatures } from '../schema/schemaService';
import { ruleCodes } from '../rules/registry';
import { ExitCode, UsageError, type CliIo } from './io';
import { toSarif } from './sarif';

export type LintFormat = 'text' | 'json' | 'sarif';

export interface LintedFile {
  path: string;
  diagnostics: FileDiagnostic[];
}

export const lintUsage = 'usage: daemonset-check lint FILES... [--format text|json|sarif] [--no-schema] [--enable-toleration-comparison-operators]';

export async function runLint(args: string[], io: CliIo): Promise<number> {
  const { files, format, comparisonOperators, schema: useSchema } = parseArgs(args);
  const options = { ...defaultAnalysisOptions, rules: { tolerationComparisonOperators: comparisonOperators } };
  // The editor's bundled Kubernetes schema validation too, unless --no-schema (offline: nothing is fetched).
  const schema = useSchema ? createSchemaFeatures((uri) => io.stderr(`daemonset-check: not fetching schema ${uri} (offline)\n`)) : undefined;
  const linted: LintedFile[] = [];
  let unreadable = false;
  for (const file of files) {
    const absolute = resolve(io.cwd, file);
    let text: string;
    try {
      if (statSync(absolute).isDirectory()) throw new Error('is a directory');
      text = readFileSync(absolute, 'utf8');
    } catch (error) {
      io.stderr(`daemonset-check: cannot read ${file}: ${error instanceof Error ? error.message.replace(/^[A-Z]+: /, '') : String(error)}\n`);
      unreadable = true;
      continue;
    }
    linted.push({ path: file, diagnostics: await lintText(absolute, text, options, schema) });
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ files: linted.map(toJsonFile) }, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout(`${JSON.stringify(toSarif(linted, ruleCodes, io.cwd), null, 2)}\n`);
  } else {
    io.stdout(formatText(linted, io));
  }
  if (unreadable) return ExitCode.usage;
  return linted.some((file) => file.diagnostics.some((d) => d.severity === 'error')) ? ExitCode.findings : ExitCode.ok;
}

/** Our rules and file problems, then the schema problems of the same parse, in file order. */
async function lintText(path: string, text: string, options: typeof defaultAnalysisOptions, schema: SchemaFeatures | undefined): Promise<FileDiagnostic[]> {
  const parsed = parseFile(text, options.limits);
  const diagnostics = analyzeFile(parsed, options);
  if (!schema) return diagnostics;
  const found = (await schema.validate(TextDocument.create(pathToFileURL(path).href, 'yaml', 1, text), parsed)) ?? [];
  const severities = ['error', 'error', 'warning', 'information', 'hint'] as const;
  for (const problem of found) {
    diagnostics.push({ range: problem.range, severity: severities[problem.severity ?? 2], code: String(problem.code), message: typeof problem.message === 'string' ? problem.message : problem.message.value });
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function parseArgs(args: string[]): { files: string[]; format: LintFormat; comparisonOperators: boolean; schema: boolean } {
  const files: string[] = [];
  let format: LintFormat = 'text';
  let comparisonOperators = false;
  let schema = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value !== 'text' && value !== 'json' && value !== 'sarif') throw new UsageError(`unknown format '${value ?? ''}' (text, json or sarif)`);
      format = value;
    } else if (arg === '--enable-toleration-comparison-operators') {
      comparisonOperators = true;
    } else if (arg === '--no-schema') {
      schema = false;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('no files given');
  return { files, format, comparisonOperators, schema };
}

function toJsonFile(file: LintedFile) {
  return {
    path: file.path,
    diagnostics: file.diagnostics.map((d) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message })),
  };
}

const colours = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' } as const;

/** `file:line:col: severity code: message`, 1-based like compilers, and a summary line. */
function formatText(files: LintedFile[], io: CliIo): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) {
    const shown = relative(io.cwd, resolve(io.cwd, file.path)) || file.path;
    for (const d of file.diagnostics) {
      counts[d.severity]++;
      const severity = io.isTty ? `${colours[d.severity]}${d.severity}\x1b[0m` : d.severity;
      lines.push(`${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity} ${d.code}: ${d.message}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(files.length, 'file')} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information.`,
  );
  return `${lines.join('\n')}\n`;
}
