/**
 * What the image installs: the requirements files, pyproject.toml and package names that the
 * Dockerfile's pip, uv, poetry and pdm commands read, resolved through the image's files back
 * to the build context. When any install reads something we cannot (a Pipfile, a file from
 * another stage, a URL), the result says it is incomplete and rules that need the full list
 * stay silent.
 */
import * as path from 'pathe';
import { isOfficialPythonImage } from '../model/image.js';
import { PIP_VALUE_OPTION_NAMES } from '../model/install-options.js';
import { basename, isShellProgram, type Invocation } from '../model/invocation.js';
import { packageInstall, type PackageInstall } from '../model/python-tools.js';
import type { DockerfileModel, InstructionModel, Stage } from '../model/types.js';
import { substitute } from '../model/variables.js';
import type { ShellWord } from '../model/shell.js';
import type { BuildContext, ContextFile } from './build-context.js';
import type { ImageFilesystem } from './image-fs.js';
import { pyproject } from './pyproject.js';
import { parseRequirement, readRequirementsFile, type Requirement } from './requirements.js';

export interface InstalledRequirement extends Omit<Requirement, 'file'> {
  /** The file that declares it; `undefined` when it is named in the Dockerfile itself. */
  file: ContextFile | undefined;
}

export interface ProjectInstalls {
  requirements: InstalledRequirement[];
  /**
   * Every install was read, and nothing else put packages in the image: no script, conda, OS
   * package of a Python tool, or `COPY --from` of an image or stage we cannot read. When false,
   * a package missing from `requirements` may still be installed.
   */
  complete: boolean;
  /** Lock files the installs use (uv.lock, poetry.lock), which list transitive packages too. */
  lockFiles: ContextFile[];
  /** The project itself is installed into site-packages (`pip install .`, `uv sync`, `poetry install`). */
  installsProject: boolean;
  /** The pyproject.toml the project installs from, if any. */
  pyprojectPaths: string[];
}

/**
 * pyproject.toml declarations of dependencies that an install may add but `pyproject()` does not
 * list: dynamic dependencies, dependency groups (uv and Poetry install the dev group by default),
 * optional dependencies (`pip install .[server]`), and the tools' own dev tables.
 */
const UNREAD_DEPENDENCIES =
  /^\s*(?:dynamic\s*=\s*\[[^\]]*["']dependencies["']|\[(?:dependency-groups|project\.optional-dependencies|tool\.poetry\.group\.[^\]]+|tool\.poetry\.dev-dependencies|tool\.pdm\.dev-dependencies|tool\.uv)\])/m;

/** pip's options whose value is the next word, and uv pip's extras and groups. */
const PIP_VALUE_OPTIONS = new Set([...PIP_VALUE_OPTION_NAMES, '--extra', '--group', '--only-group']);

/**
 * The stages whose installs reach the image: the final stage, the stages it is built FROM, and
 * the stages those copy or mount files from (`COPY --from=builder /root/.local`), transitively.
 * A test or development stage the image never uses installs nothing in it.
 */
function stagesFeedingImage(model: DockerfileModel): Set<Stage> {
  const feeding = new Set<Stage>();
  const pending = model.finalStage ? [model.finalStage] : [];
  const stageNamed = (reference: string, before: number) =>
    model.stages.find((candidate) => candidate.index < before && (candidate.name === reference.toLowerCase() || String(candidate.index) === reference));
  while (pending.length > 0) {
    const stage = pending.pop() as Stage;
    if (feeding.has(stage)) continue;
    feeding.add(stage);
    if (stage.baseStage) pending.push(stage.baseStage);
    for (const instruction of stage.instructions) {
      const references = [instruction.copy?.from, ...(instruction.command?.mounts ?? []).map((mount) => mount.flag.options.get('from'))];
      for (const reference of references) {
        const source = reference === undefined ? undefined : stageNamed(reference, stage.index);
        if (source) pending.push(source);
      }
    }
  }
  return feeding;
}

/**
 * What the image installs. Each RUN is read against its own stage's files (`stageFiles`): a
 * builder's `pip install -r requirements.txt` in WORKDIR /build reads the requirements.txt the
 * builder copied there.
 */
export function projectInstalls(model: DockerfileModel, context: BuildContext, stageFiles: (stage: Stage | undefined) => ImageFilesystem): ProjectInstalls {
  const result: ProjectInstalls = { requirements: [], complete: true, lockFiles: [], installsProject: false, pyprojectPaths: [] };
  let sawInstall = false;
  const feeding = stagesFeedingImage(model);
  for (const instruction of model.instructions) {
    // Instructions before any FROM (a file that is not one) are read as the image's.
    if (instruction.stage !== undefined && !feeding.has(instruction.stage)) continue;
    const imageFs = stageFiles(instruction.stage ?? model.finalStage);
    if (instruction.copy?.from !== undefined && copiesUnreadablePackages(model, instruction.copy.from)) result.complete = false;
    if (instruction.keyword !== 'RUN' || !instruction.command) continue;
    for (const invocation of instruction.command.invocations) {
      const install = packageInstall(invocation);
      if (!install) {
        if (mayInstallUnseen(invocation)) result.complete = false;
        continue;
      }
      sawInstall = true;
      readInstall(install, instruction, context, imageFs, result);
    }
  }
  if (!sawInstall) result.complete = false;
  return result;
}

/** Images whose files are tools, never Python packages (`COPY --from=ghcr.io/astral-sh/uv /uv /bin/`). */
const TOOL_IMAGES = /(?:^|\/)astral-sh\/uv$/;

/** Whether `COPY --from=X` may bring installed packages we cannot read: from an image, or from a stage not built on python. */
function copiesUnreadablePackages(model: DockerfileModel, from: string): boolean {
  const stage = model.stages.find((candidate) => candidate.name === from.toLowerCase() || String(candidate.index) === from);
  if (!stage) return !TOOL_IMAGES.test(parseFromImage(from));
  let root: Stage = stage;
  while (root.baseStage) root = root.baseStage;
  return root.image === undefined || !isOfficialPythonImage(root.image);
}

function parseFromImage(reference: string): string {
  return reference
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .toLowerCase();
}

/** Package tools whose other subcommands read or configure, but install nothing. */
const TOOL_PROGRAMS = new Set([
  'pip',
  'pip3',
  'uv',
  'uvx',
  'poetry',
  'pdm',
  'pipenv',
  'hatch',
  'rye',
  'pixi',
  'conda',
  'mamba',
  'micromamba',
  'pipx',
  'easy_install',
]);
const HARMLESS_SUBCOMMANDS = new Set([
  'config',
  'lock',
  'export',
  'venv',
  'version',
  'cache',
  'check',
  'show',
  'list',
  'freeze',
  'build',
  'python',
  'self',
  'debug',
  'compile',
  'help',
  'info',
  'init',
  'clean',
  'search',
  'download',
  'wheel',
  'hash',
  'inspect',
  'uninstall',
  'remove',
  'tree',
  'completion',
  'completions',
  'env',
  'pip',
]);
const OS_PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper']);
const BUILD_RUNNERS = new Set(['make', 'just', 'task', 'invoke', 'nox', 'tox', 'source', '.']);

/**
 * Whether a RUN command we do not read may install Python packages: a script (`./install.sh`,
 * `sh setup.sh`, `python setup.py install`), a build runner, a package tool's subcommand we do
 * not model (`conda install`, `pipx install`, `poetry add`), or an OS package of a Python tool.
 */
function mayInstallUnseen(invocation: Invocation): boolean {
  const program = basename(invocation.program);
  const firstArgument = invocation.args.find((word) => !word.value.startsWith('-'))?.value;
  if (invocation.programWord.value.includes('/') && !/^(?:\/usr)?\/s?bin\//.test(invocation.programWord.value)) return true;
  if (/\.(?:sh|bash|py)$/.test(program) || BUILD_RUNNERS.has(program)) return true;
  if (isShellProgram(program)) return firstArgument !== undefined;
  if (/^python(?:\d+(?:\.\d+)*)?$/.test(program)) return invocation.args.length > 0 && !['-V', '--version'].includes(invocation.args[0].value);
  if (TOOL_PROGRAMS.has(program) || /^pip\d/.test(program)) {
    if (firstArgument === undefined) return false;
    if (program === 'uv' && firstArgument === 'pip') {
      const pipSubcommand = invocation.args.filter((word) => !word.value.startsWith('-'))[1]?.value;
      return pipSubcommand === undefined || !HARMLESS_SUBCOMMANDS.has(pipSubcommand);
    }
    return !HARMLESS_SUBCOMMANDS.has(firstArgument) || (firstArgument === 'pip' && program !== 'uv');
  }
  if (OS_PACKAGE_MANAGERS.has(program) && invocation.args.some((word) => word.value === 'install' || word.value === 'add')) {
    return invocation.args.some((word) => /^(?:python3?-|py3-)|uvicorn|gunicorn|hypercorn|fastapi/.test(word.value));
  }
  return false;
}

/** The context path of a file the RUN reads: through a bind mount, or the file COPY put there. */
export function contextPathOf(imagePath: string, instruction: InstructionModel, context: BuildContext, imageFs: ImageFilesystem): string | undefined {
  for (const mount of instruction.command?.mounts ?? []) {
    if (mount.type !== 'bind' || !mount.target || mount.flag.options.has('from')) continue;
    const target = path.resolve(instruction.workdir ?? '/', mount.target);
    if (imagePath === target) return context.normalize(mount.source ?? '.');
    if (imagePath.startsWith(`${target}/`)) return context.normalize(path.join(mount.source ?? '.', imagePath.slice(target.length + 1)));
  }
  const found = imageFs.lookup(imagePath);
  return found.kind === 'file' || found.kind === 'directory' ? found.contextPath : undefined;
}

/**
 * The context path of the project file (`pyproject.toml`) that a command in `instruction` reads
 * from its project directory: `directory` (a `--project`/`--directory` option, as written) or the
 * working directory, through a bind mount or the file COPY put there (`COPY ./app .` in WORKDIR
 * /app gives `app/pyproject.toml`). `undefined` when the stage does not show where it comes from.
 */
export function projectFileOf(
  instruction: InstructionModel,
  directory: string | undefined,
  name: string,
  context: BuildContext,
  imageFs: ImageFilesystem,
): string | undefined {
  const workdir = instruction.workdir ?? '/';
  const written = directory === undefined ? '.' : substitute(directory, instruction.buildScope);
  if (written === undefined) return undefined;
  const found = contextPathOf(path.join(path.resolve(workdir, written), name), instruction, context, imageFs);
  return found !== undefined && context.file(found) ? found : undefined;
}

function readInstall(install: PackageInstall, instruction: InstructionModel, context: BuildContext, imageFs: ImageFilesystem, result: ProjectInstalls): void {
  const workdir = instruction.workdir ?? '/';
  const imagePathOf = (word: ShellWord) => {
    const value = substitute(word.value, instruction.buildScope);
    return value === undefined ? undefined : path.resolve(workdir, value);
  };
  const readPyproject = (imageDirectory: string | undefined) => {
    const contextDirectory = imageDirectory === undefined ? undefined : contextPathOf(imageDirectory, instruction, context, imageFs);
    const pyprojectPath =
      contextDirectory === undefined ? undefined : contextPathOf(path.join(imageDirectory as string, 'pyproject.toml'), instruction, context, imageFs);
    result.installsProject = true;
    if (pyprojectPath === undefined) {
      result.complete = false;
      return;
    }
    const read = pyproject(context, pyprojectPath);
    for (const requirement of read.requirements) result.requirements.push(requirement);
    result.complete &&= read.complete && read.requirements.length > 0 && !(read.file && UNREAD_DEPENDENCIES.test(read.file.source.text));
    result.pyprojectPaths.push(pyprojectPath);
    for (const lock of ['uv.lock', 'poetry.lock', 'pdm.lock']) {
      const lockPath = contextPathOf(path.join(imageDirectory as string, lock), instruction, context, imageFs);
      const lockFile = lockPath === undefined ? undefined : context.file(lockPath);
      if (lockFile) result.lockFiles.push(lockFile);
    }
  };

  switch (install.tool) {
    case 'pip':
    case 'uv pip': {
      const args = install.args;
      for (let index = 0; index < args.length; index++) {
        const value = args[index].value;
        const option = /^(-r|--requirement|-c|--constraint)(?:=(.*))?$/.exec(value) ?? /^(-r|-c)(.+)$/.exec(value);
        if (option) {
          const fileWord = option[2] !== undefined ? { ...args[index], value: option[2] } : args[++index];
          const imagePath = fileWord ? imagePathOf(fileWord) : undefined;
          const contextPath = imagePath === undefined ? undefined : contextPathOf(imagePath, instruction, context, imageFs);
          if (contextPath === undefined) {
            result.complete = false;
            continue;
          }
          if (contextPath.endsWith('pyproject.toml')) {
            readPyproject(path.dirname(imagePath as string));
            continue;
          }
          const read = readRequirementsFile(context, contextPath, option[1].startsWith('-c') || option[1] === '--constraint');
          for (const requirement of read.requirements) result.requirements.push(requirement);
          result.complete &&= read.complete;
          continue;
        }
        if (PIP_VALUE_OPTIONS.has(value)) {
          index++;
          continue;
        }
        if (value.startsWith('-') && value !== '-e' && value !== '--editable') continue;
        if (value === '-e' || value === '--editable') {
          const target = args[++index];
          if (target && /^[./]/.test(target.value)) readPyproject(imagePathOf(target));
          else result.complete = false;
          continue;
        }
        if (/^(?:\.{1,2}(?:\/|\[|$)|\/)/.test(value)) {
          readPyproject(imagePathOf({ ...args[index], value: value.replace(/\[.*$/, '') }));
          continue;
        }
        if (/\.(?:whl|tar\.gz|zip)$/.test(value) || value.includes('://') || value.includes('$')) {
          result.complete = false;
          continue;
        }
        const parsed = parseRequirement(value);
        if (parsed) result.requirements.push({ ...parsed, file: undefined, range: { start: args[index].start, end: args[index].end }, isConstraint: false });
      }
      return;
    }
    case 'uv sync':
    case 'poetry':
    case 'pdm': {
      const projectOption = install.args.findIndex((word) => word.value === '--project' || word.value === '--directory');
      const directory = projectOption !== -1 && install.args[projectOption + 1] ? imagePathOf(install.args[projectOption + 1]) : workdir;
      readPyproject(directory);
      return;
    }
    case 'uv add':
      for (const word of install.args) {
        if (word.value.startsWith('-')) continue;
        const parsed = parseRequirement(word.value);
        if (parsed) result.requirements.push({ ...parsed, file: undefined, range: { start: word.start, end: word.end }, isConstraint: false });
      }
      return;
    default:
      // pipenv reads a Pipfile we do not parse.
      result.complete = false;
  }
}

/** Whether a lock file lists a package (uv.lock, poetry.lock and pdm.lock share `name = "..."`). */
export function lockListsPackage(lockFiles: ContextFile[], name: string): boolean {
  const pattern = new RegExp(`^name\\s*=\\s*"${name.replace(/-/g, '[-_.]')}"\\s*$`, 'mi');
  return lockFiles.some((lock) => pattern.test(lock.source.text));
}
