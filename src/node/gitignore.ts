/**
 * What `.gitignore` files say, read the way the walk and the build context need it: the files
 * of a directory and of its parents up to the project root (`projectRoot`), whether `.git` is
 * there or not, so a checkout and an exported tree of one commit are read alike.
 */
import path from 'node:path';
import { gitignore } from '../core/lazy-dependencies.cjs';
import { isWithin, linkStaysInProject, projectRoot } from './repository.js';
import { readTextLimited } from './read-limited.js';
import type { IgnoreScope, NodeSession } from './session.js';

export type { IgnoreScope };

/** A .gitignore larger than this is not read (as if absent). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/**
 * The .gitignore of a directory with these entries, if it has a readable one: a regular file, or
 * a symbolic link to a file inside the project.
 */
export function gitignoreIn(directory: string, entries: ReadonlyMap<string, string>, session: NodeSession): IgnoreScope | undefined {
  const type = entries.get('.gitignore');
  if (type === undefined || (type === 'link' && !linkStaysInProject(path.join(directory, '.gitignore'), session))) return undefined;
  // Only a regular file, never more than 1 MiB: a FIFO or a link to /dev/zero reads as absent.
  const read = readTextLimited(path.join(directory, '.gitignore'), MAX_GITIGNORE_BYTES);
  if (read.kind !== 'text') return undefined;
  try {
    return { directory, matcher: gitignore().add(read.text) };
  } catch {
    return undefined;
  }
}

/** Whether the scopes ignore a path (a directory when `isDirectory`), or a directory above it. */
export function isGitIgnored(scopes: readonly IgnoreScope[], absolute: string, isDirectory: boolean): boolean {
  return scopes.some((scope) => {
    const relative = path.relative(scope.directory, absolute).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && scope.matcher.ignores(isDirectory ? `${relative}/` : relative);
  });
}

/** The .gitignore files in effect in a directory: its own and its parents', up to the project root, outermost first. */
export function gitignoreScopes(directory: string, session: NodeSession): IgnoreScope[] {
  const absolute = path.resolve(directory);
  const known = session.gitignoreScopes.get(absolute);
  if (known) return known;
  const top = projectRoot(absolute, session);
  const parent = path.dirname(absolute);
  const above = absolute === top || parent === absolute || !isWithin(absolute, top) ? [] : gitignoreScopes(parent, session);
  const listing = session.listDirectory(absolute);
  const own = listing && gitignoreIn(absolute, listing, session);
  const scopes = own ? [...above, own] : above;
  session.gitignoreScopes.set(absolute, scopes);
  return scopes;
}
