import type { MappedText } from './source.js';

export interface JoinedLine {
  /** The instruction's text from `start` with line continuations removed. */
  line: MappedText;
  /** Offset just past the line break that ended the joined line (where a heredoc body starts). */
  next: number;
}

function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

/**
 * Joins the physical lines of one instruction the way BuildKit does: the escape character (`\`
 * or the one set by `# escape=`) followed only by blanks before a line break continues the line,
 * and comment lines and empty lines inside a continuation are dropped.
 */
export function joinContinuations(text: string, start: number, end: number, escapeChar: string): JoinedLine {
  let out = '';
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === escapeChar) {
      let j = i + 1;
      while (j < end && isBlank(text[j])) j++;
      const breakLength = text[j] === '\r' && text[j + 1] === '\n' ? 2 : text[j] === '\n' || text[j] === '\r' ? 1 : 0;
      if (breakLength > 0 || j >= end) {
        i = skipDroppedLines(text, j + breakLength, end);
        continue;
      }
    }
    if (ch === '\n' || ch === '\r') {
      const next = ch === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      offsets.push(i);
      return { line: { text: out, offsets }, next };
    }
    out += ch;
    offsets.push(i);
    i++;
  }
  offsets.push(Math.min(i, end));
  return { line: { text: out, offsets }, next: end };
}

/** Skips the empty and comment lines that may follow a continuation. */
function skipDroppedLines(text: string, from: number, end: number): number {
  let lineStart = from;
  while (lineStart < end) {
    let j = lineStart;
    while (j < end && isBlank(text[j])) j++;
    const isEmpty = j >= end || text[j] === '\n' || text[j] === '\r';
    if (!isEmpty && text[j] !== '#') return lineStart;
    // Only a line that ends (not the last one) can be dropped.
    while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
    if (j >= end) return end;
    lineStart = text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
  }
  return lineStart;
}
