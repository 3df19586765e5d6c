/**
 * A command written in YAML (Compose `command:`/`entrypoint:`, a Kubernetes container's
 * `command:`/`args:`) as shell words that keep their offsets in the YAML file, so the server
 * rules can point at `--reload` in compose.yaml as they point at it in a Dockerfile.
 *
 * Neither Compose nor Kubernetes runs a shell: a list is the argv as it stands, and Compose
 * splits a string as shlex does (quotes group, nothing expands). A scalar whose source is not
 * its value character for character (escapes, folded lines) maps every character to the
 * scalar's start: the finding lands on the right line, if not on the exact column.
 */
import { mappedSlice, type MappedText, type OffsetRange } from '../model/source.js';
import { parseShell, type ShellWord } from '../model/shell.js';

/** A YAML scalar's value, each character with its offset in the file's text. */
function scalarText(text: string, value: string, range: OffsetRange): MappedText {
  if (text.slice(range.start, range.end) === value) return mappedSlice(text, range.start, range.end);
  if (range.end - range.start === value.length + 2 && text.slice(range.start + 1, range.end - 1) === value)
    return mappedSlice(text, range.start + 1, range.end - 1);
  const offsets = new Array<number>(value.length + 1).fill(range.start);
  offsets[value.length] = Math.max(range.start, range.end);
  return { text: value, offsets };
}

/**
 * Whether a value holds a variable Compose interpolates from an environment we do not see
 * (`${PORT}`, `$WORKERS`); `$$` is a literal dollar.
 */
function interpolates(value: string): boolean {
  return /\$(?!\$)[{A-Za-z_]/.test(value.replace(/\$\$/g, ''));
}

/** One list item of a command, as the word it is (no splitting, no quote removal). */
export function yamlWord(text: string, value: string, range: OffsetRange): ShellWord {
  const mapped = scalarText(text, value, range);
  return {
    value,
    valueOffsets: mapped.offsets,
    start: range.start,
    end: range.end,
    quoted: true,
    expands: interpolates(value),
    globs: false,
  };
}

/**
 * A command string split as Compose splits it (shlex: quotes group words, nothing else is
 * special). `undefined` when it holds what only a shell would read (`&&`, `|`, `;`, `$(...)`),
 * which Compose would pass as literal words: no server runs as the text suggests.
 */
export function yamlCommandString(text: string, value: string, range: OffsetRange): ShellWord[] | undefined {
  const script = parseShell(scalarText(text, value, range));
  if (script.commands.length !== 1 || script.commands[0].assignments.length > 0 || script.commands[0].redirects.length > 0) return undefined;
  const features = [...script.features].filter((feature) => feature !== 'expansion' && feature !== 'glob');
  if (features.length > 0) return undefined;
  return script.commands[0].argv.map((word) => ({ ...word, expands: word.expands || interpolates(word.value), globs: false }));
}
