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
        const escape = text[i + 1];
        if (escape === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { form: 'json-like-invalid' };
          value += String.fromCharCode(parseInt(hex, 16));
          valueOffsets.push(offsets[i]);
          i += 6;
          continue;
        }
        if (!(escape in ESCAPES)) return { form: 'json-like-invalid' };
        value += ESCAPES[escape];
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
