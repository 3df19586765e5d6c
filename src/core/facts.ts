/**
 * The facts facade: everything a rule may ask about a Dockerfile and its project, in one place.
 * A rule imports the rule API (`rule.ts`) and this module, nothing else (`npm run lint` holds
 * it). The questions that cost something, or that several rules ask, are answered once per
 * lint by `RuleFacts` (on `context.facts`): the installs with their options read by each tool's
 * grammar, the installs fed by an export, the server command, the shipped stages, and the
 * dependency groups of the pyproject.toml each install really reads. The rest is re-exported
 * from the model and the context, which stay the one place that knows each thing.
 */
import type { Project } from './context/project.js';
import type { DefaultGroups } from './context/pyproject.js';
import { defaultDevelopmentGroups } from './context/pyproject.js';
import { projectFileOf } from './context/installs.js';
import type { InstallOptions } from './model/install-options.js';
import type { Invocation } from './model/invocation.js';
import { exportedInstalls, type ExportedInstall } from './model/package-exports.js';
import { installOptions, packageInstall, type PackageInstall } from './model/python-tools.js';
import { serverCommand, type ServerCommand } from './model/server.js';
import { isShipped, shippedStages } from './model/stages.js';
import type { DockerfileModel, InstructionModel, Stage } from './model/types.js';

/** One package install of a RUN, with its options read by its tool's grammar. */
export interface InstallFact {
  instruction: InstructionModel;
  invocation: Invocation;
  install: PackageInstall;
  options: InstallOptions;
  /** The RUN's stage is the final one or one it is built FROM. */
  shipped: boolean;
}

export class RuleFacts {
  private serverMemo: ServerCommand | undefined | null = null;
  private installsMemo: InstallFact[] | undefined;
  private shippedMemo: ReadonlySet<Stage> | undefined;
  private readonly groupsMemo = new Map<string, DefaultGroups | undefined>();

  constructor(
    readonly model: DockerfileModel,
    readonly project: Project | undefined,
  ) {}

  /** The command that starts the server (uvicorn, gunicorn, fastapi, hypercorn), if the image runs one. */
  get server(): ServerCommand | undefined {
    if (this.serverMemo === null) this.serverMemo = serverCommand(this.model);
    return this.serverMemo;
  }

  /** The stages whose layers ship in the image: the final stage and those it is built FROM. */
  get shippedStages(): ReadonlySet<Stage> {
    this.shippedMemo ??= shippedStages(this.model);
    return this.shippedMemo;
  }

  /** Every package install of every RUN, in order, with its options parsed. */
  get installs(): InstallFact[] {
    if (!this.installsMemo) {
      this.installsMemo = [];
      for (const instruction of this.model.instructions) {
        if (instruction.keyword !== 'RUN' || !instruction.command) continue;
        const shipped = isShipped(this.model, instruction.stage);
        for (const invocation of instruction.command.invocations) {
          const install = packageInstall(invocation);
          if (install) this.installsMemo.push({ instruction, invocation, install, options: installOptions(install), shipped });
        }
      }
    }
    return this.installsMemo;
  }

  /** The installs (and `pip wheel`s) that read what `uv export` or `poetry export` wrote. */
  get exportedInstalls(): ExportedInstall[] {
    return exportedInstalls(this.model);
  }

  /**
   * The dependency groups a plain install adds, from the pyproject.toml that a command in
   * `instruction` reads: in `directory` (its `--project` option, as written) or the working
   * directory, as the stage's COPYs and bind mounts put it there; the one at the context root
   * when the stage does not show it. `undefined` without a usable context or a readable file.
   */
  developmentGroups(instruction: InstructionModel, directory?: string): DefaultGroups | undefined {
    const project = this.project;
    if (project?.status !== 'usable') return undefined;
    const file = projectFileOf(instruction, directory, 'pyproject.toml', project.context, project.filesOf(instruction.stage)) ?? 'pyproject.toml';
    if (!this.groupsMemo.has(file)) this.groupsMemo.set(file, defaultDevelopmentGroups(project.context, file));
    return this.groupsMemo.get(file);
  }
}

// What rules read from the model and the context, through this one door.
export * as path from 'pathe';
export type { BuildContext } from './context/build-context.js';
export { InstallInputs } from './context/build-inputs.js';
export { formatComposeDuration, parseComposeDuration } from './context/compose-duration.js';
export { CONTEXT_RULE_OPTIONS, describeContext, DEVELOPMENT_COMPOSE_DOC, RUNTIME_COMMANDS_DOC } from './context/describe.js';
export { describeEntryPoint, entryPointCalls, type EntryPoint } from './context/entry-point.js';
export { PatternSyntaxError, segmentPattern } from './context/glob-match.js';
export type { ImageFilesystem } from './context/image-fs.js';
export { lockListsPackage, type InstalledRequirement } from './context/installs.js';
export { contextContainers } from './context/kubernetes-evidence.js';
export { localImageFor, locallyBuiltImages, type LocalImage } from './context/local-images.js';
export { fileCopiedTo } from './context/local-packages.js';
export { copiedManifests, type CopiedManifest } from './context/manifests.js';
export { DEFAULT_APP_FILES, proxyEvidence, type Project } from './context/project.js';
export { pyproject, type DefaultGroups } from './context/pyproject.js';
export { runningServers } from './context/runtime.js';
export { normalizeName, parseRequirement } from './context/requirements.js';
export { resolvePath } from './model/build.js';
export { declarations, type Declaration } from './model/declarations.js';
export { readJsonLike, type JsonLikeProblem } from './model/exec-form.js';
export { effectiveHealthcheck } from './model/healthcheck.js';
export { handsOverTo, shellFormShell, wrapperShell, type ShellKind } from './model/image-shell.js';
export { isDeprecatedFastapiImage, isOfficialPythonImage, parseImageReference, runsAsRootByDefault, type ImageReference } from './model/image.js';
export type { InstallOptions, ParsedOption } from './model/install-options.js';
export { basename, isShellProgram, readWrapper, scriptInvocations, wrapperFlags, WRAPPERS, type Invocation, type Wrapper } from './model/invocation.js';
export { migrationCommand, type MigrationCommand } from './model/migrations.js';
export type { ExportedInstall, PackageExport } from './model/package-exports.js';
export { pipArguments } from './model/pip-arguments.js';
export { describePoetryVersion, poetryHasGroups, poetryHasNoDev, poetryInstallation, type PoetryInstallation } from './model/poetry.js';
export { pythonCommands } from './model/python-command.js';
export { DOCUMENTED_PYTHON_IMAGE, newestPython, pythonRelease, pythonVersionOfImage, suggestedPythonImage } from './model/python-releases.js';
export {
  cacheLocation,
  commandVariable,
  installOptions,
  installsOffline,
  isToolInstall,
  mountCoversCache,
  packageInstall,
  pipDisablesCache,
  pipNoCacheDirSet,
  removesCacheAfter,
  type PackageInstall,
} from './model/python-tools.js';
export { describeSource, gunicornEnvOptions, gunicornWorkerClass, listenSetting, reloadSetting, workersSetting } from './model/server-settings.js';
export {
  commandCandidates,
  commandPlace,
  commandsRun,
  effectiveCommands,
  serverCommand,
  serverCommands,
  serverOption,
  serverOptions,
  startsServer,
  type ServerCommand,
  type ServerKind,
  type ServerOption,
} from './model/server.js';
export { describeFeatures, isShellOnlyName, type ShellScript, type ShellWord, type SimpleCommand } from './model/shell.js';
export type { OffsetRange } from './model/source.js';
export { hasPlausibleFrom, isInstructionShipped, isShipped, shippedLineage, shippedStages, stageLineage, stageRuntime } from './model/stages.js';
export { packagesKept, type SystemPackage } from './model/system-packages.js';
export type { CopyModel, DockerfileModel, InstructionModel, Stage } from './model/types.js';
export { isTruthy, substitute, type VariableScope } from './model/variables.js';
export { pythonEnvironment, type Virtualenv } from './model/virtualenv.js';
export { removeWord, replaceInWord } from './model/word-edits.js';
export { highestMinor } from './model/version-specifier.js';
export { OTHER_LINTER_NAMES, counterpartOf } from './other-linters.js';
export { readPythonModule } from './python/module.js';
export { uvicornArgument, uvicornListen, uvicornReload, uvicornWorkers } from './python/uvicorn.js';
