/**
 * Docker's wildcards, matched in linear time.
 *
 * `.dockerignore` lines and COPY sources come from the repository, so they are hostile input: a
 * translation to a JavaScript RegExp backtracks exponentially on `(a+)+b` (which a naive
 * translation passes through as regular-expression syntax) or on `**` repeated, and throws on
 * `foo[`. Here a pattern compiles to a short list of steps, and a path is matched by simulating
 * all positions in the pattern at once (a Thompson NFA): time is O(path length × pattern length),
 * whatever the pattern.
 *
 * Semantics, from moby's patternmatcher (used by BuildKit for .dockerignore) and Go's
 * filepath.Match (used for COPY sources, one path segment at a time):
 * - `*` is any run of characters but `/`; `?` is one character but `/`;
 * - `[abc]`, `[a-z]`, `[^a-z]` are character classes (`\` escapes inside); a class may match `/`;
 * - `\x` is the character x;
 * - in .dockerignore only, `**` is any number of directories (`**`/ eats its slash), and `**` at
 *   the end is anything at all. Every other character, `(`, `+`, `{`, `|` included, is itself.
 * - A pattern Go's filepath.Match rejects (`foo[`, `[]`, a trailing `\`) or whose class range is
 *   reversed (`[z-a]`, which Go's regexp rejects) is invalid: Docker stops with
 *   `syntax error in pattern`, and here it matches nothing.
 */

type Step =
  | { kind: 'char'; char: string }
  | { kind: 'any' }
  | { kind: 'class'; negated: boolean; ranges: [string, string][] }
  /** `[^/]*` */
  | { kind: 'star' }
  /** Any directories (the regular expression `(.*` + `/)?`): `**` followed by more pattern. */
  | { kind: 'dirs' }
  /** `.*`: `**` at the end. */
  | { kind: 'rest' }
  /** `^` in a .dockerignore pattern that moby matches as a regular expression: "at the start". */
  | { kind: 'start' };

/**
 * How moby's patternmatcher matches a pattern (Pattern.compile): `exact` (string equality),
 * `prefix` (literal text then a final `**`), `suffix` (a leading `**`, then literal text) or
 * `regexp` (anything with `*`, `?`, `[`, `]` or `\x`). The mode decides two corner cases: a
 * suffix pattern `**foo` matches `xfoo`, and `^` is an anchor in a regular expression only.
 */
function mobyMode(chars: string[]): 'exact' | 'prefix' | 'suffix' | 'regexp' {
  let mode: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  for (let index = 0, step = 0; index < chars.length; index++, step++) {
    const char = chars[index];
    if (char === '*') {
      if (chars[index + 1] === '*') {
        index++;
        if (chars[index + 1] === '/') index++;
        mode = index + 1 >= chars.length && mode === 'exact' ? 'prefix' : 'regexp';
        if (step === 0) mode = 'suffix';
      } else mode = 'regexp';
    } else if (char === '?' || char === '[' || char === ']') {
      mode = 'regexp';
    } else if (char === '\\' && index + 1 < chars.length) {
      index++;
      mode = 'regexp';
    }
  }
  return mode;
}

export class PatternSyntaxError extends Error {}

/** Code points, so that `?` matches one character, as Go's rune-wise matching does. */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/** Parses a character class starting after its `[`; returns the step and the index after `]`. */
function parseClass(chars: string[], start: number, rejectReversed: boolean): { step: Step; next: number } {
  let index = start;
  let negated = false;
  if (chars[index] === '^') {
    negated = true;
    index++;
  }
  const ranges: [string, string][] = [];
  const escaped = (): string => {
    let char = chars[index];
    if (char === undefined || char === '-' || char === ']') throw new PatternSyntaxError('syntax error in pattern');
    if (char === '\\') {
      index++;
      char = chars[index];
      if (char === undefined) throw new PatternSyntaxError('syntax error in pattern');
    }
    index++;
    if (index >= chars.length) throw new PatternSyntaxError('syntax error in pattern');
    return char;
  };
  for (;;) {
    if (chars[index] === ']' && ranges.length > 0) return { step: { kind: 'class', negated, ranges }, next: index + 1 };
    const low = escaped();
    let high = low;
    if (chars[index] === '-') {
      index++;
      high = escaped();
    }
    // filepath.Match accepts a reversed range (it matches nothing); Go's regexp, which Docker
    // compiles .dockerignore lines to, rejects it.
    if (rejectReversed && (high.codePointAt(0) as number) < (low.codePointAt(0) as number)) throw new PatternSyntaxError('syntax error in pattern');
    ranges.push([low, high]);
  }
}

/**
 * Compiles one pattern. `globstar`: `**` means directories (.dockerignore); otherwise it is two
 * `*` (COPY, whose segments never hold a `/`).
 */
function compile(chars: string[], globstar: boolean, anchors: boolean): Step[] {
  const steps: Step[] = [];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index];
    if (char === '*') {
      if (globstar && chars[index + 1] === '*') {
        index++;
        if (chars[index + 1] === '/') index++;
        steps.push(index + 1 >= chars.length ? { kind: 'rest' } : { kind: 'dirs' });
      } else if (steps[steps.length - 1]?.kind !== 'star') {
        steps.push({ kind: 'star' });
      }
    } else if (char === '?') {
      steps.push({ kind: 'any' });
    } else if (char === '[') {
      const { step, next } = parseClass(chars, index + 1, globstar);
      steps.push(step);
      index = next - 1;
    } else if (char === '\\') {
      if (index + 1 >= chars.length) throw new PatternSyntaxError('syntax error in pattern');
      steps.push({ kind: 'char', char: chars[++index] });
    } else if (char === '^' && anchors) {
      steps.push({ kind: 'start' });
    } else {
      steps.push({ kind: 'char', char });
    }
  }
  return steps;
}

function classMatches(step: Extract<Step, { kind: 'class' }>, char: string): boolean {
  const code = char.codePointAt(0) as number;
  const inside = step.ranges.some(([low, high]) => (low.codePointAt(0) as number) <= code && code <= (high.codePointAt(0) as number));
  return inside !== step.negated;
}

/**
 * A compiled pattern. States are positions in the steps (0..n); a `dirs` step at i has an extra
 * inner state (n + 1 + i) for "inside `.*`, waiting for the `/`".
 */
export class CompiledPattern {
  private readonly steps: Step[];
  /**
   * moby matches a pattern that starts with `**` and has no other wildcard by suffix
   * (`**foo` matches `xfoo`; `**` + `/foo` also matches `foo`), not by its regular expression.
   */
  private readonly suffix: string | undefined;

  constructor(
    readonly source: string,
    globstar: boolean,
  ) {
    const chars = codePoints(source);
    const mode = globstar ? mobyMode(chars) : 'regexp';
    this.steps = compile(chars, globstar, globstar && mode === 'regexp');
    if (mode === 'suffix') this.suffix = source.slice(2);
  }

  private suffixMatches(text: string): boolean {
    const suffix = this.suffix as string;
    return text.endsWith(suffix) || (suffix.startsWith('/') && text === suffix.slice(1));
  }

  /** Adds state `state` and everything reachable from it without consuming a character. */
  private close(states: Uint8Array, list: number[], state: number, atStart = false): void {
    const stack = [state];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      if (states[current]) continue;
      states[current] = 1;
      list.push(current);
      const step = current < this.steps.length ? this.steps[current] : undefined;
      if (step?.kind === 'star' || step?.kind === 'rest' || (step?.kind === 'start' && atStart)) stack.push(current + 1);
      else if (step?.kind === 'dirs') {
        stack.push(current + 1);
        stack.push(this.steps.length + 1 + current);
      }
    }
  }

  /**
   * Runs the pattern over `text`; calls `accepted(end)` after the whole text and, when
   * `atSlash` is set, at each `/` (with the length of the prefix before it), so one pass
   * answers for every parent directory too.
   */
  private run(text: string, atSlash: ((prefixLength: number) => boolean) | undefined): boolean {
    const size = 2 * this.steps.length + 2;
    const end = this.steps.length;
    let states = new Uint8Array(size);
    let nextStates = new Uint8Array(size);
    let list: number[] = [];
    let nextList: number[] = [];
    this.close(states, list, 0, true);
    let consumed = 0;
    for (const char of text) {
      if (char === '/' && atSlash && states[end] && atSlash(consumed)) return true;
      for (const state of list) {
        if (state > end) {
          // Inside a `dirs` step's `.*`: stay, and on `/` leave it.
          this.close(nextStates, nextList, state);
          if (char === '/') this.close(nextStates, nextList, state - end);
          continue;
        }
        if (state === end) continue;
        const step = this.steps[state];
        switch (step.kind) {
          case 'char':
            if (step.char === char) this.close(nextStates, nextList, state + 1);
            break;
          case 'any':
            if (char !== '/') this.close(nextStates, nextList, state + 1);
            break;
          case 'class':
            if (classMatches(step, char)) this.close(nextStates, nextList, state + 1);
            break;
          case 'star':
            if (char !== '/') this.close(nextStates, nextList, state);
            break;
          case 'rest':
            this.close(nextStates, nextList, state);
            break;
          case 'dirs':
          case 'start':
            break; // A `dirs` step's inner state consumes; `start` consumes nothing.
        }
      }
      for (const state of list) states[state] = 0;
      [states, nextStates] = [nextStates, states];
      [list, nextList] = [nextList, list];
      nextList.length = 0;
      consumed += char.length;
      if (list.length === 0) return false;
    }
    return states[end] === 1;
  }

  matches(text: string): boolean {
    if (this.suffix !== undefined) return this.suffixMatches(text);
    return this.run(text, undefined);
  }

  /** Whether the pattern matches `text` or one of its parent directories (`a`, `a/b` of `a/b/c`). */
  matchesOrParent(text: string): boolean {
    if (this.suffix !== undefined) {
      if (this.suffixMatches(text)) return true;
      for (let slash = text.indexOf('/'); slash !== -1; slash = text.indexOf('/', slash + 1)) {
        if (this.suffixMatches(text.slice(0, slash))) return true;
      }
      return false;
    }
    return this.run(text, () => true);
  }
}

/** Go's filepath.Match for one COPY source segment; throws PatternSyntaxError for a bad one. */
export function segmentPattern(segment: string): CompiledPattern {
  return new CompiledPattern(segment, false);
}
