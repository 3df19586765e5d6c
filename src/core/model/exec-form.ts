/**
 * The exec form of RUN, CMD and ENTRYPOINT. BuildKit takes the arguments as exec form only when
 * they are a valid JSON array of strings; anything else, even `['a', 'b']` or `["a", 1]`, runs
 * through `/bin/sh -c`. dockerfile-ast's `getOpeningBracket()` is truthy for such text, so the
 * JSON is checked here, character by character, keeping each string's source offsets.
 */
import type { MappedText } from './source.js';
import type { ShellWord } from './shell.js';

export type CommandForm = 'exec' | 'shell' | 'json-like-invalid';

export type ExecFormResult = { form: 'exec'; words: ShellWord[] } | { form: 'shell' | 'json-like-invalid' };

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isJsonSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

export function parseExecForm(args: MappedText): ExecFormResult {
  const { text, offsets } = args;
  let i = 0;
  const skipSpace = () => {
    while (isJsonSpace(text[i])) i++;
  };
  skipSpace();
  if (text[i] !== '[') return { form: 'shell' };
  i++;
  const words: ShellWord[] = [];
  skipSpace();
  if (text[i] === ']') {
    i++;
    skipSpace();
    return i === text.length ? { form: 'exec', words } : { form: 'json-like-invalid' };
  }
  for (;;) {
    skipSpace();
    if (text[i] !== '"') return { form: 'json-like-invalid' };
    const start = i;
    i++;
    let value = '';
    const valueOffsets: number[] = [];
    let closed = false;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        closed = true;
        i++;
        break;
      }
      if (ch.charCodeAt(0) < 0x20) return { form: 'json-like-invalid' };
      if (ch === '\\') {
        const escaped = text[i + 1];
        if (escaped === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { form: 'json-like-invalid' };
          value += String.fromCharCode(parseInt(hex, 16));
          valueOffsets.push(offsets[i]);
          i += 6;
          continue;
        }
        if (!(escaped in ESCAPES)) return { form: 'json-like-invalid' };
        value += ESCAPES[escaped];
        valueOffsets.push(offsets[i]);
        i += 2;
        continue;
      }
      value += ch;
      valueOffsets.push(offsets[i]);
      i++;
    }
    if (!closed) return { form: 'json-like-invalid' };
    valueOffsets.push(offsets[i - 1]);
    words.push({
      value,
      valueOffsets,
      start: offsets[start],
      end: offsets[i],
      quoted: true,
      expands: false,
      globs: false,
    });
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') {
      i++;
      skipSpace();
      return i === text.length ? { form: 'exec', words } : { form: 'json-like-invalid' };
    }
    return { form: 'json-like-invalid' };
  }
}

/** What keeps a JSON-like array from being JSON, in the order they are found. */
export type JsonLikeProblem = 'single-quotes' | 'trailing-comma' | 'trailing-comment' | 'not-strings' | 'other';

export interface JsonLikeReading {
  problems: JsonLikeProblem[];
  /**
   * The strings it was meant to hold, with their source offsets, when single quotes, a comma
   * after the last string and a `# comment` after the `]` are all that is wrong; `undefined`
   * otherwise (a missing quote, a backslash inside single quotes, a number).
   */
  intended: ShellWord[] | undefined;
  /** The `# comment` after the `]`, as written, with its offsets. */
  comment: { text: string; start: number; end: number } | undefined;
}

/**
 * Reads a JSON-like form that `parseExecForm` refused (`['uvicorn', 'main:app']`,
 * `["uvicorn", "main:app",]`, `["uvicorn", "main:app"] # serve`), forgiving what people write by
 * habit, so that rules can say what is wrong and lint the command it was meant to be. A valid JSON
 * array holding something other than strings (`["--port", 8000]`) is `not-strings`: BuildKit
 * refuses to build it rather than running it through the shell.
 */
export function readJsonLike(args: MappedText): JsonLikeReading {
  const { text, offsets } = args;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.some((value) => typeof value !== 'string'))
      return { problems: ['not-strings'], intended: undefined, comment: undefined };
  } catch {
    // Not JSON at all: read on.
  }
  const problems = new Set<JsonLikeProblem>();
  // What could be read is named; only when nothing could, `other`.
  const failed = (): JsonLikeReading => ({ problems: problems.size > 0 ? [...problems] : ['other'], intended: undefined, comment: undefined });
  let i = 0;
  const skipSpace = () => {
    while (isJsonSpace(text[i])) i++;
  };
  skipSpace();
  if (text[i] !== '[') return failed();
  i++;
  const words: ShellWord[] = [];
  for (;;) {
    skipSpace();
    if (text[i] === ']') {
      if (words.length > 0 && /,\s*$/.test(text.slice(0, i))) problems.add('trailing-comma');
      i++;
      break;
    }
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return failed();
    if (quote === "'") problems.add('single-quotes');
    const start = i;
    i++;
    let value = '';
    const valueOffsets: number[] = [];
    let closed = false;
    while (i < text.length) {
      const ch = text[i];
      if (ch === quote) {
        closed = true;
        i++;
        break;
      }
      if (ch.charCodeAt(0) < 0x20) return failed();
      if (ch === '\\') {
        // In single quotes a backslash means what the writer had in mind: a guess.
        const escaped = text[i + 1];
        if (quote === "'" || escaped === 'u' || !(escaped in ESCAPES)) return failed();
        value += ESCAPES[escaped];
        valueOffsets.push(offsets[i]);
        i += 2;
        continue;
      }
      value += ch;
      valueOffsets.push(offsets[i]);
      i++;
    }
    if (!closed) return failed();
    valueOffsets.push(offsets[i - 1]);
    words.push({ value, valueOffsets, start: offsets[start], end: offsets[i], quoted: true, expands: false, globs: false });
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] !== ']') return failed();
  }
  skipSpace();
  let comment: JsonLikeReading['comment'];
  if (text[i] === '#') {
    problems.add('trailing-comment');
    comment = { text: text.slice(i).trimEnd(), start: offsets[i], end: offsets[text.trimEnd().length] };
    i = text.length;
  }
  if (i !== text.length) return failed();
  return { problems: [...problems], intended: words, comment };
}
