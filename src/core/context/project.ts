/**
 * What rules may ask about the project around a Dockerfile: its build context, the image's
 * files, what it installs, and what its Compose file says. Built lazily: a rule that asks
 * nothing costs nothing.
 */
import * as path from 'pathe';
import { effectiveCommands, serverCommand, serverOption, type ServerCommand } from '../model/server.js';
import type { DockerfileModel, Stage } from '../model/types.js';
import { substitute } from '../model/variables.js';
import type { BuildContext } from './build-context.js';
import { proxyInFront } from './compose.js';
import { contextContainers, kubernetesProxy, kubernetesReplication } from './kubernetes-evidence.js';
import { ImageFilesystem } from './image-fs.js';
import { projectInstalls, type ProjectInstalls } from './installs.js';

/**
 * Whether the directory taken as the build context is the one the Dockerfile is built from.
 * `usable`: the context rules may judge the Dockerfile against it. `elsewhere`: none of the
 * files the Dockerfile names are there. `unconfirmed`: the Dockerfile copies only the whole
 * context (or wildcards), and nothing in the guessed directory shows it is the project.
 */
export type ContextStatus = 'usable' | 'elsewhere' | 'unconfirmed';

/** Files at a context's root that mark it as a Python project's root. */
const PROJECT_MARKERS = /^(?:requirements.*\.(?:txt|in)|constraints.*\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg|requirements)$/;

/** Where `fastapi run` looks when given no path (fastapi-cli's discovery order). */
export const DEFAULT_APP_FILES = ['main.py', 'app.py', 'api.py', 'app/main.py', 'app/app.py', 'app/api.py'];

/** A COPY or ADD source from the build context (see `Project.contextSources`). */
export interface ContextSource {
  /** As written, variables substituted. */
  value: string;
  /** The context path BuildKit reads (`''`: the whole context). */
  path: string;
  /** The written path climbs above the context's root (BuildKit reads it from the root). */
  escapes: boolean;
  instructionIndex: number;
  sourceIndex: number;
}

export class Project {
  private readonly stageFiles = new Map<Stage | undefined, ImageFilesystem>();
  private installsCache: ProjectInstalls | undefined;
  private statusCache: ContextStatus | undefined;

  constructor(
    readonly model: DockerfileModel,
    readonly context: BuildContext,
  ) {}

  /**
   * Judged on first use, so a run with the context rules off touches no file for it. Only
   * `usable` lets the context rules speak; FDL025 reports the other two.
   */
  get status(): ContextStatus {
    this.statusCache ??= this.judgeContext();
    return this.statusCache;
  }

  /** The image's files: the final stage's. */
  get imageFs(): ImageFilesystem {
    return this.filesOf(this.model.finalStage);
  }

  /** A stage's own files (its lineage's COPYs, and what it copies from earlier stages), made once. */
  filesOf(stage: Stage | undefined): ImageFilesystem {
    let files = this.stageFiles.get(stage);
    if (!files) {
      files = new ImageFilesystem(this.model, this.context, stage, (other) => this.filesOf(other));
      this.stageFiles.set(stage, files);
    }
    return files;
  }

  get installs(): ProjectInstalls {
    this.installsCache ??= projectInstalls(this.model, this.context, (stage) => this.filesOf(stage));
    return this.installsCache;
  }

  /**
   * Context sources named by COPY/ADD (no `--from`, URLs or heredocs), after ARG/ENV
   * substitution: `value` as written, `path` as BuildKit reads it in the context (`copySource`).
   */
  contextSources(): ContextSource[] {
    const sources: ContextSource[] = [];
    this.model.instructions.forEach((instruction, instructionIndex) => {
      const copy = instruction.copy;
      if (!copy || copy.from !== undefined || copy.isHeredoc) return;
      copy.sources.forEach((source, sourceIndex) => {
        const value = substitute(source.value, instruction.buildScope);
        if (value === undefined || /^(?:https?|git):\/\/|^git@/.test(value)) return;
        sources.push({ value, ...this.context.copySource(value), instructionIndex, sourceIndex });
      });
    });
    return sources;
  }

  private judgeContext(): ContextStatus {
    const sources = this.contextSources();
    // Nothing comes from the context: the rules have nothing to judge against it, and say nothing wrong.
    if (sources.length === 0) return 'usable';
    if (!this.context.rootExists()) return 'elsewhere';
    // The context a Compose service builds from is what `docker compose build` sends; files
    // given in memory are all the project there is.
    if (this.context.origin === 'compose' || this.context.origin === 'memory') return 'usable';
    const named = sources.filter((source) => source.path !== '' && !source.escapes);
    if (this.context.origin === 'dockerfile-directory' && this.namesItsOwnFolder(named)) return 'elsewhere';
    if (named.some((source) => this.namedSourceExists(source.path))) return 'usable';
    if (this.context.origin !== 'dockerfile-directory') {
      // `--context` is trusted; `COPY .` copies what is there.
      return named.length < sources.length ? 'usable' : 'elsewhere';
    }
    if (this.hasProjectMarker()) return 'usable';
    return named.length > 0 ? 'elsewhere' : 'unconfirmed';
  }

  /**
   * Whether a source names the Dockerfile's own folder from its parent (`COPY config/app.py .`
   * in `config/Dockerfile`, beside `config/app.py`): the Dockerfile is built from the parent.
   */
  private namesItsOwnFolder(named: ContextSource[]): boolean {
    const dockerfile = this.context.dockerfilePath;
    if (!dockerfile) return false;
    const folder = path.basename(path.dirname(dockerfile));
    return named.some((source) => {
      const slash = source.path.indexOf('/');
      if (slash === -1 || source.path.slice(0, slash) !== folder || this.context.exists(source.path)) return false;
      const rest = source.path.slice(slash + 1);
      return /[*?[]/.test(rest) ? this.context.glob(rest).length > 0 : this.context.exists(rest);
    });
  }

  /**
   * A COPY source that is really there. The Dockerfile itself and its own .dockerignore do not
   * count: they sit beside the Dockerfile wherever the context is (`COPY * ./` in `docker/`).
   */
  private namedSourceExists(value: string): boolean {
    const own = new Set<string>();
    if (this.context.dockerfilePath) {
      const relative = path.relative(this.context.root, this.context.dockerfilePath).split(path.sep).join('/');
      own.add(relative).add(`${relative}.dockerignore`);
    }
    const matches = /[*?[]/.test(value)
      ? this.context.glob(value)
      : [this.context.normalize(value)].filter((found): found is string => found !== undefined && this.context.exists(found));
    return matches.some((match) => !own.has(match));
  }

  /**
   * Whether the context's root looks like the project the Dockerfile builds: a requirements or
   * constraints file, pyproject.toml, a Pipfile, setup.py, the app module the server names, or a
   * file the container's command runs (`python main.py`, `python -m app.main`, `./start.sh`)
   * that the COPY instructions put where the command looks for it.
   */
  private hasProjectMarker(): boolean {
    if (this.context.memo('project-marker', () => this.context.list('').some((name) => PROJECT_MARKERS.test(name)), false)) return true;
    return [...this.serverAppCandidates(), ...this.commandFileCandidates()].some((imagePath) => {
      const found = this.imageFs.lookup(imagePath);
      return found.kind === 'file' || (found.kind === 'directory' && found.contextPath !== '');
    });
  }

  /**
   * Image paths of the files the final stage's ENTRYPOINT and CMD run or read: a script or
   * Python file named by path (`main.py`, `./start.sh`, `/app/run.py`), and the module of
   * `python -m pkg.mod` (as `pkg/mod.py` or the package `pkg/mod`).
   */
  private commandFileCandidates(): string[] {
    const stage = this.model.finalStage;
    const workdir = stage?.end.workdir;
    if (!stage || workdir === undefined) return [];
    const { entrypoint, cmd } = effectiveCommands(stage);
    const candidates: string[] = [];
    for (const instruction of [entrypoint, cmd]) {
      for (const invocation of instruction?.command?.invocations ?? []) {
        const isModule = invocation.wrappers[invocation.wrappers.length - 1]?.kind === 'python-module';
        if (isModule && /^[A-Za-z_][\w.]*$/.test(invocation.program)) {
          const module = invocation.program.split('.').join('/');
          candidates.push(path.join(workdir, `${module}.py`), path.join(workdir, module));
        }
        for (const word of [invocation.programWord, ...invocation.args]) {
          if (!/^[\w./-]+\.(?:py|sh)$/.test(word.value)) continue;
          candidates.push(path.resolve(workdir, word.value));
        }
      }
    }
    return candidates;
  }

  /** Image paths where the server command's app could be, as far as it names one. */
  private serverAppCandidates(): string[] {
    const server = serverCommand(this.model);
    if (!server || server.workdir === undefined) return [];
    const workdir = server.workdir;
    if (server.kind === 'fastapi') {
      const written = server.positionals[0]?.value;
      if (written === undefined) return DEFAULT_APP_FILES.map((file) => path.join(workdir, file));
      return written.includes('$') ? [] : [path.resolve(workdir, written)];
    }
    const app = server.positionals.find((word) => /^[A-Za-z_][\w.-]*:[\w.()]+$/.test(word.value));
    if (!app) return [];
    const module = app.value.split(':')[0].split('.').join('/');
    const appDir = serverOption(server, '--app-dir', '--chdir')?.value;
    const roots = [workdir, ...(appDir && !appDir.includes('$') ? [path.resolve(workdir, appDir)] : [])];
    return roots.flatMap((root) => [path.join(root, `${module}.py`), path.join(root, module)]);
  }

  /** The stages that Compose services build with `build.target`, as written. */
  get composeTargets(): string[] {
    const compose = this.context.compose;
    return (compose?.builders ?? (compose ? [compose] : [])).flatMap((builder) => (builder.target === undefined ? [] : [builder.target]));
  }

  /**
   * Why a Compose file says a proxy is in front of a service that builds this Dockerfile's image,
   * if one does. A service that builds another stage (`build.target: development`) runs another
   * image, and says nothing about this one.
   */
  proxyEvidence(): string | undefined {
    const compose = this.context.compose;
    const finalStage = this.model.finalStage;
    for (const builder of compose ? (compose.builders ?? [compose]) : []) {
      if (builder.target !== undefined && builder.target.toLowerCase() !== finalStage?.name) continue;
      const why = proxyInFront(builder.project ?? [builder.file], builder.service);
      if (why) return why;
    }
    // An Ingress or HTTPRoute of the repository's manifests in front of a container of this image.
    const deployment = this.context.kubernetes;
    return deployment ? kubernetesProxy(deployment, contextContainers(this.context)) : undefined;
  }

  /**
   * Why the container may run as several replicas at once, naming the file that says so: a
   * Compose service that builds the image with `deploy.replicas` (or `scale`) above one, or a
   * Kubernetes workload of this image with more than one replica, an autoscaler or a DaemonSet.
   */
  replicationEvidence(): string | undefined {
    const compose = this.context.compose;
    const finalStage = this.model.finalStage;
    for (const builder of compose ? (compose.builders ?? [compose]) : []) {
      if (builder.target !== undefined && builder.target.toLowerCase() !== finalStage?.name) continue;
      for (const file of [...(builder.project ?? [builder.file])].reverse()) {
        const replicas = file.services.find((service) => service.name === builder.service)?.replicas;
        if (replicas === undefined) continue;
        if (replicas.value > 1) return `\`replicas: ${replicas.value}\` for service \`${builder.service}\` in ${path.basename(file.path)}`;
        break;
      }
    }
    const deployment = this.context.kubernetes;
    return deployment ? kubernetesReplication(deployment, contextContainers(this.context)) : undefined;
  }
}

/**
 * How we know the app is behind a proxy, in words for the message; undefined when we don't.
 * FDL005 and FDL018 ask the same question.
 */
export function proxyEvidence(server: ServerCommand, behindProxy: boolean, project: Project | undefined): string | undefined {
  if (behindProxy) return '--behind-proxy / `behind-proxy` in the config';
  const option = serverOption(server, '--proxy-headers', '--root-path');
  if (option) return `\`${option.name}\` in the command`;
  return project?.proxyEvidence();
}
