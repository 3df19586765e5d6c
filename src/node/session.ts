/**
 * What one session (a CLI run, or a language server's life until a watched file changes) has
 * read of the file system: directory listings with their entry types, repository roots and
 * Compose files. A monorepo's Dockerfiles share their parents, so each directory is looked at
 * once however many Dockerfiles sit below it; a long-running server drops the session when the
 * disk changes, so nothing stale is ever answered.
 *
 * On many file systems a listing costs about what one `stat` costs, and with it "does
 * app/main.py exist, and is it a file?" needs no further call unless the entry is a link.
 */
import { readdirSync } from 'node:fs';
import type { ContextFileSystem, ContextShare } from '../context/build-context.js';
import type { ComposeFile } from '../context/compose.js';

export type EntryType = 'file' | 'directory' | 'link' | 'other';

export class NodeSession {
  private readonly listings = new Map<string, Map<string, EntryType> | null>();
  /** Repository roots by directory (the nearest ancestor holding `.git`). */
  readonly repositoryRoots = new Map<string, string | undefined>();
  /** Real paths of directories, resolved once (`undefined`: missing). */
  readonly realPaths = new Map<string, string | undefined>();
  /** The Compose files read in each directory. */
  readonly composeFiles = new Map<string, ComposeFile[]>();
  /**
   * One file system and one set of shared caches per build context root (and whether it may be
   * read): Dockerfiles that share a context share its listings, link resolutions and scans.
   */
  readonly contexts = new Map<string, { fileSystem: ContextFileSystem; share: ContextShare }>();
  /**
   * Whether each build context on disk records the questions asked of it and their answers
   * (`NodeContextFileSystem.queries`), for the lint cache to check on a later run.
   */
  recordContextQueries = false;

  /** The entries of a directory by name, or `undefined` when it cannot be listed. */
  listDirectory(absolute: string): ReadonlyMap<string, EntryType> | undefined {
    let listing = this.listings.get(absolute);
    if (listing === undefined) {
      try {
        listing = new Map();
        for (const entry of readdirSync(absolute, { withFileTypes: true })) {
          listing.set(entry.name, entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'link' : 'other');
        }
      } catch {
        listing = null;
      }
      this.listings.set(absolute, listing);
    }
    return listing ?? undefined;
  }
}
