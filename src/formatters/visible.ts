/**
 * Text from a repository (file names, Dockerfile words, config keys) made safe to print. A
 * terminal obeys escape sequences (OSC 52 writes the clipboard, `ESC [8m` hides text), and GitHub's
 * runner reads every line of stdout and stderr for workflow commands (`::add-mask::`, `##[…]`).
 */

/**
 * C0 and C1 control characters, DEL, the Unicode line and paragraph separators, and the
 * bidirectional overrides that reorder what a reader sees ("Trojan Source").
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControl(character: string): string {
  const code = character.charCodeAt(0);
  return NAMED[character] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** Control characters written as escapes (`\x1b`, `\n`, `\u202e`), so a terminal shows them and obeys none. */
export function visible(text: string): string {
  return text.replace(CONTROL, escapeControl);
}

/** As `visible`, but CR and LF stay (for formats that escape them their own way). */
export function visibleExceptNewlines(text: string): string {
  return text.replace(CONTROL_EXCEPT_NEWLINES, escapeControl);
}

/**
 * One line of free text for stderr: control characters visible, and the markers GitHub's runner
 * looks for broken up (`::` starts a workflow command, `##[` an old-style one).
 */
export function diagnosticLine(text: string): string {
  return visible(text).replace(/::/g, ':\\:').replace(/##\[/g, '#\\#[');
}
