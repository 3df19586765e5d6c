/**
 * What Python packaging commands do: which invocation installs packages, with which tool, from
 * what. Rules about caches and layer order ask these questions.
 */
import { resolvePath } from './build.js';
import { runsAsRootByDefault } from './image.js';
import { basename, type Invocation } from './invocation.js';
import { INSTALL_GRAMMARS, PIP_VALUE_OPTION_NAMES, parseInstallOptions, type InstallOptions } from './install-options.js';
import type { ShellWord } from './shell.js';
import type { InstructionModel } from './types.js';
import { createdUser } from './users.js';
import { substitute } from './variables.js';

const PIP = /^pip(?:\d+(?:\.\d+)*)?$/;

export type InstallTool = 'pip' | 'uv pip' | 'uv sync' | 'uv add' | 'poetry' | 'pipenv' | 'pdm';

export interface PackageInstall {
  tool: InstallTool;
  invocation: Invocation;
  /**
   * The word naming the installer: `pip` in `pip install`, `python3 -m pip install` and
   * `poetry run pip install` (where the invocation's program is still `poetry`).
   */
  programWord: ShellWord;
  /** The words after the installer's name (options, subcommand and its arguments). */
  programArgs: ShellWord[];
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

/**
 * The command as written in the file, for messages: `python3 -m pip install -r requirements.txt`,
 * `poetry run pip install x`. Wrappers that name the program (`python3 -m`, a runner's `run`)
 * are part of it; `exec`, `env` and shells around it are not.
 */
function describe(invocation: Invocation, programWord: ShellWord, last: ShellWord | undefined): string {
  const argv = invocation.command.argv;
  let first = argv.indexOf(invocation.programWord);
  if (first === -1) first = argv.indexOf(programWord);
  for (const wrapper of invocation.wrappers) {
    if (wrapper.kind !== 'python-module' && wrapper.kind !== 'runner' && wrapper.kind !== 'prefix') continue;
    const index = argv.indexOf(wrapper.word);
    if (index !== -1 && (first === -1 || index < first)) first = index;
  }
  const lastIndex = last ? argv.indexOf(last) : -1;
  // An inline `-mpip` is a slice of its word, not the word itself.
  const words = first === -1 || lastIndex < first ? [programWord, ...invocation.args] : argv.slice(first, lastIndex + 1);
  const shown = words
    .slice(0, 7)
    .map((word) => word.value)
    .join(' ');
  return words.length > 7 ? `${shown} …` : shown;
}

const installs = new WeakMap<Invocation, PackageInstall | null>();

/** The package installation an invocation performs, if it is one (computed once per invocation). */
export function packageInstall(invocation: Invocation): PackageInstall | undefined {
  let install = installs.get(invocation);
  if (install === undefined) {
    install = readPackageInstall(invocation, invocation.programWord, basename(invocation.program), invocation.args, 0) ?? null;
    installs.set(invocation, install);
  }
  return install ?? undefined;
}

const optionsCache = new WeakMap<PackageInstall, InstallOptions>();

/**
 * The options of an install, read by its tool's grammar (global options before the subcommand
 * included: `uv --no-cache sync`), computed once per install.
 */
export function installOptions(install: PackageInstall): InstallOptions {
  let options = optionsCache.get(install);
  if (!options) {
    const grammar = install.tool === 'uv sync' || install.tool === 'uv add' ? INSTALL_GRAMMARS.uv : INSTALL_GRAMMARS[install.tool];
    options = parseInstallOptions(install.programArgs, grammar);
    optionsCache.set(install, options);
  }
  return options;
}

/** Project runners whose `run` executes a command in the project's environment. */
const RUNNERS = new Set(['poetry', 'pipenv', 'pdm', 'uv', 'hatch']);

function readPackageInstall(invocation: Invocation, programWord: ShellWord, program: string, args: ShellWord[], depth: number): PackageInstall | undefined {
  const sub = subcommand(args);
  if (!sub) return undefined;
  const make = (tool: InstallTool, word: ShellWord, rest: ShellWord[]) => withScope(tool, invocation, programWord, args, word, rest);
  // `poetry run pip install x` runs pip (the invocation model may already give pip itself).
  if (RUNNERS.has(program) && sub.word.value === 'run' && depth === 0) {
    const command = sub.rest.findIndex((word) => !word.value.startsWith('-'));
    if (command === -1) return undefined;
    const inner = sub.rest[command];
    return readPackageInstall(invocation, inner, basename(inner.value), sub.rest.slice(command + 1), depth + 1);
  }
  if (PIP.test(program)) return sub.word.value === 'install' ? make('pip', sub.word, sub.rest) : undefined;
  if (program === 'uv') {
    if (sub.word.value === 'pip') {
      const pipSub = subcommand(sub.rest);
      if (pipSub?.word.value !== 'install' && pipSub?.word.value !== 'sync') return undefined;
      return make('uv pip', pipSub.word, pipSub.rest);
    }
    if (sub.word.value === 'sync') return make('uv sync', sub.word, sub.rest);
    if (sub.word.value === 'add') return make('uv add', sub.word, sub.rest);
    return undefined;
  }
  if (program === 'poetry' || program === 'pdm') {
    if (sub.word.value !== 'install' && !(program === 'pdm' && sub.word.value === 'sync')) return undefined;
    return make(program, sub.word, sub.rest);
  }
  if (program === 'pipenv') {
    if (sub.word.value !== 'install' && sub.word.value !== 'sync') return undefined;
    return make('pipenv', sub.word, sub.rest);
  }
  return undefined;
}

function withScope(
  tool: InstallTool,
  invocation: Invocation,
  programWord: ShellWord,
  programArgs: ShellWord[],
  subcommandWord: ShellWord,
  args: ShellWord[],
): PackageInstall {
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
  const text = describe(invocation, programWord, args[args.length - 1] ?? subcommandWord);
  return { tool, invocation, programWord, programArgs, subcommandWord, args, scope, text };
}

/**
 * Packaging tools: installing them prepares the installer, it does not install the
 * application's dependencies (`pip install --upgrade pip`, `pip install poetry==1.8.3`).
 */
const PACKAGING_TOOLS = new Set([
  'pip',
  'setuptools',
  'wheel',
  'poetry',
  'poetry-core',
  'poetry-plugin-export',
  'poetry-plugin-bundle',
  'pipenv',
  'uv',
  'pdm',
  'pdm-backend',
  'hatch',
  'hatchling',
  'virtualenv',
  'pipx',
  'pip-tools',
  'build',
  'flit',
  'flit-core',
  'setuptools-scm',
  'micropipenv',
]);

/** pip and uv pip options whose value is the next word. */
export const PIP_VALUE_OPTIONS = new Set(PIP_VALUE_OPTION_NAMES);

/** The distribution name a requirement word names (`poetry==1.8.3` → `poetry`), normalised. */
export function requirementName(value: string): string | undefined {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@ ].*)?$/.exec(value);
  return match ? match[1].toLowerCase().replace(/[._]+/g, '-') : undefined;
}

/**
 * The packages a pip-style install names on its command line (`pip install -U pip "poetry==1.8.3"`
 * gives the words `pip` and `poetry==1.8.3`), or `undefined` when it also reads a requirements
 * or constraints file or installs an editable path, whose packages the line does not show.
 */
export function namedRequirements(install: PackageInstall): ShellWord[] | undefined {
  if (install.tool !== 'pip' && install.tool !== 'uv pip') return undefined;
  if (install.subcommandWord.value !== 'install') return undefined;
  const words: ShellWord[] = [];
  for (let index = 0; index < install.args.length; index++) {
    const value = install.args[index].value;
    if (/^(?:-r|--requirement|-c|--constraint|-e|--editable)(?:=|$)/.test(value) || /^-[rce]./.test(value)) return undefined;
    if (PIP_VALUE_OPTIONS.has(value)) {
      index++;
      continue;
    }
    if (value.startsWith('-')) continue;
    words.push(install.args[index]);
  }
  return words;
}

/**
 * Whether the install only installs packaging tools (`pip install -U pip setuptools wheel`,
 * `pip install poetry==1.8.3`, `uv pip install --system pipenv`): no requirements file, no
 * local project, and every package named is a tool.
 */
export function isToolInstall(install: PackageInstall): boolean {
  const words = namedRequirements(install);
  if (!words || words.length === 0) return false;
  return words.every((word) => {
    const name = requirementName(word.value);
    return name !== undefined && PACKAGING_TOOLS.has(name);
  });
}

/** The value of an option given as `--name value` or `--name=value` among the words, if any. */
function optionValue(words: ShellWord[], name: string): ShellWord | undefined {
  for (let index = 0; index < words.length; index++) {
    const value = words[index].value;
    if (value === name) return words[index + 1];
    if (value.startsWith(`${name}=`)) return { ...words[index], value: value.slice(name.length + 1) };
  }
  return undefined;
}

/** A variable's value for one command: its `VAR=value` prefix, else the RUN's build scope. */
export function commandVariable(instruction: InstructionModel, invocation: Invocation, name: string): string | undefined {
  const prefixed = invocation.assignments.filter((assignment) => assignment.name === name);
  if (prefixed.length > 0) return prefixed[prefixed.length - 1].value;
  return instruction.buildScope.get(name);
}

/** Whether a variable is set for the command, by its prefix or the build scope. */
function commandHasVariable(instruction: InstructionModel, invocation: Invocation, name: string): boolean {
  return invocation.assignments.some((assignment) => assignment.name === name) || instruction.buildScope.has(name);
}

/**
 * The home directory a RUN has: `HOME` when set, else `/root` for root. For another user it is
 * what /etc/passwd says: the home the Dockerfile's `useradd` or `adduser` gave it (`/home/app`),
 * else unknown (`undefined`).
 */
export function homeDirectory(instruction: InstructionModel, invocation: Invocation): string | undefined {
  if (commandHasVariable(instruction, invocation, 'HOME')) {
    const home = commandVariable(instruction, invocation, 'HOME');
    return home ? resolvePath('/', home) : undefined;
  }
  const user = instruction.user?.split(':')[0];
  if (user !== undefined) return user === 'root' || user === '0' ? '/root' : createdUser(instruction, user)?.home;
  // No USER in the Dockerfile: the base image's user, root for the official images.
  let stage = instruction.stage;
  while (stage?.baseStage) stage = stage.baseStage;
  return stage?.image && runsAsRootByDefault(stage.image) ? '/root' : undefined;
}

/**
 * Where a tool keeps its cache for one command. `path` is absolute when known; otherwise
 * (another user's home) `suffix` is what it ends with (`.cache/pip`).
 */
export interface CacheLocation {
  path: string | undefined;
  suffix: string;
  /** How messages show it: the path, or `~/.cache/pip`. */
  display: string;
}

/**
 * The cache directory of pip or uv for one install: `--cache-dir`, else `PIP_CACHE_DIR` /
 * `UV_CACHE_DIR`, else `$XDG_CACHE_HOME/<tool>`, else `~/.cache/<tool>`.
 */
export function cacheLocation(instruction: InstructionModel, install: PackageInstall): CacheLocation {
  const isUv = install.tool.startsWith('uv');
  const name = isUv ? 'uv' : 'pip';
  const suffix = `.cache/${name}`;
  const workdir = instruction.workdir ?? '/';
  const known = (raw: string | undefined): CacheLocation | undefined => {
    if (raw === undefined || raw === '') return undefined;
    const value = substitute(raw, instruction.buildScope);
    if (value === undefined) return { path: undefined, suffix, display: raw };
    const path = resolvePath(workdir, value);
    return { path, suffix: path, display: path };
  };
  const option = optionValue(install.programArgs, '--cache-dir');
  const fromOption = option ? known(option.value) : undefined;
  if (fromOption) return fromOption;
  const variable = commandVariable(instruction, install.invocation, isUv ? 'UV_CACHE_DIR' : 'PIP_CACHE_DIR');
  const fromVariable = known(variable);
  if (fromVariable) return fromVariable;
  const xdg = commandVariable(instruction, install.invocation, 'XDG_CACHE_HOME');
  const fromXdg = xdg ? known(`${xdg.replace(/\/+$/, '')}/${name}`) : undefined;
  if (fromXdg) return fromXdg;
  const home = homeDirectory(instruction, install.invocation);
  if (home === undefined) return { path: undefined, suffix, display: `~/${suffix}` };
  const path = resolvePath(home, suffix);
  return { path, suffix: path, display: path };
}

/** Whether `outer` is `inner` or one of its parent directories. */
function covers(outer: string, inner: string): boolean {
  return outer === '/' || inner === outer || inner.startsWith(`${outer}/`);
}

/** `$HOME/...` and `${HOME}/...`: the shell's HOME, which Docker sets to the user's home unless ENV sets it. */
const HOME_REFERENCE = /^\$(?:HOME|\{HOME\})(?=\/|$)/;

/** Whether a path someone names (a mount target, an `rm` argument) covers the cache. */
function pathCoversCache(instruction: InstructionModel, invocation: Invocation, raw: string, cache: CacheLocation): boolean {
  const home = homeDirectory(instruction, invocation);
  let text = raw;
  // Without ENV HOME, `$HOME` is the home directory, as `~` is.
  if (HOME_REFERENCE.test(text) && !commandHasVariable(instruction, invocation, 'HOME')) text = text.replace(HOME_REFERENCE, '~');
  if (text === '~' || text.startsWith('~/')) {
    if (home === undefined)
      return (
        cache.path === undefined &&
        (text.replace(/\/+$/, '') === '~' || text.replace(/\/+$/, '') === '~/.cache' || text.replace(/\/+$/, '') === `~/${cache.suffix}`)
      );
    text = home + text.slice(1);
  }
  const value = substitute(text, instruction.buildScope);
  // A target we cannot read may be the cache: nothing is claimed.
  if (value === undefined) return true;
  const target = resolvePath(instruction.workdir ?? '/', value);
  if (cache.path !== undefined) return covers(target, cache.path);
  // The home is unknown: a target on a `.cache` directory, or on the cache itself, is taken as it,
  // except root's when a USER other than root runs the command.
  const user = instruction.user?.split(':')[0];
  if (user !== undefined && user !== 'root' && user !== '0' && (target === '/root' || target.startsWith('/root/'))) return false;
  return target === '/' || target.endsWith('/.cache') || target.endsWith(`/${cache.suffix}`) || target === '/home' || /^\/home\/[^/]+$/.test(target);
}

/**
 * Whether a RUN mount keeps the cache out of the layer: a cache, tmpfs or bind mount on the
 * cache directory or any parent of it (`/root/.cache`). What is written there is not committed.
 */
export function mountCoversCache(instruction: InstructionModel, install: PackageInstall, cache: CacheLocation): boolean {
  return (instruction.command?.mounts ?? []).some(
    (mount) =>
      (mount.type === 'cache' || mount.type === 'tmpfs' || mount.type === 'bind') &&
      mount.target !== undefined &&
      pathCoversCache(instruction, install.invocation, mount.target, cache),
  );
}

/**
 * Whether the same RUN empties the cache after the install: `rm -rf ~/.cache/pip` (or a parent),
 * `pip cache purge`, `uv cache clean`.
 */
export function removesCacheAfter(instruction: InstructionModel, install: PackageInstall, cache: CacheLocation): boolean {
  const { positions, cleanups } = cleanupsOf(instruction);
  const installAt = positions.get(install.invocation) ?? -1;
  const isUv = install.tool.startsWith('uv');
  return cleanups.some(({ invocation, at }) => {
    if (at <= installAt) return false;
    const program = basename(invocation.program);
    const words = invocation.args.map((word) => word.value);
    if (!isUv && PIP.test(program)) return words[0] === 'cache' && words[1] === 'purge';
    if (isUv && program === 'uv') return words[0] === 'cache' && words[1] === 'clean' && words.length === 2;
    if (program !== 'rm') return false;
    const recursive = words.some((word) => /^-[a-zA-Z]*[rR]/.test(word) || word === '--recursive');
    // `rm -rf ~/.cache/pip/*` empties the directory: nothing of the cache is kept.
    const emptied = (word: string) => (word.endsWith('/*') && !/[*?[]/.test(word.slice(0, -2)) ? word.slice(0, -2) : word);
    return recursive && words.some((word) => !word.startsWith('-') && pathCoversCache(instruction, invocation, emptied(word), cache));
  });
}

interface Cleanups {
  /** Each invocation's place in the instruction. */
  positions: Map<Invocation, number>;
  /** The invocations that may remove a cache (`rm`, `pip cache`, `uv cache`), with their place. */
  cleanups: { invocation: Invocation; at: number }[];
}

const cleanupsCache = new WeakMap<InstructionModel, Cleanups>();

/** Found once per instruction: a RUN of 130,000 commands asks for every install in it. */
function cleanupsOf(instruction: InstructionModel): Cleanups {
  let found = cleanupsCache.get(instruction);
  if (!found) {
    found = { positions: new Map(), cleanups: [] };
    const invocations = instruction.command?.invocations ?? [];
    for (let at = 0; at < invocations.length; at++) {
      const invocation = invocations[at];
      found.positions.set(invocation, at);
      const program = basename(invocation.program);
      const first = invocation.args[0]?.value;
      if (program === 'rm' || (first === 'cache' && (program === 'uv' || PIP.test(program)))) found.cleanups.push({ invocation, at });
    }
    cleanupsCache.set(instruction, found);
  }
  return found;
}

/** Whether a `pip install` turns its cache off on the command line. */
export function pipDisablesCache(install: PackageInstall): boolean {
  return install.programArgs.some((word) => word.value === '--no-cache-dir' || word.value.startsWith('--no-cache-dir='));
}

/**
 * Whether `PIP_NO_CACHE_DIR` turns pip's cache off for the command. pip disables the cache
 * whatever the value (`1`, `true`, but also `0`, `false`, `off`): pip 19.0 made every value
 * disable it (pypa/pip#5884), and rejects values it cannot read as a boolean. An empty value is
 * ignored.
 */
export function pipNoCacheDirSet(instruction: InstructionModel, install: PackageInstall): boolean {
  const value = commandVariable(instruction, install.invocation, 'PIP_NO_CACHE_DIR');
  if (value !== undefined) return value.trim() !== '';
  // Declared with a value known only at build time (`ARG PIP_NO_CACHE_DIR`): not claimed either way.
  return commandHasVariable(instruction, install.invocation, 'PIP_NO_CACHE_DIR');
}

/**
 * Whether an install downloads nothing into the cache: `--no-index` installs only from local
 * files or directories.
 */
export function installsOffline(install: PackageInstall): boolean {
  return install.programArgs.some((word) => word.value === '--no-index');
}
