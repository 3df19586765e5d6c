/**
 * Where the installers leave the project's dependencies in the image, and what PATH finds:
 *
 * - `uv sync` installs into the project's environment: `.venv` in the project directory (WORKDIR,
 *   or `--directory`/`--project`), or `UV_PROJECT_ENVIRONMENT`.
 * - `poetry install` creates a virtualenv unless `virtualenvs.create` is false
 *   (`POETRY_VIRTUALENVS_CREATE=false`, `poetry config virtualenvs.create false`): `.venv` in the
 *   project with `virtualenvs.in-project`, else one under Poetry's cache directory. An active
 *   virtualenv (`VIRTUAL_ENV`) is used as it is.
 * - `pdm install`/`pdm sync` create `.venv` in the project.
 * - `pipenv install`/`sync` create a virtualenv (`.venv` with `PIPENV_VENV_IN_PROJECT`, else under
 *   `~/.local/share/virtualenvs`), unless `--system`.
 * - pip and `uv pip` install where their interpreter is: a virtualenv's (`/opt/venv/bin/pip`, a
 *   `python -m venv` directory first on PATH, `VIRTUAL_ENV` for uv) or the system's.
 *
 * A virtualenv keeps the path it was built at: its console scripts (`bin/uvicorn`) start with
 * `#!/build/.venv/bin/python`. `COPY --from=builder /build/.venv /app/.venv` moves it, and those
 * scripts then fail with "no such file or directory"; `python -m uvicorn` still works.
 *
 * What PATH holds: the base image's (the official python image's, or a distribution's), changed
 * by the final stage's `ENV PATH=...`. Any answer may be unknown; rules stay silent then.
 */
import { resolvePath } from './build.js';
import { declarations } from './declarations.js';
import type { ImageReference } from './image.js';
import { basename, type Invocation } from './invocation.js';
import { commandVariable, isToolInstall, packageInstall, type PackageInstall } from './python-tools.js';
import type { DockerfileModel, InstructionModel, Stage } from './types.js';
import { evaluateWord, isTruthy } from './variables.js';

export type VirtualenvInstaller = 'uv sync' | 'poetry' | 'pdm' | 'pipenv' | 'pip' | 'uv pip';

export interface Virtualenv {
  /** Where it is in the final image; `undefined` when the installer chose a place we cannot name (Poetry's cache). */
  path: string | undefined;
  /** Where it was built, which its console scripts name: differs from `path` once a COPY moved it. */
  builtAt: string | undefined;
  installer: VirtualenvInstaller;
  /** The install that put the dependencies there, as written. */
  installText: string;
  instruction: InstructionModel;
  /** The COPY --from that brought it into the final stage, if one did. */
  copiedBy: InstructionModel | undefined;
}

export interface PythonEnvironment {
  /** The virtualenvs of the final image that hold installed packages. */
  virtualenvs: Virtualenv[];
  /**
   * Packages are installed outside every virtualenv too, or where we cannot tell: the system
   * interpreter (`pip install`, `pipenv install --system`), `--user`, `--target`, a copied
   * `/usr/local` or `~/.local`. Then a bare `uvicorn` may well be found.
   */
  elsewhere: boolean;
  /** The container's PATH, directory by directory; `undefined` when unknown. */
  path: string[] | undefined;
}

/** PATH of the official python images, and of the distributions' own images. */
const BASE_PATHS: Record<string, string> = {
  'library/python': '/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'library/debian': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'library/ubuntu': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'library/alpine': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

/**
 * The PATH of a base image known to hold no server of its own: the official python images and
 * the distributions' own, and uv's images with Python (`ghcr.io/astral-sh/uv:python3.12-bookworm`,
 * `-slim`, `-alpine`), which are the official python images with uv added to /usr/local/bin.
 */
function basePath(image: ImageReference | undefined): string | undefined {
  if (!image) return undefined;
  if (image.registry === 'docker.io') return BASE_PATHS[image.repository];
  if (image.registry === 'ghcr.io' && image.repository === 'astral-sh/uv' && image.tag?.startsWith('python')) return BASE_PATHS['library/python'];
  return undefined;
}

/** Paths copied from a builder that hold packages outside a virtualenv. */
const SYSTEM_PACKAGES =
  /^\/usr(?:\/|$)|^\/root\/\.local(?:\/|$)|^\/home\/[^/]+\/\.local(?:\/|$)|^\/opt\/conda(?:\/|$)|^\/install(?:\/|$)|site-packages|dist-packages/;

const cache = new WeakMap<DockerfileModel, PythonEnvironment>();

/** The final image's Python environment (see the top of this file), read once per model. */
export function pythonEnvironment(model: DockerfileModel): PythonEnvironment {
  let found = cache.get(model);
  if (!found) {
    const stage = model.finalStage;
    found = stage ? { ...stageEnvironment(model, stage, 0), path: containerPath(model, stage) } : { virtualenvs: [], elsewhere: true, path: undefined };
    cache.set(model, found);
  }
  return found;
}

/** The stages a stage builds on, itself last. */
function lineage(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let current: Stage | undefined = stage; current && stages.length < 64; current = current.baseStage) stages.unshift(current);
  return stages;
}

function stageEnvironment(model: DockerfileModel, stage: Stage, depth: number): Omit<PythonEnvironment, 'path'> {
  const virtualenvs: Virtualenv[] = [];
  let elsewhere = false;
  const created: string[] = [];
  const chain = lineage(stage);
  // Only the official python images and bare distributions are known to hold no server of their own.
  const root = chain[0];
  if (basePath(root.image) === undefined) elsewhere = true;
  for (const current of chain) {
    for (const instruction of current.instructions) {
      if (instruction.keyword === 'COPY' && instruction.copy?.from !== undefined) {
        const copied = copiedEnvironments(model, instruction, depth);
        virtualenvs.push(...copied.virtualenvs);
        elsewhere ||= copied.elsewhere;
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const invocation of instruction.command?.invocations ?? []) {
        const made = createdVirtualenv(instruction, invocation);
        if (made) {
          created.push(made);
          continue;
        }
        const install = packageInstall(invocation);
        // Installing the installer (`pip install poetry`) installs no dependency of the app.
        if (!install || isToolInstall(install)) continue;
        const target = installTarget(model, instruction, install, created, chain);
        if (target === 'elsewhere') elsewhere = true;
        else if (!virtualenvs.some((known) => known.path === target.path && target.path !== undefined)) {
          virtualenvs.push({
            path: target.path,
            builtAt: target.path,
            installer: install.tool === 'uv add' ? 'uv sync' : install.tool,
            installText: install.text,
            instruction,
            copiedBy: undefined,
          });
        }
      }
    }
  }
  return { virtualenvs, elsewhere };
}

/** `python -m venv DIR`, `virtualenv DIR`, `uv venv [DIR]`: the directory made, absolute. */
function createdVirtualenv(instruction: InstructionModel, invocation: Invocation): string | undefined {
  const program = basename(invocation.program);
  let args = invocation.args;
  if (program === 'uv') {
    if (args[0]?.value !== 'venv') return undefined;
    args = args.slice(1);
  } else if (program !== 'venv' && program !== 'virtualenv') {
    return undefined;
  }
  const written = args.find((word) => !word.value.startsWith('-'))?.value ?? (program === 'uv' ? '.venv' : undefined);
  if (written === undefined || written.includes('$') || (!written.startsWith('/') && instruction.workdir === undefined)) return undefined;
  return resolvePath(instruction.workdir ?? '/', written);
}

/** Where one install puts its packages: a virtualenv (its path, `undefined` when unnamed) or elsewhere. */
function installTarget(
  model: DockerfileModel,
  instruction: InstructionModel,
  install: PackageInstall,
  created: string[],
  chain: Stage[],
): { path: string | undefined } | 'elsewhere' {
  const variable = (name: string) => commandVariable(instruction, install.invocation, name);
  const has = (...options: string[]) =>
    [...install.programArgs, ...install.args].some((word) => options.includes(word.value) || options.some((option) => word.value.startsWith(`${option}=`)));
  const workdir = instruction.workdir;
  const project = (() => {
    const option = [...install.programArgs].findIndex((word) => word.value === '--directory' || word.value === '--project' || word.value === '-C');
    const value = option === -1 ? undefined : install.programArgs[option + 1]?.value;
    if (value === undefined) return workdir;
    return value.includes('$') || workdir === undefined ? undefined : resolvePath(workdir, value);
  })();
  const inProject = (name = '.venv') => (project === undefined ? ('elsewhere' as const) : { path: resolvePath(project, name) });
  // Run inside a runner (`poetry run pip install`): the runner's environment, which we do not place.
  if (install.invocation.wrappers.some((wrapper) => wrapper.kind === 'runner')) return 'elsewhere';
  switch (install.tool) {
    case 'uv sync':
    case 'uv add': {
      const environment = variable('UV_PROJECT_ENVIRONMENT');
      if (environment !== undefined)
        return project === undefined && !environment.startsWith('/') ? 'elsewhere' : { path: resolvePath(project ?? '/', environment) };
      return instruction.buildScope.has('UV_PROJECT_ENVIRONMENT') ? 'elsewhere' : inProject();
    }
    case 'poetry': {
      const create = variable('POETRY_VIRTUALENVS_CREATE') ?? poetryConfig(chain, install.invocation, 'virtualenvs.create');
      if (create !== undefined && !isTruthy(create)) return 'elsewhere';
      const active = variable('VIRTUAL_ENV');
      if (active !== undefined) return active.startsWith('/') ? { path: active } : 'elsewhere';
      const inProjectSetting = variable('POETRY_VIRTUALENVS_IN_PROJECT') ?? poetryConfig(chain, install.invocation, 'virtualenvs.in-project');
      if (inProjectSetting !== undefined && isTruthy(inProjectSetting)) return inProject();
      // Under Poetry's cache directory, named after the project and a hash.
      return { path: undefined };
    }
    case 'pdm':
      return inProject();
    case 'pipenv':
      if (has('--system')) return 'elsewhere';
      if (isTruthy(variable('PIPENV_VENV_IN_PROJECT'))) return inProject();
      return { path: undefined };
    case 'pip':
    case 'uv pip': {
      if (has('--user', '--target', '-t', '--prefix', '--root', '--system')) return 'elsewhere';
      const environment = interpreterVirtualenv(model, instruction, install, created);
      if (environment) return { path: environment };
      if (install.tool === 'uv pip') {
        const active = variable('VIRTUAL_ENV');
        if (active?.startsWith('/')) return { path: active };
      }
      return 'elsewhere';
    }
    default:
      return 'elsewhere';
  }
}

/** The virtualenv a pip runs in: named by its path (`/opt/venv/bin/pip`), or the made one first on PATH. */
function interpreterVirtualenv(model: DockerfileModel, instruction: InstructionModel, install: PackageInstall, created: string[]): string | undefined {
  const python = install.invocation.wrappers.find((wrapper) => wrapper.kind === 'python-module')?.word.value;
  const written = python ?? install.programWord.value;
  const inBin = /^(\/.+)\/bin\/[^/]+$/.exec(written);
  if (inBin) return created.includes(inBin[1]) || /\/\.?venv$|virtualenv/.test(inBin[1]) ? inBin[1] : undefined;
  if (written.includes('/')) return undefined;
  const path = stagePath(model, instruction.stage, instruction);
  const first = path?.find((directory) => created.some((made) => `${made}/bin` === directory) || isSystemDirectory(directory));
  return first && !isSystemDirectory(first) ? first.slice(0, -'/bin'.length) : undefined;
}

function isSystemDirectory(directory: string): boolean {
  return /^\/(?:usr\/local\/|usr\/)?s?bin$/.test(directory);
}

/** The last `poetry config KEY VALUE` run before an install, in its stage and the stages it builds on. */
function poetryConfig(chain: Stage[], before: Invocation, key: string): string | undefined {
  let value: string | undefined;
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      for (const invocation of instruction.command?.invocations ?? []) {
        if (invocation === before) return value;
        if (basename(invocation.program) !== 'poetry') continue;
        const words = invocation.args.map((word) => word.value).filter((word) => word !== '--local' && word !== '-n' && word !== '--no-interaction');
        // Poetry before 1.0 named its settings `settings.virtualenvs.create`.
        if (words[0] === 'config' && (words[1] === key || words[1] === `settings.${key}`) && words[2] !== undefined) value = words[2];
      }
    }
  }
  return value;
}

/** What a `COPY --from=<stage>` brings: the stage's virtualenvs it covers, moved to where they land. */
function copiedEnvironments(model: DockerfileModel, instruction: InstructionModel, depth: number): Omit<PythonEnvironment, 'path'> {
  const copy = instruction.copy;
  const from = copy?.from?.toLowerCase();
  const source = model.stages.find((stage) => stage.name === from || String(stage.index) === from);
  const destination = copy?.destination?.value;
  const sources = copy?.sources.map((entry) => entry.value) ?? [];
  if (!source || source === instruction.stage || depth > 8 || destination === undefined || destination.includes('$')) {
    // An image's files, or a stage we cannot read: they may hold packages when they are system paths.
    return { virtualenvs: [], elsewhere: sources.some((path) => SYSTEM_PACKAGES.test(path)) };
  }
  const built = stageEnvironment(model, source, depth + 1);
  const virtualenvs: Virtualenv[] = [];
  let elsewhere = false;
  const target = resolvePath(instruction.workdir ?? '/', destination);
  for (const written of sources) {
    if (written.includes('$')) continue;
    const from = resolvePath(source.end.workdir ?? '/', written).replace(/\/+$/, '') || '/';
    if (SYSTEM_PACKAGES.test(from)) elsewhere = true;
    for (const environment of built.virtualenvs) {
      if (environment.path === undefined) continue;
      // `COPY --from=b /build/.venv /app/.venv` (a directory's contents into another) or `COPY --from=b /build /app`.
      if (environment.path === from) virtualenvs.push({ ...environment, path: target, copiedBy: instruction });
      else if (environment.path.startsWith(`${from}/`))
        virtualenvs.push({ ...environment, path: `${target.replace(/\/$/, '')}${environment.path.slice(from.length)}`, copiedBy: instruction });
    }
  }
  // Packages installed outside a virtualenv in the builder come along with a copy of their place.
  return { virtualenvs, elsewhere: elsewhere || (built.elsewhere && virtualenvs.length === 0 && sources.some((path) => SYSTEM_PACKAGES.test(path))) };
}

/** A stage's PATH before an instruction (or at its end): its base image's, changed by its `ENV PATH=`. */
function stagePath(model: DockerfileModel, stage: Stage | undefined, before?: InstructionModel): string[] | undefined {
  if (!stage) return undefined;
  const chain = lineage(stage);
  const root = chain[0];
  let value: string | undefined = basePath(root.image);
  for (const declaration of declarations(model)) {
    if (declaration.keyword !== 'ENV' || declaration.name !== 'PATH' || !chain.includes(declaration.instruction.stage as Stage)) continue;
    if (before && declaration.instruction.range.start >= before.range.start && declaration.instruction.stage === before.stage) break;
    if (declaration.raw === undefined) continue;
    const scope = new Map(declaration.instruction.buildScope);
    scope.set('PATH', value);
    value =
      value === undefined && !/\$\{?PATH\b/.test(declaration.raw)
        ? evaluateWord(declaration.raw, scope, model.escapeChar)
        : value === undefined
          ? undefined
          : evaluateWord(declaration.raw, scope, model.escapeChar);
  }
  return value === undefined
    ? undefined
    : value
        .split(':')
        .filter(Boolean)
        .map((directory) => directory.replace(/\/+$/, ''));
}

function containerPath(model: DockerfileModel, stage: Stage): string[] | undefined {
  return stagePath(model, stage);
}
