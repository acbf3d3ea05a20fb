/**
 * The embedded yaml-language-server language service (1.25.0: the last line that runs on Node 20), fed only the
 * bundled Kubernetes schema. It answers schema validation, field completion and field hover; our own features
 * merge their results with it. It is one object in our server process, not a second server.
 *
 * Per-document selection by apiVersion/kind is done by the schema itself (`allOf` of `if`/`then`, see
 * scripts/generateSchema.ts), so every document of a multi-document file is checked against its own kind, other
 * kinds (custom resources) are not checked, and no "Matches multiple schemas" problem can arise.
 */
import { getLanguageService, type LanguageService } from 'yaml-language-server/out/server/src/languageservice/yamlLanguageService';
import { yamlDocumentsCache } from 'yaml-language-server/out/server/src/languageservice/parser/yaml-documents';
import type { CompletionItem, Diagnostic, Hover, Position, Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { yamlDocumentAt } from '../features/cursorContext';
import type { ParsedFile } from '../model/parsedFile';
import { bundledKubernetesSchema, KUBERNETES_SCHEMA_URI, KUBERNETES_SCHEMA_VERSION } from './bundledSchema';
import { offlineSchemaRequestService } from './offlineRequests';

/** The code our schema diagnostics carry (their `source` is the server's own `daemonset`). */
export const SCHEMA_DIAGNOSTIC_CODE = 'kubernetes-schema';

/** Schema problems are reported by the language service with this source prefix; everything else is dropped. */
const schemaSourcePrefix = 'yaml-schema';

export interface SchemaFeatures {
  /** Schema problems of the file, only in the documents that our analysis reads (not templated, not broken). */
  validate(document: TextDocument, parsed: ParsedFile): Promise<Diagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionItem[]>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
  /** Drops what the service caches for a closed document. */
  forget(uri: string): void;
}

export function createSchemaFeatures(onRefused?: (uri: string) => void): SchemaFeatures {
  const fragments = new Fragments();
  const service: LanguageService = getLanguageService({
    schemaRequestService: offlineSchemaRequestService(onRefused),
    workspaceContext: { resolveRelativePath: (relativePath: string) => relativePath },
  });
  service.configure({
    validate: true,
    hover: true,
    completion: true,
    format: false,
    isKubernetes: false,
    hoverSchemaSource: false,
    disableDefaultProperties: true,
    schemas: [
      {
        uri: KUBERNETES_SCHEMA_URI,
        fileMatch: ['*'],
        name: `Kubernetes ${KUBERNETES_SCHEMA_VERSION}`,
        schema: bundledKubernetesSchema(),
      },
    ],
  });

  return {
    async validate(document, parsed) {
      const inScope = analysedRanges(parsed);
      if (inScope.length === 0) return [];
      const found = await service.doValidation(document, false);
      const result: Diagnostic[] = [];
      for (const diagnostic of found) {
        if (typeof diagnostic.source !== 'string' || !diagnostic.source.startsWith(schemaSourcePrefix)) continue;
        const offset = parsed.lines.offsetAt(diagnostic.range.start);
        if (!inScope.some(([start, end]) => offset >= start && offset <= end)) continue;
        result.push({
          range: diagnostic.range,
          severity: diagnostic.severity ?? 2,
          code: SCHEMA_DIAGNOSTIC_CODE,
          source: 'daemonset',
          message: diagnostic.message,
        });
      }
      return result;
    },
    async complete(document, position) {
      const { fragment, line } = fragments.at(document, position);
      const list = await service.doComplete(fragment, { line: position.line - line, character: position.character }, false);
      return (list.items as CompletionItem[]).map((item) => shiftItem(item, line));
    },
    async hover(document, position) {
      const { fragment, line } = fragments.at(document, position);
      const hover = (await service.doHover(fragment, { line: position.line - line, character: position.character })) as Hover | null;
      if (hover?.range) hover.range = shift(hover.range, line);
      return hover;
    },
    forget(uri) {
      const cache = (yamlDocumentsCache as unknown as { cache: Map<string, unknown> }).cache;
      cache.delete(uri);
      cache.delete(fragments.uriOf(uri));
      fragments.forget(uri);
    },
  };
}

/**
 * Completion and hover need only the YAML document at the cursor. Handing the language service that document
 * alone (as a text of its own, lines shifted) spares it parsing a file of thousands of documents on every
 * keystroke; schema selection is per document anyway.
 */
class Fragments {
  private readonly latest = new Map<string, TextDocument>();

  uriOf(uri: string): string {
    return `${uri}#daemonset-document`;
  }

  at(document: TextDocument, position: Position): { fragment: TextDocument; line: number } {
    const text = document.getText();
    const range = yamlDocumentAt(text, document.offsetAt(position)) ?? { start: 0, end: text.length };
    const line = document.positionAt(range.start).line;
    const content = text.slice(range.start, range.end);
    const uri = this.uriOf(document.uri);
    let fragment = this.latest.get(uri);
    if (!fragment || fragment.getText() !== content) {
      fragment = TextDocument.create(uri, 'yaml', (fragment?.version ?? 0) + 1, content);
      this.latest.set(uri, fragment);
    }
    return { fragment, line };
  }

  forget(uri: string): void {
    this.latest.delete(this.uriOf(uri));
  }
}

const shift = (range: Range, lines: number): Range => ({
  start: { line: range.start.line + lines, character: range.start.character },
  end: { line: range.end.line + lines, character: range.end.character },
});

function shiftItem(item: CompletionItem, lines: number): CompletionItem {
  if (lines === 0) return item;
  const edit = item.textEdit;
  if (edit && 'range' in edit) item.textEdit = { ...edit, range: shift(edit.range, lines) };
  else if (edit) item.textEdit = { ...edit, insert: shift(edit.insert, lines), replace: shift(edit.replace, lines) };
  if (item.additionalTextEdits) item.additionalTextEdits = item.additionalTextEdits.map((e: TextEdit) => ({ ...e, range: shift(e.range, lines) }));
  return item;
}

/** Offsets of the documents our analysis reads: templated and broken documents get no schema problems either. */
function analysedRanges(parsed: ParsedFile): [number, number][] {
  return parsed.documents.filter((d) => !d.templated && !d.broken).map((d) => [d.start, d.end]);
}
