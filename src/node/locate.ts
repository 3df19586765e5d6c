/**
 * Where the build context of a Dockerfile is: `--context DIR`; else the `build.context` of a
 * Compose service that builds this Dockerfile (Compose files beside the Dockerfile or in its
 * parents up to the project root, `projectRoot`); else the Dockerfile's directory.
 *
 * A service builds a Dockerfile as Compose decides it: `build.context` plus `build.dockerfile`,
 * which defaults to `Dockerfile` and, when the context has none, to `dockerfile` (BuildKit's
 * fallback).
 */
import path from 'node:path';
import type { BuildContext, ComposeBuild, ComposeBuilder } from '../core/context/build-context.js';
import { composeProject, parseCompose, type ComposeFile, type ComposeService } from '../core/context/compose.js';
import { nodeBuildContext } from './context-file-system.js';
import { repositoryManifests } from './manifests.js';
import { linkStaysInProject, projectRoot } from './repository.js';
import { readTextLimited } from './read-limited.js';
import { NodeSession } from './session.js';

export interface LocateOptions {
  /** `--context DIR`, resolved against the working directory. */
  context?: string;
  /** What this run has read already (directory listings, repository roots, Compose files). */
  session?: NodeSession;
}

/** Compose files are data of a sane size: a larger one is as if absent. */
const MAX_COMPOSE_BYTES = 1024 * 1024;

/** A Compose file, parsed; `undefined` when unreadable, not a regular file, too large or not valid. */
export function readComposeFile(file: string, session?: NodeSession): ComposeFile | undefined {
  const read = session ? session.readText(file, MAX_COMPOSE_BYTES) : readTextLimited(file, MAX_COMPOSE_BYTES);
  return read.kind === 'text' ? parseCompose(read.text, file) : undefined;
}

/** The Compose files of one directory, in reading order (`composeFilesAmong`), read once per session. */
export function composeFilesInDirectory(directory: string, session: NodeSession): ComposeFile[] {
  const known = session.composeFiles.get(directory);
  if (known) {
    session.replay(known.facts);
    return known.files;
  }
  const { value: files, facts } = session.capture(() => {
    const found: ComposeFile[] = [];
    for (const name of session.composeNames(directory)) {
      // A link out of the project (`compose.yaml -> /etc/...`) is not read; unreadable, not a
      // regular file or too large: as if absent.
      if (session.entryType(directory, name) === 'link' && !linkStaysInProject(path.join(directory, name), session)) continue;
      const compose = readComposeFile(path.join(directory, name), session);
      if (compose) found.push(compose);
    }
    return found;
  });
  session.composeFiles.set(directory, { files, facts });
  return files;
}

/**
 * The Dockerfile a service builds, as BuildKit picks it: the one written, or `Dockerfile` in the
 * context, else `dockerfile`. `undefined` when the service builds no local Dockerfile.
 */
export function serviceDockerfile(service: ComposeService, session: NodeSession): string | undefined {
  const build = service.build;
  if (!build) return undefined;
  if (build.defaultName && session.entryType(build.context, 'Dockerfile') === 'absent' && session.entryType(build.context, 'dockerfile') !== 'absent') {
    return path.join(build.context, 'dockerfile');
  }
  return build.dockerfile;
}

/**
 * The folders below `walked` (the Dockerfile's folder and its parents) that hold Compose files,
 * up to two levels down (`session.composeFilesBelow`), in a stable order: where a project keeps
 * Compose files for other setups (`deploy/`, `docker/`).
 */
function composeSubfolders(walked: readonly string[], session: NodeSession): string[] {
  const found = new Set<string>();
  for (const directory of walked) {
    for (const file of session.composeFilesBelow(directory)) {
      const folder = path.dirname(path.join(directory, file));
      if (!walked.includes(folder)) found.add(folder);
    }
  }
  return [...found];
}

/**
 * The Compose services that build a Dockerfile, from the Compose files beside it and in its
 * parents up to the project root: the nearest directory's first, in reading order; then those
 * in sub-folders that build it from its own folder (`deploy/compose.yml`, `build: ..`). The first
 * (preferring, in the nearest directory, a service without `command:`, which runs the
 * Dockerfile's own CMD) gives the build context.
 */
export function composeBuildOf(dockerfilePath: string, session = new NodeSession()): (ComposeBuild & { context: string }) | undefined {
  const dockerfile = path.resolve(dockerfilePath);
  const start = path.dirname(dockerfile);
  const stop = projectRoot(start, session);
  const builders: (ComposeBuilder & { context: string; overridesCommand: boolean })[] = [];
  const buildersIn = (directory: string, accepts: (service: ComposeService) => boolean) => {
    const files = composeFilesInDirectory(directory, session);
    const here: typeof builders = [];
    for (const file of files) {
      for (const service of file.services) {
        if (!service.build || serviceDockerfile(service, session) !== dockerfile || !accepts(service)) continue;
        const project = composeProject(file, service.name, files);
        here.push({
          file,
          service: service.name,
          target: service.build.target,
          project,
          context: service.build.context,
          overridesCommand: service.overridesCommand === true,
        });
      }
    }
    // Stable: the services that run the Dockerfile's own CMD first, each group in reading order.
    builders.push(...here.filter((builder) => !builder.overridesCommand), ...here.filter((builder) => builder.overridesCommand));
  };
  const walked: string[] = [];
  for (let directory = start; ; directory = path.dirname(directory)) {
    walked.push(directory);
    buildersIn(directory, () => true);
    if (directory === stop || path.dirname(directory) === directory) break;
  }
  // A Compose file kept in a sub-folder (`deploy/docker-compose.prod.yml` with `build: ..`)
  // ties a service to the Dockerfile when it builds it from the Dockerfile's own folder.
  for (const directory of composeSubfolders(walked, session)) buildersIn(directory, (service) => service.build?.context === start);
  const [first] = builders;
  if (!first) return undefined;
  const strip = ({ file, service, target, project }: ComposeBuilder) => ({ file, service, target, project });
  return { ...strip(first), context: first.context, builders: builders.map(strip) };
}

export function locateContext(dockerfilePath: string, options: LocateOptions = {}): BuildContext {
  const session = options.session ?? new NodeSession();
  const dockerfile = path.resolve(dockerfilePath);
  const fromCompose = composeBuildOf(dockerfile, session);
  const compose: ComposeBuild | undefined = fromCompose && {
    file: fromCompose.file,
    service: fromCompose.service,
    target: fromCompose.target,
    project: fromCompose.project,
    builders: fromCompose.builders,
  };
  let context: BuildContext;
  if (options.context) context = nodeBuildContext(options.context, dockerfile, 'option', compose, session);
  else if (fromCompose) context = nodeBuildContext(fromCompose.context, dockerfile, 'compose', compose, session);
  else context = nodeBuildContext(path.dirname(dockerfile), dockerfile, 'dockerfile-directory', undefined, session);
  // The repository's Kubernetes manifests, for what they say about this image (kubernetes-evidence.ts).
  const deployment = repositoryManifests(path.dirname(dockerfile), session);
  if (deployment.manifests.length > 0) context.kubernetes = deployment;
  return context;
}
