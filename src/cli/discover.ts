/**
 * Which files to lint: the paths given (files, directories, globs), or, with none, every
 * Dockerfile below the working directory, as `ruff check` and `eslint .` do. Directories are
 * walked without following symbolic links (so a link loop cannot trap us), skipping `.git`,
 * `node_modules`, virtual environments and what `.gitignore` files ignore (with or without a
 * `.git`: a checkout and an exported tree of the same commit are the same project).
 *
 * A walk finds Dockerfiles by name (`isDockerfileName`) and by what the Compose files it passes
 * name (`build.dockerfile: docker/api.prod`): a file Compose builds is a Dockerfile whatever it
 * is called.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { composeFilesInDirectory, serviceDockerfile } from '../node/locate.js';
import { isWithin, projectRoot } from '../node/repository.js';
import { NodeSession } from '../node/session.js';
import { gitignoreScopes, isGitIgnored, type IgnoreScope } from '../node/gitignore.js';

/**
 * `Dockerfile`, `Dockerfile.prod`, `Dockerfile-dev`, `Dockerfile_consumer`, `api.Dockerfile`,
 * `Containerfile`, in any case (`dockerfile`, `DOCKERFILE`: BuildKit reads a lower-case
 * `dockerfile` when there is no `Dockerfile`).
 */
const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:[._-].*)?$|\.(?:dockerfile|containerfile)$/i;
/** Names of that shape that are something else: notes, templates, scripts, backups, a `.dockerignore`. */
const NOT_A_DOCKERFILE =
  /\.(?:dockerignore|md|markdown|rst|txt|adoc|html?|json|ya?ml|toml|ini|cfg|conf|env|sh|bash|ps1|bat|py|j2|jinja2?|tpl|tmpl|template|tftpl|erb|mustache|hbs|orig|rej|bak|swp|patch|diff|lock|log)$/i;
/** What `no Dockerfile here` says was looked for. */
export const DOCKERFILE_NAMES_LOOKED_FOR =
  '`Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `Dockerfile_*`, `*.Dockerfile` and `Containerfile` in any case, and the files Compose files name';

const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !NOT_A_DOCKERFILE.test(name);
}

export interface Discovery {
  /** Absolute paths, or `-` for standard input, in the order given (directories sorted). */
  targets: string[];
  /** One-line problems: a path that does not exist, a glob or directory with no Dockerfile. */
  errors: string[];
  /** One-line notes that fail nothing: a file a walk skipped, and why. */
  notes: string[];
  /** The targets found only because a Compose file names them (`build.dockerfile`). */
  composeNamed: string[];
}

/**
 * Whether a file, once its links are resolved, lies outside the project that holds the path
 * (`projectRoot`; outside the working directory and any repository: outside `fallback`). A
 * Dockerfile that is a link to `../../.env` or to /etc/shadow would otherwise be read and its
 * lines quoted in parse errors.
 */
export function leavesRepository(absolute: string, fallback: string, session = new NodeSession()): boolean {
  const boundary = session.realPath(projectRoot(path.dirname(absolute), session, path.resolve(fallback)));
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch {
    return false; // Missing or a link loop: reading it gives the precise error.
  }
  return boundary === undefined || !isWithin(real, boundary);
}

/** Path order of a walk that visits each directory's entries sorted by name: segment by segment. */
function walkOrder(a: string, b: string): number {
  const left = a.split(path.sep);
  const right = b.split(path.sep);
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index] < right[index] ? -1 : 1;
  }
  return left.length - right.length;
}

export interface Walk {
  /** The Dockerfiles below the directory, in walk order. */
  found: string[];
  /** Those found only because a Compose file names them. */
  composeNamed: string[];
  /** Files skipped for a reason the user should hear (a link out of the repository). */
  notes: string[];
}

/** The Dockerfiles below a directory, by name and as its Compose files name them, sorted. */
export function walkDirectory(root: string, session = new NodeSession()): Walk {
  const found = new Set<string>();
  const notes: string[] = [];
  /** Each directory walked, with the .gitignore files in effect there. */
  const walked = new Map<string, IgnoreScope[]>();
  const named: string[] = [];
  const admit = (absolute: string, isLink: boolean, scopes: IgnoreScope[]) => {
    if (isGitIgnored(scopes, absolute, false)) return;
    // A link is linted when it points at a regular file inside the project (outside one: inside
    // the directory walked); links to directories are never followed.
    if (isLink && !isRegularFile(absolute)) return;
    if (isLink && leavesRepository(absolute, root, session)) {
      notes.push(`${path.relative(session.cwd, absolute) || absolute}: a symbolic link to a file outside the repository, skipped`);
      return;
    }
    found.add(absolute);
  };
  const visit = (directory: string) => {
    let entries: ReturnType<typeof session.readEntries>;
    try {
      entries = session.readEntries(directory);
    } catch {
      return;
    }
    const names = new Set(entries.map((entry) => entry.name));
    // A virtual environment, whatever it is called (`env/`, `.venv311/`).
    if (directory !== root && names.has('pyvenv.cfg')) return;
    // This directory's .gitignore and its parents', up to the project root (a nested repository's own).
    const active = gitignoreScopes(directory, session);
    walked.set(directory, active);
    for (const compose of composeFilesInDirectory(directory, session)) {
      for (const service of compose.services) {
        const dockerfile = serviceDockerfile(service, session);
        if (dockerfile !== undefined) named.push(dockerfile);
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || isGitIgnored(active, absolute, true)) continue;
        visit(absolute);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isDockerfileName(entry.name)) {
        admit(absolute, entry.isSymbolicLink(), active);
      }
    }
  };
  visit(root);
  // What Compose builds, named otherwise (`AuthDockerfile`, `docker/api.prod`): when it sits
  // in a directory the walk went through, and is not ignored there.
  const composeNamed: string[] = [];
  for (const dockerfile of named) {
    const scopes = walked.get(path.dirname(dockerfile));
    if (scopes === undefined || found.has(dockerfile)) continue;
    const type = session.entryType(path.dirname(dockerfile), path.basename(dockerfile));
    if (type !== 'file' && type !== 'link') continue;
    admit(dockerfile, type === 'link', scopes);
    if (found.has(dockerfile)) composeNamed.push(dockerfile);
  }
  return { found: [...found].sort(walkOrder), composeNamed, notes };
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

export async function discover(paths: string[], cwd: string, session = new NodeSession(cwd)): Promise<Discovery> {
  const targets: string[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const composeNamed: string[] = [];
  if (paths.length === 0) {
    const walk = walkDirectory(cwd, session);
    if (walk.found.length === 0)
      errors.push(`no Dockerfile here: looked for ${DOCKERFILE_NAMES_LOOKED_FOR}; pass a Dockerfile, a directory or a glob (see --help)`);
    return { targets: walk.found, errors, notes: walk.notes, composeNamed: walk.composeNamed };
  }
  for (const given of paths) {
    if (given === '-') {
      targets.push('-');
      continue;
    }
    const absolute = path.resolve(cwd, given);
    if (isDirectory(absolute)) {
      const walk = walkDirectory(absolute, session);
      if (walk.found.length === 0) errors.push(`${given}: no Dockerfile in this directory`);
      targets.push(...walk.found);
      notes.push(...walk.notes);
      composeNamed.push(...walk.composeNamed);
    } else if (!existsSync(absolute) && /[*?[{]/.test(given)) {
      const { glob } = (await import('tinyglobby')) as typeof import('tinyglobby');
      const matches = (await glob(given, { cwd, onlyFiles: true, followSymbolicLinks: false, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] }))
        .map((match) => path.resolve(match))
        .filter((match) => isDockerfileName(path.basename(match)) && !leavesRepository(match, cwd, session))
        .sort();
      if (matches.length === 0) errors.push(`${given}: no Dockerfile matches this pattern`);
      targets.push(...matches);
    } else if (leavesRepository(absolute, isWithin(absolute, cwd) ? cwd : path.dirname(absolute), session)) {
      // Even when named: a repository's `Dockerfile` that links to `~/.aws/credentials` must not
      // be read by the CI job or hook that lints it. Name the target itself to lint it.
      errors.push(`${given}: a symbolic link to a file outside the repository, not read; name the file it points to instead`);
    } else {
      // A file, or a path that does not exist: reading it gives the precise error.
      targets.push(absolute);
    }
  }
  return { targets: [...new Set(targets)], errors, notes, composeNamed };
}
