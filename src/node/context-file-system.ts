/**
 * The build context on disk: read lazily and only inside it. A symbolic link is followed only
 * when it leads to a file or directory inside the context, at whatever depth it sits; a FIFO or
 * a device is never opened; no file is read past its size limit. BuildKit refuses links out of
 * the context, and we never read outside what the user pointed us at.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { BuildContext, ContextShare, type ComposeBuild, type ContextFileSystem, type ContextOrigin, type ContextRead } from '../core/context/build-context.js';
import { gitignoreScopes, isGitIgnored } from './gitignore.js';
import { projectRoot } from './repository.js';
import { readTextLimited } from './read-limited.js';
import { sha256 } from './sha256.js';
import { NodeSession } from './session.js';
import { isInside } from './is-inside.js';

function realPathOf(absolute: string): string | undefined {
  try {
    // The system call: one call, where the JavaScript version lstats every segment.
    return realpathSync.native(absolute);
  } catch {
    return undefined;
  }
}

/** Whether `directory`, once its links are resolved, lies inside `boundary`. */
export function staysInside(directory: string, boundary: string, session?: NodeSession): boolean {
  // With a session, its real paths (each directory resolved once per run).
  const resolve = (file: string) => (session ? session.realPath(path.resolve(file)) : realPathOf(file));
  const real = resolve(directory);
  const realBoundary = resolve(boundary);
  // For the lint cache: facts it checks by resolving again.
  session?.fact(`p:${path.resolve(directory)}`, real ?? 'absent');
  session?.fact(`p:${path.resolve(boundary)}`, realBoundary ?? 'absent');
  return isInside(real ?? path.resolve(directory), realBoundary ?? path.resolve(boundary));
}

/**
 * The directory a context named in a file (a Compose `build.context`, a config `context`) must
 * stay inside: the project holding the file (`projectRoot`: the repository, else the working
 * directory when the file is below it, else the file's own directory). Compared by real path,
 * so a symbolic link cannot lead out either.
 */
export function contextBoundary(namingFile: string, session = new NodeSession()): string {
  return projectRoot(path.dirname(path.resolve(namingFile)), session);
}

export class NodeContextFileSystem implements ContextFileSystem {
  readonly root: string;
  /** The real path of the root; `undefined` when nothing may be read (missing, or refused). */
  readonly realRoot: string | undefined;
  /** Whether the context may be read at all. */
  readonly readable: boolean;
  /** Real paths of context directories, resolved once each; `undefined`: absent or outside. */
  private readonly realDirectories = new Map<string, string | undefined>();
  /** Real paths of the context's files and directories, by context path. */
  private readonly realPaths = new Map<string, string>();
  private readonly kinds = new Map<string, 'file' | 'directory' | 'outside' | undefined>();
  /**
   * Every question the linter asked of this context and its answer, when the session records
   * them (for the lint cache): `e:` the root exists, `k:PATH` a kind, `l:PATH` a listing's
   * SHA-256, `rLIMIT:PATH` a read's SHA-256 or why there is no text, `i:PATH` whether .gitignore
   * ignores a path. A later run asks the same
   * questions again; equal answers mean the lint would read the same context.
   */
  readonly queries: Map<string, string> | undefined;
  /**
   * With `queries`: the stat signature of every directory listed and file read (real paths), and
   * whether a symbolic link was followed (then the answers rest on more than these).
   */
  readonly signatures = new Map<string, string>();
  followedLink = false;

  constructor(
    root: string,
    private readonly session: NodeSession,
    readable = true,
  ) {
    this.root = path.resolve(root);
    // A missing root reads as an empty context.
    this.readable = readable;
    this.realRoot = readable ? session.realPath(this.root) : undefined;
    this.queries = session.recordContextQueries ? new Map() : undefined;
  }

  /** The directory listed, its signature kept (when recording). */
  private listing(real: string) {
    if (this.queries) this.signatures.set(real, this.session.signBefore(real));
    return this.session.listDirectory(real);
  }

  /** Asks again the question a recorded key names (a lint cache entry's); the answer is as recorded. */
  answer(query: string): string | undefined {
    const known = this.queries?.get(query);
    if (known !== undefined) return known;
    const colon = query.indexOf(':');
    const relative = query.slice(colon + 1);
    if (query[0] === 'e') this.rootExists();
    else if (query[0] === 'k') this.kind(relative);
    else if (query[0] === 'l') this.list(relative);
    else if (query[0] === 'i') this.gitIgnored(relative);
    else this.read(relative, Number(query.slice(1, colon)));
    return this.queries?.get(query);
  }

  rootExists(): boolean {
    const exists = this.listing(this.root) !== undefined;
    this.queries?.set('e:', exists ? 'yes' : 'no');
    return exists;
  }

  kind(normalized: string): 'file' | 'directory' | 'outside' | undefined {
    const slash = normalized.lastIndexOf('/');
    const kind = this.kinds.has(normalized)
      ? this.kinds.get(normalized)
      : this.entryKind(normalized, this.realDirectory(slash === -1 ? '' : normalized.slice(0, slash)));
    this.queries?.set(`k:${normalized}`, kind ?? 'absent');
    return kind;
  }

  list(normalized: string): string[] {
    const real = this.realDirectory(normalized);
    const names = real === undefined ? [] : [...(this.listing(real)?.keys() ?? [])];
    // The order of a listing is the disk's: the answer is the sorted names.
    this.queries?.set(`l:${normalized}`, sha256([...names].sort().join('\0')));
    return names;
  }

  read(normalized: string, limit: number): ContextRead {
    const real = this.kind(normalized) === 'file' ? this.realPaths.get(normalized) : undefined;
    if (real !== undefined && this.queries) this.signatures.set(real, this.session.signBefore(real));
    const read = real === undefined ? undefined : readTextLimited(real, limit);
    const result: ContextRead = read === undefined || read.kind === 'error' ? { kind: 'absent' } : read;
    this.queries?.set(
      `r${limit}:${normalized}`,
      result.kind === 'text'
        ? `text:${sha256(result.text)}`
        : result.kind === 'utf16' && result.text !== undefined
          ? `utf16:${sha256(result.text)}`
          : result.kind,
    );
    return result;
  }

  gitIgnored(normalized: string): boolean {
    const absolute = path.join(this.root, normalized);
    // The .gitignore files of the nearest directory that exists, and of its parents.
    let directory = path.dirname(absolute);
    while (directory !== this.root && this.session.listDirectory(directory) === undefined) directory = path.dirname(directory);
    const ignored = this.readable && isGitIgnored(gitignoreScopes(directory, this.session), absolute, false);
    this.queries?.set(`i:${normalized}`, ignored ? 'yes' : 'no');
    return ignored;
  }

  /**
   * The real path of a context directory, resolved once per directory: a link is followed only
   * when it leads to a directory inside the context, so `lnk -> /outside` makes `lnk/x` absent,
   * whatever the depth of the link.
   */
  private realDirectory(normalized: string): string | undefined {
    if (normalized === '') return this.realRoot;
    if (this.realDirectories.has(normalized)) return this.realDirectories.get(normalized);
    // From the root down, without recursion (a COPY source can have a million segments), and
    // no further than the first level that is absent.
    let real = this.realRoot;
    for (let slash = normalized.indexOf('/'); real !== undefined; slash = normalized.indexOf('/', slash + 1)) {
      const prefix = slash === -1 ? normalized : normalized.slice(0, slash);
      if (this.realDirectories.has(prefix)) real = this.realDirectories.get(prefix);
      else {
        const kind = this.entryKind(prefix, real);
        real = kind === 'directory' ? this.realPaths.get(prefix) : undefined;
        this.realDirectories.set(prefix, real);
      }
      if (slash === -1) return real;
    }
    return undefined;
  }

  /** The kind of a path whose parent directory's real path is `parent`, cached. */
  private entryKind(normalized: string, parent: string | undefined): 'file' | 'directory' | 'outside' | undefined {
    if (this.kinds.has(normalized)) return this.kinds.get(normalized);
    const name = normalized.slice(normalized.lastIndexOf('/') + 1);
    let kind: 'file' | 'directory' | 'outside' | undefined;
    // The parent's listing answers for everything but symbolic links.
    const entry = parent === undefined ? undefined : this.listing(parent)?.get(name);
    if (parent !== undefined && (entry === 'file' || entry === 'directory')) {
      kind = entry;
      this.realPaths.set(normalized, path.join(parent, name));
    } else if (parent !== undefined && entry === 'link') {
      this.followedLink = true;
      const target = realPathOf(path.join(parent, name));
      if (target !== undefined && !isInside(target, this.realRoot as string)) {
        kind = 'outside';
      } else if (target !== undefined) {
        try {
          const stats = statSync(target);
          kind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : undefined;
          if (kind) this.realPaths.set(normalized, target);
        } catch {
          kind = undefined;
        }
      }
    }
    this.kinds.set(normalized, kind);
    return kind;
  }
}

/**
 * A build context on disk. A Compose `build.context` that leads out of the repository holding
 * the Compose file is not read at all, and says so once.
 */
export function nodeBuildContext(
  root: string,
  dockerfilePath: string | undefined,
  origin: ContextOrigin,
  compose?: ComposeBuild,
  session = new NodeSession(),
): BuildContext {
  const absoluteRoot = path.resolve(root);
  const refused =
    origin === 'compose' && compose && !staysInside(absoluteRoot, contextBoundary(compose.file.path, session), session)
      ? `the build context of service \`${compose.service}\` is outside the repository, so it is not read: the checks against the project (FDL020-FDL025) are skipped`
      : undefined;
  const shared = sharedContext(absoluteRoot, refused === undefined, session);
  if (refused === undefined) session.fact(`p:${absoluteRoot}`, (shared.fileSystem as NodeContextFileSystem).realRoot ?? 'absent');
  const atProjectRoot = projectRoot(absoluteRoot, session) === absoluteRoot;
  return new BuildContext(shared.fileSystem, dockerfilePath && path.resolve(dockerfilePath), origin, compose, refused, shared.share, atProjectRoot);
}

/** The file system and caches of a context root in a session, made once (`readable: false`: refused, reads nothing). */
export function sharedContext(absoluteRoot: string, readable: boolean, session: NodeSession): { fileSystem: ContextFileSystem; share: ContextShare } {
  const key = `${readable ? 'read' : 'refused'}\0${absoluteRoot}`;
  let shared = session.contexts.get(key);
  if (!shared) session.contexts.set(key, (shared = { fileSystem: new NodeContextFileSystem(absoluteRoot, session, readable), share: new ContextShare() }));
  return shared;
}
