/**
 * What the completion modules share: the environment they complete in, and the edits that put an item's text
 * exactly over the scalar at the cursor (quotes included), in the file's own style.
 */
import type { CompletionItem } from 'vscode-languageserver';
import type { ClusterSnapshot } from '../clusterSnapshot';
import type { LineIndex } from '../model/lineIndex';
import type { CursorContext } from './cursorContext';
import { yamlString } from './knowledge';

export interface CompletionEnvironment {
  snapshot: ClusterSnapshot | undefined;
  /** Feature gate `TaintTolerationComparisonOperators`: offer toleration operators `Lt` and `Gt`. */
  comparisonOperators: boolean;
  /**
   * Offer field names (`key:`, `tolerationSeconds:`...) in tolerations. Off when another extension's Kubernetes
   * schema completes field names already, so that they do not appear twice.
   */
  fieldNames: boolean;
}

type ItemFields = Omit<CompletionItem, 'label' | 'textEdit'>;

export interface Edits {
  /** Replaces the scalar at the cursor with `value`, quoted when YAML would not read it as a string. */
  value(context: CursorContext, value: string, fields: ItemFields): CompletionItem;
  /** Replaces the key at the cursor with `name: ` (just `name` when the line has its colon already). */
  key(context: CursorContext, name: string, fields: ItemFields): CompletionItem;
  /** Replaces a whole new sequence item (from its dash, in block style) with `text`. */
  item(context: CursorContext, text: string, fields: ItemFields & { label: string }): CompletionItem;
}

const retrigger = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function createEdits(lines: LineIndex): Edits {
  const range = (start: number, end: number) => lines.rangeOf(start, end);
  return {
    value(context, value, fields) {
      const newText = context.token.quoted ? JSON.stringify(value) : yamlString(value);
      const item: CompletionItem = {
        label: value === '' ? '""' : value,
        ...fields,
        textEdit: { range: range(context.token.start, context.token.end), newText },
      };
      if (newText !== item.label) item.filterText = newText;
      return item;
    },
    key(context, name, fields) {
      const complete = context.kind === 'key' && context.key !== undefined;
      const written = yamlString(name);
      const item: CompletionItem = {
        label: name,
        ...fields,
        textEdit: { range: range(context.token.start, context.token.end), newText: complete ? written : `${written}: ` },
      };
      if (written !== name) item.filterText = written;
      if (!complete) item.command = retrigger;
      return item;
    },
    item(context, text, fields) {
      const start = context.dash && !context.flow ? lines.lineStartOf(context.token.start) + context.column : context.token.start;
      const item: CompletionItem = { ...fields, textEdit: { range: range(start, context.token.end), newText: text } };
      item.filterText = context.dash && !context.flow ? `- ${fields.label}` : fields.label;
      return item;
    },
  };
}
