/**
 * The build context: the directory `docker build` sends, read lazily and only inside it.
 *
 * Every path here is relative to the context root with forward slashes (`app/main.py`). A path
 * that leaves the root, or a symlink that points outside it, is treated as absent: BuildKit
 * refuses both, and we never read outside what the user pointed us at.
 */
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Ignore } from '@balena/dockerignore';
import { SourceText } from '../model/source.js';
import { loadDockerignore } from './dockerignore.js';
import { listDirectory } from './directory-listing.js';
import type { ComposeFile } from './compose.js';

export type ContextOrigin = 'option' | 'compose' | 'dockerfile-directory';

/** A text file of the context with its positions, for findings that point into it. */
export interface ContextFile {
  /** Path relative to the context root. */
  path: string;
  absolutePath: string;
  source: SourceText;
}

const MAX_CONTEXT_FILE_BYTES = 1024 * 1024;

export class BuildContext {
  readonly root: string;
  private readonly realRoot: string;
  private readonly kinds = new Map<string, 'file' | 'directory' | undefined>();
  private readonly files = new Map<string, ContextFile | undefined>();
  private readonly listings = new Map<string, string[]>();
  private ignore: Ignore | null | undefined;
  /** Symlinks that point outside the context, which were not followed. */
  readonly skippedLinks = new Set<string>();

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
    let realRoot = this.root;
    try {
      realRoot = realpathSync(this.root);
    } catch {
      // A missing root reads as an empty context.
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

  /** Whether a path is a file, a directory, or absent (also when it is a link out of the context). */
  kind(relative: string): 'file' | 'directory' | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return undefined;
    if (this.kinds.has(normalized)) return this.kinds.get(normalized);
    let kind: 'file' | 'directory' | undefined;
    const absolute = this.absolute(normalized);
    // The parent's listing answers for everything but symbolic links.
    const slash = normalized.lastIndexOf('/');
    const entry = normalized === '' ? 'directory' : listDirectory(this.absolute(normalized.slice(0, Math.max(0, slash))))?.get(normalized.slice(slash + 1));
    if (entry !== 'link') {
      kind = entry === 'file' || entry === 'directory' ? entry : undefined;
      this.kinds.set(normalized, kind);
      return kind;
    }
    try {
      let stats = lstatSync(absolute);
      if (stats.isSymbolicLink()) {
        const target = realpathSync(absolute);
        if (target !== this.realRoot && !target.startsWith(this.realRoot + path.sep)) {
          this.skippedLinks.add(normalized);
          this.kinds.set(normalized, undefined);
          return undefined;
        }
        stats = statSync(absolute);
      }
      kind = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : undefined;
    } catch {
      kind = undefined;
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
    if (normalized === undefined || this.kind(normalized || '.') !== 'directory') return [];
    const cached = this.listings.get(normalized);
    if (cached) return cached;
    const names = [...(listDirectory(this.absolute(normalized))?.keys() ?? [])].sort();
    this.listings.set(normalized, names);
    return names;
  }

  /** A text file of the context, read once; `undefined` when absent, too large or binary. */
  file(relative: string): ContextFile | undefined {
    const normalized = this.normalize(relative);
    if (normalized === undefined) return undefined;
    if (this.files.has(normalized)) return this.files.get(normalized);
    let file: ContextFile | undefined;
    if (this.kind(normalized) === 'file') {
      const absolutePath = this.absolute(normalized);
      const text = readLimited(absolutePath, MAX_CONTEXT_FILE_BYTES);
      if (text !== undefined) file = { path: normalized, absolutePath, source: new SourceText(text) };
    }
    this.files.set(normalized, file);
    return file;
  }

  /** The .dockerignore in effect (`<Dockerfile>.dockerignore` first, as BuildKit does), if any. */
  dockerignore(): { file: ContextFile | undefined; matcher: Ignore } | undefined {
    if (this.ignore === undefined) this.ignore = loadDockerignore(this) ?? null;
    return this.ignore === null ? undefined : { file: this.dockerignoreFile, matcher: this.ignore };
  }

  /** The file the .dockerignore rules came from, set by loadDockerignore. */
  dockerignoreFile: ContextFile | undefined;

  /** Whether .dockerignore keeps a path out of what is sent to the builder. */
  isIgnored(relative: string): boolean {
    const normalized = this.normalize(relative);
    if (!normalized) return false;
    return this.dockerignore()?.matcher.ignores(normalized) ?? false;
  }

  /** Paths matching a COPY source with wildcards (`*.py`, `requirements*.txt`, `app/[ab]*`). */
  glob(pattern: string): string[] {
    const normalized = this.normalize(pattern);
    if (normalized === undefined) return [];
    let candidates = [''];
    for (const segment of normalized.split('/')) {
      const next: string[] = [];
      for (const base of candidates) {
        if (!/[*?[]/.test(segment)) {
          const joined = base ? `${base}/${segment}` : segment;
          if (this.exists(joined)) next.push(joined);
          continue;
        }
        const matcher = segmentMatcher(segment);
        for (const name of this.list(base)) if (matcher.test(name)) next.push(base ? `${base}/${name}` : name);
      }
      candidates = next;
      if (candidates.length === 0) break;
    }
    return candidates;
  }
}

/** Go's filepath.Match for one path segment, as COPY uses it. */
function segmentMatcher(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('^')) body = `!${body.slice(1)}`;
      source += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
      i = close;
    } else if (ch === '\\' && i + 1 < segment.length) {
      source += segment[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Reads a file of at most `limit` bytes as UTF-8; `undefined` for a larger or binary file. */
function readLimited(absolutePath: string, limit: number): string | undefined {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(absolutePath, 'r');
    if (fstatSync(descriptor).size > limit) return undefined;
    const content = readFileSync(descriptor);
    if (content.includes(0)) return undefined;
    return content.toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
