/** The server's settings (section `daemonset`), with safe defaults when the client sends none. */
import { defaultLimits, type AnalysisLimits } from './model/limits';
import type { AnalysisOptions } from './analysis/analyzeFile';

export interface DaemonSetSettings {
  limits?: { maxFileSizeMB?: number; maxDocuments?: number; maxAliasCount?: number; maxNestingDepth?: number };
  featureGates?: { tolerationComparisonOperators?: boolean };
  validation?: { delayMs?: number };
}

/** Validation waits this long after the last change by default (setting `daemonset.validation.delayMs`). */
export const defaultValidationDelayMs = 200;

/** `daemonset.validation.delayMs`: 0 to 5,000 ms; anything else reads as the default. */
export function toValidationDelay(settings: DaemonSetSettings | null | undefined): number {
  const value = settings?.validation?.delayMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(Math.min(value, 5000)) : defaultValidationDelayMs;
}

const positive = (value: unknown, fallback: number, max: number): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback;

export function toAnalysisOptions(settings: DaemonSetSettings | null | undefined): AnalysisOptions {
  const limits: AnalysisLimits = {
    maxFileSize: Math.round(positive(settings?.limits?.maxFileSizeMB, defaultLimits.maxFileSize / 1024 / 1024, 512) * 1024 * 1024),
    maxDocuments: Math.round(positive(settings?.limits?.maxDocuments, defaultLimits.maxDocuments, 1_000_000)),
    maxAliasCount: Math.round(positive(settings?.limits?.maxAliasCount, defaultLimits.maxAliasCount, 1_000_000)),
    maxNestingDepth: Math.round(positive(settings?.limits?.maxNestingDepth, defaultLimits.maxNestingDepth, 1_000)),
  };
  return {
    limits,
    rules: { tolerationComparisonOperators: settings?.featureGates?.tolerationComparisonOperators === true },
  };
}
