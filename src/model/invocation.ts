/**
 * From a shell command to the program it really runs: `exec`, `env VAR=1`, `sh -c "..."`,
 * `python -m pip` and init wrappers such as `tini --` are looked through, so that a rule asking
 * "is pip run here?" sees `pip` in all of `pip install`, `exec env X=1 pip install` and
 * `sh -c "python3 -m pip install"`.
 */
import { parseShell, wordText, type Assignment, type ShellScript, type ShellWord, type SimpleCommand } from './shell.js';

export type WrapperKind = 'exec' | 'env' | 'shell' | 'python-module' | 'init' | 'prefix';

export interface Wrapper {
  kind: WrapperKind;
  /** The word that names the wrapper (`exec`, `sh`, `python3`, `tini`). */
  word: ShellWord;
  /** For a `sh -c` wrapper: the script it runs, parsed. */
  script?: ShellScript;
}

export interface Invocation {
  /**
   * The program's name without its directory (`pip3.12`, `fastapi`), or the module run by
   * `python -m` (`pip`, `uvicorn`).
   */
  program: string;
  /** The word that names the program (for `python -m uvicorn`, the `uvicorn` word). */
  programWord: ShellWord;
  /** The words after the program. */
  args: ShellWord[];
  /** Variables set for this command alone: `VAR=1 cmd`, `env VAR=1 cmd`. */
  assignments: Assignment[];
  /** What it was found inside, outermost first. */
  wrappers: Wrapper[];
  /** The simple command of the innermost script the program appears in. */
  command: SimpleCommand;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'busybox']);
const INIT_WRAPPERS = new Set(['tini', 'dumb-init', 'nohup', 'catatonit']);
const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;
const MAX_SHELL_DEPTH = 4;

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

export function isShellProgram(name: string): boolean {
  return SHELLS.has(name);
}

/** Every program a parsed script runs, looking through wrappers. */
export function scriptInvocations(script: ShellScript, wrappers: Wrapper[] = [], depth = 0): Invocation[] {
  const found: Invocation[] = [];
  for (const command of script.commands) {
    resolveInvocation(command, command.argv, [...command.assignments], wrappers, depth, found);
  }
  return found;
}

/** The programs run by one argv (an exec-form instruction's, or a simple command's). */
export function argvInvocations(command: SimpleCommand): Invocation[] {
  const found: Invocation[] = [];
  resolveInvocation(command, command.argv, [...command.assignments], [], 0, found);
  return found;
}

function resolveInvocation(
  command: SimpleCommand,
  argv: ShellWord[],
  assignments: Assignment[],
  wrappers: Wrapper[],
  depth: number,
  found: Invocation[],
): void {
  if (argv.length === 0) return;
  const [first, ...rest] = argv;
  const name = basename(first.value);

  if (name === 'exec') {
    const after = skipOptions(rest, new Set(['-a']));
    resolveInvocation(command, after, assignments, [...wrappers, { kind: 'exec', word: first }], depth, found);
    return;
  }
  if (name === 'env') {
    let index = 0;
    const own: Assignment[] = [];
    while (index < rest.length) {
      const value = rest[index].value;
      if (value === '-u' || value === '--unset' || value === '-C' || value === '--chdir') index += 2;
      else if (value === '--') {
        index++;
        break;
      } else if (value.startsWith('-')) index++;
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) {
        const eq = value.indexOf('=');
        own.push({ name: value.slice(0, eq), value: value.slice(eq + 1), word: rest[index] });
        index++;
      } else break;
    }
    resolveInvocation(command, rest.slice(index), [...assignments, ...own], [...wrappers, { kind: 'env', word: first }], depth, found);
    return;
  }
  if (INIT_WRAPPERS.has(name) || (name === 'command' && rest[0]?.value !== '-v')) {
    const after = skipOptions(rest, new Set(['-s', '-e', '-g']));
    resolveInvocation(command, after, assignments, [...wrappers, { kind: 'init', word: first }], depth, found);
    return;
  }
  if (SHELLS.has(name)) {
    const scriptIndex = shellScriptArgument(rest);
    if (scriptIndex !== -1 && depth < MAX_SHELL_DEPTH) {
      const script = parseShell(wordText(rest[scriptIndex]));
      const wrapper: Wrapper = { kind: 'shell', word: first, script };
      for (const inner of script.commands) {
        resolveInvocation(inner, inner.argv, [...assignments, ...inner.assignments], [...wrappers, wrapper], depth + 1, found);
      }
      return;
    }
  }
  if (PYTHON.test(name)) {
    const moduleIndex = pythonModuleIndex(rest);
    if (moduleIndex !== -1) {
      const moduleWord = rest[moduleIndex];
      const inline = moduleWord.value.startsWith('-m') && moduleWord.value.length > 2;
      const programWord = inline ? sliceWord(moduleWord, 2) : rest[moduleIndex + 1];
      if (programWord) {
        const args = rest.slice(inline ? moduleIndex + 1 : moduleIndex + 2);
        found.push({
          program: programWord.value,
          programWord,
          args,
          assignments,
          wrappers: [...wrappers, { kind: 'python-module', word: first }],
          command,
        });
        return;
      }
    }
  }
  found.push({ program: name, programWord: first, args: rest, assignments, wrappers, command });
}

/** Skips leading options (and the values of those in `withValue`) and a `--`. */
function skipOptions(words: ShellWord[], withValue: Set<string>): ShellWord[] {
  let index = 0;
  while (index < words.length && words[index].value.startsWith('-')) {
    const value = words[index].value;
    index += withValue.has(value) ? 2 : 1;
    if (value === '--') break;
  }
  return words.slice(index);
}

/** The index of the script for `sh -c script` (`-c` may be clustered: `-ec`, `-euxc`), or -1. */
function shellScriptArgument(words: ShellWord[]): number {
  let sawC = false;
  for (let index = 0; index < words.length; index++) {
    const value = words[index].value;
    if (value === '--') continue;
    if (/^[-+][a-zA-Z]+$/.test(value)) {
      if (value.startsWith('-') && value.includes('c')) sawC = true;
      continue;
    }
    if ((value === '-o' || value === '+o') && index + 1 < words.length) {
      index++;
      continue;
    }
    return sawC ? index : -1;
  }
  return -1;
}

/** The index of `-m` (or `-mMODULE`) among python's options, or -1 when python runs a file. */
function pythonModuleIndex(words: ShellWord[]): number {
  for (let index = 0; index < words.length; index++) {
    const value = words[index].value;
    if (value === '-m' || (value.startsWith('-m') && value.length > 2)) return index;
    if (value === '-X' || value === '-W' || value === '--check-hash-based-pycs') {
      index++;
      continue;
    }
    if (!value.startsWith('-') || value === '-c' || value === '-') return -1;
  }
  return -1;
}

function sliceWord(word: ShellWord, from: number): ShellWord {
  return {
    ...word,
    value: word.value.slice(from),
    valueOffsets: word.valueOffsets.slice(from),
    start: word.valueOffsets[from] ?? word.start,
  };
}
