/** Bounds that keep analysis fast and memory-safe on huge or hostile files. Each is a setting with this default. */
export interface AnalysisLimits {
  /** Files larger than this (in characters) are not analysed; one diagnostic says so. */
  maxFileSize: number;
  /** Documents past this count in one file are not analysed. */
  maxDocuments: number;
  /** Alias expansions allowed per document (a "billion laughs" file exceeds it). */
  maxAliasCount: number;
  /** Collections nested deeper than this are not analysed. */
  maxNestingDepth: number;
}

export const defaultLimits: AnalysisLimits = {
  maxFileSize: 5 * 1024 * 1024,
  maxDocuments: 5_000,
  maxAliasCount: 1_000,
  maxNestingDepth: 200,
};
