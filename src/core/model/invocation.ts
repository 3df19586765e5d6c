/**
 * From a shell command to the program it really runs: `exec`, `env VAR=1`, `sh -c "..."`,
 * `python -m pip`, init wrappers (`tini --`, `gosu USER`), project runners (`uv run`,
 * `poetry run`) and agents (`opentelemetry-instrument`, `ddtrace-run`) are looked through, so
 * that a rule asking "is pip run here?" sees `pip` in all of `pip install`, `exec env X=1 pip
 * install`, `poetry run pip install` and `sh -c "python3 -m pip install"`. The wrappers and
 * their option grammars are listed once, in `WRAPPERS`.
 */
import { parseShell, wordText, type Assignment, type ShellScript, type ShellWord, type SimpleCommand } from './shell.js';

export type WrapperKind = 'exec' | 'env' | 'shell' | 'python-module' | 'init' | 'prefix' | 'runner';

export interface Wrapper {
  kind: WrapperKind;
  /** The word that names the wrapper (`exec`, `sh`, `python3`, `tini`, `uv`). */
  word: ShellWord;
  /** For a `sh -c` wrapper: the script it runs, parsed. */
  script?: ShellScript;
  /** For a wrapper of the table: the words between its name and the program (`-s`, `--`). */
  options?: ShellWord[];
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
const PYTHON = /^python(?:\d+(?:\.\d+)*)?$/;
const MAX_SHELL_DEPTH = 4;
const MAX_WRAPPERS = 16;

/**
 * How a program that runs another program is written: the words between its name and the
 * program it runs. Read in this order: `globalOptions`, then one of `subcommands` (when given),
 * then `options`, then `positionals` fixed words (`gosu USER`), then the program. A `--` ends the
 * options. Options not listed as taking a value are flags, unless `optionsTakeValues`.
 */
export interface WrapperGrammar {
  kind: WrapperKind;
  /** Options before the subcommand that take a value (`uv --directory DIR run`). */
  globalOptions?: readonly string[];
  /** The wrapper runs a program only through one of these (`uv run`, `newrelic-admin run-program`). */
  subcommands?: readonly string[];
  /** Options that take a value in the next word (or attached: `--opt=value`, `-pVALUE`). */
  options?: readonly string[];
  /** Every option takes a value except those listed in `flags` (`opentelemetry-instrument`). */
  optionsTakeValues?: boolean;
  flags?: readonly string[];
  /** Options after which the wrapper runs no program of ours (`command -v`, `uv run --script`). */
  stops?: readonly string[];
  /** Options that make the next word a Python module (`uv run -m uvicorn`). */
  moduleOptions?: readonly string[];
  /** Fixed words before the program (the user for `gosu USER`). */
  positionals?: number;
  /** `NAME=value` words before the program set variables for it (`env`). */
  assignments?: boolean;
  /** The program may be written `ENV:program` (`hatch run prod:uvicorn`). */
  environmentPrefix?: boolean;
}

const UV_RUN_OPTIONS = [
  '--with',
  '--with-editable',
  '--with-requirements',
  '--python',
  '-p',
  '--extra',
  '--no-extra',
  '--group',
  '--no-group',
  '--only-group',
  '--package',
  '--directory',
  '--project',
  '--env-file',
  '--index',
  '--default-index',
  '--index-url',
  '-i',
  '--extra-index-url',
  '--find-links',
  '-f',
  '--config-file',
  '--cache-dir',
  '--refresh-package',
  '--upgrade-package',
  '-P',
  '--reinstall-package',
  '--no-binary-package',
  '--only-binary-package',
  '--index-strategy',
  '--keyring-provider',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--exclude-newer-package',
  '--link-mode',
  '--color',
  '--config-setting',
  '-C',
  '--no-build-isolation-package',
  '--python-platform',
  '--allow-insecure-host',
  '--fork-strategy',
  '--no-install-package',
  '--no-sources-package',
  '--from',
  '--build-constraints',
  '-b',
];
const CONDA_RUN_OPTIONS = ['-n', '--name', '-p', '--prefix', '--cwd'];
const UV_GLOBAL_OPTIONS = ['--directory', '--project', '--cache-dir', '--config-file', '--color', '--python', '-p', '--allow-insecure-host'];

/**
 * Programs that start another program: process managers and init wrappers, project runners,
 * APM agents, secret injectors and shell builtins. The one list every rule goes through.
 */
export const WRAPPERS: Readonly<Record<string, WrapperGrammar>> = {
  exec: { kind: 'exec', options: ['-a'] },
  command: { kind: 'prefix', stops: ['-v', '-V'] },
  eval: { kind: 'prefix' },
  time: { kind: 'prefix', options: ['-f', '--format', '-o', '--output'] },
  nohup: { kind: 'prefix' },
  env: { kind: 'env', options: ['-u', '--unset', '-C', '--chdir'], stops: ['-S', '--split-string'], assignments: true },
  tini: { kind: 'init', options: ['-p', '-e'] },
  'tini-static': { kind: 'init', options: ['-p', '-e'] },
  'dumb-init': { kind: 'init', options: ['-r', '--rewrite'] },
  catatonit: { kind: 'init' },
  gosu: { kind: 'prefix', positionals: 1 },
  'su-exec': { kind: 'prefix', positionals: 1 },
  's6-setuidgid': { kind: 'prefix', positionals: 1 },
  uv: {
    kind: 'runner',
    globalOptions: UV_GLOBAL_OPTIONS,
    subcommands: ['run'],
    options: UV_RUN_OPTIONS,
    stops: ['--script', '-s', '--gui-script'],
    moduleOptions: ['-m', '--module'],
  },
  uvx: { kind: 'runner', options: UV_RUN_OPTIONS },
  poetry: { kind: 'runner', globalOptions: ['-C', '--directory', '-P', '--project'], subcommands: ['run'], options: ['-C', '--directory', '-P', '--project'] },
  pipenv: { kind: 'runner', globalOptions: ['--python', '--pypi-mirror'], subcommands: ['run'], options: ['--python', '--pypi-mirror'] },
  pdm: {
    kind: 'runner',
    globalOptions: ['-p', '--project', '-L', '--lockfile'],
    subcommands: ['run'],
    options: ['-p', '--project', '--venv', '-L', '--lockfile'],
    stops: ['-l', '--list'],
  },
  hatch: {
    kind: 'runner',
    globalOptions: ['-e', '--env', '-p', '--project', '--color', '--data-dir', '--cache-dir', '--config'],
    subcommands: ['run'],
    environmentPrefix: true,
  },
  // `conda run -n ENV --no-capture-output uvicorn ...`, `micromamba run -n base uvicorn ...`.
  conda: { kind: 'runner', subcommands: ['run'], options: CONDA_RUN_OPTIONS },
  mamba: { kind: 'runner', subcommands: ['run'], options: CONDA_RUN_OPTIONS },
  micromamba: {
    kind: 'runner',
    globalOptions: ['-r', '--root-prefix', '--rc-file'],
    subcommands: ['run'],
    options: [...CONDA_RUN_OPTIONS, '-r', '--root-prefix', '-a', '--attach', '--label', '--cwd', '-e', '--env'],
  },
  rye: { kind: 'runner', subcommands: ['run'], options: ['--pyproject'], stops: ['-l', '--list'] },
  'opentelemetry-instrument': { kind: 'prefix', optionsTakeValues: true, flags: ['-h', '--help', '--version'] },
  'ddtrace-run': { kind: 'prefix', stops: ['-h', '--help', '-v', '--version'] },
  'newrelic-admin': { kind: 'prefix', subcommands: ['run-program'] },
  doppler: {
    kind: 'prefix',
    subcommands: ['run'],
    options: ['-p', '--project', '-c', '--config', '--token', '--mount', '--mount-format', '--mount-template', '--fallback', '--name-transformer', '--watch'],
    stops: ['--command'],
  },
  infisical: { kind: 'prefix', subcommands: ['run'], options: ['--env', '--projectId', '--token', '--path', '--tags', '--domain'], stops: ['--command'] },
};

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

  const grammar = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
  if (grammar && wrappers.length < MAX_WRAPPERS) {
    const read = readWrapper(grammar, rest);
    if (read) {
      const wrapper: Wrapper = { kind: grammar.kind, word: first, options: rest.slice(0, rest.length - read.program.length) };
      const inner = [...assignments, ...read.assignments];
      if (read.module) {
        pushModule(
          command,
          read.module,
          rest.slice(rest.indexOf(read.module) + 1),
          inner,
          [...wrappers, wrapper, { kind: 'python-module', word: read.moduleOption ?? first }],
          found,
        );
        return;
      }
      resolveInvocation(command, read.program, inner, [...wrappers, wrapper], depth, found);
      return;
    }
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
        pushModule(command, programWord, args, assignments, [...wrappers, { kind: 'python-module', word: first }], found);
        return;
      }
    }
  }
  found.push({ program: name, programWord: first, args: rest, assignments, wrappers, command });
}

function pushModule(
  command: SimpleCommand,
  programWord: ShellWord,
  args: ShellWord[],
  assignments: Assignment[],
  wrappers: Wrapper[],
  found: Invocation[],
): void {
  found.push({ program: programWord.value, programWord, args, assignments, wrappers, command });
}

interface ReadWrapper {
  /** The words from the program on. */
  program: ShellWord[];
  assignments: Assignment[];
  /** For `uv run -m MODULE`: the module word. */
  module?: ShellWord;
  moduleOption?: ShellWord;
}

/**
 * The program a wrapper runs, by its grammar, or undefined when it runs none we can name
 * (`command -v x`, `uv run --script`, `poetry install`, `uv run` with nothing after it).
 */
export function readWrapper(grammar: WrapperGrammar, words: ShellWord[]): ReadWrapper | undefined {
  let index = 0;
  if (grammar.subcommands) {
    index = skipOptions(words, 0, { options: grammar.globalOptions ?? [] });
    if (index === -1 || !grammar.subcommands.includes(words[index]?.value ?? '')) return undefined;
    index++;
  }
  const assignments: Assignment[] = [];
  for (;;) {
    const word = words[index];
    if (!word) return undefined;
    const value = word.value;
    if (value === '--') {
      index++;
      break;
    }
    if (value.startsWith('-') && value.length > 1) {
      const name = value.startsWith('--') ? value.split('=')[0] : value.slice(0, 2);
      if (grammar.stops?.includes(name)) return undefined;
      if (grammar.moduleOptions?.includes(value)) {
        const module = words[index + 1];
        return module ? { program: words.slice(index + 1), assignments, module, moduleOption: word } : undefined;
      }
      const attached = value.startsWith('--') ? value.includes('=') : value.length > 2;
      const takesValue = grammar.optionsTakeValues ? !grammar.flags?.includes(name) : (grammar.options ?? []).includes(name);
      index += takesValue && !attached ? 2 : 1;
      continue;
    }
    if (grammar.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) {
      const eq = value.indexOf('=');
      assignments.push({ name: value.slice(0, eq), value: value.slice(eq + 1), word });
      index++;
      continue;
    }
    break;
  }
  index += grammar.positionals ?? 0;
  const program = words.slice(index);
  if (program.length === 0) return undefined;
  if (grammar.environmentPrefix) {
    // `hatch run prod:uvicorn main:app`: the environment, a colon, then the command.
    const colon = program[0].value.indexOf(':');
    if (colon > 0 && /^[\w.-]+$/.test(program[0].value.slice(0, colon)) && colon < program[0].value.length - 1) {
      return { program: [sliceWord(program[0], colon + 1), ...program.slice(1)], assignments };
    }
  }
  return { program, assignments };
}

/**
 * The flags given to a wrapper (`tini -sg --` gives `-s` and `-g`; `dumb-init --single-child`
 * gives `--single-child`), read by its grammar: clusters split, values of options skipped.
 */
export function wrapperFlags(wrapper: Wrapper): Set<string> {
  const name = basename(wrapper.word.value);
  const grammar = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
  const takesValue = (option: string) => (grammar?.optionsTakeValues ? !grammar.flags?.includes(option) : (grammar?.options ?? []).includes(option));
  const flags = new Set<string>();
  const words = wrapper.options ?? [];
  for (let index = 0; index < words.length; index++) {
    const value = words[index].value;
    if (value === '--') break;
    if (!value.startsWith('-') || value === '-') continue;
    if (value.startsWith('--')) {
      const option = value.split('=')[0];
      if (takesValue(option)) {
        if (!value.includes('=')) index++;
      } else flags.add(option);
      continue;
    }
    for (let at = 1; at < value.length; at++) {
      const option = `-${value[at]}`;
      if (!takesValue(option)) {
        flags.add(option);
        continue;
      }
      if (at + 1 === value.length) index++;
      break;
    }
  }
  return flags;
}

/** The index of the first word after leading options (and the values of `options`), or -1. */
function skipOptions(words: ShellWord[], from: number, grammar: { options: readonly string[] }): number {
  let index = from;
  while (index < words.length && words[index].value.startsWith('-') && words[index].value.length > 1) {
    const value = words[index].value;
    if (value === '--') return -1;
    const attached = value.startsWith('--') ? value.includes('=') : value.length > 2;
    index += grammar.options.includes(value) && !attached ? 2 : 1;
  }
  return index < words.length ? index : -1;
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
