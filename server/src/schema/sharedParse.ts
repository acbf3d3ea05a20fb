/**
 * One parse for both analyses. The embedded yaml-language-server validates a text by parsing it with `yaml` into its
 * own YAMLDocument, cached per uri and version (`yamlDocumentsCache`). Our document model has already parsed every
 * piece of the file with the same `yaml` package (one copy: package.json pins the version yaml-language-server
 * uses) and the same options, so the service is handed a YAMLDocument made of our parsed documents under the uri and
 * version it is about to validate: it converts and validates them without parsing the text a second time.
 *
 * This mirrors yaml-language-server 1.25.0's `parse()` (parser/yamlParser07.ts): a SingleYAMLDocument per YAML
 * document with the parse's line counter (none when the text's last line is blank, as there), and the comments
 * above each document as its header comments (where it looks for a `$schema` modeline).
 */
import { LineCounter } from 'yaml';
import { SingleYAMLDocument, YAMLDocument, yamlDocumentsCache } from 'yaml-language-server/out/server/src/languageservice/parser/yaml-documents';
import type { ParsedDocument } from '../model/parsedFile';

interface CacheEntry {
  version: number;
  document: YAMLDocument;
  parserOptions: { customTags: string[]; yamlVersion: '1.2' };
}

const serviceCache = (): Map<string, CacheEntry> => (yamlDocumentsCache as unknown as { cache: Map<string, CacheEntry> }).cache;

/**
 * Puts a YAMLDocument of `documents` (the validated documents of one piece, whose text is `source`) in the service's
 * cache as `uri` at `version`: the next `doValidation` of that uri and version uses it as its parse.
 * @param all every document of the piece, in order (header comments are counted over all of them)
 */
export function provideParse(uri: string, version: number, source: string, all: readonly ParsedDocument[], documents: readonly ParsedDocument[]): void {
  const piece = all[0]?.piece;
  if (!piece) return;
  const lineCounter = lastLineBlank(source) ? new LineCounter() : piece.lineCounter;
  const singles = documents.map((entry) => {
    const single = new SingleYAMLDocument(lineCounter as never);
    single.documentHeaderComments = piece.headerComments[all.indexOf(entry)] ?? [];
    single.internalDocument = entry.document as never;
    return single;
  });
  // No CST tokens: the service reads them for completion only (whether the cursor is in a comment).
  serviceCache().set(uri, { version, document: new YAMLDocument(singles, []), parserOptions: { customTags: [], yamlVersion: '1.2' } });
}

/** Whether the service would have parsed `uri` itself (our parse was not used): for tests. */
export function usedOurParse(uri: string, version: number, documents: readonly ParsedDocument[]): boolean {
  const entry = serviceCache().get(uri);
  return entry?.version === version && entry.document.documents.every((single, i) => single.internalDocument === (documents[i]?.document as unknown));
}

export function dropParse(uri: string): void {
  serviceCache().delete(uri);
}

/** As yaml-language-server: the text's last line (after the last line break) holds nothing but white space. */
function lastLineBlank(text: string): boolean {
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return text.slice(lastBreak + 1).trim().length === 0;
}
