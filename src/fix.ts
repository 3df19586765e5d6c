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
  const sorted = fixes
    .filter((fix) => fix.edits.length > 0)
    .map((fix) => ({ fix, start: Math.min(...fix.edits.map((edit) => edit.start)), end: Math.max(...fix.edits.map((edit) => edit.end)) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const accepted: TextEdit[] = [];
  let applied = 0;
  let lastEnd = -1;
  for (const candidate of sorted) {
    // Two insertions at one offset, or overlapping replacements, wait for the next pass.
    if (candidate.start < lastEnd || (candidate.start === lastEnd && accepted.length > 0)) continue;
    accepted.push(...candidate.fix.edits);
    lastEnd = candidate.end;
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let output = text;
  for (const edit of accepted) output = output.slice(0, edit.start) + edit.text + output.slice(edit.end);
  return { text: output, applied };
}
