/**
 * Where the build context of a Dockerfile is: `--context DIR`; else the `build.context` of a
 * Compose service whose `build.dockerfile` is this Dockerfile (Compose files beside the
 * Dockerfile or in its parents up to the repository root); else the Dockerfile's directory.
 */
import path from 'node:path';
import type { BuildContext } from '../core/context/build-context.js';
import { composeFileNames, parseCompose, type ComposeFile } from '../core/context/compose.js';
import { nodeBuildContext } from './context-file-system.js';
import { repositoryRoot } from './repository.js';
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


function composeFilesInDirectory(directory: string, session: NodeSession): ComposeFile[] {
  const known = session.composeFiles.get(directory);
  if (known) {
    session.replay(known.facts);
    return known.files;
  }
  const { value: files, facts } = session.capture(() => {
    const found: ComposeFile[] = [];
    for (const name of composeFileNames) {
      const type = session.entryType(directory, name);
      if (type === 'absent' || type === 'nodir') continue;
      // Unreadable, not a regular file or too large: as if absent.
      const compose = readComposeFile(path.join(directory, name), session);
      if (compose) found.push(compose);
    }
    return found;
  });
  session.composeFiles.set(directory, { files, facts });
  return files;
}

/** Compose files from the Dockerfile's directory up to the repository root, nearest first. */
export function composeFilesFor(dockerfilePath: string, session = new NodeSession()): ComposeFile[] {
  const start = path.dirname(path.resolve(dockerfilePath));
  const stop = repositoryRoot(start, session) ?? start;
  const found: ComposeFile[] = [];
  for (let directory = start; ; directory = path.dirname(directory)) {
    for (const compose of composeFilesInDirectory(directory, session)) found.push(compose);
    if (directory === stop || path.dirname(directory) === directory) break;
  }
  return found;
}

export function locateContext(dockerfilePath: string, options: LocateOptions = {}): BuildContext {
  const session = options.session ?? new NodeSession();
  const dockerfile = path.resolve(dockerfilePath);
  let fromCompose: { file: ComposeFile; service: string; context: string } | undefined;
  search: for (const compose of composeFilesFor(dockerfile, session)) {
    for (const service of compose.services) {
      if (service.build && path.resolve(service.build.dockerfile) === dockerfile) {
        fromCompose = { file: compose, service: service.name, context: service.build.context };
        break search;
      }
    }
  }
  const compose = fromCompose && { file: fromCompose.file, service: fromCompose.service };
  if (options.context) return nodeBuildContext(options.context, dockerfile, 'option', compose, session);
  if (fromCompose) return nodeBuildContext(fromCompose.context, dockerfile, 'compose', compose, session);
  return nodeBuildContext(path.dirname(dockerfile), dockerfile, 'dockerfile-directory', undefined, session);
}
