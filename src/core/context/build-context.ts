/**
 * The build context: the directory `docker build` sends, read lazily and only inside it.
 *
 * Every path here is relative to the context root with forward slashes (`app/main.py`). A path
 * that leaves the root, or a symlink that points outside it, is treated as absent: BuildKit
 * refuses both, and we never read outside what the user pointed us at.
 */
import * as path from 'pathe';
import { SourceText } from '../model/source.js';
import { DockerignoreMatcher } from './dockerignore.js';
import type { ComposeFile } from './compose.js';
import type { KubernetesDeployment } from './kubernetes.js';
import { PatternSyntaxError, segmentPattern, type CompiledPattern } from './glob-match.js';
import { editDistance } from '../suggest.js';

/**
 * Where a context came from: `--context` (or the config), a Compose service, the Dockerfile's
 * directory (a guess the rules check, FDL025), or `memory`: files given with the Dockerfile
 * (the playground), which are all there is.
 */
export type ContextOrigin = 'option' | 'compose' | 'dockerfile-directory' | 'memory';

/** A Compose service that builds a Dockerfile, and the Compose files that describe it together. */
export interface ComposeBuilder {
  /** The file whose service builds the Dockerfile. */
  file: ComposeFile;
  service: string;
  /** `build.target`: the stage it builds, when not the last one. */
  target?: string;
  /** The file and the ones laid over it (`composeProject`), the file first. */
  project?: readonly ComposeFile[];
}

/**
 * The Compose service whose `build.context` is the context (the nearest one), and every service
 * of every Compose project above the Dockerfile that builds it (`builders`, the nearest first):
 * a sub-project's own compose.yml and the root one behind Traefik can both build it.
 */
export interface ComposeBuild extends ComposeBuilder {
  builders?: readonly ComposeBuilder[];
}

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
export type ContextRead =
  | { kind: 'text'; text: string }
  /** UTF-16; `text`, decoded, when a byte-order mark says so (what pip reads). */
  | { kind: 'utf16'; text?: string }
  | { kind: 'too-large' | 'binary' | 'not-a-file' | 'absent' };

/**
 * How a context file is decoded: `utf-8` as Docker and most tools read files; `pip` as pip reads
 * a requirements file (`auto_decode`): a byte-order mark decides, so UTF-16 with one is text,
 * and a UTF-8 one is dropped.
 */
export type ContextEncoding = 'utf-8' | 'pip';

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
  /**
   * Whether the repository's `.gitignore` files ignore a path: a file that is absent from a
   * fresh clone by design (`.env`, a build output), made by the project's own setup.
   */
  gitIgnored?(relative: string): boolean;
}

/**
 * Files of an in-memory context, by path relative to its root (`app/main.py`); a path ending
 * in `/` is a directory (`static/`), which may be empty.
 */
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
      if (name.endsWith('/')) {
        if (!this.files.has(normalized) && !this.directories.has(normalized)) this.directories.set(normalized, new Set());
      } else if (!this.directories.has(normalized)) {
        this.files.set(normalized, text);
      } else continue;
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

/**
 * What every BuildContext over the same root can share, because it depends only on the disk:
 * sorted listings, .dockerignore matchers by content, and the results of whole-context scans
 * (per .dockerignore). A session keeps one per context root, so a monorepo whose Dockerfiles
 * share a context walks it once, not once per Dockerfile.
 */
/** The most text a ContextShare keeps of the files read (UTF-16 code units: 8 MB). */
export const SHARED_FILE_CHARACTERS = 4 * 1024 * 1024;

export class ContextShare {
  readonly listings = new Map<string, string[]>();
  /**
   * Text files read, by path and encoding: each is read once per root however many Dockerfiles
   * build from it (a folder of 4,000 Dockerfiles read its requirements.txt 4,000 times). Up to
   * SHARED_FILE_CHARACTERS in all; a file that is not text is not kept (its note is made again).
   */
  readonly files = new Map<string, ContextFile>();
  sharedCharacters = 0;
  readonly matchers = new Map<string, DockerignoreMatcher>();
  readonly memos = new Map<DockerignoreMatcher | null | 'disk', Map<string, { value: unknown; links: string[]; notes: ContextNote[] }>>();
}

export class BuildContext {
  readonly root: string;
  /** What each path is, `outside` included (a link out of the context). */
  private readonly kinds = new Map<string, 'file' | 'directory' | 'outside' | undefined>();
  /** While a memoised scan runs: the links it skipped and the notes it made, to replay on a hit. */
  private recording: { links: string[]; notes: ContextNote[] } | undefined;
  private readonly files = new Map<string, ContextFile | undefined>();
  private readonly listings = new Map<string, string[]>();
  private ignore: { file: ContextFile; matcher: DockerignoreMatcher } | null | undefined;
  /** Symlinks that point outside the context, which were not followed. */
  readonly skippedLinks = new Set<string>();
  /** What the user should be told once: files skipped, .dockerignore lines Docker rejects. */
  readonly notes: ContextNote[] = [];
  /** The repository's Kubernetes manifests, when the Node side found any (see `kubernetes-evidence.ts`). */
  kubernetes: KubernetesDeployment | undefined;

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
    readonly compose?: ComposeBuild,
    readonly refused?: string,
    /** Caches shared with the other BuildContexts over the same root in a session. */
    readonly share = new ContextShare(),
    /**
     * The context root is the project's root (on disk, `projectRoot`: the repository's top, or
     * the working directory of a run over an exported tree), where a checkout keeps `.git`.
     */
    readonly atProjectRoot = false,
  ) {
    this.root = fileSystem.root;
    if (refused && compose) this.notes.push({ path: compose.file.path, message: refused });
  }

  /** Normalises a context path: `./app/` → `app`, `/app` → `app`; `undefined` if it leaves the root. */
  normalize(relative: string): string | undefined {
    // Already normal (the common case, from the scans): `app/main.py`.
    if (relative !== '' && !relative.includes('\\') && relative.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'))
      return relative;
    // A leading `/` means the context root, as in `COPY /app /app`.
    const cleaned = path.normalize(relative.replace(/\\/g, '/').replace(/^\/+/, '') || '.').replace(/\/+$/, '');
    if (cleaned === '..' || cleaned.startsWith('../')) return undefined;
    return cleaned === '.' ? '' : cleaned;
  }

  /**
   * A COPY or ADD source as BuildKit reads it: from the context's root, which it never goes
   * above (`../app` is `app`, moby/buildkit#2131). `escapes`: the path as written climbs above
   * the root (the legacy builder refused it).
   */
  copySource(written: string): { path: string; escapes: boolean } {
    const unixy = written.replace(/\\/g, '/');
    const clamped = path.normalize(`/${unixy}`).replace(/^\/+/, '').replace(/\/+$/, '');
    return { path: clamped === '.' ? '' : clamped, escapes: this.normalize(unixy) === undefined };
  }

  absolute(relative: string): string {
    return path.join(this.root, relative);
  }

  /** Whether a path is a file, a directory, or absent (also when it is a link out of the context, or a FIFO or device). */
  kind(relative: string): 'file' | 'directory' | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined || this.refused) return undefined;
    let found = this.kinds.get(normalized);
    if (!this.kinds.has(normalized)) {
      found = normalized === '' ? (this.fileSystem.rootExists() ? 'directory' : undefined) : this.fileSystem.kind(normalized);
      this.kinds.set(normalized, found);
      this.linkEffects(normalized, found);
    } else if (this.recording) {
      this.linkEffects(normalized, found);
    }
    return found === 'outside' ? undefined : found;
  }

  private linkEffects(normalized: string, found: 'file' | 'directory' | 'outside' | undefined): void {
    if (found === 'outside') this.skipLink(normalized);
    else if (found === undefined) this.noteLinkAbove(normalized);
  }

  private skipLink(link: string): void {
    this.skippedLinks.add(link);
    this.recording?.links.push(link);
  }

  /**
   * A scan of the context that depends only on the disk and the .dockerignore in effect (the
   * leak scan, a search for files by name), computed once per session for each context root and
   * .dockerignore; the links it skipped and the notes it made are replayed on every hit. The
   * value is shared: callers must not change it.
   */
  memo<T>(key: string, compute: () => T, dependsOnDockerignore = true): T {
    if (this.refused || this.recording) return compute();
    const matcher = dependsOnDockerignore ? (this.dockerignore()?.matcher ?? null) : 'disk';
    let memos = this.share.memos.get(matcher);
    if (!memos) this.share.memos.set(matcher, (memos = new Map()));
    const hit = memos.get(key);
    if (hit) {
      for (const link of hit.links) this.skippedLinks.add(link);
      for (const note of hit.notes) if (!this.notes.some((known) => known.path === note.path && known.message === note.message)) this.notes.push(note);
      return hit.value as T;
    }
    const recording = { links: [] as string[], notes: [] as ContextNote[] };
    this.recording = recording;
    try {
      const value = compute();
      memos.set(key, { value, ...recording });
      return value;
    } finally {
      this.recording = undefined;
    }
  }

  /** An absent path may lie below a link out of the context (`lnk/requirements.txt`): name the link. */
  private noteLinkAbove(normalized: string): void {
    for (let slash = normalized.indexOf('/'); slash !== -1; slash = normalized.indexOf('/', slash + 1)) {
      const ancestor = normalized.slice(0, slash);
      const kind = this.fileSystem.kind(ancestor);
      if (kind === 'outside') this.skipLink(ancestor);
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

  /**
   * The path a missing one was likely meant to be: the same path with one segment corrected to
   * a name beside it that differs by case or by one character (two in a long name), when that
   * path exists: `.backend/app` for `backend/app`, `App/main.py` for `app/main.py`.
   */
  similarPath(relative: string): string | undefined {
    const normalized = this.normalize(relative);
    if (!normalized || this.exists(normalized)) return undefined;
    // Once per path and context root: a folder of 4,000 Dockerfiles missing the same file compares its names once.
    return this.memo(`similar\0${normalized}`, () => this.similarUncached(normalized), false);
  }

  private similarUncached(normalized: string): string | undefined {
    const segments = normalized.split('/');
    let base = '';
    for (let index = 0; index < segments.length; index++) {
      const joined = base ? `${base}/${segments[index]}` : segments[index];
      if (this.exists(joined)) {
        base = joined;
        continue;
      }
      const wanted = segments[index];
      const close = this.list(base).filter((name) => isLikelyTypo(wanted, name));
      if (close.length !== 1) return undefined;
      const corrected = [base, close[0], ...segments.slice(index + 1)].filter(Boolean).join('/');
      return this.exists(corrected) ? corrected : undefined;
    }
    return undefined;
  }

  /** The names in a directory of the context (empty when it is not one). */
  list(relative: string): string[] {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return [];
    const cached = this.listings.get(normalized);
    if (cached) return cached;
    let names: string[] = [];
    if (this.kind(normalized) === 'directory') {
      const shared = this.share.listings.get(normalized);
      names = shared ?? this.fileSystem.list(normalized).sort();
      if (!shared) this.share.listings.set(normalized, names);
    }
    this.listings.set(normalized, names);
    return names;
  }

  /**
   * A text file of the context, read once; `undefined` when absent, outside the context, not a
   * regular file, too large, UTF-16 or binary (the last four with a note). Read as pip reads it
   * (`encoding: 'pip'`), UTF-16 with a byte-order mark is text, and a UTF-8 mark is dropped.
   */
  file(relative: string, encoding: ContextEncoding = 'utf-8'): ContextFile | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return undefined;
    const key = encoding === 'pip' ? `pip\0${normalized}` : normalized;
    if (this.files.has(key)) return this.files.get(key);
    let file: ContextFile | undefined;
    const shared = this.kind(normalized) === 'file' ? this.share.files.get(key) : undefined;
    if (shared) {
      file = shared;
    } else if (this.kind(normalized) === 'file') {
      const absolutePath = this.absolute(normalized);
      const read = this.fileSystem.read(normalized, MAX_CONTEXT_FILE_BYTES);
      if (read.kind === 'text')
        file = { path: normalized, absolutePath, source: new SourceText(encoding === 'pip' ? read.text.replace(/^\ufeff/, '') : read.text) };
      else if (read.kind === 'utf16' && encoding === 'pip' && read.text !== undefined)
        file = { path: normalized, absolutePath, source: new SourceText(read.text) };
      else if (read.kind === 'too-large')
        this.note(absolutePath, `larger than ${MAX_CONTEXT_FILE_BYTES / 1024 / 1024} MiB, not read: the checks that need it are skipped`);
      else if (read.kind === 'utf16') this.note(absolutePath, 'UTF-16 is not supported, save it as UTF-8; not read: the checks that need it are skipped');
      else if (read.kind === 'binary') this.note(absolutePath, 'not a text file (it contains NUL bytes), not read');
      else if (read.kind === 'not-a-file') this.note(absolutePath, 'not a regular file, not read');
      if (file && this.share.sharedCharacters + file.source.text.length <= SHARED_FILE_CHARACTERS) {
        this.share.files.set(key, file);
        this.share.sharedCharacters += file.source.text.length;
      }
    }
    this.files.set(key, file);
    return file;
  }

  private note(absolutePath: string, message: string): void {
    this.notes.push({ path: absolutePath, message });
    this.recording?.notes.push({ path: absolutePath, message });
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

  /** Whether the repository's .gitignore files ignore a path (see `ContextFileSystem.gitIgnored`). */
  isGitIgnored(relative: string): boolean {
    const normalized = this.normalize(relative);
    return normalized !== undefined && normalized !== '' && !this.refused && (this.fileSystem.gitIgnored?.(normalized) ?? false);
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
    // Once per pattern and context root: in a folder of 4,000 Dockerfiles, `COPY *.py` lists it once.
    return this.memo(`glob\0${normalized}`, () => this.globUncached(normalized), false);
  }

  private globUncached(normalized: string): string[] {
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

/** Whether `name` is `wanted` mistyped: another case, or one edit away (two in a long name). */
function isLikelyTypo(wanted: string, name: string): boolean {
  if (name === wanted) return false;
  if (name.toLowerCase() === wanted.toLowerCase()) return true;
  const shorter = Math.min(wanted.length, name.length);
  if (shorter < 3 || Math.abs(wanted.length - name.length) > 2) return false;
  return editDistance(wanted, name) <= (shorter >= 8 ? 2 : 1);
}

/**
 * BuildKit reads `<Dockerfile name>.dockerignore` beside the Dockerfile when it exists, and
 * the context root's `.dockerignore` otherwise.
 */
function loadDockerignore(context: BuildContext): { file: ContextFile; matcher: DockerignoreMatcher } | undefined {
  const candidates: string[] = [];
  if (context.dockerfilePath) {
    const besideDockerfile = path.relative(context.root, `${context.dockerfilePath}.dockerignore`).split(path.sep).join('/');
    if (!besideDockerfile.startsWith('..')) candidates.push(besideDockerfile);
  }
  candidates.push('.dockerignore');
  for (const candidate of candidates) {
    const file = context.file(candidate);
    if (!file) continue;
    // One matcher per content in a session: the same .dockerignore is compiled once.
    let matcher = context.share.matchers.get(file.source.text);
    if (!matcher) context.share.matchers.set(file.source.text, (matcher = new DockerignoreMatcher(file.source.text)));
    return { file, matcher };
  }
  return undefined;
}
