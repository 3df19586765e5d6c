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

/** Build contexts kept per session (see `contexts`): more than a project builds from, in any order. */
export const MAX_CONTEXTS = 64;

/** A Map that keeps its `limit` most recently read or written entries. */
export class RecentMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override get(key: K): V | undefined {
    const value = super.get(key);
    if (value !== undefined) {
      super.delete(key);
      super.set(key, value);
    }
    return value;
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.limit) super.delete(this.keys().next().value as K);
    return this;
  }
}

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
   * read): Dockerfiles that share a context share its listings, link resolutions and scans. Only
   * the most recently used roots are kept: a context's caches (its scans, its parsed
   * .dockerignore and project files) are what the Dockerfiles built from it need, and a run over
   * 10,000 folders, each its own context, would otherwise hold all 10,000 to the end.
   */
  readonly contexts = new RecentMap<string, { fileSystem: ContextFileSystem; share: ContextShare }>(MAX_CONTEXTS);

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
