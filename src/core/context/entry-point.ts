/**
 * The project's own Python entry point: the module the container's command runs
 * (`model/python-command.ts`), found in the build context, and the uvicorn calls it makes when it
 * runs (`python/module.ts`). The server rules judge those calls' literal arguments as they judge
 * a server's flags.
 *
 * - `python main.py`, `./main.py`: the file at that path in the image, relative to WORKDIR.
 * - `python -m pkg.mod`: `pkg/mod.py` or `pkg/mod/__main__.py` below WORKDIR or a PYTHONPATH entry;
 *   else, when the Dockerfile installs the project (in any stage), the module in the project's
 *   source (beside its pyproject.toml, under `src/`, or where Poetry, setuptools or Hatch say).
 * - a program named in `[project.scripts]` or `[tool.poetry.scripts]` of the installed project's
 *   pyproject.toml (or of the context's root one): `svc = "svc.cli:main"` runs `main()` of
 *   `svc/cli.py`.
 *
 * Nothing is guessed: a path with a variable, a module the image may hold unseen, a script the
 * project does not declare, or a file that does not parse gives no entry point.
 */
import * as path from 'pathe';
import { tomlDocument } from './pyproject.js';
import { pythonCommands, type PythonCommand } from '../model/python-command.js';
import type { OffsetRange } from '../model/source.js';
import { reachedCalls, readPythonModule, type EntryMode, type PythonModule, type ReachedCall } from '../python/module.js';
import type { ContextFile } from './build-context.js';
import type { Project } from './project.js';

export interface ConsoleScript {
  /** The script's name (`svc`). */
  name: string;
  /** What it runs, as declared (`svc.cli:main`). */
  reference: string;
  /** The pyproject.toml that declares it, and where. */
  file: ContextFile;
  range: OffsetRange;
}

export interface EntryPoint {
  command: PythonCommand;
  /** The console script the command's program is, when it is one. */
  script: ConsoleScript | undefined;
  /** The module's source in the build context. */
  file: ContextFile;
  /** How Python enters it: as `__main__`, or by calling one function (a console script). */
  mode: EntryMode;
  module: PythonModule;
  /** The uvicorn calls that run when it does, in source order. */
  calls: ReachedCall[];
}

const cache = new WeakMap<Project, EntryPoint[]>();

/**
 * The Python entry points of the container's command that the build context shows, read once
 * per lint. Empty unless the context is usable and the command runs the project's Python code.
 */
export function entryPoints(project: Project): EntryPoint[] {
  let found = cache.get(project);
  if (!found) {
    found = project.status === 'usable' ? pythonCommands(project.model).flatMap((command) => resolve(project, command)) : [];
    cache.set(project, found);
  }
  return found;
}

/**
 * The container's command as it reaches the entry point, for messages: `` `python main.py` ``,
 * `` `python -m svc` ``, or a console script with where it is declared.
 */
export function describeEntryPoint(entryPoint: EntryPoint): string {
  const target = entryPoint.command.target;
  const program = entryPoint.command.invocation.program;
  const command =
    target.kind === 'module'
      ? `python -m ${target.module}`
      : target.kind === 'program'
        ? target.name
        : program === target.path || entryPoint.command.invocation.programWord === entryPoint.command.word
          ? target.path
          : `${program} ${target.path}`;
  return `\`${command}\`${entryPoint.script ? ` (console script \`${entryPoint.script.reference}\` in ${entryPoint.script.file.path})` : ''}`;
}

/** The uvicorn calls of the entry points that surely run: unconditional, in a module that parses. */
export function entryPointCalls(project: Project): { entryPoint: EntryPoint; reached: ReachedCall }[] {
  return entryPoints(project).flatMap((entryPoint) => entryPoint.calls.filter((reached) => !reached.conditional).map((reached) => ({ entryPoint, reached })));
}

function resolve(project: Project, command: PythonCommand): EntryPoint[] {
  const target = command.target;
  let located: { file: ContextFile; mode: EntryMode; script?: ConsoleScript } | undefined;
  if (target.kind === 'file') {
    const file = imageFile(project, command, target.path);
    located = file ? { file, mode: { kind: 'main' } } : undefined;
  } else if (target.kind === 'module') {
    const file = moduleFile(project, command, target.module);
    located = file ? { file, mode: { kind: 'main' } } : undefined;
  } else {
    located = consoleScript(project, target.name);
  }
  if (!located) return [];
  const module = readPythonModule(located.file.source.text);
  return [{ command, script: located.script, file: located.file, mode: located.mode, module, calls: reachedCalls(module, located.mode) }];
}

/** The context file at a path of the image (relative to the command's WORKDIR). */
function imageFile(project: Project, command: PythonCommand, written: string): ContextFile | undefined {
  if (!written.startsWith('/') && command.workdir === undefined) return undefined;
  const found = project.imageFs.lookup(path.resolve(command.workdir ?? '/', written));
  return found.kind === 'file' ? project.context.file(found.contextPath) : undefined;
}

/** Where `python -m` finds a module: WORKDIR first, then PYTHONPATH, then the installed project. */
function moduleFile(project: Project, command: PythonCommand, module: string): ContextFile | undefined {
  const relative = module.split('.').join('/');
  const roots: string[] = [];
  if (command.workdir !== undefined) roots.push(command.workdir);
  const pythonPath = command.env.get('PYTHONPATH');
  if (command.env.has('PYTHONPATH') && pythonPath === undefined) return undefined;
  for (const entry of (pythonPath ?? '').split(':')) {
    if (entry.includes('$')) return undefined;
    if (entry && command.workdir !== undefined) roots.push(path.resolve(command.workdir, entry));
    else if (entry.startsWith('/')) roots.push(entry);
  }
  for (const root of roots) {
    // A package runs its `__main__.py`; a module file runs itself.
    for (const candidate of [path.join(root, relative, '__main__.py'), path.join(root, `${relative}.py`)]) {
      const found = project.imageFs.lookup(candidate);
      if (found.kind === 'file') return project.context.file(found.contextPath);
    }
  }
  // Not seen in the image: an installed project puts it in site-packages, from its own source.
  if (!project.installs.installsProject) return undefined;
  for (const pyprojectPath of installedProjects(project)) {
    const file = sourceFile(project, pyprojectPath, relative, ['__main__.py']);
    if (file) return file;
  }
  return undefined;
}

/**
 * The pyproject.toml files of the projects the Dockerfile installs: those its installs name, or,
 * when an install of the project reads one we cannot place (in a builder stage, through a bind
 * mount), the context's root one.
 */
function installedProjects(project: Project): string[] {
  const named = project.installs.pyprojectPaths;
  if (named.length > 0) return [...new Set(named)];
  return project.installs.installsProject && project.context.kind('pyproject.toml') === 'file' ? ['pyproject.toml'] : [];
}

/** A module of a project's source, below its pyproject.toml's directory or the package directories it names. */
function sourceFile(project: Project, pyprojectPath: string, relative: string, packageFiles: string[]): ContextFile | undefined {
  const directory = path.dirname(pyprojectPath) === '.' ? '' : path.dirname(pyprojectPath);
  for (const root of sourceRoots(project, pyprojectPath, directory)) {
    const base = root ? `${root}/${relative}` : relative;
    for (const candidate of [...packageFiles.map((name) => `${base}/${name}`), `${base}.py`]) {
      if (project.context.kind(candidate) === 'file' && !project.context.isIgnored(candidate)) return project.context.file(candidate);
    }
  }
  return undefined;
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readToml(file: ContextFile): Table | undefined {
  return tomlDocument(file) ?? undefined;
}

/** Where a project keeps its packages: beside pyproject.toml, `src/`, and what Poetry, setuptools or Hatch say. */
function sourceRoots(project: Project, pyprojectPath: string, directory: string): string[] {
  const join = (relative: string) => [directory, relative].filter(Boolean).join('/').replace(/\/+$/, '');
  const roots = [directory, join('src')];
  const file = project.context.file(pyprojectPath);
  const document = file ? readToml(file) : undefined;
  const tool = isTable(document?.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  for (const entry of Array.isArray(poetry.packages) ? poetry.packages : []) {
    if (isTable(entry) && typeof entry.from === 'string') roots.push(join(entry.from));
  }
  const setuptools = isTable(tool.setuptools) ? tool.setuptools : {};
  const packageDir = isTable(setuptools['package-dir']) ? setuptools['package-dir'] : {};
  if (typeof packageDir[''] === 'string') roots.push(join(packageDir['']));
  const hatch = isTable(tool.hatch) && isTable(tool.hatch.build) && isTable(tool.hatch.build.targets) ? tool.hatch.build.targets : {};
  const wheel = isTable(hatch.wheel) ? hatch.wheel : {};
  for (const entry of Array.isArray(wheel.packages) ? wheel.packages : []) {
    if (typeof entry === 'string' && entry.includes('/')) roots.push(join(entry.slice(0, entry.lastIndexOf('/'))));
  }
  return [...new Set(roots.map((root) => project.context.normalize(root)).filter((root): root is string => root !== undefined))];
}

/**
 * A console script of the project: declared by the pyproject.toml the Dockerfile installs, or,
 * when no install names one, by the context's root pyproject.toml.
 */
function consoleScript(project: Project, name: string): { file: ContextFile; mode: EntryMode; script: ConsoleScript } | undefined {
  const installed = installedProjects(project);
  const candidates = installed.length > 0 ? installed : project.context.kind('pyproject.toml') === 'file' ? ['pyproject.toml'] : [];
  for (const pyprojectPath of candidates) {
    const file = project.context.file(pyprojectPath);
    const document = file ? readToml(file) : undefined;
    if (!file || !document) continue;
    const reference = scriptReference(document, name);
    if (!reference) continue;
    const match = /^\s*([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_]\w*)\s*$/.exec(reference);
    if (!match) return undefined;
    const [, module, functionName] = match;
    const source = sourceFile(project, pyprojectPath, module.split('.').join('/'), ['__init__.py']);
    if (!source) return undefined;
    const at = file.source.text.indexOf(reference);
    const script: ConsoleScript = { name, reference, file, range: at === -1 ? { start: 0, end: 0 } : { start: at, end: at + reference.length } };
    return { file: source, mode: { kind: 'function', name: functionName }, script };
  }
  return undefined;
}

/** `[project.scripts]` or `[tool.poetry.scripts]` (a string, or Poetry's `{ callable = ... }` / `{ reference = ..., type = "console" }`). */
function scriptReference(document: Table, name: string): string | undefined {
  const project = isTable(document.project) ? document.project : {};
  const scripts = isTable(project.scripts) ? project.scripts : {};
  if (typeof scripts[name] === 'string') return scripts[name];
  const tool = isTable(document.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) && isTable(tool.poetry.scripts) ? tool.poetry.scripts : {};
  const entry = poetry[name];
  if (typeof entry === 'string') return entry;
  if (isTable(entry)) {
    if (typeof entry.callable === 'string') return entry.callable;
    if (typeof entry.reference === 'string' && (entry.type === undefined || entry.type === 'console')) return entry.reference;
  }
  return undefined;
}
