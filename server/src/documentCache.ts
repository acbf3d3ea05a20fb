/** Parsed files keyed by uri and version: a file is parsed once per version, whatever asks for it. */
import { parseFile, type ParsedFile } from './model/parsedFile';
import type { AnalysisLimits } from './model/limits';

interface Entry {
  version: number;
  limits: AnalysisLimits;
  parsed: ParsedFile;
}

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();

  get(uri: string, version: number, text: () => string, limits: AnalysisLimits): ParsedFile {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.limits === limits) return entry.parsed;
    // The previous version's documents are reused where their text did not change.
    const parsed = parseFile(text(), limits, entry?.parsed);
    this.entries.set(uri, { version, limits, parsed });
    return parsed;
  }

  /** The parse of that version, if there is one already. */
  peek(uri: string, version: number): ParsedFile | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.version === version ? entry.parsed : undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
