/**
 * The build context: the directory `docker build` sends, read lazily and only inside it.
 *
 * Every path here is relative to the context root with forward slashes (`app/main.py`). A path
 * that leaves the root, or a symlink that points outside it, is treated as absent: BuildKit
 * refuses both, and we never read outside what the user pointed us at.
 */
import * as path from 'pathe';
import { SourceText } from '../model/source.js';
import { DockerignoreMatcher, loadDockerignore } from './dockerignore.js';
import type { ComposeFile } from './compose.js';
import { PatternSyntaxError, segmentPattern, type CompiledPattern } from './glob-match.js';

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

/** What reading a context file gave: its text, or why there is none. */
export type ContextRead = { kind: 'text'; text: string } | { kind: 'too-large' | 'utf16' | 'binary' | 'not-a-file' | 'absent' };

/**
 * How the build context is read: the one thing that differs between the CLI (the disk, where
 * links must not lead out of the context), the browser playground (files in memory) and tests.
 * Paths are relative to the context root, normalised, with forward slashes; `''` is the root.
 */
export interface ContextFileSystem {
  /** The root's absolute path (on disk), or its name in memory: findings in context files are shown under it. */
  readonly root: string;
  rootExists(): boolean;
  /** A file, a directory, absent, or `outside`: a symbolic link that leads out of the context, not followed. */
  kind(relative: string): 'file' | 'directory' | 'outside' | undefined;
  /** The names in a directory (unsorted). */
  list(relative: string): string[];
  /** A file's text, reading at most `limit` bytes. */
  read(relative: string, limit: number): ContextRead;
}

/** Files of an in-memory context, by path relative to its root (`app/main.py`). */
export class MemoryFileSystem implements ContextFileSystem {
  private readonly files = new Map<string, string>();
  private readonly directories = new Map<string, Set<string>>([['', new Set()]]);

  constructor(
    files: Record<string, string>,
    readonly root = '/',
  ) {
    for (const [name, text] of Object.entries(files)) {
      const normalized = path.normalize(name.replace(/^\/+/, '')).replace(/\/+$/, '');
      if (normalized === '' || normalized === '.' || normalized.startsWith('..')) continue;
      this.files.set(normalized, text);
      let child = normalized;
      for (let slash = child.lastIndexOf('/'); ; slash = child.lastIndexOf('/')) {
        const parent = slash === -1 ? '' : child.slice(0, slash);
        if (!this.directories.has(parent)) this.directories.set(parent, new Set());
        (this.directories.get(parent) as Set<string>).add(child.slice(slash + 1));
        if (slash === -1) break;
        child = parent;
      }
    }
  }

  rootExists(): boolean {
    return true;
  }

  kind(relative: string): 'file' | 'directory' | undefined {
    return this.files.has(relative) ? 'file' : this.directories.has(relative) ? 'directory' : undefined;
  }

  list(relative: string): string[] {
    return [...(this.directories.get(relative) ?? [])];
  }

  read(relative: string, limit: number): ContextRead {
    const text = this.files.get(relative);
    if (text === undefined) return { kind: 'absent' };
    // UTF-16 code units stand in for bytes: the limit only guards against the absurd.
    return text.length > limit ? { kind: 'too-large' } : { kind: 'text', text };
  }
}

export class BuildContext {
  readonly root: string;
  private readonly kinds = new Map<string, 'file' | 'directory' | undefined>();
  private readonly files = new Map<string, ContextFile | undefined>();
  private readonly listings = new Map<string, string[]>();
  private ignore: { file: ContextFile; matcher: DockerignoreMatcher } | null | undefined;
  /** Symlinks that point outside the context, which were not followed. */
  readonly skippedLinks = new Set<string>();
  /** What the user should be told once: files skipped, .dockerignore lines Docker rejects. */
  readonly notes: ContextNote[] = [];

  /**
   * @param fileSystem how the context's files are read (disk or memory)
   * @param dockerfilePath the Dockerfile, for `<Dockerfile>.dockerignore`
   * @param refused why the context is not read at all (a Compose `build.context` that leaves
   *   the repository holding the Compose file); rules then see an empty context
   */
  constructor(
    readonly fileSystem: ContextFileSystem,
    readonly dockerfilePath: string | undefined,
    readonly origin: ContextOrigin,
    /** The Compose file and service that build this Dockerfile, if one does. */
    readonly compose?: { file: ComposeFile; service: string },
    readonly refused?: string,
  ) {
    this.root = fileSystem.root;
    if (refused && compose) this.notes.push({ path: compose.file.path, message: refused });
  }

  /** Normalises a context path: `./app/` → `app`, `/app` → `app`; `undefined` if it leaves the root. */
  normalize(relative: string): string | undefined {
    // A leading `/` means the context root, as in `COPY /app /app`.
    const cleaned = path.normalize(relative.replace(/\\/g, '/').replace(/^\/+/, '') || '.').replace(/\/+$/, '');
    if (cleaned === '..' || cleaned.startsWith('../')) return undefined;
    return cleaned === '.' ? '' : cleaned;
  }

  absolute(relative: string): string {
    return path.join(this.root, relative);
  }

  /** Whether a path is a file, a directory, or absent (also when it is a link out of the context, or a FIFO or device). */
  kind(relative: string): 'file' | 'directory' | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined || this.refused) return undefined;
    if (this.kinds.has(normalized)) return this.kinds.get(normalized);
    const found = normalized === '' ? (this.fileSystem.rootExists() ? 'directory' : undefined) : this.fileSystem.kind(normalized);
    if (found === 'outside') this.skippedLinks.add(normalized);
    else if (found === undefined) this.noteLinkAbove(normalized);
    const kind = found === 'outside' ? undefined : found;
    this.kinds.set(normalized, kind);
    return kind;
  }

  /** An absent path may lie below a link out of the context (`lnk/requirements.txt`): name the link. */
  private noteLinkAbove(normalized: string): void {
    for (let slash = normalized.indexOf('/'); slash !== -1; slash = normalized.indexOf('/', slash + 1)) {
      const ancestor = normalized.slice(0, slash);
      const kind = this.fileSystem.kind(ancestor);
      if (kind === 'outside') this.skippedLinks.add(ancestor);
      if (kind !== 'directory') return;
    }
  }

  /** Whether the context directory itself exists (a wrong `--context` reads as an empty context). */
  rootExists(): boolean {
    return this.fileSystem.rootExists();
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
    const names = this.kind(normalized) === 'directory' ? this.fileSystem.list(normalized).sort() : [];
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
      const read = this.fileSystem.read(normalized, MAX_CONTEXT_FILE_BYTES);
      if (read.kind === 'text') file = { path: normalized, absolutePath, source: new SourceText(read.text) };
      else if (read.kind === 'too-large') this.note(absolutePath, `larger than ${MAX_CONTEXT_FILE_BYTES / 1024 / 1024} MiB, not read: the checks that need it are skipped`);
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
