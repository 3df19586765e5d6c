/**
 * Directory listings with their entry types, read once per directory for the whole run.
 *
 * Looking for config files, Compose files, `.git` and the build context's files is most of the
 * file-system work of a run, and on many file systems a listing costs about what one `stat`
 * costs. With the listing, "does app/main.py exist, and is it a file?" needs no further call
 * unless the entry is a symbolic link.
 */
import { readdirSync } from 'node:fs';

export type EntryType = 'file' | 'directory' | 'link' | 'other';

const listings = new Map<string, Map<string, EntryType> | null>();

/** The entries of a directory by name, or `undefined` when it cannot be listed. */
export function listDirectory(absolute: string): ReadonlyMap<string, EntryType> | undefined {
  let listing = listings.get(absolute);
  if (listing === undefined) {
    try {
      listing = new Map();
      for (const entry of readdirSync(absolute, { withFileTypes: true })) {
        listing.set(entry.name, entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'link' : 'other');
      }
    } catch {
      listing = null;
    }
    listings.set(absolute, listing);
  }
  return listing ?? undefined;
}
