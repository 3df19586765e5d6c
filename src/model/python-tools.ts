/**
 * What Python packaging commands do: which invocation installs packages, with which tool, from
 * what. Rules about caches and layer order ask these questions.
 */
import { basename, type Invocation } from './invocation.js';
import type { ShellWord } from './shell.js';
import type { InstructionModel } from './types.js';

const PIP = /^pip(?:\d+(?:\.\d+)*)?$/;

export type InstallTool = 'pip' | 'uv pip' | 'uv sync' | 'uv add' | 'poetry' | 'pipenv' | 'pdm';

export interface PackageInstall {
  tool: InstallTool;
  invocation: Invocation;
  /** The subcommand word (`install`, `sync`, `add`). */
  subcommandWord: ShellWord;
  /** The words after the subcommand. */
  args: ShellWord[];
  /**
   * `project`: installs the project in the context (`pip install .`, `uv sync`, `poetry install`);
   * `project-only`: just the project, its dependencies being installed already (`--only-root`,
   * `--no-deps .`); `dependencies`: everything else (`-r requirements.txt`, named packages).
   */
  scope: 'dependencies' | 'project' | 'project-only';
  /** The command as written, for messages: `pip install -r requirements.txt`. */
  text: string;
}

/** The first argument that is not an option (the subcommand), with the words after it. */
function subcommand(args: ShellWord[]): { word: ShellWord; rest: ShellWord[] } | undefined {
  const index = args.findIndex((word) => !word.value.startsWith('-'));
  return index === -1 ? undefined : { word: args[index], rest: args.slice(index + 1) };
}

function has(args: ShellWord[], ...options: string[]): boolean {
  return args.some((word) => options.includes(word.value) || options.some((option) => word.value.startsWith(`${option}=`)));
}

/** Local paths a pip-style install names: `.`, `./`, `-e .`, `/app`, `.[dev]`. */
function installsLocalPath(args: ShellWord[]): boolean {
  return args.some((word) => /^(?:\.{1,2}(?:\/|\[|$)|\/)/.test(word.value));
}

function describe(invocation: Invocation, last: ShellWord | undefined): string {
  const words = [invocation.programWord, ...invocation.args];
  const end = last ? words.indexOf(last) + 1 : words.length;
  const prefix = invocation.wrappers.some((wrapper) => wrapper.kind === 'python-module') ? 'python -m ' : '';
  return prefix + words.slice(0, Math.min(end, 6)).map((word) => word.value).join(' ') + (end > 6 ? ' …' : '');
}

const installs = new WeakMap<Invocation, PackageInstall | null>();

/** The package installation an invocation performs, if it is one (computed once per invocation). */
export function packageInstall(invocation: Invocation): PackageInstall | undefined {
  let install = installs.get(invocation);
  if (install === undefined) {
    install = readPackageInstall(invocation) ?? null;
    installs.set(invocation, install);
  }
  return install ?? undefined;
}

function readPackageInstall(invocation: Invocation): PackageInstall | undefined {
  const program = basename(invocation.program);
  let tool: InstallTool | undefined;
  let args = invocation.args;
  if (PIP.test(program)) {
    const sub = subcommand(args);
    if (sub?.word.value !== 'install') return undefined;
    tool = 'pip';
    return withScope(tool, invocation, sub.word, sub.rest);
  }
  if (program === 'uv') {
    const sub = subcommand(args);
    if (!sub) return undefined;
    if (sub.word.value === 'pip') {
      const pipSub = subcommand(sub.rest);
      if (pipSub?.word.value !== 'install' && pipSub?.word.value !== 'sync') return undefined;
      return withScope('uv pip', invocation, pipSub.word, pipSub.rest);
    }
    if (sub.word.value === 'sync') return withScope('uv sync', invocation, sub.word, sub.rest);
    if (sub.word.value === 'add') return withScope('uv add', invocation, sub.word, sub.rest);
    return undefined;
  }
  if (program === 'poetry' || program === 'pdm') {
    const sub = subcommand(args);
    if (sub?.word.value !== 'install' && !(program === 'pdm' && sub?.word.value === 'sync')) return undefined;
    return withScope(program, invocation, sub.word, sub.rest);
  }
  if (program === 'pipenv') {
    args = invocation.args;
    const sub = subcommand(args);
    if (sub?.word.value !== 'install' && sub?.word.value !== 'sync') return undefined;
    return withScope('pipenv', invocation, sub.word, sub.rest);
  }
  return undefined;
}

function withScope(tool: InstallTool, invocation: Invocation, subcommandWord: ShellWord, args: ShellWord[]): PackageInstall {
  let scope: PackageInstall['scope'];
  switch (tool) {
    case 'pip':
    case 'uv pip':
      if (has(args, '-r', '--requirement', '-c', '--constraint') || !installsLocalPath(args)) scope = 'dependencies';
      else scope = has(args, '--no-deps') ? 'project-only' : 'project';
      break;
    case 'uv sync':
      scope = has(args, '--no-install-project', '--only-group') ? 'dependencies' : 'project';
      break;
    case 'poetry':
      scope = has(args, '--only-root') ? 'project-only' : has(args, '--no-root') ? 'dependencies' : 'project';
      break;
    case 'pdm':
      scope = has(args, '--no-self') ? 'dependencies' : 'project';
      break;
    default:
      scope = 'dependencies';
  }
  return { tool, invocation, subcommandWord, args, scope, text: describe(invocation, args[args.length - 1]) };
}

/** Whether a `pip install` turns its cache off on the command line. */
export function pipDisablesCache(install: PackageInstall): boolean {
  return [...install.invocation.args].some((word) => word.value === '--no-cache-dir' || word.value.startsWith('--no-cache-dir='));
}

/** A variable's value for one command: its `VAR=value` prefix, else the RUN's build scope. */
export function commandVariable(instruction: InstructionModel, invocation: Invocation, name: string): string | undefined {
  const prefixed = invocation.assignments.filter((assignment) => assignment.name === name);
  if (prefixed.length > 0) return prefixed[prefixed.length - 1].value;
  return instruction.buildScope.get(name);
}

/**
 * Whether the RUN has a `--mount=type=cache` on a tool's cache: a target ending in
 * `defaultSuffix` (`.cache/pip`) or equal to the directory the tool's variable names.
 */
export function hasCacheMount(instruction: InstructionModel, invocation: Invocation, defaultSuffix: string, directoryVariable: string): boolean {
  const directory = commandVariable(instruction, invocation, directoryVariable)?.replace(/\/+$/, '');
  return (instruction.command?.mounts ?? []).some((mount) => {
    if (mount.type !== 'cache' || !mount.target) return false;
    const target = mount.target.replace(/\/+$/, '');
    return target.endsWith(defaultSuffix) || (directory !== undefined && target === directory);
  });
}
