/**
 * Replacing a file so that it holds the old bytes or the new ones, never a mix: a temporary file
 * beside it, flushed, then renamed over it. Used by --fix, --output-file and the lint cache.
 */
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

let temporaryCount = 0;

/** A fresh name beside the file: unique within this process; `wx` refuses one another process left. */
export function temporaryNameFor(filePath: string): string {
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.${process.pid}.${Date.now().toString(36)}.${temporaryCount++}.tmp`);
}

/**
 * Writes `bytes` to a new temporary file beside `target` with the given mode (and owner, when
 * given), flushed to disk, then calls `beforeRename` and renames it over `target`. A crash or a
 * full disk leaves either the old file or the new one, never a mix; on an error the temporary
 * file is removed and the error is thrown.
 */
export function replaceAtomically(
  target: string,
  bytes: Buffer,
  mode: number | undefined,
  owner: { uid: number; gid: number } | undefined,
  beforeRename: () => void,
): void {
  const temporary = temporaryNameFor(target);
  let descriptor: number | undefined;
  try {
    // A new file (no mode given) gets the usual 0666 less the umask.
    descriptor = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode === undefined ? 0o666 : 0o600);
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
    const created = fstatSync(descriptor);
    // As root, a file owned by someone else stays theirs; chown clears set-id bits, so chmod after.
    if (owner && (created.uid !== owner.uid || created.gid !== owner.gid)) fchownSync(descriptor, owner.uid, owner.gid);
    if (mode !== undefined) fchmodSync(descriptor, mode);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    beforeRename();
    renameSync(temporary, target);
  } catch (error) {
    try {
      if (descriptor !== undefined) closeSync(descriptor);
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created, or it cannot be removed either: the original is untouched.
    }
    throw error;
  }
}
