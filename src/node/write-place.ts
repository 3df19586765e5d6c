/**
 * Where a file may be written (a report, the lint cache): never through a folder of a repository
 * (or of the working directory) that is a symbolic link out of it. A pull request can commit
 * `reports -> /home/runner/.ssh`, and `-o reports/lint.sarif` must not write there; checking the
 * last component alone (a link where the file goes) is not enough. A place the user names
 * outside any repository and outside the working directory is theirs and is not checked.
 */
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './repository.js';
import { isInside } from './is-inside.js';

function realPath(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Why nothing may be written at `target` (absolute), or `undefined` when it may. */
export function refusedWritePlace(target: string, cwd: string): string | undefined {
  // The deepest folder above the target that exists (as an entry: a dangling link counts).
  let existing = path.dirname(target);
  while (!exists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const boundary = repositoryRoot(existing) ?? (isInside(target, cwd) ? cwd : undefined);
  if (boundary === undefined) return undefined;
  const real = realPath(existing);
  const realBoundary = realPath(boundary);
  if (real !== undefined && realBoundary !== undefined && isInside(real, realBoundary)) return undefined;
  return `its folder ${path.relative(cwd, existing) || '.'} is a symbolic link out of the ${repositoryRoot(existing) === undefined ? 'working directory' : 'repository'}; nothing is written through it`;
}
