/**
 * Which files to lint: the paths given (files, directories, globs), or `./Dockerfile`, or the
 * Dockerfiles below the current directory. Directories are walked without following symbolic
 * links (so a link loop cannot trap us), skipping `.git`, `node_modules`, virtual environments
 * and what `.gitignore` files ignore.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { gitignore } from '../core/lazy-dependencies.cjs';
import { repositoryRoot } from '../node/repository.js';
import { NodeSession } from '../node/session.js';
import { readTextLimited } from '../node/read-limited.js';

/** A .gitignore larger than this is not read (as if absent). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `api.dockerfile`, `Containerfile`. */
const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|\.[Dd]ockerfile$/;
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache']);

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !name.endsWith('.dockerignore');
}

export interface Discovery {
  /** Absolute paths, or `-` for standard input, in the order given (directories sorted). */
  targets: string[];
  /** One-line problems: a path that does not exist, a glob or directory with no Dockerfile. */
  errors: string[];
}

interface IgnoreScope {
  directory: string;
  matcher: Ignore;
}

function gitignoreIn(directory: string, names: Set<string>): IgnoreScope | undefined {
  if (!names.has('.gitignore')) return undefined;
  // Only a regular file, never more than 1 MiB: a FIFO or a link to /dev/zero reads as absent.
  const read = readTextLimited(path.join(directory, '.gitignore'), MAX_GITIGNORE_BYTES);
  if (read.kind !== 'text') return undefined;
  try {
    return { directory, matcher: gitignore().add(read.text) };
  } catch {
    return undefined;
  }
}

/** The real path of the repository holding a path (or of `fallback` outside any repository). */
function realBoundary(directory: string, fallback: string, session: NodeSession): string | undefined {
  return session.realPath(repositoryRoot(directory, session) ?? fallback);
}

/**
 * Whether a file, once its links are resolved, lies outside the repository that holds the path
 * (outside any repository: outside `fallback`). A Dockerfile that is a link to `../../.env` or
 * to /etc/shadow would otherwise be read and its lines quoted in parse errors.
 */
export function leavesRepository(absolute: string, fallback: string, session = new NodeSession()): boolean {
  const boundary = realBoundary(path.dirname(absolute), fallback, session);
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch {
    return false; // Missing or a link loop: reading it gives the precise error.
  }
  return boundary === undefined || (real !== boundary && !real.startsWith(boundary.endsWith(path.sep) ? boundary : boundary + path.sep));
}

function isGitIgnored(scopes: IgnoreScope[], absolute: string, isDirectory: boolean): boolean {
  return scopes.some((scope) => {
    const relative = path.relative(scope.directory, absolute).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && scope.matcher.ignores(isDirectory ? `${relative}/` : relative);
  });
}

/** The Dockerfiles below a directory, sorted. */
export function walkDirectory(root: string, session = new NodeSession()): string[] {
  const found: string[] = [];
  const visit = (directory: string, scopes: IgnoreScope[]) => {
    let entries;
    try {
      entries = session.readEntries(directory);
    } catch {
      return;
    }
    const own = gitignoreIn(directory, new Set(entries.map((entry) => entry.name)));
    const active = own ? [...scopes, own] : scopes;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || isGitIgnored(active, absolute, true)) continue;
        visit(absolute, active);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isDockerfileName(entry.name)) {
        if (isGitIgnored(active, absolute, false)) continue;
        // A link is linted when it points at a regular file inside the repository (outside
        // one: inside the directory walked); links to directories are never followed.
        if (entry.isSymbolicLink() && (!isRegularFile(absolute) || leavesRepository(absolute, root, session))) continue;
        found.push(absolute);
      }
    }
  };
  visit(root, []);
  return found;
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export async function discover(paths: string[], cwd: string, session = new NodeSession()): Promise<Discovery> {
  const targets: string[] = [];
  const errors: string[] = [];
  if (paths.length === 0) {
    const dockerfile = path.join(cwd, 'Dockerfile');
    if (existsSync(dockerfile)) {
      if (!leavesRepository(dockerfile, cwd, session)) return { targets: [dockerfile], errors };
      return { targets: [], errors: ['Dockerfile: a symbolic link to a file outside the repository, not read; name the file it points to instead'] };
    }
    const found = walkDirectory(cwd, session);
    if (found.length === 0) errors.push('no Dockerfile here: pass a Dockerfile, a directory or a glob (see --help)');
    return { targets: found, errors };
  }
  for (const given of paths) {
    if (given === '-') {
      targets.push('-');
      continue;
    }
    const absolute = path.resolve(cwd, given);
    if (isDirectory(absolute)) {
      const found = walkDirectory(absolute, session);
      if (found.length === 0) errors.push(`${given}: no Dockerfile in this directory`);
      for (const target of found) targets.push(target);
    } else if (!existsSync(absolute) && /[*?[{]/.test(given)) {
      const { glob } = (await import('tinyglobby')) as typeof import('tinyglobby');
      const matches = (await glob(given, { cwd, onlyFiles: true, followSymbolicLinks: false, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }))
        .filter((match) => isDockerfileName(path.basename(match)) && !leavesRepository(match, cwd, session))
        .sort();
      if (matches.length === 0) errors.push(`${given}: no Dockerfile matches this pattern`);
      for (const match of matches) targets.push(match);
    } else if (leavesRepository(absolute, absolute.startsWith(cwd + path.sep) ? cwd : path.dirname(absolute), session)) {
      // Even when named: a repository's `Dockerfile` that links to `~/.aws/credentials` must not
      // be read by the CI job or hook that lints it. Name the target itself to lint it.
      errors.push(`${given}: a symbolic link to a file outside the repository, not read; name the file it points to instead`);
    } else {
      // A file, or a path that does not exist: reading it gives the precise error.
      targets.push(absolute);
    }
  }
  return { targets: [...new Set(targets)], errors };
}
