/**
 * A cheap pre-scan for nesting depth, run before the YAML parser sees the text. The parser recurses per level;
 * on very deep input (`- - - - ...` ten thousand times) V8 can die inside the regular-expression compiler with
 * a fatal out-of-memory that no try/catch stops. So deep files are refused before parsing.
 *
 * The estimate errs on the high side: block indentation levels + inline `- ` sequence markers + open flow
 * brackets (quotes and comments are skipped).
 */
export function findExcessiveNesting(text: string, maxDepth: number): number | undefined {
  const indents: number[] = [];
  let flowDepth = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const blank = i === lineEnd || text.charCodeAt(i) === 35 /* # */ || text.charCodeAt(i) === 13;
    if (!blank) {
      const indent = i - lineStart;
      if (flowDepth === 0) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
      let inline = 0;
      while (i + 1 < lineEnd && (text[i] === '-' || text[i] === '?' ) && text[i + 1] === ' ') {
        inline++;
        i += 2;
        while (i < lineEnd && text.charCodeAt(i) === 32) i++;
      }
      const base = indents.length + inline;
      const flow = scanFlow(text, i, lineEnd, flowDepth, maxDepth - base);
      if (flow === undefined) return lineStart;
      flowDepth = flow;
      if (base > maxDepth) return lineStart;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** The flow depth at the end of the line, or undefined when it exceeds `max` anywhere on it. */
function scanFlow(text: string, from: number, to: number, depth: number, max: number): number | undefined {
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === from || text[i - 1] === ' ')) break;
    else if (c === '[' || c === '{') {
      if (++depth > max) return undefined;
    }
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return depth;
}
