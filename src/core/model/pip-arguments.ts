/**
 * What a `pip install` (or `uv pip install`) names on its command line, read the way pip's
 * option parser reads it: `-r requirements.txt`, `-rrequirements.txt`, `--requirement x`,
 * `--requirement=x`, clustered short flags (`-Ur requirements.txt`), the same for `-c` and `-e`,
 * then local paths and package names. Rules ask this instead of matching `-r` themselves.
 */
import { PIP_VALUE_OPTIONS, type PackageInstall } from './python-tools.js';
import type { ShellWord } from './shell.js';

export interface PipArgument {
  /**
   * `requirement` (`-r`), `constraint` (`-c`), `editable` (`-e`, a path or URL), `path` (a local
   * directory or archive named as a positional: `.`, `./shared`, `/src/lib`, `file:...`), `package`
   * (anything else positional: `fastapi==0.115.0`, a URL).
   */
  kind: 'requirement' | 'constraint' | 'editable' | 'path' | 'package';
  /** The value as written: the file, path or requirement, without the option that introduced it. */
  value: string;
  /** The word holding the value (for `-rfile`, the part of the word after `-r`). */
  word: ShellWord;
}

interface FileOptions {
  long: Readonly<Record<string, PipArgument['kind']>>;
  short: Readonly<Record<string, PipArgument['kind']>>;
}

const PIP_FILE_OPTIONS: FileOptions = {
  long: { '--requirement': 'requirement', '--constraint': 'constraint', '--editable': 'editable' },
  short: { r: 'requirement', c: 'constraint', e: 'editable' },
};
/** `uv add -r requirements.txt`: plural long names, and `--editable` is a flag there. */
const UV_ADD_FILE_OPTIONS: FileOptions = {
  long: { '--requirements': 'requirement', '--constraints': 'constraint' },
  short: { r: 'requirement', c: 'constraint' },
};

/** `.`, `..`, `./x`, `../x`, `/x`, `.[extra]`, `file:...`: a local project or archive, not an index name. */
export function isLocalPathArgument(value: string): boolean {
  return /^(?:\.{1,2}(?:\/|\[|$)|\/|file:)/.test(value);
}

function slice(word: ShellWord, from: number): ShellWord {
  return { ...word, value: word.value.slice(from), valueOffsets: word.valueOffsets.slice(from), start: word.valueOffsets[from] ?? word.start };
}

const cache = new WeakMap<PackageInstall, PipArgument[]>();

/**
 * The arguments of a pip-style install (`pip install`, `uv pip install`, `uv add`; empty for other
 * tools), computed once per install.
 */
export function pipArguments(install: PackageInstall): PipArgument[] {
  let found = cache.get(install);
  if (!found) {
    if (install.tool === 'pip' || install.tool === 'uv pip') found = read(install.args, PIP_FILE_OPTIONS);
    else if (install.tool === 'uv add') found = read(install.args, UV_ADD_FILE_OPTIONS);
    else found = [];
    cache.set(install, found);
  }
  return found;
}

function read(args: ShellWord[], options: FileOptions): PipArgument[] {
  const found: PipArgument[] = [];
  for (let index = 0; index < args.length; index++) {
    const word = args[index];
    const value = word.value;
    if (value === '--') continue;
    if (value.startsWith('--')) {
      const eq = value.indexOf('=');
      const name = eq === -1 ? value : value.slice(0, eq);
      const kind = Object.hasOwn(options.long, name) ? options.long[name] : undefined;
      if (kind) {
        const valueWord = eq === -1 ? args[++index] : slice(word, eq + 1);
        if (valueWord) found.push({ kind, value: valueWord.value, word: valueWord });
      } else if (eq === -1 && PIP_VALUE_OPTIONS.has(name)) {
        index++;
      }
      continue;
    }
    if (value.startsWith('-') && value.length > 1) {
      // Short options cluster (`-Ur file`, `-qrfile`); one that takes a value ends the cluster.
      for (let at = 1; at < value.length; at++) {
        const letter = value[at];
        const kind = Object.hasOwn(options.short, letter) ? options.short[letter] : undefined;
        const takesValue = kind !== undefined || PIP_VALUE_OPTIONS.has(`-${letter}`);
        if (!takesValue) continue;
        const valueWord = at + 1 < value.length ? slice(word, at + 1) : args[++index];
        if (kind && valueWord) found.push({ kind, value: valueWord.value, word: valueWord });
        break;
      }
      continue;
    }
    found.push({ kind: isLocalPathArgument(value) ? 'path' : 'package', value, word });
  }
  return found;
}
