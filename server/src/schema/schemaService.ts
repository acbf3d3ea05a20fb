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
import type { CompletionItem, Diagnostic, Hover, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedDocument, ParsedFile } from '../model/parsedFile';
import { bundledKubernetesSchema, KUBERNETES_SCHEMA_URI, KUBERNETES_SCHEMA_VERSION } from './bundledSchema';
import { DocumentFragments, ProblemCache, shift, shiftItem } from './fragments';
import { offlineSchemaRequestService } from './offlineRequests';
import { dropParse, provideParse } from './sharedParse';

/** The code our schema diagnostics carry (their `source` is the server's own `daemonset`). */
export const SCHEMA_DIAGNOSTIC_CODE = 'kubernetes-schema';

/** Documents validated between two yields to the event loop (completion and hover answer in between). */
const yieldEvery = 50;

/** Schema problems are reported by the language service with this source prefix; everything else is dropped. */
const schemaSourcePrefix = 'yaml-schema';

export interface SchemaFeatures {
  /**
   * Schema problems of the file, only in the documents that our analysis reads (not templated, not broken).
   * Yields to other requests now and then on large files; resolves undefined as soon as `stale()` says the result
   * is no longer wanted.
   */
  validate(document: TextDocument, parsed: ParsedFile, stale?: () => boolean): Promise<Diagnostic[] | undefined>;
  complete(document: TextDocument, position: Position): Promise<CompletionItem[]>;
  hover(document: TextDocument, position: Position): Promise<Hover | null>;
  /** Drops what the service caches for a closed document. */
  forget(uri: string): void;
}

export interface SchemaFeatureOptions {
  /** Validate our parse of the file (default) rather than have the service parse every piece again: off for tests and benchmarks only. */
  shareParse?: boolean;
  /** Told when the service fails on a document (that document then gets no schema problems). */
  onFailure?: (message: string) => void;
}

export function createSchemaFeatures(onRefused?: (uri: string) => void, options: SchemaFeatureOptions = {}): SchemaFeatures {
  const shareParse = options.shareParse !== false;
  const onFailure = options.onFailure;
  const fragments = new DocumentFragments();
  const problems = new ProblemCache();
  /** Validation hands the service one YAML document at a time under this uri, a new version each time. */
  const scratchUri = 'daemonset-tools://validation/document.yaml';
  let scratchVersion = 0;
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
    async validate(_document, parsed, stale) {
      // Piece by piece (the text between two `---` lines), each cached by its text: an edit in one document of a
      // large file re-validates that piece only. The service validates our parse of the piece (sharedParse.ts);
      // templated and broken documents are left out, as our analysis leaves them out.
      const result: Diagnostic[] = [];
      let work = 0;
      for (const piece of piecesOf(parsed)) {
        const checked = piece.documents.filter((entry) => !entry.templated && !entry.broken);
        if (checked.length === 0) continue;
        const text = piece.documents[0]!.source;
        let found = problems.get(text);
        if (!found) {
          if (++work % yieldEvery === 0) {
            await new Promise((resolve) => setImmediate(resolve));
            if (stale?.()) return undefined;
          }
          const fragment = TextDocument.create(scratchUri, 'yaml', ++scratchVersion, text);
          try {
            if (shareParse) provideParse(scratchUri, scratchVersion, text, piece.documents, checked);
            found = ours(await service.doValidation(fragment, false));
          } catch (error) {
            // The service failed on this piece (it recurses over the YAML: a pathological input can overflow the
            // stack): the piece gets no schema problems, the others still do, and our own analysis is unaffected.
            onFailure?.(`schema validation skipped for a document: ${error instanceof Error ? error.message : String(error)}`);
            found = [];
          } finally {
            dropParse(scratchUri);
          }
          problems.set(text, found);
        }
        const line = parsed.lines.positionAt(piece.documents[0]!.offset).line;
        for (const diagnostic of found) result.push({ ...diagnostic, range: shift(diagnostic.range, line) });
      }
      return result;
    },
    async complete(document, position) {
      const { fragment, line } = fragments.at(document, position);
      if (!fragments.fitsService(fragment)) return [];
      const list = await service.doComplete(fragment, { line: position.line - line, character: position.character }, false);
      return (list.items as CompletionItem[]).map((item) => shiftItem(item, line));
    },
    async hover(document, position) {
      const { fragment, line } = fragments.at(document, position);
      if (!fragments.fitsService(fragment)) return null;
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

/** Schema problems only (not the service's YAML syntax or style findings, which our analysis reports its own way). */
function ours(found: Diagnostic[]): Diagnostic[] {
  return found
    .filter((diagnostic) => typeof diagnostic.source === 'string' && diagnostic.source.startsWith(schemaSourcePrefix))
    .map((diagnostic) => ({
      range: diagnostic.range,
      severity: diagnostic.severity ?? 2,
      code: SCHEMA_DIAGNOSTIC_CODE,
      source: 'daemonset',
      message: diagnostic.message,
    }));
}

/** The file's documents grouped by the piece of text they were parsed from (consecutive documents share a piece). */
function piecesOf(parsed: ParsedFile): { documents: ParsedDocument[] }[] {
  const pieces: { documents: ParsedDocument[] }[] = [];
  for (const entry of parsed.documents) {
    const last = pieces[pieces.length - 1];
    if (last && last.documents[0]!.piece === entry.piece && last.documents[0]!.offset === entry.offset) last.documents.push(entry);
    else pieces.push({ documents: [entry] });
  }
  return pieces;
}
