/**
 * Completion: finds where the cursor is (works on half-typed YAML), asks the toleration and node-selection modules
 * for their items, and merges them with the field completions of the embedded schema service: our items win where
 * both offer the same label, and the schema's toleration field names give way to ours (which know, for example,
 * that `tolerationSeconds` only makes sense with `effect: NoExecute`).
 */
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import type { Position } from '../model/lineIndex';
import { cursorContext, type CursorContext } from './cursorContext';
import { asRecord, documentReader, type SourceText } from './documentValues';
import { createEdits, type CompletionEnvironment } from './completionTypes';
import { labelCompletions, type RequirementAround } from './labelCompletions';
import { tolerationCompletions } from './tolerationCompletions';

export type { CompletionEnvironment } from './completionTypes';

const TOLERATION_FIELDS = new Set(['key', 'operator', 'value', 'effect', 'tolerationSeconds']);

/** Our own items at a position (no schema): exported for unit tests. */
export function ownCompletions(source: SourceText, position: Position, env: CompletionEnvironment): { items: CompletionItem[]; context?: CursorContext } {
  const offset = source.lines.offsetAt(position);
  const context = cursorContext(source.text, offset);
  if (!context || !context.place) return context ? { items: [], context } : { items: [] };
  const edits = createEdits(source.lines);
  const items = [
    ...tolerationCompletions(context, env, edits),
    ...labelCompletions(context, env, edits, () => requirementAround(source, context)),
  ];
  return { items, context };
}

/**
 * Completion at a position. Typing a space triggers it too (so that `- key: ` offers taint keys at once), but only
 * right after `: `, `- ` or `, `; anywhere else a space completes nothing.
 */
export async function provideCompletions(
  source: SourceText,
  position: Position,
  env: CompletionEnvironment,
  schemaItems?: () => Promise<CompletionItem[]>,
  triggerCharacter?: string,
): Promise<CompletionList> {
  if (triggerCharacter === ' ') {
    const offset = source.lines.offsetAt(position);
    const before = source.text.slice(Math.max(0, offset - 2), offset);
    if (before !== ': ' && before !== '- ' && before !== ', ') return { isIncomplete: false, items: [] };
  }
  const { items, context } = ownCompletions(source, position, env);
  // The schema's items (apiVersion, kind at the top) are noise in YAML that is not Kubernetes (CI, compose files).
  const head = context?.document;
  const kubernetes = head !== undefined && (head.apiVersion !== undefined || head.kind !== undefined || !head.otherKeys);
  const fromSchema = schemaItems && kubernetes ? await schemaItems() : [];
  const labels = new Set(items.map((item) => item.label));
  const replacesFields = env.fieldNames && context?.place?.type === 'toleration' && context.kind !== 'value';
  for (const item of fromSchema) {
    // `null` is offered for every optional field (they accept YAML null); it is never what anyone wants to type.
    if (labels.has(item.label) || item.label === 'null') continue;
    if (replacesFields && TOLERATION_FIELDS.has(item.label)) continue;
    items.push(item);
  }
  return { isIncomplete: false, items };
}

/** The node-selector requirement that holds a `values` item at the cursor, read from the parsed document. */
function requirementAround(source: SourceText, context: CursorContext): RequirementAround | undefined {
  const place = context.place;
  if (place?.type !== 'requirementValue') return undefined;
  const value = documentReader(source.text, context.document)(place.requirement);
  if (typeof value !== 'object' || value === null) return undefined;
  const record = asRecord(value);
  return {
    ...(typeof record.key === 'string' ? { key: record.key } : {}),
    ...(typeof record.operator === 'string' ? { operator: record.operator } : {}),
    values: Array.isArray(record.values) ? record.values.filter((v): v is string => typeof v === 'string') : [],
  };
}
