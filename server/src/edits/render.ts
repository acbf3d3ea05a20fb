/** Renders plain values as YAML text in block or flow style. */
import { stringify } from 'yaml';
import type { YamlStyle } from './style';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isCollectionValue = (value: unknown): boolean =>
  (isRecord(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.length > 0);

/** A scalar as YAML (quoted when plain style would change its type, e.g. the string "1"). */
export function renderScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
}

/** A value in flow style: `{app: nginx, tier: web}`, `[a, b]`. */
export function renderFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${renderScalar(key)}: ${renderFlow(item)}`)
      .join(', ')}}`;
  }
  return renderScalar(value);
}

/**
 * A collection in block style, every line prefixed with `column` spaces, lines joined with the file's newline
 * and no trailing newline. Empty collections are rendered in flow style (`{}`, `[]`).
 */
export function renderBlockLines(value: unknown, column: number, style: YamlStyle): string[] {
  if (!isCollectionValue(value)) return [' '.repeat(column) + renderFlow(value)];
  const text = stringify(value, { indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0 }).replace(/\n$/, '');
  return text.split('\n').map((line) => ' '.repeat(column) + line);
}
