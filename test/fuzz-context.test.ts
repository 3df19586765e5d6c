/**
 * Property-based tests of the build context's wildcard matching (fast-check): generated
 * .dockerignore files and COPY wildcards never throw, give exactly what a small reference of
 * Docker's semantics gives, and stay fast on long paths.
 *
 * The references are deliberately naive, for short inputs only:
 * - .dockerignore: moby's patternmatcher as it is written, a pattern translated to a regular
 *   expression (exact, prefix and suffix modes included) and run by JavaScript's backtracking
 *   engine, with the parent-directory loop of MatchesOrParentMatches;
 * - COPY: Go's filepath.Match as a recursive backtracking matcher on one segment.
 * `npm test` runs a bounded number of cases; `npm run fuzz` style FUZZ_RUNS sets more.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DockerignoreMatcher } from '../src/core/context/dockerignore.js';
import { CompiledPattern, segmentPattern } from '../src/core/context/glob-match.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 20_000 : 300));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };
const TIMEOUT = Math.max(30_000, RUNS * 10);

// ---------------------------------------------------------------- the .dockerignore reference

/** moby's Pattern.compile, as written: the regular expression and the match mode. */
function mobyPattern(pattern: string): (file: string) => boolean {
  let regex = '^';
  let mode: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  const chars = Array.from(pattern);
  for (let index = 0, step = 0; index < chars.length; index++, step++) {
    const char = chars[index];
    if (char === '*') {
      if (chars[index + 1] === '*') {
        index++;
        if (chars[index + 1] === '/') index++;
        if (index + 1 >= chars.length) {
          if (mode === 'exact') mode = 'prefix';
          else {
            regex += '.*';
            mode = 'regexp';
          }
        } else {
          regex += '(.*/)?';
          mode = 'regexp';
        }
        if (step === 0) mode = 'suffix';
      } else {
        regex += '[^/]*';
        mode = 'regexp';
      }
    } else if (char === '?') {
      regex += '[^/]';
      mode = 'regexp';
    } else if ('.+()|{}$'.includes(char)) {
      regex += `\\${char}`;
    } else if (char === '\\') {
      if (index + 1 < chars.length) {
        regex += `\\${chars[++index]}`;
        mode = 'regexp';
      } else regex += '\\\\';
    } else if (char === '[' || char === ']') {
      regex += char;
      mode = 'regexp';
    } else regex += char;
  }
  if (mode === 'exact') return (file) => file === pattern;
  if (mode === 'prefix') return (file) => file.startsWith(pattern.slice(0, -2));
  if (mode === 'suffix') {
    const suffix = pattern.slice(2);
    return (file) => file.endsWith(suffix) || (suffix.startsWith('/') && file === suffix.slice(1));
  }
  const compiled = new RegExp(`${regex}$`, 'u'); // throws for `[b-a]`, as Go's regexp does
  return (file) => compiled.test(file);
}

/** ignorefile.ReadAll, patternmatcher.New and MatchesOrParentMatches; `undefined` when Docker would refuse the file. */
function referenceIgnores(lines: string[], file: string): boolean | undefined {
  const rules: { exception: boolean; match: (file: string) => boolean }[] = [];
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const exception = pattern.startsWith('!');
    if (exception) pattern = pattern.slice(1).trim();
    if (pattern !== '') {
      pattern = path.posix.normalize(pattern);
      if (pattern.length > 1) pattern = pattern.replace(/\/+$/, '');
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    if (exception && pattern === '') return undefined;
    try {
      rules.push({ exception, match: mobyPattern(pattern) });
    } catch {
      return undefined;
    }
  }
  const parents = file.split('/').slice(0, -1);
  let excluded = false;
  for (const rule of rules) {
    if (rule.exception !== excluded) continue;
    let match = rule.match(file);
    for (let depth = 1; !match && depth <= parents.length; depth++) match = rule.match(parents.slice(0, depth).join('/'));
    if (match) excluded = !rule.exception;
  }
  return excluded;
}

// ---------------------------------------------------------------- the COPY reference

/** Go's filepath.Match on one segment, by backtracking. */
function referenceSegmentMatch(pattern: string[], name: string[]): boolean {
  if (pattern.length === 0) return name.length === 0;
  const [first, ...rest] = pattern;
  if (first === '*') return referenceSegmentMatch(rest, name) || (name.length > 0 && referenceSegmentMatch(pattern, name.slice(1)));
  if (name.length === 0) return false;
  if (first === '?') return referenceSegmentMatch(rest, name.slice(1));
  if (first === '\\') return rest[0] === name[0] && referenceSegmentMatch(rest.slice(1), name.slice(1));
  if (first === '[') {
    const close = rest.indexOf(']', rest[0] === '^' ? 2 : 1);
    const body = rest.slice(0, close);
    const negated = body[0] === '^';
    const items = negated ? body.slice(1) : body;
    let inside = false;
    for (let index = 0; index < items.length; index++) {
      const low = items[index];
      const high = items[index + 1] === '-' ? items[(index += 2)] : low;
      if (low <= name[0] && name[0] <= high) inside = true;
    }
    return inside !== negated && referenceSegmentMatch(rest.slice(close + 1), name.slice(1));
  }
  return first === name[0] && referenceSegmentMatch(rest, name.slice(1));
}

// ---------------------------------------------------------------- generators

const literal = fc.constantFrom('a', 'b', '.', '(', ')', '+', '|', '{', '}', '$', '-', '^', '!', ' ');
const escapedCharacter = fc.constantFrom('\\*', '\\?', '\\[', '\\]', '\\\\', '\\.');
const letter = fc.constantFrom('a', 'b', 'c');
const characterClass = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.oneof(
        letter,
        fc.tuple(letter, letter).map(([low, high]) => `${low}-${high}`),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  )
  .map(([negated, items]) => `[${negated ? '^' : ''}${items.join('')}]`);
const segmentToken = fc.oneof(
  { weight: 4, arbitrary: literal },
  { weight: 3, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constant('?') },
  { weight: 1, arbitrary: escapedCharacter },
  { weight: 1, arbitrary: characterClass },
);
const ignoreToken = fc.oneof(
  { weight: 6, arbitrary: segmentToken },
  { weight: 2, arbitrary: fc.constant('/') },
  { weight: 2, arbitrary: fc.constant('**') },
  { weight: 1, arbitrary: fc.constant('**/') },
);
const ignoreLine = fc
  .tuple(fc.constantFrom('', '', '', '!', '/', './', '# ', ' '), fc.array(ignoreToken, { maxLength: 6 }))
  .map(([prefix, tokens]) => prefix + tokens.join(''));
/** A cleaned context path: segments without `/`, no empty ones. */
const nameChar = fc.constantFrom('a', 'b', 'c', '.', '(', '+', '-', '^', '!', '*', '[', ']', '$');
const segment = fc
  .array(nameChar, { minLength: 1, maxLength: 5 })
  .map((chars) => chars.join(''))
  .filter((name) => name !== '.' && name !== '..');
const contextPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));

describe('.dockerignore and COPY wildcards (fast-check)', () => {
  it(
    '.dockerignore: never throws, and excludes exactly what the reference excludes',
    () => {
      fc.assert(
        fc.property(fc.array(ignoreLine, { minLength: 1, maxLength: 4 }), fc.array(contextPath, { minLength: 1, maxLength: 4 }), (lines, files) => {
          const matcher = new DockerignoreMatcher(lines.join('\n'));
          for (const file of files) {
            const expected = referenceIgnores(lines, file);
            if (expected === undefined) {
              expect(matcher.problems.length).toBeGreaterThan(0);
            } else {
              expect(matcher.problems).toEqual([]);
              expect(matcher.ignores(file)).toBe(expected);
            }
          }
        }),
        settings,
      );
    },
    TIMEOUT,
  );

  it(
    'COPY wildcards: never throw, and match exactly what filepath.Match matches',
    () => {
      fc.assert(
        fc.property(fc.array(segmentToken, { minLength: 1, maxLength: 6 }), fc.array(segment, { minLength: 1, maxLength: 4 }), (tokens, names) => {
          const pattern = tokens.join('');
          const compiled = segmentPattern(pattern);
          for (const name of names) expect(compiled.matches(name)).toBe(referenceSegmentMatch(Array.from(pattern), Array.from(name)));
        }),
        settings,
      );
    },
    TIMEOUT,
  );

  it(
    'any pattern, valid or not, answers for a 4,000-character path in bounded time',
    () => {
      const longPath = `${'a/'.repeat(1000)}${'a'.repeat(1999)}`;
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), fc.array(ignoreToken, { maxLength: 20 }), (raw, tokens) => {
          for (const pattern of [raw, tokens.join('')]) {
            const started = performance.now();
            expect(() => new DockerignoreMatcher(pattern).ignores(longPath)).not.toThrow();
            try {
              new CompiledPattern(pattern, true).matchesOrParent(longPath);
              segmentPattern(pattern.replace(/\//g, '')).matches(longPath.replace(/\//g, ''));
            } catch (error) {
              expect((error as Error).name === 'Error' && (error as Error).message).toBe('syntax error in pattern');
            }
            // Linear: a few milliseconds; a backtracking matcher takes minutes on some of these.
            expect(performance.now() - started).toBeLessThan(1000);
          }
        }),
        { ...settings, numRuns: Math.min(RUNS, 200) },
      );
    },
    TIMEOUT,
  );
});
