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
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { ContextFileSystem, ContextShare } from '../core/context/build-context.js';
import { composeFilesAmong, type ComposeFile } from '../core/context/compose.js';
import type { ManifestFile } from '../core/context/kubernetes.js';
import type { Ignore } from 'ignore';
import { readTextLimited, type LimitedRead } from './read-limited.js';
import { sha256 } from './sha256.js';

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

/** Folders never searched for Compose files: version control, dependencies, caches, virtualenvs. */
const NOT_COMPOSE_FOLDERS = /^(?:\..*|node_modules|venv|env|__pycache__|site-packages)$/;
/** How deep below a folder its sub-folders' Compose files are looked for (`composeFilesBelow`). */
const COMPOSE_SUBFOLDER_DEPTH = 2;

/** A directory's .gitignore, compiled (see src/node/gitignore.ts). */
export interface IgnoreScope {
  directory: string;
  matcher: Ignore;
}

export class NodeSession {
  /**
   * The working directory of the run (the language server's workspace folder): the project root
   * when no `.git` says the repository goes higher (see `projectRoot`).
   */
  readonly cwd: string;
  /**
   * The folders a project root may be when no `.git` says the repository goes higher (see
   * `projectRoot`): the working directory for the CLI, the editor's workspace folders for the
   * language server.
   */
  workspaceFolders: readonly string[];
  private readonly listings = new Map<string, Map<string, EntryType> | null>();
  /** Repository roots by directory (the nearest ancestor holding `.git`). */
  readonly repositoryRoots = new Map<string, string | undefined>();
  /** Real paths of directories, resolved once (`undefined`: missing). */
  readonly realPaths = new Map<string, string | undefined>();
  /** The .gitignore files in effect in each directory (see `gitignoreScopes`). */
  readonly gitignoreScopes = new Map<string, IgnoreScope[]>();
  /** The Compose files read in each directory. */
  readonly composeFiles = new Map<string, { files: ComposeFile[]; facts: ReadonlyMap<string, string> }>();
  /** The Kubernetes manifests found in the manifest folders of each directory (src/node/manifests.ts). */
  readonly manifests = new Map<string, { manifests: ManifestFile[]; facts: ReadonlyMap<string, string> }>();
  /**
   * One file system and one set of shared caches per build context root (and whether it may be
   * read): Dockerfiles that share a context share its listings, link resolutions and scans. Only
   * the most recently used roots are kept: a context's caches (its scans, its parsed
   * .dockerignore and project files) are what the Dockerfiles built from it need, and a run over
   * 10,000 folders, each its own context, would otherwise hold all 10,000 to the end.
   */
  readonly contexts = new RecentMap<string, { fileSystem: ContextFileSystem; share: ContextShare }>(MAX_CONTEXTS);
  /**
   * Whether each build context on disk records the questions asked of it and their answers
   * (`NodeContextFileSystem.queries`), and this session the stat signature of every directory it
   * lists and file it reads (`statSignature`, taken before the listing or the read), for the
   * lint cache to check on a later run.
   */
  recordContextQueries = false;
  /** The stat signature of each directory listed and file read, taken before (when recording). */
  readonly signatures = new Map<string, string>();
  /**
   * While a file's setup is found (config, Compose, context root), the facts of the disk it
   * rests on, for the lint cache: `n:PATH` an entry's type in its directory's listing, `tLIMIT:PATH`
   * a file's text (SHA-256), `g:DIR` the repository root above a directory, `p:PATH` a real path,
   * `c:DIR` the Compose files of a directory, `C:DIR` those in its sub-folders, `y:DIR`/`Y:DIR` the YAML files and folders the manifest search reads there (src/node/manifests.ts), `s:PATH` the stat signature of a directory listed or
   * a file read (see `signatures`).
   * One frame per capture; a fact goes to every open frame.
   */
  private readonly frames: Map<string, string>[] = [];

  constructor(cwd = process.cwd()) {
    this.cwd = path.resolve(cwd);
    this.workspaceFolders = [this.cwd];
  }

  /**
   * Runs `compute` recording the facts it rests on (those replayed from memos included). Only a
   * session that records (for the lint cache) records anything: otherwise the facts are none.
   */
  capture<T>(compute: () => T): { value: T; facts: Map<string, string> } {
    const facts = new Map<string, string>();
    if (!this.recordContextQueries) return { value: compute(), facts };
    this.frames.push(facts);
    try {
      return { value: compute(), facts };
    } finally {
      this.frames.pop();
    }
  }

  /** Records a fact in every open capture (nothing when none is open). */
  fact(key: string, answer: string): void {
    for (const frame of this.frames) frame.set(key, answer);
  }

  /** Records the facts a memoised result rested on, when it is used again. */
  replay(facts: ReadonlyMap<string, string>): void {
    if (this.frames.length > 0) for (const [key, answer] of facts) this.fact(key, answer);
  }

  /** The type of an entry of a directory (`absent`, or `nodir` when it cannot be listed), recorded. */
  entryType(directory: string, name: string): EntryType | 'absent' | 'nodir' {
    const listing = this.listDirectory(directory);
    const type = listing === undefined ? 'nodir' : (listing.get(name) ?? 'absent');
    if (this.frames.length > 0) {
      this.fact(`n:${directory}${directory.endsWith('/') ? '' : '/'}${name}`, type);
      this.fact(`s:${directory}`, this.signatures.get(directory) ?? '');
    }
    return type;
  }

  /**
   * The Compose files of a directory, in reading order (`composeFilesAmong`), recorded as one
   * fact, `c:DIR`: a Compose file added or removed later changes it.
   */
  composeNames(directory: string): string[] {
    const names = composeFilesAmong(this.listDirectory(directory)?.keys() ?? []);
    this.fact(`c:${directory}`, names.join('/'));
    return names;
  }

  /**
   * The Compose files in the folders below a directory, up to two levels down, as paths relative
   * to it (`deploy/docker-compose.prod.yml`), sorted, recorded as one fact, `C:DIR`: a Compose
   * file added or removed there changes it, another file or folder does not. Version control,
   * dependency, cache and virtualenv folders are not searched.
   */
  composeFilesBelow(directory: string): string[] {
    const found: string[] = [];
    const listed = (folder: string) => {
      const listing = this.listDirectory(folder);
      // For the lint cache's quick check: a change in a folder listed here sends it to `C:`.
      if (this.frames.length > 0) this.fact(`s:${folder}`, this.signBefore(folder));
      return listing;
    };
    const visit = (folder: string, relative: string, depth: number) => {
      const listing = listed(folder);
      if (!listing) return;
      const names = [...listing]
        .filter(([name, type]) => type === 'directory' && !NOT_COMPOSE_FOLDERS.test(name))
        .map(([name]) => name)
        .sort();
      for (const name of names) {
        const child = path.join(folder, name);
        const childRelative = relative ? `${relative}/${name}` : name;
        const entries = listed(child);
        if (entries?.has('pyvenv.cfg')) continue;
        for (const file of composeFilesAmong(entries?.keys() ?? [])) found.push(`${childRelative}/${file}`);
        if (depth < COMPOSE_SUBFOLDER_DEPTH) visit(child, childRelative, depth + 1);
      }
    };
    visit(directory, '', 1);
    found.sort();
    this.fact(`C:${directory}`, found.join('|'));
    return found;
  }

  /** Records the stat signature of a path about to be listed or read, once per session (when recording). */
  signBefore(absolute: string): string {
    let signature = this.signatures.get(absolute);
    if (signature === undefined && this.recordContextQueries) this.signatures.set(absolute, (signature = statSignature(absolute)));
    return signature ?? '';
  }

  /** readTextLimited, recorded as a fact (the text's SHA-256, or why there is none). */
  readText(absolute: string, limit: number): LimitedRead {
    if (this.frames.length > 0) this.fact(`s:${absolute}`, this.signBefore(absolute));
    const read = readTextLimited(absolute, limit);
    // Hashed only for a capture (with --cache).
    if (this.frames.length > 0) this.fact(`t${limit}:${absolute}`, textAnswer(read));
    return read;
  }

  /**
   * The real path of a file or directory (`undefined`: missing or a link loop), resolved one
   * component at a time on top of its parent's: a thousand services under /srv/repo stat /srv
   * and /srv/repo once, not once each as realpath() does.
   */
  realPath(absolute: string): string | undefined {
    if (this.realPaths.has(absolute)) return this.realPaths.get(absolute);
    const parent = path.dirname(absolute);
    let real: string | undefined;
    if (parent === absolute) {
      real = absolute;
    } else {
      const parentReal = this.realPath(parent);
      try {
        if (parentReal === undefined) real = undefined;
        else if (lstatSync(absolute).isSymbolicLink()) real = realpathSync.native(absolute);
        else real = path.join(parentReal, path.basename(absolute));
      } catch {
        real = undefined;
      }
    }
    this.realPaths.set(absolute, real);
    return real;
  }

  /** The entries of a directory when this session has listed it already (nothing is read). */
  listingIfRead(absolute: string): ReadonlyMap<string, EntryType> | undefined {
    return this.listings.get(absolute) ?? undefined;
  }

  /** The entries of a directory by name, or `undefined` when it cannot be listed. */
  listDirectory(absolute: string): ReadonlyMap<string, EntryType> | undefined {
    let listing = this.listings.get(absolute);
    if (listing === undefined) {
      this.signBefore(absolute);
      try {
        listing = this.remember(absolute, readdirSync(absolute, { withFileTypes: true }));
      } catch {
        listing = null;
        this.listings.set(absolute, listing);
      }
    }
    return listing ?? undefined;
  }

  /**
   * Reads a directory for a walk (which needs its entries in order) and keeps its listing, so
   * the config search, the repository root and Compose lookups below never read it again.
   */
  readEntries(absolute: string): Dirent[] {
    this.signBefore(absolute);
    const entries = readdirSync(absolute, { withFileTypes: true });
    this.remember(absolute, entries);
    return entries;
  }

  private remember(absolute: string, entries: Dirent[]): Map<string, EntryType> {
    const listing = new Map<string, EntryType>();
    for (const entry of entries) {
      listing.set(entry.name, entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'link' : 'other');
    }
    this.listings.set(absolute, listing);
    return listing;
  }
}

/**
 * What says that a file or directory is unchanged without reading it: device, inode, size,
 * modification and change times (`-` when it cannot be stat'ed). The lint cache trusts it only
 * for a file last modified well before it was taken (git's "racily clean" rule).
 */
export function statSignature(absolute: string): string {
  try {
    const stats = statSync(absolute);
    return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch {
    return '-';
  }
}

/** A read as a fact's answer: `text:` and the SHA-256 of the text, or the kind of failure. */
export function textAnswer(read: LimitedRead): string {
  if (read.kind === 'text') return `text:${sha256(read.text)}`;
  return read.kind === 'error' ? `error:${read.error.code ?? 'unknown'}` : read.kind;
}
