/**
 * Applying fixes: rules describe edits, this module applies them. Fixes that overlap an
 * earlier one in the same pass wait for the next pass, as in ESLint.
 */
import type { Fix, TextEdit } from './rule.js';

export interface FixPass {
  text: string;
  /** How many fixes were applied. */
  applied: number;
}

export function applyFixes(text: string, fixes: Fix[]): FixPass {
  const sorted: { fix: Fix; start: number; end: number }[] = [];
  for (const fix of fixes) {
    if (fix.edits.length === 0) continue;
    let start = Infinity;
    let end = -Infinity;
    for (const edit of fix.edits) {
      start = Math.min(start, edit.start);
      end = Math.max(end, edit.end);
    }
    sorted.push({ fix, start, end });
  }
  sorted.sort((a, b) => a.start - b.start || a.end - b.end);
  const accepted: TextEdit[] = [];
  let applied = 0;
  let lastEnd = -1;
  for (const candidate of sorted) {
    // Two insertions at one offset, or overlapping replacements, wait for the next pass.
    if (candidate.start < lastEnd || (candidate.start === lastEnd && accepted.length > 0)) continue;
    for (const edit of candidate.fix.edits) accepted.push(edit);
    lastEnd = candidate.end;
    applied++;
  }
  // Front to back in one join: slicing the whole text once per edit is quadratic.
  accepted.sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of accepted) {
    parts.push(text.slice(cursor, Math.max(cursor, edit.start)), edit.text);
    cursor = Math.max(cursor, edit.end);
  }
  parts.push(text.slice(cursor));
  return { text: parts.join(''), applied };
}
