/**
 * The files a RUN uses as input: scripts it executes (`./install-deps.sh`, `sh scripts/x.sh`,
 * `python tools/gen.py`, `. ./env.sh`), files it reads (`cat apt.txt`, `xargs -a apt.txt`,
 * `< packages.txt`, also inside a command substitution: `"$(cut -d. -f1 < .nvmrc)"`) and
 * package files it installs (`apt-get install ./x.deb`, `dpkg -i x.deb`).
 * A file copied in and used this way before the dependency install is a build input, not
 * application code. Touching a file (`chmod +x`, `chown`, `sed -i`, `rm`) is not using it.
 */
import { resolvePath } from './build.js';
import { basename, isShellProgram, scriptInvocations, type Invocation } from './invocation.js';
import { commandSubstitutions, type ShellScript, type ShellWord, type SimpleCommand } from './shell.js';
import type { InstructionModel } from './types.js';
import { substitute } from './variables.js';

const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;
/** Programs whose first positional argument is a script they run. */
const INTERPRETERS = new Set(['perl', 'ruby', 'node', 'source', '.']);
/** Options of shells and interpreters that take the next word as their value. */
const INTERPRETER_VALUE_OPTIONS = new Set(['-o', '+o', '-O', '+O', '-W', '-X', '--init-file', '--rcfile']);
/** Package managers that install package files given by path. */
const PACKAGE_FILE_INSTALLERS: Readonly<Record<string, RegExp>> = {
  'apt-get': /\//,
  apt: /\//,
  dpkg: /\.deb$/,
  apk: /\.apk$/,
  rpm: /\.rpm$/,
  yum: /\.rpm$/,
  dnf: /\.rpm$/,
  microdnf: /\.rpm$/,
};

/** The first positional argument: the script an interpreter runs. */
function scriptArgument(args: ShellWord[]): ShellWord | undefined {
  for (let index = 0; index < args.length; index++) {
    const value = args[index].value;
    if (value === '--') return args[index + 1];
    if (INTERPRETER_VALUE_OPTIONS.has(value)) {
      index++;
      continue;
    }
    // `python -c code`, `bash -c` (already looked through) and `-` (stdin) run no file.
    if (value === '-c' || value === '-' || value === '-m') return undefined;
    if (!value.startsWith('-') && !value.startsWith('+')) return args[index];
  }
  return undefined;
}

/** The words of one invocation that name a file it uses. */
function inputWords(invocation: Invocation): ShellWord[] {
  const words: ShellWord[] = [];
  const program = basename(invocation.program);
  // Run by path: `./db_deps.sh`, `/tmp/setup.sh` (a bare name is looked up in PATH).
  if (invocation.programWord.value.includes('/')) words.push(invocation.programWord);
  if (isShellProgram(program) || PYTHON.test(program) || INTERPRETERS.has(program)) {
    const script = scriptArgument(invocation.args);
    if (script) words.push(script);
  } else if (program === 'cat') {
    words.push(...invocation.args.filter((word) => !word.value.startsWith('-')));
  } else if (program === 'xargs') {
    invocation.args.forEach((word, index) => {
      if (word.value === '-a' || word.value === '--arg-file') {
        const next = invocation.args[index + 1];
        if (next) words.push(next);
      } else if (word.value.startsWith('--arg-file=')) {
        words.push({ ...word, value: word.value.slice('--arg-file='.length) });
      }
    });
  } else if (Object.hasOwn(PACKAGE_FILE_INSTALLERS, program)) {
    const pattern = PACKAGE_FILE_INSTALLERS[program];
    words.push(...invocation.args.filter((word) => !word.value.startsWith('-') && pattern.test(word.value)));
  }
  for (const redirect of invocation.command.redirects) {
    if (redirect.operator === '<' && redirect.target) words.push(redirect.target);
  }
  return words;
}

/** How deep command substitutions inside command substitutions are looked into. */
const MAX_SUBSTITUTION_DEPTH = 3;

/**
 * The words naming a file that the command substitutions of a simple command use: `$(cut -d.
 * -f1 < .nvmrc)` in an assignment or an argument reads `.nvmrc` as surely as `< .nvmrc` does.
 */
function substitutionInputWords(command: SimpleCommand, depth = 0): ShellWord[] {
  if (depth >= MAX_SUBSTITUTION_DEPTH) return [];
  const words = [
    ...command.assignments.map((assignment) => assignment.word),
    ...command.argv,
    ...command.redirects.flatMap((redirect) => (redirect.target ? [redirect.target] : [])),
  ];
  return words.flatMap((word) => commandSubstitutions(word).flatMap((script) => scriptInputWords(script, depth + 1)));
}

/** The words naming a file that a script (a command substitution's) uses. */
function scriptInputWords(script: ShellScript, depth: number): ShellWord[] {
  const found = scriptInvocations(script).flatMap(inputWords);
  for (const command of script.commands) {
    // `$(< file)` runs no program: bash reads the file.
    if (command.argv.length === 0)
      found.push(...command.redirects.filter((redirect) => redirect.operator === '<' && redirect.target).map((redirect) => redirect.target as ShellWord));
    found.push(...substitutionInputWords(command, depth));
  }
  return found;
}

const cache = new WeakMap<InstructionModel, string[]>();

/**
 * Absolute image paths of the files a RUN executes, reads or installs (before `until`, one of
 * its invocations, when given), as far as they can be read: a path with a variable of unknown
 * value, or relative to an unknown WORKDIR, is left out.
 */
export function runInputs(instruction: InstructionModel, until?: Invocation): string[] {
  let found = until === undefined ? cache.get(instruction) : undefined;
  if (!found) {
    const paths = new Set<string>();
    const words: ShellWord[] = [];
    for (const invocation of instruction.command?.invocations ?? []) {
      if (invocation === until) break;
      words.push(...inputWords(invocation));
    }
    // Commands substituted into the script's words, up to the command of `until`.
    for (const command of instruction.command?.script?.commands ?? []) {
      if (until && command === until.command) break;
      words.push(...substitutionInputWords(command));
    }
    for (const word of words) {
      const value = substitute(word.value, instruction.buildScope);
      if (value === undefined || value === '' || value.includes('$')) continue;
      if (!value.startsWith('/') && instruction.workdir === undefined) continue;
      paths.add(resolvePath(instruction.workdir ?? '/', value));
    }
    found = [...paths];
    if (until === undefined) cache.set(instruction, found);
  }
  return found;
}
