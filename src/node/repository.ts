/** Where a repository begins: the nearest directory above a path that holds `.git`. */
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
