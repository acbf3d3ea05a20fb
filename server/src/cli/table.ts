/** Plain-text tables for the CLI, with optional ANSI colour that does not disturb column widths. */

export const ansi = {
  bold: (text: string) => `\u001b[1m${text}\u001b[22m`,
  dim: (text: string) => `\u001b[2m${text}\u001b[22m`,
  red: (text: string) => `\u001b[31m${text}\u001b[39m`,
  green: (text: string) => `\u001b[32m${text}\u001b[39m`,
  yellow: (text: string) => `\u001b[33m${text}\u001b[39m`,
} as const;

/** A cell: its text, and how to colour it once padded (colour is applied after measuring). */
export interface Cell {
  text: string;
  style?: (text: string) => string;
}

/**
 * Renders rows as left-aligned columns separated by two spaces. The last column is not padded, so long reasons do
 * not leave trailing blanks. `colour` false ignores every style.
 */
export function renderTable(rows: readonly (readonly (Cell | string)[])[], options: { indent?: string; colour: boolean }): string {
  const indent = options.indent ?? '';
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? { text: cell } : cell)));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.text.length);
    });
  }
  const lines = cells.map((row) => {
    const parts = row.map((cell, i) => {
      const padded = i === row.length - 1 ? cell.text : cell.text.padEnd(widths[i]!);
      return options.colour && cell.style ? styleKeepingPadding(cell.style, padded) : padded;
    });
    return `${indent}${parts.join('  ')}`.trimEnd();
  });
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

function styleKeepingPadding(style: (text: string) => string, padded: string): string {
  const text = padded.trimEnd();
  return style(text) + padded.slice(text.length);
}
