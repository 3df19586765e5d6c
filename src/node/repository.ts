/**
 * Where a project begins. Every upward search (config files, Compose files, the boundary that a
 * symbolic link or a named build context must not leave) stops at the project root, decided
 * from what the run was given:
 *
 * - the nearest directory above a path that holds `.git` (a checkout, a submodule, a worktree);
 * - else the working directory, when the path lies inside it: an exported tree (`git archive`,
 *   a tarball, a CI artifact) linted from its top is the same project as its checkout;
 * - else the path's own directory.
 *
 * So nothing above the working directory is read unless a `.git` says the repository goes
 * higher, and a checkout and an export of the same commit give the same findings.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NodeSession } from './session.js';

/** The repository root above a directory (the nearest one holding `.git`), if any. */
export function repositoryRoot(directory: string, session = new NodeSession()): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    if (session.repositoryRoots.has(current)) {
      found = session.repositoryRoots.get(current);
      break;
    }
    visited.push(current);
    // A listing read already answers; else a stat, not a listing: the ancestors of a project
    // can be large directories (/tmp, $HOME).
    const listing = session.listingIfRead(current);
    if (listing ? listing.has('.git') : existsSync(path.join(current, '.git'))) {
      found = current;
      break;
    }
    if (path.dirname(current) === current) break;
  }
  for (const directoryVisited of visited) session.repositoryRoots.set(directoryVisited, found);
  // For the lint cache: a fact it checks by asking again.
  session.fact(`g:${path.resolve(directory)}`, found ?? '');
  return found;
}

/** Whether `inner` is `outer` or lies below it (both absolute and resolved). */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}

/**
 * The project root for a directory (see the top of this file): the nearest `.git` above it,
 * else the session's workspace folder that holds it (the working directory for the CLI, the
 * editor's workspace folders for the language server), else `outside` (by default the directory
 * itself).
 */
export function projectRoot(directory: string, session = new NodeSession(), outside?: string): string {
  const absolute = path.resolve(directory);
  const repository = repositoryRoot(absolute, session);
  if (repository !== undefined) return repository;
  return session.workspaceFolders.find((folder) => isWithin(absolute, folder)) ?? outside ?? absolute;
}

/**
 * Whether a file found as a symbolic link (a `.gitignore`, a Compose file) leads to a file inside
 * its project, compared by real paths: a checkout can commit `compose.yaml -> /etc/...` or
 * `.gitignore -> ~/...`, and what such a file says must not reach the run.
 */
export function linkStaysInProject(file: string, session: NodeSession): boolean {
  const real = session.realPath(path.resolve(file));
  const top = projectRoot(path.dirname(path.resolve(file)), session);
  // For the lint cache: facts it checks by resolving again.
  session.fact(`p:${path.resolve(file)}`, real ?? 'absent');
  return real !== undefined && isWithin(real, session.realPath(top) ?? top);
}
