/**
 * Which files copied before a dependency install are inputs of that install, not application
 * code: the local packages it installs (see local-packages.ts), a package's `__init__.py` stub
 * copied for the project it builds, and the files a RUN between the
 * copy and the install executes or reads (a script installing OS packages, a package list; see
 * run-inputs.ts). Copying them first is what the install needs, and costs the install's layer
 * nothing when the code changes.
 *
 * A folder counts when a RUN uses a file of it, the install's requirements file or pyproject.toml
 * does not come from it (then it is the project), and, with the build context known, it holds no
 * Python module that no RUN uses (then it is the application's). The whole context never counts.
 */
import * as path from 'pathe';
import { resolvePath } from '../model/build.js';
import { copyTargets, isWithin, landingPaths, type CopyTarget } from '../model/copy-targets.js';
import { pipArguments } from '../model/pip-arguments.js';
import type { PackageInstall } from '../model/python-tools.js';
import { runInputs } from '../model/run-inputs.js';
import { stageLineage } from '../model/stages.js';
import type { DockerfileModel, InstructionModel } from '../model/types.js';
import { substitute } from '../model/variables.js';
import type { BuildContext } from './build-context.js';
import { localPackagePaths } from './local-packages.js';
import { dependenciesPreparedInBuilder } from './prepared-environment.js';

/** How far a directory is searched for Python modules before giving up (and counting it as code). */
const MAX_DIRECTORY_ENTRIES = 400;
const MAX_DIRECTORY_DEPTH = 4;

/** One dependency install and what it needs in place before it runs. */
export class InstallInputs {
  private localsCache: string[] | undefined;
  private runsCache: { positions: Map<InstructionModel, number>; inputs: { position: number; paths: string[] }[] } | undefined;

  constructor(
    readonly install: PackageInstall,
    /** The RUN that performs it. */
    readonly instruction: InstructionModel,
    /** The build context when it is known and usable; without it, only what the Dockerfile shows is used. */
    readonly context: BuildContext | undefined,
  ) {}

  /**
   * The install only adds the project: a builder stage installed its dependencies from the same
   * manifests into the environment it uses, copied in (see prepared-environment.ts).
   */
  onlyAddsProject(model: DockerfileModel): boolean {
    return this.context !== undefined && dependenciesPreparedInBuilder(model, this.install, this.instruction, this.context);
  }

  /** Image paths of the local packages the install needs (never the project itself). */
  get localPackages(): string[] {
    this.localsCache ??= localPackagePaths(this.install, this.instruction, this.context);
    return this.localsCache;
  }

  /**
   * Whether every context source of a COPY or ADD is an input of the install: it lands at or
   * inside one of its local packages, or a RUN after it and before the install uses it. The
   * whole context (`COPY . .`) is never one, nor is a source we cannot read.
   */
  copiesOnlyInputs(copy: InstructionModel, isManifest: (source: string) => boolean): boolean {
    const targets = copyTargets(copy);
    if (!targets || targets.length === 0) return false;
    const used = this.usedBetween(copy);
    return targets.every((target) => (target.path !== undefined && isManifest(target.path)) || this.isInput(copy, target, used));
  }

  /** Image paths the RUNs after `copy` and before the install execute or read. */
  private usedBetween(copy: InstructionModel): string[] {
    const runs = this.runsBefore();
    const from = runs.positions.get(copy);
    if (from === undefined) return [];
    return runs.inputs.filter((run) => run.position > from).flatMap((run) => run.paths);
  }

  /** The RUNs before the install in its lineage with what each uses, and every instruction's place. */
  private runsBefore(): { positions: Map<InstructionModel, number>; inputs: { position: number; paths: string[] }[] } {
    if (!this.runsCache) {
      const lineage = stageLineage(this.instruction.stage).flatMap((stage) => stage.instructions);
      const positions = new Map<InstructionModel, number>();
      const inputs: { position: number; paths: string[] }[] = [];
      for (let position = 0; position < lineage.length; position++) {
        const instruction = lineage[position];
        positions.set(instruction, position);
        if (instruction === this.instruction) {
          // In the install's own RUN, only what runs before the install counts.
          inputs.push({ position, paths: runInputs(instruction, this.install.invocation) });
          break;
        }
        if (instruction.keyword === 'RUN') {
          const paths = runInputs(instruction);
          if (paths.length > 0) inputs.push({ position, paths });
        }
      }
      this.runsCache = { positions, inputs };
    }
    return this.runsCache;
  }

  private isInput(copy: InstructionModel, target: CopyTarget, used: string[]): boolean {
    if (target.path === undefined) return false;
    const context = this.context;
    const sources = target.isGlob ? (context ? context.glob(target.path) : []) : [normalize(target.path, context)];
    if (sources.length === 0) return false;
    return sources.every((source) => {
      // The whole context is the application.
      if (source === undefined || source === '') return false;
      const kind = context?.kind(source);
      if (context && kind === undefined) return false;
      const landing = landingPaths(target, source, kind);
      if (landing.some((imagePath) => this.localPackages.some((local) => isWithin(imagePath, local)))) return true;
      if (!target.isGlob && kind !== 'directory' && this.isPackageStub(source, landing)) return true;
      const usedAsFile = landing.some((imagePath) => used.includes(imagePath));
      if (kind === 'file' || usedAsFile) return usedAsFile;
      // A directory (or, without the context, what may be one) that a RUN takes a file from.
      const destination = target.destination;
      if (!used.some((imagePath) => imagePath !== destination && isWithin(imagePath, destination))) return false;
      if (this.holdsManifest(copy, destination)) return false;
      return context ? this.directoryHasNoUnusedModule(source, destination, used, context) : true;
    });
  }

  /**
   * Whether a file is a package's `__init__.py` copied alone into the project that the install
   * builds (`COPY mypkg/__init__.py mypkg/` before `uv sync`): a stub that lets the build backend
   * find the package. The package's code comes later, and editing it does not rerun the install.
   */
  private isPackageStub(source: string, landing: string[]): boolean {
    const workdir = this.instruction.workdir;
    if (this.install.scope !== 'project' || workdir === undefined || path.basename(source) !== '__init__.py') return false;
    return landing.some((imagePath) => imagePath !== workdir && isWithin(imagePath, workdir));
  }

  /**
   * Whether the install's requirements file, pyproject.toml or Pipfile comes from the directory
   * copied to `destination` (no later COPY puts it there): then that directory is the project.
   */
  private holdsManifest(copy: InstructionModel, destination: string): boolean {
    const inside = this.manifestPaths().filter((manifest) => isWithin(manifest, destination));
    if (inside.length === 0) return false;
    const runs = this.runsBefore();
    const from = runs.positions.get(copy) ?? -1;
    const later = [...runs.positions].filter(([instruction, position]) => position > from && instruction.copy).map(([instruction]) => instruction);
    return inside.some(
      (manifest) =>
        !later.some((instruction) =>
          (copyTargets(instruction) ?? []).some(
            (target) => target.path !== undefined && !target.isGlob && landingPaths(target, target.path, undefined).includes(manifest),
          ),
        ),
    );
  }

  /** Image paths of the files the install reads its dependencies from. */
  private manifestPaths(): string[] {
    const workdir = this.instruction.workdir;
    if (workdir === undefined) return [];
    const at = (value: string, file?: string) => {
      const text = substitute(value, this.instruction.buildScope);
      if (text === undefined || text.includes('$')) return [];
      const resolved = resolvePath(workdir, text);
      return [file ? path.join(resolved, file) : resolved];
    };
    switch (this.install.tool) {
      case 'pip':
      case 'uv pip':
      case 'uv add':
        return pipArguments(this.install).flatMap((argument) => {
          if (argument.kind === 'requirement' || argument.kind === 'constraint') return at(argument.value);
          if (argument.kind === 'path' || argument.kind === 'editable') return at(argument.value.replace(/\[[^\]]*\]$/, ''), 'pyproject.toml');
          return [];
        });
      case 'pipenv':
        return at('.', 'Pipfile');
      default:
        return at('.', 'pyproject.toml');
    }
  }

  /**
   * Whether a directory a RUN uses a file of holds no Python module that no RUN uses: a folder
   * of build scripts, not a folder of the application.
   */
  private directoryHasNoUnusedModule(source: string, destination: string, used: string[], context: BuildContext): boolean {
    const usedFiles = new Set<string>();
    for (const imagePath of used) {
      if (imagePath === destination || !isWithin(imagePath, destination)) continue;
      const contextPath = context.normalize(path.join(source, imagePath.slice(destination.length)));
      if (contextPath !== undefined && context.kind(contextPath) === 'file') usedFiles.add(contextPath);
    }
    if (usedFiles.size === 0) return false;
    let entries = 0;
    const queue = [{ directory: source, depth: 0 }];
    while (queue.length > 0) {
      const { directory, depth } = queue.shift() as { directory: string; depth: number };
      for (const name of context.list(directory)) {
        if (++entries > MAX_DIRECTORY_ENTRIES) return false;
        const child = `${directory}/${name}`;
        if (context.isIgnored(child)) continue;
        const kind = context.kind(child);
        if (kind === 'directory') {
          if (depth >= MAX_DIRECTORY_DEPTH) return false;
          queue.push({ directory: child, depth: depth + 1 });
        } else if (kind === 'file' && /\.py[iwx]?$/.test(name) && !usedFiles.has(child)) {
          return false;
        }
      }
    }
    return true;
  }
}

/** A context path without a context: `./scripts/` → `scripts`, `/` and `.` → `''`. */
function normalize(source: string, context: BuildContext | undefined): string | undefined {
  if (context) return context.normalize(source);
  const cleaned = path.normalize(source.replace(/^\/+/, '') || '.').replace(/\/+$/, '');
  if (cleaned === '..' || cleaned.startsWith('../')) return undefined;
  return cleaned === '.' ? '' : cleaned;
}
