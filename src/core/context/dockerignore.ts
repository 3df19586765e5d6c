/**
 * .dockerignore, read and matched as BuildKit does (moby's ignorefile.ReadAll and
 * patternmatcher), with a linear-time matcher of our own (./glob-match.ts): the file comes from
 * the repository, and a regular-expression translation of its lines can be made to backtrack
 * for minutes.
 *
 * - A line starting with `#` is a comment; lines are trimmed; empty lines are skipped.
 * - `!` makes an exception; the pattern is cleaned like Go's filepath.Clean and a leading `/`
 *   dropped (`/app/` is `app`).
 * - A path is excluded when the last pattern matching it, or one of its parent directories, is
 *   not an exception.
 * - A pattern Docker rejects makes `docker build` stop; it is reported (`problems`) and skipped.
 */
import { CompiledPattern, PatternSyntaxError } from './glob-match.js';

export interface DockerignoreProblem {
  /** 1-based line of the .dockerignore. */
  line: number;
  pattern: string;
  /** What Docker says, e.g. `syntax error in pattern`. */
  message: string;
}

/**
 * Go's filepath.Clean for slash-separated paths: `.` segments and duplicate slashes dropped,
 * `..` resolved against the segment before it. Written out rather than borrowed from a path
 * library, which would also turn a pattern's escaping backslash (`a\\*b`) into a separator.
 */
export function cleanPath(value: string): string {
  if (value === '') return '.';
  const absolute = value.startsWith('/');
  const kept: string[] = [];
  for (const segment of value.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && kept.length > 0 && kept[kept.length - 1] !== '..') kept.pop();
    else if (segment !== '..' || !absolute) kept.push(segment);
  }
  const joined = kept.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

interface Rule {
  exception: boolean;
  pattern: CompiledPattern;
}

export class DockerignoreMatcher {
  private readonly rules: Rule[] = [];
  readonly problems: DockerignoreProblem[] = [];

  /** @param text the .dockerignore's content */
  constructor(text: string) {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((raw, index) => {
      if (raw.startsWith('#')) return;
      let pattern = raw.trim();
      if (pattern === '') return;
      const exception = pattern.startsWith('!');
      if (exception) pattern = pattern.slice(1).trim();
      if (pattern !== '') {
        pattern = cleanPath(pattern);
        if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
      }
      if (exception && pattern === '') {
        this.problems.push({ line: index + 1, pattern: raw.trim(), message: 'illegal exclusion pattern: "!"' });
        return;
      }
      try {
        this.rules.push({ exception, pattern: new CompiledPattern(pattern, true) });
      } catch (error) {
        if (!(error instanceof PatternSyntaxError)) throw error;
        this.problems.push({ line: index + 1, pattern: raw.trim(), message: error.message });
      }
    });
  }

  /** Whether a context path (cleaned, relative, `/`-separated) is kept out of the build. */
  ignores(relative: string): boolean {
    const known = this.answers.get(relative);
    if (known !== undefined) return known;
    const excluded = this.decide(relative);
    this.answers.set(relative, excluded);
    return excluded;
  }

  /** Answers by path: a matcher is shared by every Dockerfile whose context it governs. */
  private readonly answers = new Map<string, boolean>();

  private decide(relative: string): boolean {
    let excluded = false;
    for (const rule of this.rules) {
      // An exception can only undo an exclusion, and an exclusion only matters when not excluded yet.
      if (rule.exception !== excluded) continue;
      if (rule.pattern.matchesOrParent(relative)) excluded = !rule.exception;
    }
    return excluded;
  }
}
