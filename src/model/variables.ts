/**
 * ENV and ARG values, and the substitution Dockerfile instructions apply to them.
 *
 * A scope maps a variable name to its value, or to `undefined` when the variable is declared but
 * its value is only known at build time (`ARG VERSION` with no default). Substitution gives up
 * (returns `undefined`) whenever the result would depend on such a value: rules then stay silent
 * rather than guess.
 */

export type VariableScope = ReadonlyMap<string, string | undefined>;

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Substitutes `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and
 * `${VAR+alt}` from the scope. `escapeChar` followed by `$` keeps a literal `$`.
 */
export function substitute(text: string, scope: VariableScope, escapeChar = '\\'): string | undefined {
  if (!text.includes('$')) return text;
  let unknown = false;
  const escapedDollar = escapeChar + '$';
  const parts = text.split(escapedDollar);
  const expanded = parts.map((part) =>
    part.replace(REFERENCE, (_match, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      const declared = scope.has(name);
      const value = scope.get(name);
      const isSet = declared && value !== undefined;
      const isNonEmpty = isSet && value !== '';
      switch (operator) {
        case ':-':
          if (declared && value === undefined) unknown = true;
          return isNonEmpty ? (value as string) : (word ?? '');
        case '-':
          if (declared && value === undefined) unknown = true;
          return isSet ? (value as string) : (word ?? '');
        case ':+':
          if (declared && value === undefined) unknown = true;
          return isNonEmpty ? (word ?? '') : '';
        case '+':
          if (declared && value === undefined) unknown = true;
          return isSet ? (word ?? '') : '';
        default:
          if (!isSet) unknown = true;
          return value ?? '';
      }
    }),
  );
  return unknown ? undefined : expanded.join('$');
}

/** The value of a variable in scope read as a boolean, as pip and uv read theirs. */
export function isTruthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  return ['1', 'true', 'yes', 'on', 'y', 't'].includes(value.trim().toLowerCase());
}

const EXPANSION_AT = /^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;

/**
 * The value of an ENV or ARG word as BuildKit computes it: quotes removed, the escape character
 * escaping the next character, and `$VAR` expanded except inside single quotes.
 */
export function evaluateWord(raw: string, scope: VariableScope, escapeChar = '\\'): string | undefined {
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
      continue;
    }
    if (ch === escapeChar && i + 1 < raw.length) {
      const next = raw[i + 1];
      // Inside double quotes only these are escapes; elsewhere any character is.
      if (quote !== '"' || next === '"' || next === escapeChar || next === '$') {
        out += next;
        i++;
        continue;
      }
    }
    if (ch === '"' && quote === undefined) quote = '"';
    else if (ch === '"' && quote === '"') quote = undefined;
    else if (ch === "'" && quote === undefined) quote = "'";
    else if (ch === '$') {
      const match = EXPANSION_AT.exec(raw.slice(i));
      if (!match) {
        out += ch;
        continue;
      }
      const value = substitute(match[0], scope, escapeChar);
      if (value === undefined) return undefined;
      out += value;
      i += match[0].length - 1;
    } else out += ch;
  }
  return out;
}
