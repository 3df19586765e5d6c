/**
 * A small POSIX shell reader for the text of RUN, CMD and ENTRYPOINT.
 *
 * Why not a library: rules point at words (`install`, `--reload`) and fixes insert text beside
 * them, so every word must keep its source offsets. shell-quote returns no offsets (and expands
 * `$VAR` by default); sh-syntax costs ~4 ms a parse and mvdan-sh ~180 ms to load. This reader
 * splits words and commands, removes quotes, and keeps expansions (`$VAR`, `$(...)`, backticks)
 * as written; it does not execute or expand anything.
 */
import type { MappedText } from './source.js';

export interface ShellWord {
  /** The word after quote removal. Expansions are kept as written (`$PORT`, `$(nproc)`). */
  value: string;
  /** Source offset of each character of `value`, plus one entry for the end. */
  valueOffsets: number[];
  /** Source offsets of the word as written, quotes included. */
  start: number;
  end: number;
  /** Some part of the word was quoted or escaped. */
  quoted: boolean;
  /** The word holds a parameter expansion or command substitution that the shell would expand. */
  expands: boolean;
  /** The word holds an unquoted glob or brace pattern (`*`, `?`, `[`, `{a,b}`) or a leading `~`. */
  globs: boolean;
}

export interface Assignment {
  name: string;
  value: string;
  word: ShellWord;
}

export interface Redirect {
  operator: string;
  target: ShellWord | undefined;
  start: number;
  end: number;
}

export interface Heredoc {
  delimiter: string;
  /** The body between the redirection's line and the delimiter line. */
  body: MappedText;
  /** The delimiter line was found (else the body runs to the end of the text). */
  terminated: boolean;
  /** Source offsets of the `<<EOF` redirection. */
  start: number;
  end: number;
}

export interface SimpleCommand {
  /** `VAR=value` words before the command name. */
  assignments: Assignment[];
  /** The command name and its arguments. */
  argv: ShellWord[];
  redirects: Redirect[];
  heredocs: Heredoc[];
  /** The command is the last one of its script (nothing runs after it). */
  isLast: boolean;
  /** Its output is piped into the next command (`uv export | pip install -r /dev/stdin`). */
  pipesInto?: boolean;
}

/** Shell features that only a shell understands: their presence means "needs /bin/sh". */
export type ShellFeature =
  | 'and-or'
  | 'sequence'
  | 'pipe'
  | 'background'
  | 'redirect'
  | 'heredoc'
  | 'expansion'
  | 'glob'
  | 'subshell'
  | 'compound'
  | 'comment'
  | 'assignment'
  | 'keyword';

export interface ShellScript {
  commands: SimpleCommand[];
  features: Set<ShellFeature>;
}

const KEYWORDS_BEFORE_COMMAND = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
const KEYWORDS_ALONE = new Set(['fi', 'done', 'esac', '}']);
/** Compound commands whose first line is no command at all (`for x in a b`, `case $x in`). */
const KEYWORDS_SKIP_LINE = new Set(['for', 'case', 'select', 'function']);

const CONTROL_OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '(', ')'];
const REDIRECT_OPERATORS = ['&>>', '<<<', '<<-', '<<', '<>', '<&', '>>', '>&', '>|', '&>', '<', '>'];

type Token =
  | { kind: 'word'; word: ShellWord }
  | { kind: 'operator'; operator: string; start: number }
  | { kind: 'redirect'; redirect: Redirect; heredocDelimiter?: { delimiter: string; stripTabs: boolean } };

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function parseShell(input: MappedText): ShellScript {
  const lexer = new Lexer(input);
  const tokens = lexer.tokens();
  return buildCommands(tokens, lexer.features, lexer.heredocBodies);
}

class Lexer {
  readonly features = new Set<ShellFeature>();
  /** Heredoc bodies by the index of the redirect token that introduced them. */
  readonly heredocBodies = new Map<number, { body: MappedText; terminated: boolean }>();
  private readonly text: string;
  private readonly offsets: number[];
  private i = 0;
  private out: Token[] = [];
  private pendingHeredocs: { tokenIndex: number; delimiter: string; stripTabs: boolean }[] = [];

  constructor(input: MappedText) {
    this.text = input.text;
    this.offsets = input.offsets;
  }

  tokens(): Token[] {
    const text = this.text;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        this.i++;
      } else if (ch === '\\' && this.isLineBreakAt(this.i + 1)) {
        this.i = this.skipLineBreak(this.i + 1);
      } else if (ch === '\n') {
        this.out.push({ kind: 'operator', operator: '\n', start: this.offsets[this.i] });
        this.i++;
        this.readPendingHeredocs();
      } else if (ch === '#') {
        this.features.add('comment');
        while (this.i < text.length && text[this.i] !== '\n') this.i++;
      } else if (this.atRedirect()) {
        this.readRedirect();
      } else {
        const operator = CONTROL_OPERATORS.find((op) => text.startsWith(op, this.i));
        if (operator) {
          this.out.push({ kind: 'operator', operator, start: this.offsets[this.i] });
          this.i += operator.length;
        } else {
          this.out.push({ kind: 'word', word: this.readWord() });
        }
      }
    }
    // Heredocs opened on the last line have no body and no delimiter.
    this.readPendingHeredocs();
    return this.out;
  }

  private isLineBreakAt(index: number): boolean {
    return this.text[index] === '\n' || (this.text[index] === '\r' && this.text[index + 1] === '\n');
  }

  private skipLineBreak(index: number): number {
    return this.text[index] === '\r' ? index + 2 : index + 1;
  }

  /** A redirection: an optional file descriptor number, then a redirection operator. */
  private atRedirect(): boolean {
    let j = this.i;
    while (j < this.text.length && this.text[j] >= '0' && this.text[j] <= '9') j++;
    return REDIRECT_OPERATORS.some((op) => this.text.startsWith(op, j));
  }

  private readRedirect(): void {
    const start = this.i;
    while (this.text[this.i] >= '0' && this.text[this.i] <= '9') this.i++;
    const operator = REDIRECT_OPERATORS.find((op) => this.text.startsWith(op, this.i)) as string;
    this.i += operator.length;
    while (this.text[this.i] === ' ' || this.text[this.i] === '\t') this.i++;
    const atWord = this.i < this.text.length && !/[\n;&|()<>]/.test(this.text[this.i]);
    const target = atWord ? this.readWord() : undefined;
    const redirect: Redirect = {
      operator,
      target,
      start: this.offsets[start],
      end: target ? target.end : this.offsets[this.i],
    };
    if ((operator === '<<' || operator === '<<-') && target) {
      this.features.add('heredoc');
      this.pendingHeredocs.push({ tokenIndex: this.out.length, delimiter: target.value, stripTabs: operator === '<<-' });
    } else {
      this.features.add('redirect');
    }
    this.out.push({ kind: 'redirect', redirect });
  }

  /** After a line break, the bodies of the heredocs opened on the line just ended. */
  private readPendingHeredocs(): void {
    for (const pending of this.pendingHeredocs) {
      const bodyStart = this.i;
      let bodyEnd = this.text.length;
      let terminated = false;
      let lineStart = this.i;
      while (lineStart < this.text.length) {
        let lineEnd = this.text.indexOf('\n', lineStart);
        if (lineEnd === -1) lineEnd = this.text.length;
        let line = this.text.slice(lineStart, lineEnd).replace(/\r$/, '');
        if (pending.stripTabs) line = line.replace(/^\t+/, '');
        if (line === pending.delimiter) {
          bodyEnd = lineStart;
          terminated = true;
          this.i = Math.min(lineEnd + 1, this.text.length);
          break;
        }
        lineStart = lineEnd + 1;
        this.i = Math.min(lineStart, this.text.length);
      }
      this.heredocBodies.set(pending.tokenIndex, {
        body: { text: this.text.slice(bodyStart, bodyEnd), offsets: this.offsets.slice(bodyStart, bodyEnd + 1) },
        terminated,
      });
    }
    this.pendingHeredocs = [];
  }

  private readWord(): ShellWord {
    const text = this.text;
    const start = this.i;
    let value = '';
    const valueOffsets: number[] = [];
    let quoted = false;
    let expands = false;
    let globs = false;
    const append = (index: number) => {
      value += text[index];
      valueOffsets.push(this.offsets[index]);
    };
    const appendRange = (from: number, to: number) => {
      for (let k = from; k < to; k++) append(k);
    };
    while (this.i < text.length) {
      const ch = text[this.i];
      if (
        ch === ' ' ||
        ch === '\t' ||
        ch === '\r' ||
        ch === '\n' ||
        ch === ';' ||
        ch === '&' ||
        ch === '|' ||
        ch === '(' ||
        ch === ')' ||
        ch === '<' ||
        ch === '>'
      ) {
        break;
      }
      if (ch === '\\') {
        quoted = true;
        if (this.isLineBreakAt(this.i + 1)) {
          this.i = this.skipLineBreak(this.i + 1);
        } else if (this.i + 1 < text.length) {
          append(this.i + 1);
          this.i += 2;
        } else {
          this.i++;
        }
      } else if (ch === "'") {
        quoted = true;
        const close = text.indexOf("'", this.i + 1);
        const end = close === -1 ? text.length : close;
        appendRange(this.i + 1, end);
        this.i = close === -1 ? text.length : close + 1;
      } else if (ch === '"') {
        quoted = true;
        this.i++;
        while (this.i < text.length && text[this.i] !== '"') {
          const inner = text[this.i];
          if (inner === '\\' && this.i + 1 < text.length && '$`"\\\n'.includes(text[this.i + 1])) {
            if (text[this.i + 1] !== '\n') append(this.i + 1);
            this.i += 2;
          } else if (inner === '$' || inner === '`') {
            const end = this.expansionEnd(this.i);
            if (end > this.i + 1) expands = true;
            appendRange(this.i, end);
            this.i = end;
          } else {
            append(this.i);
            this.i++;
          }
        }
        this.i++;
      } else if (ch === '$' && text[this.i + 1] === "'") {
        // ANSI-C quoting: $'...'; the escapes inside are kept as written.
        quoted = true;
        const close = text.indexOf("'", this.i + 2);
        const end = close === -1 ? text.length : close;
        appendRange(this.i + 2, end);
        this.i = close === -1 ? text.length : close + 1;
      } else if (ch === '$' || ch === '`') {
        const end = this.expansionEnd(this.i);
        if (end > this.i + 1) expands = true;
        appendRange(this.i, end);
        this.i = end;
      } else {
        if (ch === '*' || ch === '?' || ch === '[' || (ch === '{' && this.i > start) || (ch === '~' && this.i === start)) {
          globs = true;
        }
        append(this.i);
        this.i++;
      }
    }
    if (expands) this.features.add('expansion');
    if (globs) this.features.add('glob');
    valueOffsets.push(this.offsets[this.i] ?? this.offsets[text.length]);
    return { value, valueOffsets, start: this.offsets[start], end: this.offsets[this.i] ?? this.offsets[text.length], quoted, expands, globs };
  }

  /** The index just past the expansion starting at `from` (`$`, `${...}`, `$(...)`, `` `...` ``). */
  private expansionEnd(from: number): number {
    const text = this.text;
    if (text[from] === '`') {
      let j = from + 1;
      while (j < text.length && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
      return Math.min(j + 1, text.length);
    }
    const next = text[from + 1];
    if (next === '{') return this.matchingClose(from + 1, '{', '}');
    if (next === '(') return this.matchingClose(from + 1, '(', ')');
    const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(from + 1, from + 65));
    return name ? from + 1 + name[0].length : from + 1;
  }

  /** Index past the bracket closing the one at `open`, skipping quoted text and nesting. */
  private matchingClose(open: number, opener: string, closer: string): number {
    const text = this.text;
    let depth = 0;
    let j = open;
    while (j < text.length) {
      const ch = text[j];
      if (ch === '\\') {
        j += 2;
        continue;
      }
      if (ch === "'" && opener === '(') {
        const close = text.indexOf("'", j + 1);
        j = close === -1 ? text.length : close + 1;
        continue;
      }
      if (ch === opener) depth++;
      else if (ch === closer) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return text.length;
  }
}

function buildCommands(tokens: Token[], features: Set<ShellFeature>, heredocBodies: Map<number, { body: MappedText; terminated: boolean }>): ShellScript {
  const commands: SimpleCommand[] = [];
  let current: SimpleCommand = emptyCommand();
  let skippingLine = false;
  const finish = () => {
    if (current.argv.length > 0 || current.assignments.length > 0 || current.redirects.length > 0) {
      commands.push(current);
    }
    current = emptyCommand();
    skippingLine = false;
  };
  tokens.forEach((token, index) => {
    if (token.kind === 'operator') {
      if (token.operator === '&&' || token.operator === '||') features.add('and-or');
      else if (token.operator === ';' || token.operator === ';;') features.add('sequence');
      else if (token.operator === '|' || token.operator === '|&') {
        features.add('pipe');
        current.pipesInto = true;
      } else if (token.operator === '&') features.add('background');
      else if (token.operator === '(' || token.operator === ')') features.add('subshell');
      else if (token.operator === '\n' && (current.argv.length > 0 || commands.length > 0)) features.add('sequence');
      finish();
      return;
    }
    if (skippingLine) return;
    if (token.kind === 'redirect') {
      current.redirects.push(token.redirect);
      const heredoc = heredocBodies.get(index);
      if (heredoc && token.redirect.target) {
        current.heredocs.push({ delimiter: token.redirect.target.value, ...heredoc, start: token.redirect.start, end: token.redirect.end });
      }
      return;
    }
    const word = token.word;
    if (current.argv.length === 0) {
      const bare = word.quoted ? '' : word.value;
      if (KEYWORDS_SKIP_LINE.has(bare)) {
        features.add('compound');
        skippingLine = true;
        return;
      }
      if (KEYWORDS_BEFORE_COMMAND.has(bare) || KEYWORDS_ALONE.has(bare)) {
        // `time` and `!` run the command that follows, but only a shell knows them.
        features.add(bare === '!' || bare === 'time' ? 'keyword' : 'compound');
        return;
      }
      const assignment = ASSIGNMENT.exec(word.value);
      if (assignment && !word.value.startsWith('=')) {
        const name = assignment[0].slice(0, -1);
        features.add('assignment');
        current.assignments.push({ name, value: word.value.slice(name.length + 1), word });
        return;
      }
    }
    current.argv.push(word);
  });
  finish();
  if (commands.length > 0) commands[commands.length - 1].isLast = true;
  return { commands, features };
}

function emptyCommand(): SimpleCommand {
  return { assignments: [], argv: [], redirects: [], heredocs: [], isLast: false };
}

/** The text of a word's value as a MappedText, so a script inside `sh -c "..."` can be parsed. */
export function wordText(word: ShellWord): MappedText {
  return { text: word.value, offsets: word.valueOffsets };
}

const FEATURE_LABELS: Record<ShellFeature, string> = {
  'and-or': '`&&` or `||`',
  sequence: 'several commands',
  pipe: 'a pipe',
  background: '`&`',
  redirect: 'a redirection',
  heredoc: 'a heredoc',
  expansion: '`$` expansion',
  glob: 'a glob or `~`',
  subshell: 'a subshell',
  compound: '`if`/`for`/`while`',
  comment: 'a comment',
  assignment: 'a `VAR=value` prefix',
  keyword: 'the `time` or `!` keyword',
};

/** The shell features a script uses, in words for a message. */
export function describeFeatures(features: Iterable<ShellFeature>): string {
  return [...features].map((feature) => FEATURE_LABELS[feature]).join(', ');
}

/**
 * Shell builtins and reserved words: names that only a shell runs, so an exec-form array must
 * never start with one (`["exec", "uvicorn"]` cannot start: there is no program called exec).
 */
const SHELL_ONLY_NAMES = new Set([
  'exec',
  'command',
  'eval',
  'time',
  'cd',
  'export',
  'source',
  '.',
  'set',
  'unset',
  'alias',
  'unalias',
  'trap',
  'ulimit',
  'umask',
  'wait',
  'shift',
  'return',
  'exit',
  'break',
  'continue',
  'readonly',
  'local',
  'declare',
  'typeset',
  'let',
  'shopt',
  'hash',
  'type',
  'getopts',
  'jobs',
  'fg',
  'bg',
  'times',
  'builtin',
  'enable',
  'history',
  'pushd',
  'popd',
  'dirs',
  'disown',
  'suspend',
  'logout',
  'read',
  'mapfile',
  'readarray',
  'coproc',
  ':',
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'case',
  'esac',
  'for',
  'select',
  'while',
  'until',
  'do',
  'done',
  'in',
  'function',
  '!',
  '{',
  '}',
  '[[',
  ']]',
]);

export function isShellOnlyName(name: string): boolean {
  return SHELL_ONLY_NAMES.has(name);
}

/**
 * The scripts a word runs in command substitutions (`$(cut -d. -f1 < .nvmrc)`, `` `cat x` ``),
 * outermost only, parsed with their source offsets. Arithmetic (`$((1+2))`) runs nothing.
 */
export function commandSubstitutions(word: ShellWord): ShellScript[] {
  const text = word.value;
  const scripts: ShellScript[] = [];
  if (!word.expands) return scripts;
  const inner = (start: number, end: number) => parseShell({ text: text.slice(start, end), offsets: word.valueOffsets.slice(start, end + 1) });
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
      scripts.push(inner(i + 1, Math.min(j, text.length)));
      i = j;
    } else if (ch === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === "'") {
          const close = text.indexOf("'", j + 1);
          j = close === -1 ? text.length : close;
        } else if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      scripts.push(inner(i + 2, Math.min(j, text.length)));
      i = j;
    }
  }
  return scripts;
}
