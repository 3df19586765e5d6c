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
  const escapedDollar = `${escapeChar}$`;
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

/**
 * A scope that ENV and ARG extend without copying: a persistent hash trie (a HAMT, as in
 * Clojure's and Immutable.js's maps). `with()` returns a new scope that shares all but the path
 * to the changed entry with the old one, so every instruction can keep the scope it saw at the
 * cost of about log32(n) small arrays per ENV or ARG, not a copy of all n variables; a lookup
 * follows at most seven levels (five bits of a 32-bit hash each). Iteration order is the hash
 * order, not the order of declaration.
 */
export class PersistentScope implements ReadonlyMap<string, string | undefined> {
  static readonly EMPTY = new PersistentScope(undefined, 0);

  private constructor(
    private readonly root: TrieNode | undefined,
    readonly size: number,
  ) {}

  /** A scope holding `entries` (the later of two equal names wins). */
  static from(entries: Iterable<readonly [string, string | undefined]>): PersistentScope {
    let scope = PersistentScope.EMPTY;
    for (const [name, value] of entries) scope = scope.with(name, value);
    return scope;
  }

  /** This scope with `name` set to `value`; this one is unchanged. */
  with(name: string, value: string | undefined): PersistentScope {
    const hash = hashOf(name);
    if (!this.root) return new PersistentScope({ hash, name, value }, 1);
    const added = { grew: false };
    return new PersistentScope(insert(this.root, 0, hash, name, value, added), this.size + (added.grew ? 1 : 0));
  }

  has(name: string): boolean {
    return find(this.root, hashOf(name), name) !== undefined;
  }

  get(name: string): string | undefined {
    return find(this.root, hashOf(name), name)?.value;
  }

  *entries(): MapIterator<[string, string | undefined]> {
    const stack: TrieNode[] = this.root ? [this.root] : [];
    while (stack.length > 0) {
      const node = stack.pop() as TrieNode;
      if ('name' in node) yield [node.name, node.value];
      else if ('children' in node) for (const child of node.children) stack.push(child);
      else for (const leaf of node.leaves) yield [leaf.name, leaf.value];
    }
  }

  *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): MapIterator<string | undefined> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, string | undefined]> {
    return this.entries();
  }

  forEach(callback: (value: string | undefined, key: string, map: ReadonlyMap<string, string | undefined>) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }
}

interface Leaf {
  hash: number;
  name: string;
  value: string | undefined;
}
/** Names whose 32-bit hashes are equal. */
interface Collision {
  hash: number;
  leaves: Leaf[];
}
/** One level of the trie: `bitmap` says which of the 32 slots are present, `children` holds them in order. */
interface Branch {
  bitmap: number;
  children: TrieNode[];
}
type TrieNode = Leaf | Collision | Branch;

/** FNV-1a over the UTF-16 code units. */
function hashOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function popcount(bits: number): number {
  bits -= (bits >>> 1) & 0x55555555;
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function find(node: TrieNode | undefined, hash: number, name: string): Leaf | undefined {
  for (let shift = 0; node !== undefined; shift += 5) {
    if ('name' in node) return node.name === name ? node : undefined;
    if ('leaves' in node) return node.hash === hash ? node.leaves.find((leaf) => leaf.name === name) : undefined;
    const bit = 1 << ((hash >>> shift) & 31);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
  }
  return undefined;
}

function insert(node: TrieNode, shift: number, hash: number, name: string, value: string | undefined, added: { grew: boolean }): TrieNode {
  if ('name' in node) {
    if (node.name === name) return { hash, name, value };
    added.grew = true;
    if (node.hash === hash) return { hash, leaves: [node, { hash, name, value }] };
    return merge(node, { hash, name, value }, shift);
  }
  if ('leaves' in node) {
    if (node.hash !== hash) {
      added.grew = true;
      return merge(node, { hash, name, value }, shift);
    }
    const index = node.leaves.findIndex((leaf) => leaf.name === name);
    const leaves = node.leaves.slice();
    if (index === -1) {
      added.grew = true;
      leaves.push({ hash, name, value });
    } else leaves[index] = { hash, name, value };
    return { hash, leaves };
  }
  const bit = 1 << ((hash >>> shift) & 31);
  const index = popcount(node.bitmap & (bit - 1));
  const children = node.children.slice();
  if ((node.bitmap & bit) === 0) {
    added.grew = true;
    children.splice(index, 0, { hash, name, value });
    return { bitmap: node.bitmap | bit, children };
  }
  children[index] = insert(children[index], shift + 5, hash, name, value, added);
  return { bitmap: node.bitmap, children };
}

/** A branch holding two nodes of different hashes, nested as deep as their hashes agree. */
function merge(a: Leaf | Collision, b: Leaf, shift: number): Branch {
  const slotA = (a.hash >>> shift) & 31;
  const slotB = (b.hash >>> shift) & 31;
  if (slotA === slotB) return { bitmap: 1 << slotA, children: [merge(a, b, shift + 5)] };
  return { bitmap: (1 << slotA) | (1 << slotB), children: slotA < slotB ? [a, b] : [b, a] };
}
