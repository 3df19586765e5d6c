/**
 * Where the build context of a Dockerfile is: `--context DIR`; else the `build.context` of a
 * Compose service whose `build.dockerfile` is this Dockerfile (Compose files beside the
 * Dockerfile or in its parents up to the repository root); else the Dockerfile's directory.
 */
import { existsSync } from 'node:fs';
import { listDirectory } from './directory-listing.js';
import path from 'node:path';
import { BuildContext } from './build-context.js';
import { composeFileNames, readComposeFile, type ComposeFile } from './compose.js';

export interface LocateOptions {
  /** `--context DIR`, resolved against the working directory. */
  context?: string;
}

/**
 * Answers per directory, kept for the run: a monorepo's Dockerfiles share their parents, so
 * each directory is looked at once however many Dockerfiles sit below it.
 */
const repositoryRoots = new Map<string, string | undefined>();
const composeFilesIn = new Map<string, ComposeFile[]>();

/** The repository root above a directory (the nearest one holding `.git`), if any. */
export function repositoryRoot(directory: string): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    if (repositoryRoots.has(current)) {
      found = repositoryRoots.get(current);
      break;
    }
    visited.push(current);
    // A stat, not a listing: the ancestors of a project can be large directories (/tmp, $HOME).
    if (existsSync(path.join(current, '.git'))) {
      found = current;
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const directoryVisited of visited) repositoryRoots.set(directoryVisited, found);
  return found;
}

function composeFilesInDirectory(directory: string): ComposeFile[] {
  let found = composeFilesIn.get(directory);
  if (found) return found;
  found = [];
  const names = listDirectory(directory);
  for (const name of composeFileNames) {
    if (!names?.has(name)) continue;
    const file = path.join(directory, name);
    // Unreadable, not a regular file or too large: as if absent.
    const compose = readComposeFile(file);
    if (compose) found.push(compose);
  }
  composeFilesIn.set(directory, found);
  return found;
}

/** Compose files from the Dockerfile's directory up to the repository root, nearest first. */
export function composeFilesFor(dockerfilePath: string): ComposeFile[] {
  const start = path.dirname(path.resolve(dockerfilePath));
  const stop = repositoryRoot(start) ?? start;
  const found: ComposeFile[] = [];
  for (let directory = start; ; directory = path.dirname(directory)) {
    for (const compose of composeFilesInDirectory(directory)) found.push(compose);
    if (directory === stop || path.dirname(directory) === directory) break;
  }
  return found;
}

export function locateContext(dockerfilePath: string, options: LocateOptions = {}): BuildContext {
  const dockerfile = path.resolve(dockerfilePath);
  let fromCompose: { file: ComposeFile; service: string; context: string } | undefined;
  search: for (const compose of composeFilesFor(dockerfile)) {
    for (const service of compose.services) {
      if (service.build && path.resolve(service.build.dockerfile) === dockerfile) {
        fromCompose = { file: compose, service: service.name, context: service.build.context };
        break search;
      }
    }
  }
  const compose = fromCompose && { file: fromCompose.file, service: fromCompose.service };
  if (options.context) return new BuildContext(options.context, dockerfile, 'option', compose);
  if (fromCompose) return new BuildContext(fromCompose.context, dockerfile, 'compose', compose);
  return new BuildContext(path.dirname(dockerfile), dockerfile, 'dockerfile-directory');
}
