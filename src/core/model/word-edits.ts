/**
 * Fixes on the words of a command, as text edits on the Dockerfile: a word's value is changed
 * where its characters are written, so the quotes and the form (exec or shell) stay as they are.
 */
import type { ShellWord } from './shell.js';

/** A replacement of source offsets `start` to `end` (a rule's fix edit has this shape). */
export interface WordEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Replaces characters `from` to `to` of a word's value with `text`, when they are written as
 * they read (no escape, quote or line continuation among them); otherwise `undefined`.
 */
export function replaceInWord(word: ShellWord, from: number, to: number, text: string): WordEdit | undefined {
  const start = word.valueOffsets[from];
  const last = word.valueOffsets[to - 1];
  if (start === undefined || last === undefined || to <= from || last - start !== to - from - 1) return undefined;
  return { start, end: last + 1, text };
}

/** What may lie between two words of one command: blanks, an exec form's comma, line continuations. */
const SEPARATOR = /^(?:[ \t,]|\\\r?\n|\r?\n)*$/;

/**
 * Removes `words[index]` with the separator before it (or, for the first word, after it), when
 * that separator is only blanks, commas and line continuations: the neighbour is then in the
 * same instruction. `undefined` when it is not (a word alone in its instruction).
 */
export function removeWord(text: string, words: readonly ShellWord[], index: number): WordEdit | undefined {
  const word = words[index];
  const before = words[index - 1];
  if (before && before.end <= word.start && SEPARATOR.test(text.slice(before.end, word.start))) return { start: before.end, end: word.end, text: '' };
  const after = words[index + 1];
  if (after && word.end <= after.start && SEPARATOR.test(text.slice(word.end, after.start))) return { start: word.start, end: after.start, text: '' };
  return undefined;
}
