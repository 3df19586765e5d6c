/**
 * A project install whose dependencies a builder stage already installed: the builder ran the
 * same tool on the same pyproject.toml and lock file (the same context files) with the same
 * selection (`--only main`, `-E pgsql`), into a virtual environment that the stage copies in at
 * the same path (`COPY --from=deps /opt/deps /opt/deps`), and the install uses that environment
 * (`. /opt/deps/.venv/bin/activate && poetry install --only main`). Then it only adds the project
 * itself: a code edit reruns it, but it downloads nothing.
 *
 * Only Poetry and `uv sync` are read, whose environment follows from the Dockerfile (VIRTUAL_ENV,
 * an `activate` earlier in the RUN, POETRY_VIRTUALENVS_IN_PROJECT, UV_PROJECT_ENVIRONMENT, the
 * project's `.venv`). When any of it is unknown, the install counts as a full one.
 */
import * as path from 'pathe';
import { resolvePath } from '../model/build.js';
import { isWithin } from '../model/copy-targets.js';
import { commandVariable, isToolInstall, packageInstall, type PackageInstall } from '../model/python-tools.js';
import { stageLineage } from '../model/stages.js';
import type { DockerfileModel, InstructionModel, Stage } from '../model/types.js';
import { isTruthy, substitute } from '../model/variables.js';
import type { BuildContext } from './build-context.js';
import { contextPathAt } from './local-packages.js';

/** Each tool's manifest files, and the options that choose its project directory. */
const TOOLS: Readonly<Record<string, { lock: string; projectOptions: readonly string[] }>> = {
  poetry: { lock: 'poetry.lock', projectOptions: ['-C', '--directory', '-P', '--project'] },
  'uv sync': { lock: 'uv.lock', projectOptions: ['--directory', '--project'] },
};

/** Options that change neither what is selected nor where it goes (`--no-root` only leaves the project out). */
const NEUTRAL_OPTIONS = new Set([
  '--no-root',
  '--no-install-project',
  '--no-interaction',
  '-n',
  '--no-ansi',
  '--ansi',
  '-q',
  '--quiet',
  '-v',
  '-vv',
  '-vvv',
  '--verbose',
  '--compile',
  '--compile-bytecode',
  '--no-cache',
  '--no-plugins',
  '--locked',
  '--frozen',
  '--no-progress',
  '--active',
]);

/** The words of an install that select what it installs, for comparison. */
function selection(install: PackageInstall): string {
  const projectOptions = TOOLS[install.tool]?.projectOptions ?? [];
  const words: string[] = [];
  for (let index = 0; index < install.args.length; index++) {
    const value = install.args[index].value;
    if (projectOptions.includes(value)) {
      index++;
      continue;
    }
    const name = value.split('=')[0];
    if (NEUTRAL_OPTIONS.has(name) || name === '--link-mode' || projectOptions.includes(name)) continue;
    words.push(value);
  }
  return words.join(' ');
}

/** The directory whose pyproject.toml the install reads. */
function projectDirectory(install: PackageInstall, instruction: InstructionModel): string | undefined {
  const workdir = instruction.workdir;
  if (workdir === undefined) return undefined;
  const words = [...install.programArgs, ...install.args];
  const options = TOOLS[install.tool]?.projectOptions ?? [];
  for (let index = 0; index < words.length; index++) {
    const value = words[index].value;
    const attached = options.find((option) => value.startsWith(`${option}=`));
    const given = attached ? value.slice(attached.length + 1) : options.includes(value) ? words[index + 1]?.value : undefined;
    if (given === undefined) continue;
    const text = substitute(given, instruction.buildScope);
    return text === undefined || text.includes('$') ? undefined : resolvePath(workdir, text);
  }
  return workdir;
}

/** The virtual environment that `. /venv/bin/activate` (or `source`) earlier in the RUN activates. */
function activatedEnvironment(install: PackageInstall, instruction: InstructionModel): string | undefined {
  let found: string | undefined;
  for (const invocation of instruction.command?.invocations ?? []) {
    if (invocation === install.invocation) break;
    if (invocation.program !== '.' && invocation.program !== 'source') continue;
    const script = invocation.args[0] ? substitute(invocation.args[0].value, instruction.buildScope) : undefined;
    const match = script === undefined ? null : /^(.*)\/bin\/activate$/.exec(script);
    found = match && instruction.workdir !== undefined && !match[1].includes('$') ? resolvePath(instruction.workdir, match[1] || '/') : undefined;
  }
  return found;
}

/** Where the install puts the packages: a virtual environment's path, when the Dockerfile shows it. */
function environmentOf(install: PackageInstall, instruction: InstructionModel): string | undefined {
  const project = projectDirectory(install, instruction);
  if (project === undefined) return undefined;
  const variable = (name: string) => commandVariable(instruction, install.invocation, name);
  const virtualEnv = variable('VIRTUAL_ENV');
  const active = activatedEnvironment(install, instruction) ?? (virtualEnv && !virtualEnv.includes('$') ? resolvePath('/', virtualEnv) : undefined);
  if (install.tool === 'poetry') {
    // Poetry installs into the active environment; else, with in-project set, into ./.venv.
    if (active) return active;
    return isTruthy(variable('POETRY_VIRTUALENVS_IN_PROJECT')) ? path.join(project, '.venv') : undefined;
  }
  // uv sync: the project's environment, the active one only with --active.
  if (install.args.some((word) => word.value === '--active')) return active;
  const configured = variable('UV_PROJECT_ENVIRONMENT');
  if (configured !== undefined) return configured.includes('$') ? undefined : resolvePath(project, configured);
  return path.join(project, '.venv');
}

/** The context files of the install's pyproject.toml and lock file, when both come from the context. */
function manifestsOf(install: PackageInstall, instruction: InstructionModel, context: BuildContext): string | undefined {
  const project = projectDirectory(install, instruction);
  const lock = TOOLS[install.tool]?.lock;
  if (project === undefined || lock === undefined) return undefined;
  const files = ['pyproject.toml', lock].map((name) => contextPathAt(instruction, path.join(project, name), context));
  return files.every((file) => file !== undefined) ? files.join('\0') : undefined;
}

/** The stage a `COPY --from` names, when it is one of the Dockerfile's, built before. */
function sourceStage(model: DockerfileModel, from: string, instruction: InstructionModel): Stage | undefined {
  const current = instruction.stage?.index ?? Infinity;
  const named = from.toLowerCase();
  return model.stages.find((candidate) => candidate.index < current && (candidate.name === named || String(candidate.index) === from));
}

/** Where a `COPY --from` puts what the other stage has at `sourcePath`, if it copies it. */
function copiedTo(copy: InstructionModel, sourcePath: string): string | undefined {
  const sources = copy.copy?.sources ?? [];
  const destinationText = copy.copy?.destination ? substitute(copy.copy.destination.value, copy.buildScope) : undefined;
  if (sources.length !== 1 || destinationText === undefined || copy.workdir === undefined) return undefined;
  const sourceText = substitute(sources[0].value, copy.buildScope);
  if (sourceText === undefined || /[*?[$]/.test(sourceText) || destinationText.includes('$')) return undefined;
  const source = resolvePath('/', sourceText);
  if (!isWithin(sourcePath, source)) return undefined;
  return resolvePath(resolvePath(copy.workdir, destinationText), `.${sourcePath.slice(source.length)}`);
}

/**
 * Whether a project install's dependencies are already in the environment it uses, installed by
 * a builder stage from the same manifests with the same selection (see the file's comment).
 */
export function dependenciesPreparedInBuilder(model: DockerfileModel, install: PackageInstall, instruction: InstructionModel, context: BuildContext): boolean {
  if (install.scope !== 'project' || TOOLS[install.tool] === undefined) return false;
  const environment = environmentOf(install, instruction);
  const manifests = manifestsOf(install, instruction, context);
  if (environment === undefined || manifests === undefined) return false;
  const wanted = selection(install);
  const lineage = stageLineage(instruction.stage).flatMap((stage) => stage.instructions);
  const before = lineage.slice(0, lineage.indexOf(instruction));
  return before.some((copy) => {
    const from = copy.copy?.from;
    const builder = from === undefined ? undefined : sourceStage(model, from, copy);
    if (!builder) return false;
    return stageLineage(builder)
      .flatMap((stage) => stage.instructions)
      .some((run) =>
        (run.keyword === 'RUN' ? (run.command?.invocations ?? []) : []).some((invocation) => {
          const prepared = packageInstall(invocation);
          if (!prepared || prepared.tool !== install.tool || prepared.scope === 'project-only' || isToolInstall(prepared)) return false;
          const preparedEnvironment = environmentOf(prepared, run);
          // The environment lands where it was made (a venv's scripts name their own path).
          return (
            preparedEnvironment === environment &&
            copiedTo(copy, preparedEnvironment) === environment &&
            selection(prepared) === wanted &&
            manifestsOf(prepared, run, context) === manifests
          );
        }),
      );
  });
}
