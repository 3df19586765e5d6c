/**
 * The build context: the directory `docker build` sends, read lazily and only inside it.
 *
 * Every path here is relative to the context root with forward slashes (`app/main.py`). A path
 * that leaves the root, or a symlink that points outside it, is treated as absent: BuildKit
 * refuses both, and we never read outside what the user pointed us at.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { SourceText } from '../model/source.js';
import { DockerignoreMatcher, loadDockerignore } from './dockerignore.js';
import { listDirectory } from './directory-listing.js';
import type { ComposeFile } from './compose.js';
import { PatternSyntaxError, segmentPattern, type CompiledPattern } from './glob-match.js';
import { repositoryRoot } from './locate.js';
import { describeSize, readTextLimited } from './read-limited.js';

export type ContextOrigin = 'option' | 'compose' | 'dockerfile-directory';

/** A text file of the context with its positions, for findings that point into it. */
export interface ContextFile {
  /** Path relative to the context root. */
  path: string;
  absolutePath: string;
  source: SourceText;
}

/** Something about the context the user should know, said once: a file skipped, a bad pattern. */
export interface ContextNote {
  /** The absolute path the note is about. */
  path: string;
  message: string;
}

/** Context files (requirements, pyproject.toml, lock files, .dockerignore) larger than this are skipped. */
export const MAX_CONTEXT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The directory a context named in a file (a Compose `build.context`, a config `context`) must
 * stay inside: the repository holding the file (the nearest directory above it with `.git`);
 * outside any repository, the working directory when the file is below it, else the file's own
 * directory. Compared by real path, so a symbolic link cannot lead out either.
 */
export function contextBoundary(namingFile: string): string {
  const directory = path.dirname(path.resolve(namingFile));
  const repository = repositoryRoot(directory);
  if (repository !== undefined) return repository;
  const cwd = process.cwd();
  return directory === cwd || directory.startsWith(cwd + path.sep) ? cwd : directory;
}

function realPathOf(absolute: string): string | undefined {
  try {
    return realpathSync(absolute);
  } catch {
    return undefined;
  }
}

function isInside(real: string, realRoot: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/** Whether `directory`, once its links are resolved, lies inside `boundary`. */
export function staysInside(directory: string, boundary: string): boolean {
  const real = realPathOf(directory) ?? path.resolve(directory);
  const realBoundary = realPathOf(boundary) ?? path.resolve(boundary);
  return isInside(real, realBoundary);
}

export class BuildContext {
  readonly root: string;
  /** The real path of the root; `undefined` when nothing may be read (missing, or refused). */
  private readonly realRoot: string | undefined;
  /** Real paths of context directories, resolved once each; `undefined`: absent or outside. */
  private readonly realDirectories = new Map<string, string | undefined>();
  /** Real paths of the context's files and directories, by context path. */
  private readonly realPaths = new Map<string, string>();
  private readonly kinds = new Map<string, 'file' | 'directory' | undefined>();
  private readonly files = new Map<string, ContextFile | undefined>();
  private readonly listings = new Map<string, string[]>();
  private ignore: { file: ContextFile; matcher: DockerignoreMatcher } | null | undefined;
  /** Symlinks that point outside the context, which were not followed. */
  readonly skippedLinks = new Set<string>();
  /** What the user should be told once: files skipped, .dockerignore lines Docker rejects. */
  readonly notes: ContextNote[] = [];
  /**
   * Why the context is not read at all: a Compose `build.context` that leaves the repository
   * holding the Compose file. Rules then see an empty context.
   */
  readonly refused: string | undefined;

  /**
   * @param root the context directory
   * @param dockerfilePath the Dockerfile, for `<Dockerfile>.dockerignore`
   */
  constructor(
    root: string,
    readonly dockerfilePath: string | undefined,
    readonly origin: ContextOrigin,
    /** The Compose file and service that build this Dockerfile, if one does. */
    readonly compose?: { file: ComposeFile; service: string },
  ) {
    this.root = path.resolve(root);
    // A missing root reads as an empty context.
    let realRoot = realPathOf(this.root);
    if (origin === 'compose' && compose && !staysInside(this.root, contextBoundary(compose.file.path))) {
      this.refused = `the build context of service \`${compose.service}\` is outside the repository, so it is not read: the checks against the project (FDL020-FDL025) are skipped`;
      this.notes.push({ path: compose.file.path, message: this.refused });
      realRoot = undefined;
    }
    this.realRoot = realRoot;
  }

  /** Normalises a context path: `./app/` → `app`, `/app` → `app`; `undefined` if it leaves the root. */
  normalize(relative: string): string | undefined {
    // A leading `/` means the context root, as in `COPY /app /app`.
    const cleaned = path.posix.normalize(relative.replace(/\\/g, '/').replace(/^\/+/, '') || '.').replace(/\/+$/, '');
    if (cleaned === '..' || cleaned.startsWith('../')) return undefined;
    return cleaned === '.' ? '' : cleaned;
  }

  absolute(relative: string): string {
    return path.join(this.root, relative);
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

  /** Whether a path is a file, a directory, or absent (also when it is a link out of the context, or a FIFO or device). */
  kind(relative: string): 'file' | 'directory' | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return undefined;
    if (normalized === '') return this.realRoot === undefined ? undefined : 'directory';
    if (this.kinds.has(normalized)) return this.kinds.get(normalized);
    const slash = normalized.lastIndexOf('/');
    return this.entryKind(normalized, this.realDirectory(slash === -1 ? '' : normalized.slice(0, slash)));
  }

  /** The kind of a path whose parent directory's real path is `parent`, cached. */
  private entryKind(normalized: string, parent: string | undefined): 'file' | 'directory' | undefined {
    if (this.kinds.has(normalized)) return this.kinds.get(normalized);
    const name = normalized.slice(normalized.lastIndexOf('/') + 1);
    let kind: 'file' | 'directory' | undefined;
    // The parent's listing answers for everything but symbolic links.
    const entry = parent === undefined ? undefined : listDirectory(parent)?.get(name);
    if (parent !== undefined && (entry === 'file' || entry === 'directory')) {
      kind = entry;
      this.realPaths.set(normalized, path.join(parent, name));
    } else if (parent !== undefined && entry === 'link') {
      const target = realPathOf(path.join(parent, name));
      if (target !== undefined && !isInside(target, this.realRoot as string)) {
        this.skippedLinks.add(normalized);
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

  /** Whether the context directory itself exists (a wrong `--context` reads as an empty context). */
  rootExists(): boolean {
    return listDirectory(this.root) !== undefined;
  }

  exists(relative: string): boolean {
    return this.kind(relative) !== undefined;
  }

  /** The names in a directory of the context (empty when it is not one). */
  list(relative: string): string[] {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return [];
    const cached = this.listings.get(normalized);
    if (cached) return cached;
    const real = this.realDirectory(normalized);
    const names = real === undefined ? [] : [...(listDirectory(real)?.keys() ?? [])].sort();
    this.listings.set(normalized, names);
    return names;
  }

  /**
   * A text file of the context, read once; `undefined` when absent, outside the context, not a
   * regular file, too large, UTF-16 or binary (the last four with a note).
   */
  file(relative: string): ContextFile | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return undefined;
    if (this.files.has(normalized)) return this.files.get(normalized);
    let file: ContextFile | undefined;
    if (this.kind(normalized) === 'file') {
      const absolutePath = this.absolute(normalized);
      const read = readTextLimited(this.realPaths.get(normalized) as string, MAX_CONTEXT_FILE_BYTES);
      if (read.kind === 'text') file = { path: normalized, absolutePath, source: new SourceText(read.text) };
      else if (read.kind === 'too-large') this.note(absolutePath, `larger than ${describeSize(MAX_CONTEXT_FILE_BYTES)}, not read: the checks that need it are skipped`);
      else if (read.kind === 'utf16') this.note(absolutePath, 'UTF-16 is not supported, save it as UTF-8; not read: the checks that need it are skipped');
      else if (read.kind === 'binary') this.note(absolutePath, 'not a text file (it contains NUL bytes), not read');
      else if (read.kind === 'not-a-file') this.note(absolutePath, 'not a regular file, not read');
    }
    this.files.set(normalized, file);
    return file;
  }

  private note(absolutePath: string, message: string): void {
    this.notes.push({ path: absolutePath, message });
  }

  /** The .dockerignore in effect (`<Dockerfile>.dockerignore` first, as BuildKit does), if any. */
  dockerignore(): { file: ContextFile; matcher: DockerignoreMatcher } | undefined {
    if (this.ignore === undefined) {
      this.ignore = loadDockerignore(this) ?? null;
      for (const problem of this.ignore?.matcher.problems ?? []) {
        this.note(
          (this.ignore as { file: ContextFile }).file.absolutePath,
          `line ${problem.line}: \`${problem.pattern}\` is not a valid pattern, and Docker stops the build on it (\`${problem.message}\`); the line is skipped here`,
        );
      }
    }
    return this.ignore === null ? undefined : this.ignore;
  }

  /** Whether .dockerignore keeps a path out of what is sent to the builder. */
  isIgnored(relative: string): boolean {
    const normalized = this.normalize(relative);
    if (!normalized) return false;
    return this.dockerignore()?.matcher.ignores(normalized) ?? false;
  }

  /** Paths matching a COPY source with wildcards (`*.py`, `requirements*.txt`, `app/[ab]*`); none for an invalid pattern. */
  glob(pattern: string): string[] {
    const normalized = this.normalize(pattern);
    if (normalized === undefined) return [];
    let candidates = [''];
    for (const segment of normalized.split('/')) {
      const next: string[] = [];
      let matcher: CompiledPattern | undefined;
      if (/[*?[\\]/.test(segment)) {
        try {
          matcher = segmentPattern(segment);
        } catch (error) {
          if (error instanceof PatternSyntaxError) return [];
          throw error;
        }
      }
      for (const base of candidates) {
        if (!matcher) {
          const joined = base ? `${base}/${segment}` : segment;
          if (this.exists(joined)) next.push(joined);
          continue;
        }
        for (const name of this.list(base)) if (matcher.matches(name)) next.push(base ? `${base}/${name}` : name);
      }
      candidates = next;
      if (candidates.length === 0) break;
    }
    return candidates;
  }
}
